"""Identifier parsing vs a bare regular-expression match of the same strings."""

from __future__ import annotations

import random
import re

from accredkit.domain.identifiers import Inn, Snils, inn_control_digits, snils_control
from benchmarks._runner import Benchmark, Work


def _samples(count: int) -> tuple[list[str], list[str]]:
    rng = random.Random(7)
    snils, inns = [], []
    for _ in range(count):
        body = f"{rng.randrange(1_002_000, 999_999_999):09d}"
        d = f"{body}{snils_control(body):02d}"
        snils.append(f"{d[:3]}-{d[3:6]}-{d[6:9]} {d[9:]}")
        head = f"{rng.randrange(10**9):09d}"
        inns.append(head + inn_control_digits(head + "0"))
    return snils, inns


def _setup(quick: bool) -> tuple[Work, Work, int]:
    snils, inns = _samples(2_000 if quick else 20_000)
    snils_re = re.compile(r"\d{3}-\d{3}-\d{3} \d{2}")
    inn_re = re.compile(r"\d{10}|\d{12}")

    def ours() -> None:
        for s in snils:
            Snils.parse(s)
        for i in inns:
            Inn.parse(i)

    def baseline() -> None:
        for s in snils:
            snils_re.fullmatch(s)
        for i in inns:
            inn_re.fullmatch(i)

    return ours, baseline, 2 * len(snils)


BENCHMARKS = [
    Benchmark(
        name="identifiers: Snils.parse + Inn.parse",
        baseline_name="re.fullmatch",
        setup=_setup,
        target=25.0,
    )
]
