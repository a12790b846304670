"""The cabinet in real browsers, JavaScript off: applicant, reviewer, approver, the public.

Headless chromium (Debian's, with its chromedriver) on a live uvicorn server. The
applicant registers, confirms the codes, signs in with the e-signature, sets up TOTP
from «Требования к учетной записи», is told why an application is not eligible, has a
disguised file refused next to its document, submits, answers the body, and downloads
the certificate; the reviewer and the approver work the case in their own browsers;
the public check shows the certificate valid, then revoked. Every page is screenshot
under ``build/screenshots/``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

import accredkit
from accredkit.domain.applications.lifecycle import Role
from accredkit.testing import documents as files
from accredkit.web import COOKIE_NAME
from tests.support.accounts_harness import default_form
from tests.support.cabinet_people import document_file
from tests.support.web import API, WebHarness

Shot = Callable[[Any, str], Path]


def fill(browser: Any, values: dict[str, str]) -> None:
    """Type each value into the field whose id is ``f-<name>``."""
    for name, value in values.items():
        field = browser.find_element(By.ID, f"f-{name}")
        field.clear()
        field.send_keys(value)


def _gone(button: Any) -> Callable[[Any], bool]:
    """``staleness_of``, also for Chromium's own word for a node of a page now replaced."""

    def replaced(_: Any) -> bool:
        try:
            return bool(staleness_of(button)(_))
        except WebDriverException as error:
            if "belong to the document" in str(error):
                return True
            raise

    return replaced


def press(browser: Any, button: Any) -> None:
    """Click ``button`` and wait until the next page has replaced this one."""
    button.click()
    WebDriverWait(browser, 15).until(_gone(button))


def submit(browser: Any, form_action: str) -> None:
    """Press the submit button of the form posting to ``form_action``.

    Chromium can renumber the page's nodes between finding the button and clicking it
    on a loaded machine ("node does not belong to the document"); the button is then
    looked up again, a few times at most, and the click stays one click.
    """
    for attempt in range(3):
        try:
            form = browser.find_element(By.CSS_SELECTOR, f'form[action="{form_action}"]')
            button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
            button.click()
        except (StaleElementReferenceException, WebDriverException) as error:
            if attempt == 2 or (
                "belong to the document" not in str(error)
                and not isinstance(error, StaleElementReferenceException)
            ):
                raise
            time.sleep(0.2)
            continue
        WebDriverWait(browser, 15).until(_gone(button))
        return


def text(browser: Any, css: str) -> str:
    return str(browser.find_element(By.CSS_SELECTOR, css).text)


def as_staff(browser: Any, server: Any, token: str) -> None:
    """Put a staff session into the browser's cookie jar (as its own sign-in would)."""
    browser.get(server.url + "/check")
    browser.add_cookie({"name": COOKIE_NAME, "value": token, "path": "/", "secure": True})


def wait_for_file(directory: Path, seconds: float = 10) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = [p for p in directory.iterdir() if not p.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.05)
    raise AssertionError(f"nothing downloaded into {directory}")


