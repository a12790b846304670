"""The accrediting body's people: which staff roles an account holds (``docs/authority.md``).

A staff member is an ordinary account (password, second factor, sessions, blocking,
recovery) plus this record, kept by an administrator. The roles here are the only
source of a staff role: ``Cabinet.actor(token)`` and every use case read them.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import STAFF_ROLES
from accredkit.errors import ValidationError, Violation

__all__ = ["StaffMember", "check_staff_role"]


def check_staff_role(role: Role | str) -> Role:
    """``role`` as a staff role; ``staff.role_unknown`` for anything else (applicant, system)."""
    try:
        parsed = Role(role)
    except ValueError:
        parsed = None
    if parsed is None or parsed not in STAFF_ROLES:
        known = ", ".join(sorted(str(r) for r in STAFF_ROLES))
        raise ValidationError.of(
            [
                Violation(
                    "staff.role_unknown",
                    "role",
                    f"Нет такой роли сотрудника: {role!s}. Роли: {known}.",
                    f"No such staff role: {role!s}. Roles: {known}.",
                )
            ],
            value=str(role),
        )
    return parsed


@attrs.frozen
class StaffMember:
    """The staff record of account ``id``: its roles, who created it and when."""

    id: str
    version: int
    roles: tuple[Role, ...]
    created_at: datetime
    created_by: str

    @property
    def role_set(self) -> frozenset[Role]:
        """The roles as a set."""
        return frozenset(self.roles)

    def granted(self, role: Role) -> StaffMember:
        """The record with ``role`` added (unchanged if held)."""
        return attrs.evolve(self, roles=_sorted(self.role_set | {check_staff_role(role)}))

    def revoked(self, role: Role) -> StaffMember:
        """The record without ``role`` (unchanged if not held)."""
        return attrs.evolve(self, roles=_sorted(self.role_set - {check_staff_role(role)}))


def _sorted(roles: frozenset[Role]) -> tuple[Role, ...]:
    return tuple(role for role in Role if role in roles)
