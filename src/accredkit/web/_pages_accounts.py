"""The pages before and around sign-in: registration, codes, login steps, TOTP, requirements."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from accredkit import AccredkitError, LoginStage, LoginStep, RegistrationForm
from accredkit.web._context import Web, session_cookie
from accredkit.web._pages import (
    LANG_COOKIE,
    FormError,
    check_csrf,
    page_actor,
    page_context,
    redirect,
    render,
)
from accredkit.web._pages_passkeys import passkey_options

__all__ = ["ROUTES"]

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
_REGISTER_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "snils",
    "phone",
    "email",
)


@get("/", sync_to_thread=False, include_in_schema=False)
def home(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """The start page: sign in, register, or check a certificate."""
    return render("home.html", page_context(request, web.settings, web.cabinet))


@get("/lang/{code:str}", sync_to_thread=False, include_in_schema=False)
def language(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[str]:
    """Switch the pages' language (Russian by default) and go back."""
    back = request.query_params.get("next", "/")
    target = back if back.startswith("/") and not back.startswith("//") else "/"
    value = "en" if code == "en" else "ru"
    cookie = Cookie(
        key=LANG_COOKIE, value=value, path="/", secure=True, httponly=True, samesite="strict"
    )
    return redirect(target, cookies=[cookie])


