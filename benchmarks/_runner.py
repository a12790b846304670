"""Measure accredkit against a baseline, alternating, best of several repeats."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

import attrs

Work = Callable[[], object]


@attrs.frozen
class Benchmark:
    """One comparison: ``setup`` returns (accredkit work, baseline work), each one batch.

    ``ops`` is how many operations one batch performs; the figures are per operation.
    ``target`` is the highest acceptable ratio accredkit / baseline (``None``: report only).
    """

    name: str
    baseline_name: str
    setup: Callable[[bool], tuple[Work, Work, int]]
    target: float | None
    unit: str = "s/op"
    describe: Callable[[], dict[str, Any]] | None = None


@attrs.frozen
class Result:
    """What one benchmark measured."""

    name: str
    unit: str
    accredkit: float
    baseline: float
    baseline_name: str
    ratio: float
    target: float | None
    ok: bool
    extra: dict[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape promised by ``--json``."""
        data = {
            "name": self.name,
            "unit": self.unit,
            "accredkit": self.accredkit,
            "baseline": self.baseline,
            "baseline_name": self.baseline_name,
            "ratio": self.ratio,
            "target": self.target,
            "ok": self.ok,
        }
        if self.extra:
            data["extra"] = self.extra
        return data


def _time(work: Work) -> float:
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run(bench: Benchmark, *, quick: bool) -> Result:
    """Run ``bench``: warm both sides, then alternate and keep each side's best."""
    ours, theirs, ops = bench.setup(quick)
    ours()
    theirs()
    repeats = 3 if quick else 7
    best_ours = best_theirs = float("inf")
    for _ in range(repeats):
        best_ours = min(best_ours, _time(ours))
        best_theirs = min(best_theirs, _time(theirs))
    ratio = best_ours / best_theirs if best_theirs > 0 else float("inf")
    ok = bench.target is None or ratio <= bench.target
    extra = bench.describe() if bench.describe else {}
    return Result(
        name=bench.name,
        unit=bench.unit,
        accredkit=best_ours / ops,
        baseline=best_theirs / ops,
        baseline_name=bench.baseline_name,
        ratio=ratio,
        target=bench.target,
        ok=ok,
        extra=extra,
    )
