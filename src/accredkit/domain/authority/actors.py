"""Who acts in the cabinet: an account, the session it signed in with, and its roles.

An ``Actor`` is a handle, not a credential: the cabinet re-reads the account, the
session, the staff roles and the represented organisation from storage on every call
(``docs/authority.md``). The roles and organisation it carries are what storage said
when the host last asked, for display only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger, transition_for
from accredkit.errors import TransitionNotAllowed

__all__ = ["ACTING_ORDER", "STAFF_ROLES", "SYSTEM", "Actor"]

STAFF_ROLES: Final[frozenset[Role]] = frozenset(
    {
        Role.REVIEWER,
        Role.APPROVER,
        Role.OPERATOR,
        Role.SUPPORT,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)
"""The accrediting body's people: the one place the staff role set is written."""

ACTING_ORDER: Final[tuple[Role, ...]] = tuple(Role)
"""Which role an actor holding several acts in when one must be named (the enum's order)."""


def _roles(value: Role | Iterable[Role]) -> frozenset[Role]:
    if isinstance(value, Role):
        return frozenset({value})
    return frozenset(Role(role) for role in value)


@attrs.frozen
class Actor:
    """An account acting in the cabinet.

    Attributes:
        id: the account id (``"system"`` for the system).
        roles: the roles storage gave the account (``applicant`` for every account).
        session_id: the session the actor signed in with; checked on every call.
        organisation_ogrn: the organisation the account represents, if any, as the
            representative link in storage says (``docs/organisations.md``).
    """

    id: str
    roles: frozenset[Role] = attrs.field(converter=_roles)
    session_id: str | None = None
    organisation_ogrn: str | None = None

    @property
    def role(self) -> Role:
        """The role named in the journal: the first held in ``ACTING_ORDER``."""
        return next(role for role in ACTING_ORDER if role in self.roles)

    @property
    def is_staff(self) -> bool:
        """Holds a role of the accrediting body (or is the system)."""
        return bool(self.roles & STAFF_ROLES) or Role.SYSTEM in self.roles

    def holds(self, *roles: Role) -> bool:
        """Whether the actor holds any of ``roles``."""
        return not self.roles.isdisjoint(roles)

    def role_for(self, state: ApplicationStatus, trigger: Trigger) -> Role:
        """The role this actor fires ``trigger`` in: one the lifecycle row admits.

        Staff roles come before ``applicant`` so that an officer's move is recorded as
        the officer's; when no held role fits, the first one is returned and the
        lifecycle table refuses it.
        """
        ordered = sorted(self.roles, key=lambda r: (r is Role.APPLICANT, ACTING_ORDER.index(r)))
        for role in ordered:
            try:
                transition_for(state, trigger, role)
            except TransitionNotAllowed:
                continue
            return role
        return ordered[0]


SYSTEM: Final = Actor("system", Role.SYSTEM)
"""The host's scheduled jobs (outbox, reminders, overdue requests): no account, no session."""
