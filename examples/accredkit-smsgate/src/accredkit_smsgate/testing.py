"""A fake gateway on 127.0.0.1 for tests: it records each request and answers as told."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

__all__ = ["FakeGateway", "ReceivedRequest"]


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as the gateway saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        """The body parsed as JSON."""
        return json.loads(self.body.decode("utf-8"))


@dataclass
class FakeGateway:
    """An HTTP server that plays an SMS gateway; use it as a context manager.

    ``status`` and ``reply`` are what every request gets; ``delay`` makes it slow;
    ``redirect_to`` makes it answer ``307`` pointing there.
    """

    status: int = 202
    reply: dict[str, object] = field(default_factory=lambda: {"id": "msg-1"})
    delay: float = 0.0
    redirect_to: str | None = None
    requests: list[ReceivedRequest] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def port(self) -> int:
        """The port the server listens on (after ``__enter__``)."""
        if self._server is None:
            raise RuntimeError("the gateway is not running")
        return int(self._server.server_address[1])

    def url(self, token: str = "t", path: str = "/send") -> str:  # noqa: S107
        """An ``smsgate://`` adapter URL pointing at this gateway."""
        return f"smsgate://127.0.0.1:{self.port}{path}?token={token}"

    def messages(self) -> list[tuple[str, str]]:
        """``(to, text)`` of every JSON message received, in order."""
        found: list[tuple[str, str]] = []
        with self._lock:
            for request in self.requests:
                data = request.json()
                if isinstance(data, dict):
                    found.append((str(data.get("to")), str(data.get("text"))))
        return found

    def __enter__(self) -> Self:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                received = ReceivedRequest(
                    "POST", self.path, dict(self.headers.items()), self.rfile.read(length)
                )
                with gateway._lock:
                    gateway.requests.append(received)
                if gateway.delay:
                    time.sleep(gateway.delay)
                self._answer()

            def _answer(self) -> None:
                payload = json.dumps(gateway.reply).encode()
                try:
                    self.send_response(gateway.status)
                    if gateway.redirect_to is not None:
                        self.send_header("Location", gateway.redirect_to)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up
                    pass

            def log_message(self, format: str, *args: object) -> None:
                """Keep test output quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
