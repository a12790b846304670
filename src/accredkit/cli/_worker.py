"""``accredkit worker`` and ``accredkit serve``: the outbox on a schedule, the API over HTTP.

The worker runs ``notifications.dispatch`` every few seconds (at once again while a
batch comes back full) and ``notifications.remind`` every hour; several workers may
share one PostgreSQL database, the outbox's claims keep each message to one of them
(docs/web.md, "The worker"). It acts as ``SYSTEM``, the host's scheduled jobs
(docs/authority.md). SIGTERM and SIGINT stop it after the current round.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import random
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from accredkit.bootstrap.cabinet import Cabinet
from accredkit.cli._context import open_cabinet
from accredkit.cli._output import Output
from accredkit.domain.authority.actors import SYSTEM
from accredkit.errors import AccredkitError, ConfigurationError

__all__ = ["Worker", "register"]

_LOG = logging.getLogger("accredkit.worker")
_CHUNK = 20


class Worker:
    """Dispatch and remind on a schedule until ``stop()``.

    Args:
        cabinet: the cabinet whose outbox is sent.
        interval: seconds between dispatch rounds when the outbox is drained.
        remind_every: seconds between reminder rounds.
        batch: messages looked at per round.
        threads: dispatches running at once (each claims its messages first).
    """

    def __init__(
        self,
        cabinet: Cabinet,
        *,
        interval: float = 5.0,
        remind_every: float = 3600.0,
        batch: int = 200,
        threads: int = 4,
    ) -> None:
        self.cabinet = cabinet
        self.interval = interval
        self.remind_every = remind_every
        self.stopping = threading.Event()
        self.batch = batch
        self.sent = 0
        self._count = threading.Lock()
        # Sending waits on gateways and the database: a few threads keep it busy.
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dispatch")
        self._last_remind = -float("inf")

    def round(self) -> int:
        """One round: reminders if due, then a batch of the outbox; how many were handled.

        The batch is taken in a shuffled order, a few messages per ``dispatch``, so
        workers sharing a database mostly reach for different messages instead of
        racing for the same claims.
        """
        notifications = self.cabinet.notifications
        now = time.monotonic()
        if now - self._last_remind >= self.remind_every:
            notifications.remind(SYSTEM)
            self._last_remind = now
        pending = [m.id for m in notifications.outbox(SYSTEM, status="pending", limit=self.batch)]
        random.shuffle(pending)
        chunks: list[list[str] | None] = [
            pending[i : i + _CHUNK] for i in range(0, len(pending), _CHUNK)
        ]
        # Nothing pending: one plain dispatch still ends the claims a stopped worker left.
        reports = self._pool.map(self._dispatch, chunks or [None])
        return sum(reports)

    def _dispatch(self, only: list[str] | None) -> int:
        """One ``dispatch`` of ``only`` (a thread of the pool); how many were handled."""
        if self.stopping.is_set():
            return 0
        report = self.cabinet.notifications.dispatch(SYSTEM, only=only)
        with self._count:
            self.sent += len(report.sent)
        return len(report.sent) + len(report.retrying) + len(report.failed)

    def run(self) -> None:
        """Run rounds until stopped; a failed round is logged and retried after the interval."""
        while not self.stopping.is_set():
            try:
                busy = self.round()
            except AccredkitError as error:
                _LOG.warning("worker round failed: %s", error.code)
                busy = 0
            if not busy:
                self.stopping.wait(self.interval)

    def stop(self, *_: object) -> None:
        """Finish the current round and return from ``run``."""
        self.stopping.set()

    def close(self) -> None:
        """Wait for the dispatch threads to finish."""
        self._pool.shutdown(wait=True)


def _on_signals(handler: Callable[..., None]) -> None:
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, handler)


def run_worker(args: argparse.Namespace, out: Output) -> int:
    """Run the worker in the foreground until SIGTERM or SIGINT."""
    with open_cabinet(args) as cabinet:
        worker = Worker(
            cabinet,
            interval=args.interval,
            remind_every=args.remind_every,
            threads=args.threads,
        )
        _on_signals(worker.stop)
        out.say("Рассылка запущена; остановка — SIGTERM.", "Worker running; SIGTERM stops it.")
        sys.stdout.flush()
        try:
            worker.run()
        finally:
            worker.close()
    out.fields({"sent": worker.sent}, [("Отправлено", "Sent", worker.sent)])
    return 0


def _quiet_server(base: type[Any]) -> type[Any]:
    """uvicorn's server class, leaving SIGTERM to ``serve`` so that a clean stop exits 0."""

    class QuietServer(base):  # type: ignore[misc]
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    return QuietServer


def run_serve(args: argparse.Namespace, out: Output) -> int:
    """Serve the JSON API with uvicorn, the worker in-process; print the URL."""
    try:
        import uvicorn

        from accredkit.web import ACCESS_LOG, WebSettings, create_app
    except ImportError as error:
        raise ConfigurationError(
            f"the web extra is not installed ({error.name})",
            message_ru="Не установлен модуль web: pip install 'accredkit[web]'.",
            code="cli.web_missing",
            hint_ru="Установите: pip install 'accredkit[web]'.",
            hint_en="Install it: pip install 'accredkit[web]'.",
        ) from None
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    ACCESS_LOG.setLevel(logging.INFO)
    with open_cabinet(args) as cabinet:
        app: Any = create_app(cabinet, WebSettings())
        config = uvicorn.Config(
            app, host=args.host, port=args.port, access_log=False, log_level="warning"
        )
        server = _quiet_server(uvicorn.Server)(config)
        _on_signals(lambda *_: setattr(server, "should_exit", True))
        worker = Worker(cabinet, interval=args.interval)
        thread = threading.Thread(target=worker.run, name="accredkit-worker", daemon=True)
        if not args.no_worker:
            thread.start()
        url = f"http://{args.host}:{args.port}/api/v1"
        out.say(  # flushed at once: a supervisor (or a test) waits for this line
            f"Кабинет: {url} (описание API: {url}/openapi.json)",
            f"Cabinet: {url} (API description: {url}/openapi.json)",
        )
        sys.stdout.flush()
        try:
            server.run()
        finally:
            worker.stop()
            if thread.is_alive():
                thread.join(timeout=30)
            worker.close()
    return 0


def register(commands: Any) -> None:
    """Add ``worker`` and ``serve`` to the parser."""
    worker = commands.add_parser("worker", help="send the outbox and queue reminders on a schedule")
    worker.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")
    worker.add_argument(
        "--remind-every", type=float, default=3600.0, help="seconds between reminder rounds"
    )
    worker.add_argument("--threads", type=int, default=4, help="dispatches at once")
    worker.set_defaults(run=run_worker)

    serve = commands.add_parser("serve", help="serve the JSON API over HTTP (accredkit[web])")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--interval", type=float, default=5.0, help="worker: seconds per round")
    serve.add_argument("--no-worker", action="store_true", help="do not run the worker in-process")
    serve.set_defaults(run=run_serve)
