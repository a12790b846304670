"""Fixtures for the page tests: a live cabinet (uvicorn in a thread), Debian's chromium.

chromedriver comes from the system (``make system-libs`` installs ``chromium`` and
``chromium-driver``); Selenium's own driver manager is never asked, since it would
reach for the network. Screenshots go to ``build/screenshots/``.
"""

from __future__ import annotations

import base64
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import sqlite_config
from tests.support.web import WebHarness

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "build" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """An ASGI app served by uvicorn on localhost in a background thread."""

    def __init__(self, app: Any, port: int | None = None) -> None:
        import uvicorn

        self.port = port or _free_port()
        self.url = f"http://localhost:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def browser_or_skip() -> tuple[str, str]:
    """The chromium and chromedriver paths, or skip when the system lacks them."""
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.skip("chromium and chromium-driver are not installed (make system-libs)")
    return chromium, driver


def make_browser(downloads: Path, *, javascript: bool) -> Any:
    """A headless chromium driven by Selenium with the system's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = browser_or_skip()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1400",
        "--lang=ru-RU",
    ):
        options.add_argument(arg)
    prefs: dict[str, Any] = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "intl.accept_languages": "ru-RU,ru",
    }
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    browser = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return browser


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """Save the browser's page as ``build/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(browser: Any, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        measured = browser.execute_cdp_cmd(
            "Runtime.evaluate",
            {"expression": "document.documentElement.scrollHeight", "returnByValue": True},
        )
        width, height = 1280, max(int(measured["result"].get("value") or 0), 600)
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        shot = browser.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": clip},
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    return take


@pytest.fixture
def browsers(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Open headless browsers (one per role); all are closed at the end."""
    opened: list[Any] = []

    def open_one(name: str, *, javascript: bool = False) -> Any:
        downloads = tmp_path / f"downloads-{name}"
        downloads.mkdir()
        browser = make_browser(downloads, javascript=javascript)
        browser.downloads = downloads
        opened.append(browser)
        return browser

    yield open_one
    for browser in opened:
        browser.quit()


START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday, 10:00 in Moscow


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[WebHarness, LiveServer]]:
    """A cabinet on SQLite in ``tmp_path`` served over HTTP on localhost, with staff."""
    web = WebHarness(harness=AccountsHarness(sqlite_config(tmp_path), at=START))
    server = LiveServer(web.app)
    yield web, server
    server.stop()
    web.close()
