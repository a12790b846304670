"""The whole cabinet on SQLite, one medical worker's lifecycle per operation.

One operation: register (real OWASP Argon2id: m = 19 MiB, t = 2, p = 1) → confirm
phone and e-mail → identity documents and registry link → first login with the
e-signature → enrol TOTP → login with password and TOTP → ``Cabinet.actor`` → create a
``specialized`` application → attach a JPEG passport scan and three PDFs (libmagic,
pypdf, Pillow; encrypted files, fsynced) → submit → take → request information →
answer → send for approval → approve (certificate and act signed) → dispatch the
notifications. SQLite runs in WAL with ``synchronous=FULL``: every commit waits for the
disk.

- accredkit: the lifecycle above through the public use cases.
- baseline: only the work no implementation can skip — the same number of Argon2id
  hashes and verifications, the same document inspections, the same number of SQLite
  write transactions (``BEGIN IMMEDIATE``, one row, ``COMMIT`` on a database with the
  adapter's pragmas) and the same encrypted-file-sized writes with their fsyncs. The
  ratio is therefore accredkit's own overhead on top of the unavoidable costs.

``describe`` reports lifecycles per second and where the time of accredkit's run goes:
Argon2id (time inside ``Argon2idHasher``), document inspection (``ContentInspector.
inspect``: libmagic, pypdf, Pillow), SQLite write transactions (the adapter's ``apply``,
whose ``COMMIT`` carries SQLite's own fsync), ``os.fsync`` of blob files, and the rest
(accredkit's services, domain, signing, JSON, reads). Target: none (a report): the
figure is dominated by Argon2id and the disk, which depend on the machine.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from accredkit.adapters.crypto.password_hasher import Argon2idHasher
from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.adapters.storage.sqlite import PRAGMAS, _SqliteEngine
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.authority.actors import SYSTEM, Actor
from accredkit.testing import documents as files
from benchmarks._runner import Benchmark, Work
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import SPECIALIST, person_form, sqlite_config, staff_member

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
KINDS = ("passport", "diploma", "cpd_certificate", "pd_consent")
Documents = list[tuple[str, bytes, str]]

# What is timed, by (owner, attribute) → category.
_WRAPPED: tuple[tuple[Any, str, str], ...] = (
    (Argon2idHasher, "hash", "argon2id"),
    (Argon2idHasher, "verify", "argon2id"),
    (Argon2idHasher, "dummy_verify", "argon2id"),
    (ContentInspector, "inspect", "inspection"),
    (_SqliteEngine, "apply", "sqlite_write"),
    (os, "fsync", "fsync"),
)


class Meter:
    """Time and calls spent inside the wrapped functions while a run is metered."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self.total = 0.0
        self.lifecycles = 0

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()
        self.total, self.lifecycles = 0.0, 0

    def _wrap(self, original: Callable[..., Any], category: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[category] += time.perf_counter() - start
                # ``apply`` with nothing to write returns before BEGIN: not a transaction.
                if category != "sqlite_write" or any(args[1:4]):
                    self.calls[category] += 1

        return timed

    @contextmanager
    def metering(self, lifecycles: int) -> Iterator[None]:
        """Wrap the measured functions for the duration of ``lifecycles`` lifecycles."""
        originals = [(owner, name, getattr(owner, name)) for owner, name, _ in _WRAPPED]
        for (owner, name, category), (_, _, original) in zip(_WRAPPED, originals, strict=True):
            setattr(owner, name, self._wrap(original, category))
        start = time.perf_counter()
        try:
            yield
        finally:
            self.total += time.perf_counter() - start
            self.lifecycles += lifecycles
            for owner, name, original in originals:
                setattr(owner, name, original)


METER = Meter()


def _documents(seed: int) -> Documents:
    """A fresh set of the four required files (fresh bytes: blobs are content-addressed)."""
    found = []
    for index, kind in enumerate(KINDS):
        if kind == "passport":
            found.append((kind, files.scan(fmt="JPEG", seed=seed * 10 + index), "passport.jpg"))
        else:
            found.append((kind, files.text_pdf(seed=seed * 10 + index), f"{kind}.pdf"))
    return found


STAFF = (Role.REVIEWER, Role.APPROVER)


class CabinetRun:
    """A SQLite cabinet with real Argon2id, and one lifecycle per call of ``lifecycle``."""

    def __init__(self, directory: Path) -> None:
        self.h = AccountsHarness(sqlite_config(directory), hasher=Argon2idHasher(), at=START)
        self.people = 0
        self.staff = [staff_member(self.h, role, n=9000 + i) for i, role in enumerate(STAFF)]

    def _officers(self) -> tuple[Actor, Actor]:
        """The reviewer and the approver, their idle timers restarted as a host's request does."""
        reviewer, approver = (self.h.cabinet.actor(p.token or "") for p in self.staff)
        return reviewer, approver

    def lifecycle(self, documents: Documents) -> None:
        """One medical worker from registration to the approved application."""
        h, cabinet = self.h, self.h.cabinet
        self.people += 1
        form = person_form(self.people)
        registered = h.register(form)
        me = registered.account_id
        h.verify(registered)
        first = h.complete(me, h.accounts.login(form.snils, form.password))
        assert first.token is not None
        h.enrol_totp(first.token, me)
        h.clock.advance(timedelta(seconds=30))
        step = h.accounts.login(form.snils, form.password)
        step = h.complete(me, step, h.totp_code(me))
        assert step.stage is LoginStage.DONE
        assert step.token is not None
        actor = cabinet.actor(step.token)
        reviewer, approver = self._officers()
        app = cabinet.applications.create(actor, "specialized", SPECIALIST)
        for kind, data, name in documents:
            app, _ = cabinet.applications.attach(actor, app.id, data, name, kind)
        cabinet.applications.submit(actor, app.id)
        cabinet.reviews.take(reviewer, app.id)
        cabinet.reviews.request_info(reviewer, app.id, "Приложите удостоверение за 2025 год")
        cabinet.applications.answer(actor, app.id, "Удостоверение приложено")
        cabinet.reviews.send_for_approval(reviewer, app.id)
        approved = cabinet.reviews.approve(approver, app.id)
        assert approved.status is ApplicationStatus.APPROVED
        assert cabinet.notifications.dispatch(SYSTEM).sent
        h.clock.advance(timedelta(seconds=30))

    def close(self) -> None:
        self.h.close()


class Baseline:
    """The unavoidable work of ``counts`` lifecycles' worth of calls, done bare."""

    def __init__(self, directory: Path, counts: Counter[str], documents: Documents) -> None:
        self.counts = counts
        self.documents = documents
        self.hasher = Argon2idHasher()
        self.inspector = ContentInspector()
        self.encoded = self.hasher.hash("сосна у реки шумит")
        self.blobs = directory / "bare-blobs"
        self.blobs.mkdir()
        self.conn = sqlite3.connect(directory / "bare.db", isolation_level=None)
        for pragma in PRAGMAS:
            self.conn.execute(pragma)
        self.conn.execute("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, data BLOB)")
        self.row = os.urandom(1024)

    def lifecycle(self) -> None:
        """Argon2id, inspections, write transactions and fsynced files, nothing else."""
        self.hasher.hash("сосна у реки шумит")
        for _ in range(self.counts["argon2id"] - 1):
            self.hasher.verify(self.encoded, "сосна у реки шумит")
        inspections = self.counts["inspection"]
        for index in range(inspections):
            _, data, name = self.documents[index % len(self.documents)]
            self.inspector.inspect(data, name)
        for _ in range(self.counts["sqlite_write"]):
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("INSERT INTO rows (data) VALUES (?)", (self.row,))
            self.conn.execute("COMMIT")
        for index in range(self.counts["fsync"] // 2):  # a file and its directory each
            _, data, _ = self.documents[index % len(self.documents)]
            self._write(data)

    def _write(self, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.blobs, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.blobs / f"{time.perf_counter_ns()}")
        dir_fd = os.open(self.blobs, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


_KEEP: list[Any] = []  # the runs and their directories live as long as the process


def _setup(quick: bool) -> tuple[Work, Work, int]:
    ops = 1 if quick else 2
    repeats = 3 if quick else 7
    directory = tempfile.TemporaryDirectory(prefix="bench-cabinet-")
    _KEEP.append(directory)
    root = Path(directory.name)
    (root / "cabinet").mkdir()
    run = CabinetRun(root / "cabinet")
    _KEEP.append(run)
    pool = [_documents(seed) for seed in range(1 + (1 + repeats) * ops)]
    METER.reset()
    with METER.metering(1):  # one lifecycle to count the calls
        run.lifecycle(pool.pop())
    counts = Counter(METER.calls)
    METER.reset()
    baseline = Baseline(root, counts, _documents(999))

    def ours() -> None:
        with METER.metering(ops):
            for _ in range(ops):
                run.lifecycle(pool.pop())

    def theirs() -> None:
        for _ in range(ops):
            baseline.lifecycle()

    return ours, theirs, ops


def _describe() -> dict[str, Any]:
    total, seconds, calls, count = METER.total, METER.seconds, METER.calls, METER.lifecycles
    if not count or total <= 0:
        return {}

    def share(category: str) -> str:
        return f"{100 * seconds[category] / total:.1f}% ({calls[category] / count:g} calls)"

    other = total - sum(seconds.values())
    return {
        "lifecycles per second (mean of the metered runs)": round(count / total, 3),
        "seconds per lifecycle": round(total / count, 3),
        "share Argon2id": share("argon2id"),
        "share document inspection (libmagic, pypdf, Pillow)": share("inspection"),
        "share SQLite write transactions (COMMIT with fsync)": share("sqlite_write"),
        "share os.fsync (blob files)": share("fsync"),
        "share the rest (accredkit services, signing, reads)": f"{100 * other / total:.1f}%",
    }


BENCHMARKS = [
    Benchmark(
        name="cabinet: whole lifecycle on SQLite",
        baseline_name="bare argon2id+inspect+commits",
        setup=_setup,
        target=None,
        describe=_describe,
    )
]
