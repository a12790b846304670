"""Registration, contact codes, login steps, recovery, sessions and the second factor."""

from __future__ import annotations

import base64
import binascii
from typing import Any, Literal

from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter

from accredkit import (
    LoginStage,
    LoginStep,
    RegistrationForm,
    Requirement,
    ValidationError,
    Violation,
)
from accredkit.web._auth import csrf_token
from accredkit.web._bodies import (
    CodeBody,
    ConfirmBody,
    ContactBody,
    ESignatureBody,
    LoginBody,
    PasswordBody,
    RecoveryBody,
    RecoveryCompleteBody,
    RecoveryVerifyBody,
    RegisterBody,
    SessionMode,
)
from accredkit.web._context import Web, session_cookie
from accredkit.web._routing import api_delete, api_get, api_post, limit_of
from accredkit.web._views import (
    AccountView,
    LoginStepView,
    Page,
    RecoveryCodesView,
    RecoveryTicketView,
    RegisteredView,
    RequestIdView,
    SessionView,
    TotpView,
    page_of,
)

__all__ = ["ROUTES"]

_TAGS = ["accounts"]
Contact = Literal["phone", "email"]


@api_post("/accounts", tags=_TAGS, status_code=201)
def register(web: NamedDependency[Web], data: JSONBody[RegisterBody]) -> RegisteredView:
    """Register an account; codes go to the phone and the e-mail."""
    form = RegistrationForm(
        last_name=data.last_name,
        first_name=data.first_name,
        middle_name=data.middle_name,
        birth_date=data.birth_date,
        snils=data.snils,
        phone=data.phone,
        email=data.email,
        password=data.password,
        inn=data.inn,
        language=data.language,
        consent_given=data.consent_given,
    )
    done = web.cabinet.accounts.register(form)
    return RegisteredView(done.account_id, done.phone_request_id, done.email_request_id)


@api_post("/accounts/{account_id:str}/contacts/{contact:str}/code", tags=_TAGS)
def send_contact_code(
    web: NamedDependency[Web], account_id: FromPath[str], contact: FromPath[Contact]
) -> RequestIdView:
    """Send a fresh confirmation code to the account's phone or e-mail."""
    return RequestIdView(web.cabinet.accounts.send_contact_code(account_id, contact))


@api_post("/accounts/{account_id:str}/contacts/{contact:str}/confirm", tags=_TAGS)
def confirm_contact(
    web: NamedDependency[Web],
    account_id: FromPath[str],
    contact: FromPath[Contact],
    data: JSONBody[ConfirmBody],
) -> AccountView:
    """Confirm the phone or the e-mail with the code it received."""
    confirmed = web.cabinet.accounts.confirm_contact(
        account_id, contact, data.request_id, data.code
    )
    return AccountView.of(confirmed)


def _step(web: NamedDependency[Web], step: LoginStep, mode: SessionMode) -> Response[LoginStepView]:
    """The answer to a login step; the last one opens the session in the chosen way."""
    cookie = mode == "cookie" and step.stage is LoginStage.DONE and step.token is not None
    csrf = csrf_token(web.settings, step.token) if cookie and step.token else None
    view = LoginStepView.of(step, cookie=cookie, csrf=csrf)
    cookies = [session_cookie(step.token)] if cookie and step.token else []
    return Response(view, cookies=cookies, headers={"Cache-Control": "no-store"})


@api_post("/login", tags=_TAGS)
def login(web: NamedDependency[Web], data: JSONBody[LoginBody]) -> Response[LoginStepView]:
    """Step 1 of signing in: the login and the password."""
    return _step(web, web.cabinet.accounts.login(data.login, data.password), data.session)


@api_post("/login/{pending_id:str}/second-factor", tags=_TAGS)
def second_factor(
    web: NamedDependency[Web], pending_id: FromPath[str], data: JSONBody[CodeBody]
) -> Response[LoginStepView]:
    """Step 2: a TOTP or SMS code, or a recovery code."""
    return _step(web, web.cabinet.accounts.second_factor(pending_id, data.code), data.session)


