"""Field encryption at rest against the same cabinet storing personal fields in clear.

Both sides are real cabinets on SQLite files in the same run; the baseline's storage has
its protection switched off before anything is written (so no field is sealed, no index
blinded), everything else is the same.

- login: ``accounts.login`` by СНИЛС with real OWASP Argon2id — the account is found
  through its blind index and its personal fields opened. Target ≤ 1.10.
- review queue: one page of ``reviews.queue`` over 200 submitted applications, each with
  four documents and its history sealed. Target ≤ 1.5.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs

from accredkit.adapters.crypto.password_hasher import Argon2idHasher
from accredkit.domain.applications.lifecycle import Role
from accredkit.services.schema import APPLICATIONS
from benchmarks._runner import Benchmark, Work
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import (
    complete_application,
    signed_in,
    sqlite_config,
    staff_member,
)

FORM = default_form()
QUEUED = 200
_KEEP: list[object] = []  # temporary folders and cabinets live as long as the run


def _cabinet(sealed: bool, **options: object) -> AccountsHarness:
    folder = tempfile.TemporaryDirectory(prefix="accredkit-bench-pd-")
    _KEEP.append(folder)
    h = AccountsHarness(sqlite_config(Path(folder.name)), **options)  # type: ignore[arg-type]
    if not sealed:
        h.cabinet.storage.inner._engine.protection = None  # type: ignore[attr-defined]
    _KEEP.append(h)
    return h


def _login(sealed: bool, ops: int) -> Work:
    h = _cabinet(sealed, hasher=Argon2idHasher())
    h.verify(h.register(FORM))

    def work() -> None:
        for _ in range(ops):
            h.accounts.login(FORM.snils, FORM.password)

    return work


def _setup_login(quick: bool) -> tuple[Work, Work, int]:
    ops = 3 if quick else 10
    return _login(True, ops), _login(False, ops), ops


def _queue(sealed: bool, ops: int) -> Work:
    h = _cabinet(sealed)
    person = signed_in(h, FORM)
    draft = complete_application(h, person.actor)
    submitted = h.cabinet.applications.submit(person.actor, draft.id)
    with h.cabinet.storage.unit_of_work() as uow:
        repo = uow.repository(APPLICATIONS)
        for n in range(QUEUED - 1):
            repo.add(attrs.evolve(submitted, id=f"{submitted.id}-{n:04}", version=0))
        uow.commit()
    reviewer = staff_member(h, Role.REVIEWER, n=1).actor  # a real, signed-in staff member
    queue: Callable[..., object] = h.cabinet.reviews.queue

    def work() -> None:
        for _ in range(ops):
            queue(reviewer)

    return work


def _setup_queue(quick: bool) -> tuple[Work, Work, int]:
    ops = 5 if quick else 20
    return _queue(True, ops), _queue(False, ops), ops


BENCHMARKS = [
    Benchmark(
        name="personal data: login by СНИЛС, fields sealed",
        baseline_name="same login, fields in clear",
        setup=_setup_login,
        target=1.10,
    ),
    Benchmark(
        name="personal data: review-queue page, fields sealed",
        baseline_name="same page, fields in clear",
        setup=_setup_queue,
        target=1.5,
    ),
]
