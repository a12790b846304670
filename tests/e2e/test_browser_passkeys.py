"""Passkeys in a real browser: Chromium's virtual authenticator, JavaScript on.

The applicant signs in with the password and the TOTP code, adds a passkey from
«Ключи доступа» (the page's own script asks the authenticator), signs out, and signs
in again with the passkey instead of a code. The relying party is ``localhost``, the
host the browser uses; every page is screenshot under ``build/screenshots/``.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.virtual_authenticator import VirtualAuthenticatorOptions
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

from accredkit.domain.accounts.sessions import FactorUsed
from accredkit.web import COOKIE_NAME
from tests.browser_session import START, LiveServer, browser_or_skip
from tests.e2e.test_browser_story import fill, submit
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import signed_in, sqlite_config
from tests.support.web import WebHarness

Shot = Callable[[Any, str], Path]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def passkey_live(tmp_path: Path) -> Iterator[tuple[WebHarness, LiveServer]]:
    """A live cabinet whose relying party is the browser's ``http://localhost:<port>``."""
    browser_or_skip()
    port = _port()
    config = sqlite_config(tmp_path)
    config["settings"] = {
        "passkeys": {"rp_id": "localhost", "origins": [f"http://localhost:{port}"]}
    }
    web = WebHarness(harness=AccountsHarness(config, at=START), staff={})
    server = LiveServer(web.app, port=port)
    yield web, server
    server.stop()
    web.close()


def _authenticator(browser: Any) -> None:
    options = VirtualAuthenticatorOptions()
    options.protocol = VirtualAuthenticatorOptions.Protocol.CTAP2
    options.transport = VirtualAuthenticatorOptions.Transport.INTERNAL
    options.has_resident_key = True
    options.has_user_verification = True
    options.is_user_verified = True
    options.is_user_consenting = True
    browser.add_virtual_authenticator(options)


def _press_passkey(browser: Any, form_id: str) -> None:
    """Press the passkey button (enabled by the page's script) and wait for the next page."""
    button = WebDriverWait(browser, 10).until(
        lambda b: next(
            (e for e in b.find_elements(By.CSS_SELECTOR, f"#{form_id} button") if e.is_enabled()),
            None,
        )
    )
    button.click()
    WebDriverWait(browser, 15).until(staleness_of(button))


def test_a_passkey_is_enrolled_and_signs_in_through_the_virtual_authenticator(
    passkey_live: tuple[WebHarness, LiveServer],
    browsers: Callable[..., Any],
    screenshot: Shot,
) -> None:
    web, server = passkey_live
    h, form, base = web.h, default_form(), server.url
    person = signed_in(h, form)
    browser = browsers("passkeys", javascript=True)
    _authenticator(browser)

    # Signed in with the password and the TOTP code.
    browser.get(base + "/login")
    fill(browser, {"login": form.snils, "password": form.password})
    submit(browser, "/login")
    assert browser.find_elements(By.ID, "passkey-get") == []  # no passkey yet
    fill(browser, {"code": h.totp_code(person.account_id)})
    browser.find_element(By.CSS_SELECTOR, "form[action$='/code'] button").click()
    WebDriverWait(browser, 15).until(lambda b: b.current_url == base + "/cabinet")

    # «Ключи доступа»: name it, let the authenticator make it.
    browser.get(base + "/cabinet/passkeys")
    screenshot(browser, "passkeys-01-list")
    fill(browser, {"label": "Ноутбук"})
    submit(browser, "/cabinet/passkeys")
    screenshot(browser, "passkeys-02-create")
    _press_passkey(browser, "passkey-create")
    assert browser.current_url == base + "/cabinet/passkeys"
    assert "Ноутбук" in browser.find_element(By.ID, "passkey-list").text
    screenshot(browser, "passkeys-03-added")
    (made,) = h.accounts.list_passkeys(person.token or "")
    assert made.label == "Ноутбук"

    # Signed out, then in again with the passkey instead of a code.
    submit(browser, "/logout")
    h.clock.advance(timedelta(seconds=30))
    fill(browser, {"login": form.snils, "password": form.password})
    submit(browser, "/login")
    assert browser.find_element(By.ID, "passkey-get").is_displayed()
    screenshot(browser, "passkeys-04-second-factor")
    _press_passkey(browser, "passkey-get")
    assert browser.current_url == base + "/cabinet"
    screenshot(browser, "passkeys-05-signed-in")
    cookie = browser.get_cookie(COOKIE_NAME)
    assert cookie is not None
    assert h.accounts.authenticate(cookie["value"]).factor is FactorUsed.PASSKEY
    (used,) = h.accounts.list_passkeys(cookie["value"])
    assert used.last_used_at == h.clock.now()
    assert used.sign_count >= made.sign_count
