"""The one gate every use case passes: who is calling, now, and may they (``docs/authority.md``).

``admit`` re-reads the acting account, its session, its staff roles and the
organisation it represents from storage — whatever the host cached in the ``Actor`` —
and checks the action's row of the permission table; ``reach`` applies the one
visibility rule to a subject. Neither writes anything, so a refusal leaves the cabinet
as it was; ``note_read`` journals a staff member's read of personal data inside the
caller's unit of work.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from accredkit.domain.accounts.account import Account
from accredkit.domain.accounts.parts import AccountStatus
from accredkit.domain.accounts.sessions import FactorUsed, Session, SessionPolicy, SessionState
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import STAFF_ROLES, SYSTEM, Actor
from accredkit.domain.authority.permissions import (
    Caller,
    Permission,
    Subject,
    permission_for,
    role_refusal,
    subject_grant,
)
from accredkit.domain.authority.staff import StaffMember
from accredkit.errors import AccountLocked, NotFound, PermissionDenied
from accredkit.ports.clock import Clock
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.accounts.session_check import session_refused
from accredkit.services.schema import ACCOUNTS, REPRESENTATIVES, SESSIONS, STAFF

__all__ = ["Authority", "represented_organisation", "stored_roles"]


_HIDDEN = NotFound("out of reach", code="permission.hidden")


def _not_blocked(account: Account) -> None:
    if account.status is AccountStatus.BLOCKED:
        raise AccountLocked(
            "The account is blocked.",
            message_ru="Учетная запись заблокирована оператором.",
            code="auth.blocked",
        )


def _roles(member: StaffMember | None, factor: FactorUsed) -> frozenset[Role]:
    if member is None or factor is FactorUsed.NONE:
        return frozenset({Role.APPLICANT})
    return frozenset({Role.APPLICANT, *member.roles})


def stored_roles(uow: UnitOfWork, account_id: str, factor: FactorUsed) -> frozenset[Role]:
    """What storage says ``account_id`` may act as, in a session proved by ``factor``.

    Every account is an applicant; staff roles count only in a session opened with a
    second factor (a staff member must have one).
    """
    return _roles(uow.repository(STAFF).find(account_id), factor)


def represented_organisation(uow: UnitOfWork, account_id: str) -> str | None:
    """The ОГРН ``account_id`` represents now, as storage has the link (or ``None``)."""
    link = uow.repository(REPRESENTATIVES).find(account_id)
    return link.ogrn if link is not None and link.active else None


@attrs.frozen
class Authority:
    """Checks an actor against storage and the permission table."""

    clock: Clock
    sessions: SessionPolicy = attrs.field(factory=SessionPolicy)

    def admit(self, uow: UnitOfWork, actor: Actor, action: str) -> Actor:
        """The actor as storage has it now, if the row of ``action`` admits one of its roles.

        Args:
            uow: the use case's unit of work (read only here).
            actor: the handle the host passed.
            action: ``service.method``.

        Returns:
            The actor with the roles storage holds.

        Raises:
            AccountLocked: ``auth.blocked`` — the account was blocked.
            AuthenticationFailed: ``session.invalid`` (unknown account, no or an ended
                session) or ``session.expired`` (idle or absolute limit passed).
            PermissionDenied: ``permission.role`` — no held role is in the row.
        """
        permission = permission_for(action)
        if permission.caller is not Caller.ACTOR:  # pragma: no cover - a wiring mistake
            raise AssertionError(f"{action} is not called with an actor")
        if actor == SYSTEM:
            if Role.SYSTEM not in permission.roles:
                raise role_refusal(actor, permission)
            return SYSTEM
        resolved = self.resolve(uow, actor)
        if resolved.roles.isdisjoint(permission.roles):
            raise role_refusal(resolved, permission)
        return resolved

    def admit_in(self, storage: Storage, actor: Actor, action: str) -> Actor:
        """``admit`` in a unit of work of its own, opened only for an account (not ``SYSTEM``).

        The host's scheduled jobs run as ``SYSTEM`` beside each other (racing
        dispatchers): checking them needs no storage, so none is touched.
        """
        if actor == SYSTEM:
            permission = permission_for(action)
            if Role.SYSTEM not in permission.roles:
                raise role_refusal(actor, permission)
            return SYSTEM
        with storage.unit_of_work() as uow:
            return self.admit(uow, actor, action)

    def resolve(self, uow: UnitOfWork, actor: Actor) -> Actor:
        """The account, session and roles behind ``actor``, checked now (see ``admit``)."""
        account = uow.repository(ACCOUNTS).find(actor.id) if actor.id else None
        if account is None or actor.session_id is None:
            raise session_refused("session.invalid")
        _not_blocked(account)
        session = uow.repository(SESSIONS).find(actor.session_id)
        if session is None or session.account_id != account.id:
            raise session_refused("session.invalid")
        resolved, _ = self._checked(uow, account, session)
        return resolved

    def seated(self, uow: UnitOfWork, session: Session) -> tuple[Actor, StaffMember | None]:
        """The actor of a ``session`` the caller has just read, and its staff record.

        The same checks as ``resolve``, without reading the session a second time: the
        account is read here (a block counts at once), the session's limits are checked
        at this moment and the roles come from the staff record.

        Raises:
            AccountLocked: ``auth.blocked``.
            AuthenticationFailed: ``session.invalid`` or ``session.expired``.
        """
        account = uow.repository(ACCOUNTS).find(session.account_id)
        if account is None:
            raise session_refused("session.invalid")
        _not_blocked(account)
        return self._checked(uow, account, session)

    def _checked(
        self, uow: UnitOfWork, account: Account, session: Session
    ) -> tuple[Actor, StaffMember | None]:
        state = session.state(self.sessions, self.clock.now().astimezone(UTC))
        if state is SessionState.ENDED:
            raise session_refused("session.invalid")
        if state is not SessionState.ACTIVE:
            raise session_refused("session.expired")
        member = uow.repository(STAFF).find(account.id)
        organisation = represented_organisation(uow, account.id)  # from storage, never the host
        actor = Actor(account.id, _roles(member, session.factor), session.id, organisation)
        return actor, member

    def reach(self, actor: Actor, action: str, subject: Subject | None, missing: NotFound) -> Role:
        """The role through which an admitted ``actor`` reaches ``subject`` (or a refusal).

        Raises:
            NotFound: ``missing`` — no such subject, or one the actor may not know of.
            PermissionDenied: a staff actor out of reach, or a conflict of interest.
        """
        return subject_grant(actor, permission_for(action), subject, missing)

    def sees(self, actor: Actor, action: str, subject: Subject) -> Role | None:
        """The role through which ``actor`` reaches ``subject``, or ``None`` (a filter)."""
        try:
            return subject_grant(actor, permission_for(action), subject, _HIDDEN)
        except (NotFound, PermissionDenied):
            return None

    @staticmethod
    def note_read(
        uow: UnitOfWork,
        actor: Actor,
        action: str,
        role: Role,
        subject: Subject,
        at: datetime,
    ) -> bool:
        """Journal a staff member's read of personal data; ``True`` when an entry was staged."""
        permission: Permission = permission_for(action)
        if not permission.personal_data or role not in STAFF_ROLES:
            return False
        # The journal's table imports every event: loaded at the first entry, not by the gate.
        from accredkit.domain.authority.staff_events import PersonalDataRead
        from accredkit.services.journal.table import happened

        read = PersonalDataRead(subject.kind, subject.id, action, at)
        happened(uow, read, actor=attrs.evolve(actor, roles=frozenset({role})))
        return True
