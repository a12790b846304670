"""The passkey operations of the JSON API: enrolment, the list, removal, the login step.

A client hands ``options`` to ``navigator.credentials.create`` or ``get`` (after turning
the base64url fields into bytes) and sends the credential back as JSON, as the pages'
``static/passkeys.js`` does (docs/web.md, "Passkeys").
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import attrs
from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter

from accredkit import Passkey
from accredkit.web._bodies import SessionMode
from accredkit.web._context import Web
from accredkit.web._routes_accounts import _step as login_step
from accredkit.web._routing import api_delete, api_get, api_post, limit_of
from accredkit.web._views import LoginStepView, Page, page_of

__all__ = ["ROUTES"]

_TAGS = ["accounts"]


@attrs.frozen
class PasskeyLabelBody:
    """The name of a new passkey («Телефон»); blank gives «Ключ доступа»."""

    label: str = ""


@attrs.frozen
class PasskeyCredentialBody:
    """The credential ``navigator.credentials`` returned, as its JSON form."""

    credential: dict[str, Any] = attrs.field(repr=False)
    session: SessionMode = "bearer"


@attrs.frozen
class PasskeyOptionsView:
    """Options for the browser's ceremony; ``enrolment_id`` names an enrolment's answer."""

    options: dict[str, Any]
    enrolment_id: str | None = None


@attrs.frozen
class PasskeyView:
    """One of the account's passkeys (never its key)."""

    id: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    transports: list[str]

    @classmethod
    def of(cls, passkey: Passkey) -> PasskeyView:
        """The view of ``passkey``."""
        return cls(
            passkey.id,
            passkey.label,
            passkey.created_at,
            passkey.last_used_at,
            list(passkey.transports),
        )


@attrs.frozen
class PasskeyAddedView:
    """The stored passkey; recovery codes (shown once) when it became the second factor."""

    passkey: PasskeyView
    recovery_codes: list[str] = attrs.field(factory=list, repr=False)


def _credential(body: PasskeyCredentialBody) -> str:
    return json.dumps(body.credential, ensure_ascii=True)


@api_get("/me/passkeys", tags=_TAGS)
def passkeys(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = Parameter(default=50, ge=1, le=1000),
    offset: int = Parameter(default=0, ge=0),
) -> Page[PasskeyView]:
    """The account's passkeys, oldest first."""
    found = [PasskeyView.of(p) for p in web.cabinet.accounts.list_passkeys(web.token(request))]
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_post("/me/passkeys", tags=_TAGS)
def begin_passkey(
    web: NamedDependency[Web], request: Request[Any, Any, Any], data: JSONBody[PasskeyLabelBody]
) -> PasskeyOptionsView:
    """Start adding a passkey (a fresh login is needed): options for ``create``."""
    started = web.cabinet.accounts.begin_passkey_enrolment(web.token(request), data.label)
    return PasskeyOptionsView(json.loads(started.options_json), started.enrolment_id)


@api_post("/me/passkeys/{enrolment_id:str}", tags=_TAGS)
def finish_passkey(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    enrolment_id: FromPath[str],
    data: JSONBody[PasskeyCredentialBody],
) -> PasskeyAddedView:
    """Store the passkey the browser made for the enrolment."""
    added = web.cabinet.accounts.finish_passkey_enrolment(
        web.token(request), enrolment_id, _credential(data)
    )
    return PasskeyAddedView(PasskeyView.of(added.passkey), list(added.recovery_codes))


@api_delete("/me/passkeys/{passkey_id:str}", tags=_TAGS)
def remove_passkey(
    web: NamedDependency[Web], request: Request[Any, Any, Any], passkey_id: FromPath[str]
) -> None:
    """Remove one of the account's passkeys (a fresh login is needed)."""
    web.cabinet.accounts.remove_passkey(web.token(request), passkey_id)


@api_post("/login/{pending_id:str}/passkey/options", tags=_TAGS)
def passkey_login_options(
    web: NamedDependency[Web], pending_id: FromPath[str]
) -> PasskeyOptionsView:
    """Step 2 by passkey: options for ``get`` listing the account's passkeys."""
    return PasskeyOptionsView(json.loads(web.cabinet.accounts.begin_passkey_login(pending_id)))


@api_post("/login/{pending_id:str}/passkey", tags=_TAGS)
def passkey_login(
    web: NamedDependency[Web], pending_id: FromPath[str], data: JSONBody[PasskeyCredentialBody]
) -> Response[LoginStepView]:
    """Step 2 by passkey: the credential ``get`` returned."""
    step = web.cabinet.accounts.finish_passkey_login(pending_id, _credential(data))
    return login_step(web, step, data.session)


ROUTES = [
    passkeys,
    begin_passkey,
    finish_passkey,
    remove_passkey,
    passkey_login_options,
    passkey_login,
]