@get("/register", sync_to_thread=False, include_in_schema=False)
def register_page(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """The registration form."""
    return render(
        "register.html", page_context(request, web.settings, web.cabinet), values={}, error=None
    )


@post("/register", sync_to_thread=True, include_in_schema=False)
def register(
    web: NamedDependency[Web], request: Request[Any, Any, Any], data: Form
) -> Response[str]:
    """Register; the codes go to the phone and the e-mail."""
    ctx = page_context(request, web.settings, web.cabinet)
    check_csrf(request, web.settings, data)
    values = {k: str(data.get(k, "")) for k in _REGISTER_FIELDS}
    try:
        done = web.cabinet.accounts.register(
            RegistrationForm(
                **values,
                password=str(data.get("password", "")),
                consent_given=data.get("consent") == "yes",
                language=ctx.lang,
            )
        )
    except AccredkitError as error:
        return render(
            "register.html", ctx, status=422, values=values, error=FormError.of(error, ctx.lang)
        )
    return redirect(
        f"/register/{done.account_id}/codes?phone={done.phone_request_id}"
        f"&email={done.email_request_id}"
    )


@get("/register/{account_id:str}/codes", sync_to_thread=False, include_in_schema=False)
def codes_page(
    web: NamedDependency[Web], request: Request[Any, Any, Any], account_id: FromPath[str]
) -> Response[str]:
    """Enter the codes sent to the phone and the e-mail."""
    ctx = page_context(request, web.settings, web.cabinet)
    q = request.query_params
    return render(
        "codes.html",
        ctx,
        account_id=account_id,
        phone_request=q.get("phone", ""),
        email_request=q.get("email", ""),
        error=None,
        done=[],
    )


@post("/register/{account_id:str}/codes", sync_to_thread=True, include_in_schema=False)
def confirm_codes(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    account_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """Confirm both contacts; a wrong code is shown next to its field."""
    ctx = page_context(request, web.settings, web.cabinet)
    check_csrf(request, web.settings, data)
    done: list[str] = []
    for contact in ("phone", "email"):
        request_id = str(data.get(f"{contact}_request", ""))
        code = str(data.get(f"{contact}_code", "")).strip()
        try:
            web.cabinet.accounts.confirm_contact(account_id, contact, request_id, code)
        except AccredkitError as error:
            found = FormError.of(error, ctx.lang)
            shown = FormError(found.message, found.hint, {f"{contact}_code": (found.message,)})
            return render(
                "codes.html",
                ctx,
                status=422,
                account_id=account_id,
                phone_request=str(data.get("phone_request", "")),
                email_request=str(data.get("email_request", "")),
                error=shown,
                done=done,
            )
        done.append(contact)
    return render("registered.html", ctx)


@get("/login", sync_to_thread=False, include_in_schema=False)
def login_page(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """The first login step: login and password."""
    return render(
        "login.html", page_context(request, web.settings, web.cabinet), login="", error=None
    )


def _next_step(web: Web, request: Request[Any, Any, Any], step: LoginStep) -> Response[str]:
    ctx = page_context(request, web.settings, web.cabinet)
    if step.stage is LoginStage.DONE and step.token is not None:
        return redirect("/cabinet", cookies=[session_cookie(step.token)])
    if step.stage is LoginStage.ESIGNATURE and step.challenge is not None:
        challenge = base64.b64encode(step.challenge).decode()
        return render(
            "esignature.html", ctx, pending=step.pending_id, challenge=challenge, error=None
        )
    factor = str(step.factor.value) if step.factor is not None else "totp"
    return render(
        "second_factor.html",
        ctx,
        pending=step.pending_id,
        factor=factor,
        error=None,
        passkey_options=passkey_options(web, step.pending_id) if step.passkey else None,
    )


@post("/login", sync_to_thread=True, include_in_schema=False)
def login(web: NamedDependency[Web], request: Request[Any, Any, Any], data: Form) -> Response[str]:
    """Check the password; the next step's page follows."""
    ctx = page_context(request, web.settings, web.cabinet)
    check_csrf(request, web.settings, data)
    name = str(data.get("login", ""))
    try:
        step = web.cabinet.accounts.login(name, str(data.get("password", "")))
    except AccredkitError as error:
        return render(
            "login.html",
            ctx,
            status=422,
            login=name,
            error=FormError.of(error, ctx.lang).on("password"),
        )
    return _next_step(web, request, step)


@post("/login/{pending_id:str}/code", sync_to_thread=True, include_in_schema=False)
def second_factor(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    pending_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """The second factor: a TOTP or SMS code, or a recovery code."""
    ctx = page_context(request, web.settings, web.cabinet)
    check_csrf(request, web.settings, data)
    try:
        step = web.cabinet.accounts.second_factor(pending_id, str(data.get("code", "")).strip())
    except AccredkitError as error:
        return render(
            "second_factor.html",
            ctx,
            status=422,
            pending=pending_id,
            factor=str(data.get("factor", "totp")),
            error=FormError.of(error, ctx.lang).on("code"),
            passkey_options=passkey_options(web, pending_id),
        )
    return _next_step(web, request, step)


@post("/login/{pending_id:str}/passkey", sync_to_thread=True, include_in_schema=False)
def passkey_factor(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    pending_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """The second factor answered by a passkey (the page's script posts its answer)."""
    ctx = page_context(request, web.settings, web.cabinet)
    check_csrf(request, web.settings, data)
    try:
        step = web.cabinet.accounts.finish_passkey_login(
            pending_id, str(data.get("response_json", ""))
        )
    except AccredkitError as error:
        return render(
            "second_factor.html",
            ctx,
            status=422,
            pending=pending_id,
            factor=str(data.get("factor", "totp")),
            error=FormError.of(error, ctx.lang),
            passkey_options=passkey_options(web, pending_id),
        )
    return _next_step(web, request, step)


@post("/login/{pending_id:str}/esignature", sync_to_thread=True, include_in_schema=False)
def esignature(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    pending_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """The first login's e-signature: the signed challenge and the certificate."""
    ctx = page_context(request, web.settings, web.cabinet)
    check_csrf(request, web.settings, data)
    try:
        try:
            signature = base64.b64decode(str(data.get("signature", "")), validate=True)
        except (binascii.Error, ValueError):
            signature = b""
        step = web.cabinet.accounts.confirm_esignature(
            pending_id, signature, str(data.get("certificate_pem", "")).encode()
        )
    except AccredkitError as error:
        return render(
            "esignature.html",
            ctx,
            status=422,
            pending=pending_id,
            challenge=str(data.get("challenge", "")),
            error=FormError.of(error, ctx.lang),
        )
    return _next_step(web, request, step)


@post("/logout", sync_to_thread=True, include_in_schema=False)
def logout(web: NamedDependency[Web], request: Request[Any, Any, Any], data: Form) -> Response[str]:
    """End the session and clear its cookie."""
    check_csrf(request, web.settings, data)
    ctx = page_context(request, web.settings, web.cabinet)
    if ctx.token:
        web.cabinet.accounts.logout(ctx.token)
    return redirect("/login", cookies=[session_cookie("", clear=True)])


@get("/cabinet/requirements", sync_to_thread=True, include_in_schema=False)
def requirements(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """«Требования к учетной записи»: what is missing, with advice for each."""
    actor = page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    unmet = list(web.cabinet.accounts.requirements(actor, actor.id))
    account = web.cabinet.accounts.get(actor, actor.id)
    return render("requirements.html", ctx, unmet=unmet, account=account)


@post("/cabinet/totp", sync_to_thread=True, include_in_schema=False)
def begin_totp(
    web: NamedDependency[Web], request: Request[Any, Any, Any], data: Form
) -> Response[str]:
    """Start TOTP enrolment: the secret to enter in the authenticator app."""
    check_csrf(request, web.settings, data)
    page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    assert ctx.token is not None
    started = web.cabinet.accounts.begin_totp_enrolment(ctx.token)
    return render(
        "totp.html",
        ctx,
        enrolment=started.enrolment_id,
        secret=started.secret,
        uri=started.uri,
        error=None,
    )


@post("/cabinet/totp/{enrolment_id:str}", sync_to_thread=True, include_in_schema=False)
def finish_totp(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    enrolment_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """Finish TOTP enrolment with the first code; the recovery codes are shown once."""
    check_csrf(request, web.settings, data)
    page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    assert ctx.token is not None
    try:
        codes = web.cabinet.accounts.finish_totp_enrolment(
            ctx.token, enrolment_id, str(data.get("code", "")).strip()
        )
    except AccredkitError as error:
        return render(
            "totp.html",
            ctx,
            status=422,
            enrolment=enrolment_id,
            secret=str(data.get("secret", "")),
            uri="",
            error=FormError.of(error, ctx.lang).on("code"),
        )
    return render("recovery_codes.html", ctx, codes=list(codes))


ROUTES = [
    home,
    language,
    register_page,
    register,
    codes_page,
    confirm_codes,
    login_page,
    login,
    second_factor,
    passkey_factor,
    esignature,
    logout,
    requirements,
    begin_totp,
    finish_totp,
]
