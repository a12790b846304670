"""Who may do what: one table, a row per public use case and read (``docs/authority.md``).

A row names an action (``service.method``), how its caller is identified (an ``Actor``,
a session token, anyone, or a call made inside another use case), which roles may call
it and on which subjects (``Scope``), and whether a staff member's call reads personal
data (journaled). Moves of an application take their roles from the lifecycle table's
roles column, so that column stays the only role check for moves. One rule,
``subject_grant``, decides whether an admitted actor reaches a given subject, and the
conflict-of-interest row stops a staff role from applying to the actor's own subject.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Final

import attrs

from accredkit.domain.applications.lifecycle import TRANSITIONS, Role, Trigger
from accredkit.domain.authority.actors import STAFF_ROLES, Actor
from accredkit.errors import NotFound, PermissionDenied

__all__ = [
    "CONFLICT_OF_INTEREST",
    "PERMISSIONS",
    "Caller",
    "Permission",
    "Scope",
    "Subject",
    "permission_for",
    "render_permissions_markdown",
    "role_refusal",
    "subject_grant",
]


class Scope(StrEnum):
    """Which subjects a role reaches through a row."""

    OWN = "own"  # свои: the subject's owner is the actor
    OWN_ORGANISATION = "own organisation's"  # своей организации
    ASSIGNED = "assigned"  # назначенные: the actor handles the subject
    ANY = "any"  # любые


class Caller(StrEnum):
    """How a use case learns who calls it."""

    ACTOR = "actor"  # an ``Actor`` first, re-checked against storage
    SESSION = "session token"  # self-service account steps of a signed-in user
    ANYONE = "anyone"  # before sign-in, or public by nature (a revocation list)
    INSIDE = "inside a use case"  # takes the caller's unit of work; not a host call


@attrs.frozen
class Subject:
    """What a call is about, as far as the permission rule cares."""

    kind: str
    id: str
    owner_id: str | None
    organisation_ogrn: str | None = None
    assignees: frozenset[str] = frozenset()


@attrs.frozen
class Permission:
    """One row: an action, its caller, who may and on which subjects."""

    action: str
    caller: Caller
    grants: Mapping[Role, frozenset[Scope]]
    personal_data: bool = False
    note: str = ""

    @property
    def roles(self) -> frozenset[Role]:
        """Every role the row admits."""
        return frozenset(self.grants)


CONFLICT_OF_INTEREST: Final = (
    "No staff role applies to a subject the actor owns, nor to one of the organisation the "
    "actor represents: a staff member acts on their own (or their organisation's) "
    "application, certificate or ticket only as its applicant or representative."
)
"""The conflict-of-interest row, rendered with the table."""

_A, _R, _P, _O = Role.APPLICANT, Role.REVIEWER, Role.APPROVER, Role.OPERATOR
_S, _U, _D, _Y = Role.SUPPORT, Role.AUDITOR, Role.ADMINISTRATOR, Role.SYSTEM
_OWNED = frozenset({Scope.OWN, Scope.OWN_ORGANISATION})
_ANY = frozenset({Scope.ANY})
_BODY = (_R, _P, _O, _U)


def _grants(
    owned: Iterable[Role] = (), anything: Iterable[Role] = ()
) -> dict[Role, frozenset[Scope]]:
    found = dict.fromkeys(owned, _OWNED)
    found.update(dict.fromkeys(anything, _ANY))
    return found


def _moves(trigger: Trigger) -> dict[Role, frozenset[Scope]]:
    """The roles the lifecycle table lets fire ``trigger``: applicants on their own cases."""
    roles = {role for row in TRANSITIONS if row.trigger is trigger for role in row.roles}
    return {role: _OWNED if role is _A else _ANY for role in roles}


def _row(
    action: str,
    grants: Mapping[Role, frozenset[Scope]] | None = None,
    *,
    caller: Caller = Caller.ACTOR,
    personal_data: bool = False,
    note: str = "",
) -> Permission:
    return Permission(action, caller, dict(grants or {}), personal_data, note)


def _table() -> tuple[Permission, ...]:
    anyone, session, inside = Caller.ANYONE, Caller.SESSION, Caller.INSIDE
    rows = [
        # accounts: before sign-in, by the session token, and the operator's part
        *(
            _row(f"accounts.{m}", caller=anyone, note="before sign-in")
            for m in (
                "register",
                "send_contact_code",
                "confirm_contact",
                "login",
                "second_factor",
                "confirm_esignature",
                "begin_passkey_login",
                "finish_passkey_login",
                "request_recovery",
                "verify_recovery",
                "complete_recovery",
            )
        ),
        *(
            _row(f"accounts.{m}", caller=session, note="the token's own account")
            for m in (
                "authenticate",
                "logout",
                "list_sessions",
                "end_session",
                "end_other_sessions",
                "change_password",
                "change_phone",
                "change_email",
                "begin_totp_enrolment",
                "finish_totp_enrolment",
                "use_sms_factor",
                "new_recovery_codes",
                "begin_passkey_enrolment",
                "finish_passkey_enrolment",
                "list_passkeys",
                "remove_passkey",
            )
        ),
        _row("accounts.get", _grants([_A], [_O, _S, _D]), personal_data=True),
        _row("accounts.requirements", _grants([_A], [_O, _S])),
        _row("accounts.record_consent", _grants([_A])),
        _row("accounts.link_registry", _grants([_A], [_O, _Y])),
        _row("accounts.submit_identity_document", _grants([_A], [_Y])),
        _row("accounts.identity_documents", _grants([_A], [_O]), personal_data=True),
        _row("accounts.identity_document", _grants([_A], [_O]), personal_data=True),
        _row("accounts.accept_identity_documents", _grants(anything=[_O, _Y])),
        _row("accounts.return_identity_documents", _grants(anything=[_O, _Y])),
        _row("accounts.block", _grants(anything=[_O])),
        _row("accounts.unblock", _grants(anything=[_O])),
        # personal data under 152-ФЗ (docs/personal-data.md)
        _row("accounts.request_subject_report", _grants([_A])),
        _row("accounts.withdraw_consent", _grants([_A])),
        _row("accounts.subject_report", _grants(anything=[_O]), personal_data=True),
        _row("accounts.depersonalise", _grants(anything=[_O])),
        _row("accounts.unmet_requirements", caller=inside, note="the submit move's guard"),
        _row("accounts.contact", caller=inside, note="where notifications go"),
        # applications
        _row("applications.create", _grants([_A])),
        _row("applications.list", _grants([_A])),
        _row("applications.get", _grants([_A], _BODY)),
        _row("applications.document", _grants([_A], _BODY), personal_data=True),
        _row("applications.check", caller=anyone, note="stores nothing"),
        _row("applications.attach", _grants([_A])),
        _row("applications.detach", _grants([_A])),
        _row("applications.submit", _moves(Trigger.SUBMIT)),
        _row("applications.answer", _moves(Trigger.ANSWER)),
        _row("applications.withdraw", _moves(Trigger.WITHDRAW)),
        # reviews: the moves take their roles from the lifecycle table
        _row("reviews.queue", _grants(anything=[_R, _P, _O])),
        _row("reviews.take", _moves(Trigger.ACCEPT)),
        _row("reviews.request_info", _moves(Trigger.REQUEST_INFO)),
        _row("reviews.send_for_approval", _moves(Trigger.SEND_FOR_APPROVAL)),
        _row("reviews.approve", _moves(Trigger.APPROVE)),
        _row("reviews.reject", _moves(Trigger.REJECT)),
        _row("reviews.expire_overdue", _moves(Trigger.EXPIRE_INFO)),
        # decisions and their records
        _row("acts.show", _grants([_A], _BODY)),
        _row("acts.of_application", _grants([_A], _BODY)),
        _row("acts.export", _grants([_A], _BODY)),
        _row("acts.pdf", _grants([_A], _BODY)),
        _row("certificates.show", _grants([_A], _BODY)),
        _row("certificates.by_number", _grants([_A], _BODY)),
        _row("certificates.of_holder", _grants([_A], _BODY)),
        _row("certificates.status", _grants([_A], _BODY)),
        _row("certificates.export", _grants([_A], _BODY)),
        _row("certificates.pdf", _grants([_A], _BODY)),
        _row(
            "certificates.public_status",
            caller=anyone,
            note="the public registry's answer, throttled per client",
        ),
        _row("certificates.revoke", _grants(anything=[_P, _O])),
        _row("certificates.revocation_list", caller=anyone, note="public by nature"),
        _row("history.history", _grants([_A], _BODY), personal_data=True),
        _row("history.application", _grants([_A], _BODY), personal_data=True),
        _row("reports.applicant_report", _grants([_A], _BODY)),
        _row("reports.body_report", _grants(anything=[*_BODY, _Y])),
        # messages
        _row("messages.send", _grants([_A], [_R, _P, _O])),
        _row("messages.thread", _grants([_A], [_R, _P, _O])),
        _row("messages.thread_with_application", _grants([_A], [_R, _P, _O])),
        _row("messages.attachment", _grants([_A], [_R, _P, _O])),
        _row("messages.unread", _grants([_A], [_R, _P, _O])),
        _row("messages.unread_count", _grants([_A], [_R, _P, _O])),
        # notifications: the host's scheduler and the operator
        _row("notifications.dispatch", _grants(anything=[_O, _Y])),
        _row("notifications.remind", _grants(anything=[_O, _Y])),
        _row("notifications.outbox", _grants(anything=[_O, _U, _Y])),
        _row("notifications.requeue", _grants(anything=[_O])),
        _row(
            "notifications.deadline_reminded",
            caller=inside,
            note="expire_overdue's guard: was the deadline reminder sent",
        ),
        # support tickets
        _row("support.open", _grants([_A])),
        _row("support.show", _grants([_A], [_S, _O])),
        _row("support.by_number", _grants([_A], [_S, _O])),
        _row("support.list", _grants([_A], [_S, _O])),
        _row("support.overdue", _grants(anything=[_S, _O, _Y])),
        _row("support.answer", _grants(anything=[_S])),
        _row("support.follow_up", _grants([_A])),
        _row("support.close", _grants([_A], [_S])),
        _row("support.is_open", caller=anyone, note="working hours of a channel"),
        _row("support.expected_answer", caller=anyone, note="answer time of a channel"),
        # organisation accounts and their representatives (docs/organisations.md)
        _row("organisations.register", _grants(anything=[_O, _D])),
        _row("organisations.show", _grants([_A], [*_BODY, _D])),
        _row("organisations.representatives", _grants([_A], [_O, _D])),
        _row("organisations.link_representative", _grants(anything=[_D])),
        _row("organisations.submit_power_of_attorney", _grants([_A])),
        _row("organisations.revoke_representative", _grants(anything=[_D])),
        _row("organisations.covered_staff", _grants([_A], _BODY), personal_data=True),
        # staff accounts
        _row("staff.create", _grants(anything=[_D])),
        _row("staff.grant", _grants(anything=[_D])),
        _row("staff.revoke", _grants(anything=[_D])),
        _row("staff.list", _grants(anything=[_D, _U])),
        _row(
            "staff.setup_first_administrator",
            caller=anyone,
            note="once: refused when an administrator exists",
        ),
        # the audit journal
        *(
            _row(f"journal.{m}", _grants(anything=[_U, _D, _Y]))
            for m in (
                "heads",
                "latest_head",
                "checkpoint",
                "verify",
                "prove_inclusion",
                "prove_consistency",
                "export",
            )
        ),
    ]
    return tuple(rows)


_ROWS: Final[tuple[Permission, ...]] = _table()
PERMISSIONS: Final[Mapping[str, Permission]] = {row.action: row for row in _ROWS}
"""Every public use case and read of the cabinet, by ``service.method``."""
if len(PERMISSIONS) != len(_ROWS):  # pragma: no cover - guards the table at import
    raise AssertionError("two permission rows share an action")


def permission_for(action: str) -> Permission:
    """The row of ``action``; a use case without one is a programming error."""
    try:
        return PERMISSIONS[action]
    except KeyError:
        raise AssertionError(f"no permission row for {action!r}") from None


def role_refusal(actor: Actor, permission: Permission) -> PermissionDenied:
    """The refusal for an actor none of whose roles the row admits."""
    allowed = ", ".join(sorted(str(role) for role in permission.roles)) or "nobody"
    return PermissionDenied(
        f"{permission.action} needs one of: {allowed}",
        message_ru="Ваша роль не дает права на это действие.",
        code="permission.role",
        value=permission.action,
    )


def _reaches(scope: Scope, actor: Actor, subject: Subject) -> bool:
    if scope is Scope.ANY:
        return True
    if scope is Scope.OWN:
        return subject.owner_id == actor.id
    if scope is Scope.ASSIGNED:
        return actor.id in subject.assignees
    return actor.organisation_ogrn is not None and (
        subject.organisation_ogrn == actor.organisation_ogrn
    )


def _interested(actor: Actor, subject: Subject) -> bool:
    """The actor owns the subject, or it is the organisation's the actor represents."""
    if subject.owner_id == actor.id:
        return True
    return actor.organisation_ogrn is not None and (
        subject.organisation_ogrn == actor.organisation_ogrn
    )