def test_the_cabinet_in_browsers_without_javascript(
    live: tuple[WebHarness, Any],
    browsers: Callable[..., Any],
    screenshot: Shot,
    tmp_path: Path,
) -> None:
    web, server = live
    h, form, base = web.h, default_form(), server.url
    applicant = browsers("applicant")

    # Home, registration (one mistake first), the codes.
    applicant.get(base + "/")
    screenshot(applicant, "01-home")
    applicant.get(base + "/register")
    fields = {
        "last_name": form.last_name,
        "first_name": form.first_name,
        "middle_name": form.middle_name or "",
        "birth_date": str(form.birth_date),
        "snils": "112-233-445 00",
        "phone": form.phone,
        "email": form.email,
        "password": form.password,
    }
    fill(applicant, fields)
    submit(applicant, "/register")
    assert applicant.find_element(By.ID, "f-snils").get_attribute("aria-invalid") == "true"
    assert applicant.find_element(By.ID, "e-snils").text
    screenshot(applicant, "02-register-refused")
    fill(applicant, {"snils": form.snils, "password": form.password})
    applicant.find_element(By.ID, "f-consent_given").click()
    submit(applicant, "/register")
    assert "/codes" in applicant.current_url, applicant.page_source[:3000]
    me = applicant.current_url.split("/register/")[1].split("/")[0]
    screenshot(applicant, "03-codes")
    fill(
        applicant,
        {"phone_code": h.last_code("+79161234567"), "email_code": h.last_code(form.email)},
    )
    submit(applicant, f"/register/{me}/codes")
    assert "подтверждены" in text(applicant, "main")
    screenshot(applicant, "04-registered")

    # The operator's checks go over the API (the operator has no pages of this issue).
    web.known_to_registers(me)
    h.submit_identity_documents(me)  # the holder's uploads (the library's use case)
    operator = web.staff_headers(Role.OPERATOR)
    for step in ("identity-documents", "registry-link"):
        answer = httpx.post(f"{base}{API}/staff/accounts/{me}/{step}", headers=operator)
        assert answer.status_code == 200, answer.text

    # First sign-in: the password, then the e-signature.
    applicant.get(base + "/login")
    screenshot(applicant, "05-login")
    fill(applicant, {"login": form.snils, "password": form.password})
    submit(applicant, "/login")
    challenge = text(applicant, "#challenge")
    screenshot(applicant, "06-esignature")
    signed = web.sign(me, challenge)
    fill(
        applicant, {"signature": signed["signature"], "certificate_pem": signed["certificate_pem"]}
    )
    press(applicant, applicant.find_element(By.CSS_SELECTOR, "form[action$='/esignature'] button"))
    assert applicant.current_url == base + "/cabinet", applicant.page_source[:2000]
    screenshot(applicant, "07-cabinet")

    # «Требования к учетной записи»: the second factor is missing; TOTP from the advice.
    applicant.get(base + "/cabinet/requirements")
    assert applicant.find_element(By.ID, "req-access.second_factor_missing")
    screenshot(applicant, "08-requirements")
    submit(applicant, "/cabinet/totp")
    h.totp_secrets[me] = text(applicant, "#totp-secret")
    screenshot(applicant, "09-totp")
    fill(applicant, {"code": h.totp_code(me)})
    press(
        applicant, applicant.find_element(By.CSS_SELECTOR, "form[action^='/cabinet/totp/'] button")
    )
    codes = applicant.find_elements(By.CSS_SELECTOR, "#recovery-codes code")
    assert len(codes) >= 8
    screenshot(applicant, "10-recovery-codes")
    applicant.get(base + "/cabinet/requirements")
    assert "выполнены" in text(applicant, "main")

    # Signing in again: the password, then the second factor (a fresh TOTP step).
    submit(applicant, "/logout")
    assert applicant.current_url == base + "/login"
    h.clock.advance(timedelta(seconds=30))
    fill(applicant, {"login": form.snils, "password": form.password})
    submit(applicant, "/login")
    fill(applicant, {"code": "000000"})
    press(applicant, applicant.find_element(By.CSS_SELECTOR, "form[action$='/code'] button"))
    assert applicant.find_element(By.ID, "f-code").get_attribute("aria-invalid") == "true"
    screenshot(applicant, "11-second-factor-refused")
    fill(applicant, {"code": h.totp_code(me)})
    press(applicant, applicant.find_element(By.CSS_SELECTOR, "form[action$='/code'] button"))
    assert applicant.current_url == base + "/cabinet", text(applicant, "main")
    assert "МСК" in text(applicant, "#idle-note")  # Moscow time, the zone named

    # A new application: not eligible first (the answer says why), then eligible.
    applicant.get(base + "/cabinet/applications/new")
    Select(applicant.find_element(By.ID, "f-type_code")).select_by_value("specialized")
    fill(applicant, {"specialty": "Терапия", "experience_years": "0", "training_hours": "216"})
    submit(applicant, "/cabinet/applications/new")
    assert applicant.find_elements(By.CSS_SELECTOR, ".error-summary li")
    screenshot(applicant, "12-new-application-not-eligible")
    fill(applicant, {"experience_years": "6"})
    submit(applicant, "/cabinet/applications/new")
    app_id = applicant.current_url.rsplit("/", 1)[1]
    assert text(applicant, "#status") == "черновик"
    screenshot(applicant, "13-application-draft")

    # A PNG posing as a PDF: refused, every violation next to its document.
    kinds = [
        li.get_attribute("id").removeprefix("doc-")
        for li in applicant.find_elements(By.CSS_SELECTOR, "li.document")
    ]
    fake = tmp_path / "passport.pdf"
    fake.write_bytes(files.scan(fmt="PNG"))

    def upload(kind: str, path: Path) -> None:
        row = applicant.find_element(By.ID, f"doc-{kind}")
        row.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
        press(applicant, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    upload(kinds[0], fake)
    refusal = applicant.find_element(By.ID, f"violations-{kinds[0]}")
    assert refusal.find_elements(By.TAG_NAME, "li")
    screenshot(applicant, "14-upload-refused")
    for index, kind in enumerate(kinds):
        data, name = document_file(kind, index)
        path = tmp_path / name
        path.write_bytes(data)
        upload(kind, path)
    assert len(applicant.find_elements(By.CSS_SELECTOR, "li.document p.ok")) == len(kinds)
    screenshot(applicant, "15-documents-attached")
    submit(applicant, f"/cabinet/applications/{app_id}/submit")
    assert text(applicant, "#status") == "подано"

    # The reviewer, in a browser of their own: the queue, take, ask.
    reviewer = browsers("reviewer")
    as_staff(reviewer, server, web.staff_tokens[Role.REVIEWER][0])
    reviewer.get(base + "/staff")
    assert len(reviewer.find_elements(By.CSS_SELECTOR, "#queue tbody tr a")) == 1
    screenshot(reviewer, "16-staff-queue")
    press(reviewer, reviewer.find_element(By.CSS_SELECTOR, "#queue tbody tr a"))
    case = f"/staff/applications/{app_id}"
    submit(reviewer, case + "/take")
    assert text(reviewer, "#status") == "в обработке"
    fill(reviewer, {"text": "Приложите удостоверение о повышении квалификации"})
    submit(reviewer, case + "/request-info")
    assert text(reviewer, "#status") == "требуются сведения"
    screenshot(reviewer, "17-staff-requested-info")

    # The applicant answers and writes.
    applicant.get(f"{base}/cabinet/applications/{app_id}")
    assert "удостоверение" in text(applicant, "#question")
    screenshot(applicant, "18-needs-info")
    fill(applicant, {"text": "Удостоверение приложено повторно"})
    submit(applicant, f"/cabinet/applications/{app_id}/answer")
    assert text(applicant, "#status") == "в обработке"
    applicant.find_element(By.ID, "f-message").send_keys("Добрый день! Удостоверение приложено.")
    submit(applicant, f"/cabinet/applications/{app_id}/messages")
    scan, scan_name = document_file("cpd_certificate", 99)
    (tmp_path / scan_name).write_bytes(scan)
    applicant.find_element(By.ID, "f-message").send_keys("Скан удостоверения")
    applicant.find_element(By.ID, "f-attachment").send_keys(str(tmp_path / scan_name))
    submit(applicant, f"/cabinet/applications/{app_id}/messages")
    assert scan_name in text(applicant, ".messages")

    # The reviewer prepares; the approver — another person — decides (four eyes).
    reviewer.get(base + case)
    assert "Добрый день" in text(reviewer, ".messages")
    reviewer.find_element(By.ID, "f-conclusion").send_keys("Требования выполнены")
    submit(reviewer, case + "/send-for-approval")
    assert text(reviewer, "#status") == "на согласовании"
    assert not reviewer.find_elements(By.CSS_SELECTOR, f'form[action="{case}/approve"]')
    screenshot(reviewer, "19-staff-sent-for-approval")
    approver = browsers("approver")
    as_staff(approver, server, web.staff_tokens[Role.APPROVER][0])
    approver.get(base + case)
    screenshot(approver, "20-approver-case")
    submit(approver, case + "/approve")
    assert text(approver, "#status") == "одобрено"

    # The applicant: the timeline in Russian, and the certificate downloaded.
    applicant.get(f"{base}/cabinet/applications/{app_id}")
    steps = [e.text for e in applicant.find_elements(By.CSS_SELECTOR, "#timeline .status")]
    assert steps == [
        "подано",
        "в обработке",
        "требуются сведения",
        "в обработке",
        "на согласовании",
        "одобрено",
    ]
    number = text(applicant, ".certificate-number")
    screenshot(applicant, "21-application-approved")
    applicant.find_element(By.CSS_SELECTOR, "a.download").click()
    downloaded = wait_for_file(applicant.downloads)
    verdict = accredkit.verify_certificate(
        downloaded.read_bytes(), h.cabinet.signer.public_key_pem(), at=h.clock.now()
    )
    assert verdict.ok, verdict.code
    applicant.get(base + "/cabinet/history")
    assert number in text(applicant, "#certificates")
    screenshot(applicant, "22-history")
    applicant.get(base + "/cabinet/support")
    Select(applicant.find_element(By.ID, "f-category")).select_by_value("other")
    fill(applicant, {"subject": "Свидетельство", "text": "Спасибо!"})
    submit(applicant, "/cabinet/support")
    assert "ответ ожидается до" in text(applicant, "#tickets")
    screenshot(applicant, "23-support")

    # The staff report: a chart by status and week, drawn on the server.
    reviewer.get(base + "/staff/report?start=2026-02-16&end=2026-03-15")
    assert reviewer.find_elements(By.CSS_SELECTOR, "svg.chart rect title")
    assert text(reviewer, "#total") == "1"
    screenshot(reviewer, "24-staff-report")

    # The public check: valid; revoked by the approver; then shown revoked.
    public = browsers("public")
    public.get(base + "/check")
    fill(public, {"number": number})
    press(public, public.find_element(By.CSS_SELECTOR, "form[action='/check'] button"))
    assert text(public, "#verdict-title") == "Свидетельство действует"
    assert form.snils not in public.page_source  # the public registry shows no СНИЛС
    screenshot(public, "25-check-valid")
    approver.get(base + case)
    fill(approver, {"reason": "Выявлены недостоверные сведения"})
    press(approver, approver.find_element(By.CSS_SELECTOR, "form[action$='/revoke'] button"))
    assert "аннулировано" in text(approver, "main")
    public.refresh()
    assert text(public, "#verdict-title") == "Свидетельство аннулировано"
    screenshot(public, "26-check-revoked")

    # English by a switch.
    applicant.get(base + "/cabinet")
    press(applicant, applicant.find_element(By.LINK_TEXT, "English"))
    assert applicant.find_element(By.TAG_NAME, "h1").text == "My applications"
    screenshot(applicant, "27-cabinet-english")
    applicant.get(base + "/staff")  # an applicant is not staff: the refusal as a page
    assert "permission.role" in text(applicant, "main")
    screenshot(applicant, "28-refused-not-staff")

    # The operator: the applicant's account and the outbox, in Moscow time, no texts.
    operator_browser = browsers("operator")
    as_staff(operator_browser, server, web.staff_tokens[Role.OPERATOR][0])
    operator_browser.get(base + f"/staff/accounts?account_id={me}")
    assert text(operator_browser, "#account-status") == "подтверждена"
    assert operator_browser.find_element(By.CSS_SELECTOR, "form[action$='/block'] textarea")
    screenshot(operator_browser, "29-operator-account")
    operator_browser.get(base + "/staff/outbox")
    assert "МСК" in text(operator_browser, "#outbox")
    assert form.phone not in operator_browser.page_source
    screenshot(operator_browser, "30-operator-outbox")