def _signature(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError.of(
            [
                Violation(
                    "esignature.encoding",
                    "signature",
                    "Подпись должна быть в base64.",
                    "The signature must be base64.",
                )
            ]
        ) from None


@api_post("/login/{pending_id:str}/esignature", tags=_TAGS)
def esignature(
    web: NamedDependency[Web], pending_id: FromPath[str], data: JSONBody[ESignatureBody]
) -> Response[LoginStepView]:
    """Step 3 on the first login: the signed challenge and the certificate."""
    step = web.cabinet.accounts.confirm_esignature(
        pending_id, _signature(data.signature), data.certificate_pem.encode()
    )
    return _step(web, step, data.session)


@api_post("/recovery", tags=_TAGS)
def request_recovery(web: NamedDependency[Web], data: JSONBody[RecoveryBody]) -> RequestIdView:
    """Send a recovery code to the phone of the login (the answer never tells if it exists)."""
    return RequestIdView(web.cabinet.accounts.request_recovery(data.login))


@api_post("/recovery/{request_id:str}/verify", tags=_TAGS)
def verify_recovery(
    web: NamedDependency[Web], request_id: FromPath[str], data: JSONBody[RecoveryVerifyBody]
) -> RecoveryTicketView:
    """Check the recovery code (and the second factor) first; the ticket that may set a password."""
    return RecoveryTicketView(
        web.cabinet.accounts.verify_recovery(request_id, data.code, data.second_factor_code)
    )


@api_post("/recovery/password", tags=_TAGS, status_code=204)
def complete_recovery(web: NamedDependency[Web], data: JSONBody[RecoveryCompleteBody]) -> None:
    """Set a new password with a verified ticket; every session ends."""
    web.cabinet.accounts.complete_recovery(data.ticket, data.new_password)


@api_get("/me", tags=_TAGS)
def me(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> AccountView:
    """The signed-in account."""
    actor = web.actor(request)
    return AccountView.of(web.cabinet.accounts.get(actor, actor.id))


@api_get("/me/requirements", tags=_TAGS)
def requirements(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = Parameter(default=50, ge=1, le=1000),
    offset: int = Parameter(default=0, ge=0),
) -> Page[Requirement]:
    """What is missing before the cabinet opens fully, with advice."""
    actor = web.actor(request)
    found = list(web.cabinet.accounts.requirements(actor, actor.id))
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_post("/logout", tags=_TAGS, status_code=204, response_cookies=[session_cookie("", clear=True)])
def logout(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> None:
    """End this session (and clear its cookie)."""
    web.cabinet.accounts.logout(web.token(request))


@api_get("/sessions", tags=_TAGS)
def sessions(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = Parameter(default=50, ge=1, le=1000),
    offset: int = Parameter(default=0, ge=0),
) -> Page[SessionView]:
    """The account's open sessions."""
    found = [SessionView.of(s) for s in web.cabinet.accounts.list_sessions(web.token(request))]
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_delete("/sessions/{session_id:str}", tags=_TAGS)
def end_session(
    web: NamedDependency[Web], request: Request[Any, Any, Any], session_id: FromPath[str]
) -> None:
    """End one of the account's sessions."""
    web.cabinet.accounts.end_session(web.token(request), session_id)


@api_post("/sessions/end-others", tags=_TAGS)
def end_other_sessions(
    web: NamedDependency[Web], request: Request[Any, Any, Any]
) -> dict[str, int]:
    """End every session but this one."""
    return {"ended": web.cabinet.accounts.end_other_sessions(web.token(request))}


@api_post("/me/password", tags=_TAGS, status_code=204)
def change_password(
    web: NamedDependency[Web], request: Request[Any, Any, Any], data: JSONBody[PasswordBody]
) -> None:
    """Change the password (other sessions end)."""
    web.cabinet.accounts.change_password(
        web.token(request), data.current_password, data.new_password
    )


@api_post("/me/contacts/{contact:str}", tags=_TAGS)
def change_contact(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    contact: FromPath[Contact],
    data: JSONBody[ContactBody],
) -> RequestIdView:
    """Replace the phone or the e-mail (a fresh login is needed); a code goes to the new one.

    Confirm it with ``POST /accounts/{id}/contacts/{contact}/confirm``.
    """
    token = web.token(request)
    if contact == "phone":
        return RequestIdView(web.cabinet.accounts.change_phone(token, data.value))
    return RequestIdView(web.cabinet.accounts.change_email(token, data.value))


@api_post("/me/sms-factor", tags=_TAGS, status_code=204)
def use_sms_factor(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> None:
    """Make SMS codes to the confirmed phone the second factor (a fresh login is needed)."""
    web.cabinet.accounts.use_sms_factor(web.token(request))


@api_post("/me/totp", tags=_TAGS)
def begin_totp(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> TotpView:
    """Start TOTP enrolment: a secret to show as a QR code."""
    started = web.cabinet.accounts.begin_totp_enrolment(web.token(request))
    return TotpView(started.enrolment_id, started.uri, started.secret)


@api_post("/me/totp/{enrolment_id:str}", tags=_TAGS)
def finish_totp(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    enrolment_id: FromPath[str],
    data: JSONBody[CodeBody],
) -> RecoveryCodesView:
    """Finish TOTP enrolment with the first code; the recovery codes are shown once."""
    codes = web.cabinet.accounts.finish_totp_enrolment(web.token(request), enrolment_id, data.code)
    return RecoveryCodesView(list(codes))


@api_post("/me/recovery-codes", tags=_TAGS)
def new_recovery_codes(
    web: NamedDependency[Web], request: Request[Any, Any, Any]
) -> RecoveryCodesView:
    """Replace the recovery codes (the old ones stop working)."""
    return RecoveryCodesView(list(web.cabinet.accounts.new_recovery_codes(web.token(request))))


ROUTES = [
    register,
    send_contact_code,
    confirm_contact,
    login,
    second_factor,
    esignature,
    request_recovery,
    verify_recovery,
    complete_recovery,
    me,
    requirements,
    logout,
    sessions,
    end_session,
    end_other_sessions,
    change_password,
    change_contact,
    use_sms_factor,
    begin_totp,
    finish_totp,
    new_recovery_codes,
]