def subject_grant(
    actor: Actor, permission: Permission, subject: Subject | None, missing: NotFound
) -> Role:
    """The role through which ``actor`` reaches ``subject`` under ``permission``.

    ``subject=None`` (not found) and a subject out of reach are refused alike with
    ``missing`` for an actor who may not know whether it exists; a staff actor, who
    may (the body's people know the cabinet's accounts and cases, whichever role
    they hold), gets ``PermissionDenied``. A staff role never reaches the actor's own
    subject, nor one of the organisation the actor represents (``CONFLICT_OF_INTEREST``).

    Raises:
        NotFound: ``missing``.
        PermissionDenied: ``permission.conflict_of_interest`` or ``permission.subject``.
    """
    if subject is None:
        raise missing
    conflict = False
    for role in sorted(actor.roles & permission.roles, key=lambda r: r is not Role.APPLICANT):
        if role in STAFF_ROLES and _interested(actor, subject):
            conflict = True
            continue
        if any(_reaches(scope, actor, subject) for scope in permission.grants[role]):
            return role
    if conflict:
        raise PermissionDenied(
            f"{actor.id} may not act as staff on their own (or organisation's) {subject.kind}",
            message_ru="Сотрудник не может действовать по собственному делу (конфликт интересов).",
            code="permission.conflict_of_interest",
            value=subject.id,
        )
    if actor.roles & STAFF_ROLES:
        raise PermissionDenied(
            f"{subject.kind} {subject.id!r} is outside {actor.id}'s reach",
            message_ru="Эта запись вне ваших полномочий.",
            code="permission.subject",
            value=subject.id,
        )
    raise missing


def render_permissions_markdown(rows: Iterable[Permission] = _ROWS) -> str:
    """The table as Markdown, for ``docs/authority.md`` (a test keeps the two in step)."""
    lines = [
        "| action | caller | who, on which subjects | personal data |",
        "|---|---|---|---|",
    ]
    for row in rows:
        if row.grants:
            who = "; ".join(
                f"{role}: {' / '.join(sorted(str(s) for s in scopes))}"
                for role, scopes in sorted(row.grants.items())
            )
        else:
            who = row.note or "—"
        journaled = "journaled for staff" if row.personal_data else ""
        lines.append(f"| `{row.action}` | {row.caller} | {who} | {journaled} |")
    lines.append(f"| *conflict of interest* | — | {CONFLICT_OF_INTEREST} | |")
    return "\n".join(lines) + "\n"
