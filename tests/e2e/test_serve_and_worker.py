"""``accredkit serve`` and ``accredkit worker`` as real processes on a development home.

Two workers against one PostgreSQL database send every message of a 10,000-message
outbox exactly once between them, and stop cleanly on SIGTERM.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from accredkit import Config, bootstrap
from accredkit.cli._home import create_home
from accredkit.domain.correspondence.outbox import Channel, OutboxMessage
from accredkit.services.schema import OUTBOX

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC, "PYTHONUNBUFFERED": "1"}


def _start(home: Path, *command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "accredkit", "--home", str(home), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _stop(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def test_serve_prints_the_url_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    home = tmp_path / "home"
    create_home(home, language="en")
    port = _free_port()
    server = _start(home, "--lang", "en", "serve", "--port", str(port))
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/api/v1" in line
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/catalogue") as r:
                    types = json.loads(r.read())["items"]  # a page, as every list
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert "general" in {t["code"] for t in types}
    finally:
        code, _, err = _stop(server)
    assert code == 0, err
    assert "GET /api/v1/catalogue 200" in err  # the access log, on stderr


def _fill_outbox(config: Path, count: int) -> None:
    """``count`` due e-mails in the outbox, written in batches of 1,000."""
    now = datetime.now(UTC) - timedelta(minutes=1)
    with bootstrap(Config.from_toml(config)) as cabinet:
        for start in range(0, count, 1000):
            with cabinet.storage.unit_of_work() as uow:
                repo = uow.repository(OUTBOX)
                for n in range(start, min(start + 1000, count)):
                    repo.add(
                        OutboxMessage(
                            id=f"m{n:05d}",
                            channel=Channel.EMAIL,
                            recipient=f"person{n}@example.org",
                            language="ru",
                            template="test",
                            params=(),
                            subject="Проверка",
                            body=f"message {n}",
                            created_at=now,
                            next_attempt_at=now,
                        )
                    )
                uow.commit()


def _delivered(home: Path) -> list[str]:
    path = home / "outbox" / "email.jsonl"
    if not path.exists():
        return []
    return [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()]


def test_two_workers_deliver_every_message_exactly_once(tmp_path: Path, postgres_url: str) -> None:
    count = int(os.environ.get("ACCREDKIT_OUTBOX_MESSAGES", "10000"))
    first = tmp_path / "first"
    create_home(first, language="en")
    config = first / "accredkit.toml"
    text = config.read_text("utf-8").replace('storage = "sqlite:///cabinet.db"', "")
    config.write_text(f'storage = "{postgres_url}"\n' + text, "utf-8")
    second = tmp_path / "second"
    shutil.copytree(first, second)  # same database, its own outbox files
    _fill_outbox(config, count)

    started = time.perf_counter()
    workers = [_start(home, "--json", "worker", "--interval", "0.2") for home in (first, second)]
    try:
        deadline = time.monotonic() + 240
        while len(_delivered(first)) + len(_delivered(second)) < count:
            assert time.monotonic() < deadline, "the workers did not drain the outbox"
            assert all(w.poll() is None for w in workers)
            time.sleep(0.5)
        time.sleep(1)  # a duplicate, if there were one, would land now
    finally:
        results = [_stop(w) for w in workers]
    elapsed = time.perf_counter() - started
    for code, _, err in results:
        assert code == 0, err
    sent = [json.loads(out)["sent"] for _, out, _ in results]
    by_first, by_second = _delivered(first), _delivered(second)
    tally = Counter(by_first + by_second)
    assert len(tally) == count
    assert set(tally.values()) == {1}
    assert sorted(sent) == sorted([len(by_first), len(by_second)])
    assert min(sent) > 0, f"one worker sent everything: {sent}"
    print(f"\n{count} messages, two workers: {sent} in {elapsed:.1f} s")


@pytest.mark.parametrize("command", [["worker", "--interval", "0.2"]])
def test_worker_stops_cleanly_on_sigterm(tmp_path: Path, command: list[str]) -> None:
    home = tmp_path / "home"
    create_home(home, language="en")
    worker = _start(home, "--lang", "en", *command)
    assert worker.stdout is not None
    assert "SIGTERM" in worker.stdout.readline()
    code, out, err = _stop(worker)
    assert code == 0, err
    assert "Sent" in out
