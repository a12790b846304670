"""The accrediting body's staff accounts: created, granted and revoked by an administrator.

A staff member registers like an applicant (password, contacts, second factor,
sessions, blocking, recovery); the staff record beside the account holds the roles.
Every grant and revocation is journaled and counts on the next call of any existing
session, because every use case reads the roles again (``docs/authority.md``). The
first administrator comes from ``setup_first_administrator``, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import SYSTEM, Actor
from accredkit.domain.authority.permissions import Subject
from accredkit.domain.authority.staff import StaffMember, check_staff_role
from accredkit.domain.authority.staff_events import (
    StaffEnrolled,
    StaffRoleGranted,
    StaffRoleRevoked,
)
from accredkit.errors import Conflict, NotFound, ValidationError, Violation
from accredkit.ports.clock import Clock
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.accounts.registration import Registered
from accredkit.services.authority import Authority
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, STAFF
from accredkit.services.screening import screened

__all__ = ["StaffService"]

Register = Callable[[RegistrationForm], Registered]
"""Registers an account from a form (``accounts.register``)."""


@screened
class StaffService:
    """Staff accounts and their roles (``cabinet.staff``)."""

    def __init__(
        self, storage: Storage, clock: Clock, authority: Authority, register: Register
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.authority = authority
        self._register = register

    def create(
        self, actor: Actor, form: RegistrationForm, roles: Iterable[Role | str]
    ) -> Registered:
        """Register a staff account with ``roles`` (administrator only).

        The account is registered like an applicant's (contact codes are sent); its
        roles count once its holder signs in with a second factor.

        Raises:
            PermissionDenied: the actor is not an administrator.
            ValidationError: an unknown staff role, or the form's violations.
        """
        wanted = tuple(dict.fromkeys(check_staff_role(role) for role in roles))
        with self.storage.unit_of_work() as uow:
            admin = self.authority.admit(uow, actor, "staff.create")
        return self._enrol(admin, form, wanted, "staff.created")

    def setup_first_administrator(self, form: RegistrationForm) -> Registered:
        """The one-time first step of a deployment: the first administrator's account.

        Raises:
            Conflict: ``staff.setup_done`` — an administrator already exists.
            ValidationError: the form's violations.
        """
        with self.storage.unit_of_work() as uow:
            self._refuse_if_set_up(uow)
        return self._enrol(SYSTEM, form, (Role.ADMINISTRATOR,), "staff.first_administrator")

    def _refuse_if_set_up(self, uow: UnitOfWork) -> None:
        if any(Role.ADMINISTRATOR in member.roles for member in uow.repository(STAFF).query({})):
            raise Conflict(
                "the first administrator was set up already",
                message_ru="Первый администратор уже создан; новых сотрудников создает он.",
                code="staff.setup_done",
            )

    def _enrol(
        self, by: Actor, form: RegistrationForm, roles: tuple[Role, ...], action: str
    ) -> Registered:
        registered = self._register(form)
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            if action == "staff.first_administrator":
                self._refuse_if_set_up(uow)
            member = StaffMember(registered.account_id, 0, (), now, by.id)
            for role in roles:
                member = member.granted(role)
            uow.repository(STAFF).add(member)
            enrolled = StaffEnrolled(
                registered.account_id,
                tuple(str(role) for role in member.roles),
                action == "staff.first_administrator",
                now,
            )
            happened(uow, enrolled, actor=by)
            uow.commit()
        return registered

    def grant(self, actor: Actor, account_id: str, role: Role | str) -> StaffMember:
        """Give ``account_id`` the staff role ``role`` (administrator only; journaled).

        An account without a staff record gets one. The role counts on the next call
        of the account's existing sessions opened with a second factor.

        Raises:
            PermissionDenied: the actor is not an administrator, or grants to themselves.
            NotFound: ``account.not_found``.
            ValidationError: ``staff.role_unknown``.
        """
        return self._change(actor, account_id, check_staff_role(role), grant=True)

    def revoke(self, actor: Actor, account_id: str, role: Role | str) -> StaffMember:
        """Take the staff role ``role`` from ``account_id`` (administrator only; journaled).

        Raises:
            PermissionDenied: the actor is not an administrator, or revokes their own.
            NotFound: ``account.not_found`` or ``staff.not_found``.
            ValidationError: ``staff.role_unknown`` or ``staff.role_not_held``.
        """
        return self._change(actor, account_id, check_staff_role(role), grant=False)

    def list(self, actor: Actor) -> list[StaffMember]:
        """Every staff record, by account id (administrators and auditors)."""
        with self.storage.unit_of_work() as uow:
            self.authority.admit(uow, actor, "staff.list")
            return sorted(uow.repository(STAFF).query({}), key=lambda m: m.id)

    def _change(self, actor: Actor, account_id: str, role: Role, *, grant: bool) -> StaffMember:
        action = "staff.grant" if grant else "staff.revoke"
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            admin = self.authority.admit(uow, actor, action)
            account = uow.repository(ACCOUNTS).find(account_id)
            missing = NotFound(
                f"account {account_id!r} not found",
                message_ru="Учетная запись не найдена.",
                code="account.not_found",
                value=account_id,
            )
            self.authority.reach(
                admin, action, None if account is None else _subject(account_id), missing
            )
            repo = uow.repository(STAFF)
            member = repo.find(account_id)
            if member is None and not grant:
                raise NotFound(
                    f"{account_id} holds no staff role",
                    message_ru="У учетной записи нет ролей сотрудника.",
                    code="staff.not_found",
                    value=account_id,
                )
            if member is None:
                changed = repo.add(StaffMember(account_id, 0, (role,), now, admin.id))
            else:
                if not grant and role not in member.roles:
                    raise _violation(
                        "staff.role_not_held",
                        f"Роль «{role.label_ru}» не назначена.",
                        f"{account_id} does not hold {role}",
                    )
                changed = repo.update(member.granted(role) if grant else member.revoked(role))
            change = StaffRoleGranted if grant else StaffRoleRevoked
            happened(uow, change(account_id, str(role), now), actor=admin)
            uow.commit()
        return changed


def _subject(account_id: str) -> Subject:
    return Subject("account", account_id, account_id)


def _violation(code: str, ru: str, en: str) -> ValidationError:
    return ValidationError.of([Violation(code, "role", ru, en)])
