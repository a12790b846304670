"""``accredkit account login``, ``logout``, ``enrol-totp``, ``recover`` and ``dev-certificate``.

Signing in and out, the second factor and password recovery; the commands are declared
with the rest of ``accredkit account …`` (``_account.py``). Passwords and codes are read
from stdin, never from arguments.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import accredkit
from accredkit.cli._context import (
    SESSION_FILE,
    CliUsageError,
    home_dir,
    open_cabinet,
    read_secret,
    recalled,
    remember,
    session_file,
    session_token,
    write_private,
)
from accredkit.cli._devpki import UserKeys, issue_user_certificate, sign_challenge
from accredkit.cli._home import Home
from accredkit.cli._output import Output
from accredkit.cli._terminal_qr import terminal_qr
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.errors import AuthenticationFailed
from accredkit.services.schema import ACCOUNTS

__all__ = ["run_dev_certificate", "run_enrol_totp", "run_login", "run_logout", "run_recover"]


def run_dev_certificate(args: argparse.Namespace, out: Output) -> int:
    """Issue a DEVELOPMENT e-signature certificate with the account's СНИЛС."""
    home = Home(home_dir(args))
    # A development tool's own look-up, past the use cases (nobody may be signed in yet).
    with open_cabinet(args) as cabinet, cabinet.storage.unit_of_work() as uow:
        key = "staff_account_id" if args.staff else "account_id"
        given = recalled(home_dir(args), key, args.account, "учётную запись", "account")
        found = uow.repository(ACCOUNTS).get(given)
    keys = issue_user_certificate(
        home.user_ca, home.esignature, found.snils.digits, str(found.full_name)
    )
    out.fields(
        {"ok": True, "certificate": str(keys.certificate), "key": str(keys.key)},
        [
            ("Сертификат (учебный)", "Certificate (DEVELOPMENT)", keys.certificate),
            ("Ключ", "Key", keys.key),
        ],
    )
    return 0


def run_login(args: argparse.Namespace, out: Output) -> int:
    """Password, then the second factor if enrolled, then the e-signature if asked."""
    home = home_dir(args)
    en = out.lang == "en"
    password = read_secret("Password: " if en else "Пароль: ")
    with open_cabinet(args) as cabinet:
        step = cabinet.accounts.login(args.login, password)
        if step.stage is LoginStage.SECOND_FACTOR and step.pending_id is not None:
            code = read_secret("Second factor code: " if en else "Код второго фактора: ")
            step = cabinet.accounts.second_factor(step.pending_id, code)
        if step.stage is LoginStage.ESIGNATURE and step.pending_id and step.challenge:
            keys = UserKeys(
                Path(args.certificate) if args.certificate else Home(home).esignature / "cert.pem",
                Path(args.key) if args.key else Home(home).esignature / "key.pem",
            )
            signature, pem = sign_challenge(keys, step.challenge)
            step = cabinet.accounts.confirm_esignature(step.pending_id, signature, pem)
        if step.token is None:
            raise AuthenticationFailed("the login did not finish", code="auth.failed")
        session = cabinet.accounts.authenticate(step.token)
    file = session_file(args)
    write_private(home / file, step.token)
    if file == SESSION_FILE:
        remember(home, account_id=session.account_id)
    out.fields(
        {"ok": True, "account_id": session.account_id, "session_id": session.id},
        [
            ("Вход выполнен", "Signed in", session.account_id),
            ("Сессия", "Session", f"{session.id} ({home / file})"),
        ],
    )
    return 0


def run_logout(args: argparse.Namespace, out: Output) -> int:
    """End the session and forget its token."""
    home = home_dir(args)
    token = session_token(home, session_file(args))
    with open_cabinet(args) as cabinet:
        cabinet.accounts.logout(token)
    (home / session_file(args)).unlink()
    out.fields({"ok": True}, [("Выход", "Signed out", "✓")])
    return 0


def run_enrol_totp(args: argparse.Namespace, out: Output) -> int:
    """Start TOTP enrolment (secret shown once), or finish it with the app's code."""
    home = home_dir(args)
    token = session_token(home, session_file(args))
    en = out.lang == "en"
    with open_cabinet(args) as cabinet:
        if not args.finish:
            started = cabinet.accounts.begin_totp_enrolment(token)
            remember(home, totp_enrolment=started.enrolment_id)
            qr = home / "totp-qr.png"  # the secret as a picture: private like the secret
            write_private(qr, accredkit.qr_png(started.uri))
            write_private(qr.with_suffix(".svg"), accredkit.qr_svg(started.uri))
            if not out.json_mode:
                print(terminal_qr(started.uri), file=out.stdout)
            out.fields(
                {"ok": True, "secret": started.secret, "uri": started.uri, "qr": str(qr)},
                [
                    ("Секрет", "Secret", started.secret),
                    ("Ссылка", "URI", started.uri),
                    ("QR-код (PNG, SVG)", "QR code (PNG, SVG)", qr),
                    ("Дальше", "Next", "accredkit account enrol-totp --finish"),
                ],
            )
            return 0
        enrolment = recalled(home, "totp_enrolment", None, "подключение", "enrolment")
        code = read_secret("Code from the app: " if en else "Код из приложения: ")
        recovery = cabinet.accounts.finish_totp_enrolment(token, enrolment, code)
    for picture in ("totp-qr.png", "totp-qr.svg"):  # the secret is in the app now
        (home / picture).unlink(missing_ok=True)
    out.fields(
        {"ok": True, "recovery_codes": list(recovery)},
        [
            ("TOTP подключён", "TOTP enrolled", "✓"),
            ("Коды восстановления", "Recovery codes", " ".join(recovery)),
        ],
    )
    return 0


def run_recover(args: argparse.Namespace, out: Output) -> int:
    """Send a recovery code to the bound phone, or set a new password with it."""
    home = home_dir(args)
    en = out.lang == "en"
    with open_cabinet(args) as cabinet:
        if not args.finish:
            if not args.login:
                raise CliUsageError(
                    "recover needs LOGIN (or --finish)", message_ru="Укажите ЛОГИН."
                )
            remember(home, recovery_request=cabinet.accounts.request_recovery(args.login))
            out.fields(
                {"ok": True, "sent": True},
                [("Код отправлен", "Code sent", "SMS (если такая учётная запись есть)")],
            )
            return 0
        request = recalled(home, "recovery_request", None, "запрос", "request")
        code = read_secret("SMS code: " if en else "Код из SMS: ")
        second = read_secret(
            "TOTP or recovery code (blank if none): "
            if en
            else "Код TOTP или резервный код (пусто, если нет): "
        )
        # The codes first: only a verified ticket may bring the new password.
        ticket = cabinet.accounts.verify_recovery(request, code, second or None)
        password = read_secret("New password: " if en else "Новый пароль: ")
        cabinet.accounts.complete_recovery(ticket, password)
    out.fields({"ok": True}, [("Пароль изменён", "Password changed", "✓")])
    return 0
