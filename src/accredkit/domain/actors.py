"""Who acts in the cabinet: an authenticated account in one role.

Services receive an ``Actor`` from the host (after login) and decide visibility and
permissions from it; the lifecycle table decides what each role may trigger.
"""

from __future__ import annotations

import attrs

from accredkit.domain.lifecycle import Role
from accredkit.errors import PermissionDenied

__all__ = ["SYSTEM", "Actor"]


@attrs.frozen
class Actor:
    """An account acting in a role; ``organisation_ogrn`` for an organisation's representative."""

    id: str
    role: Role
    organisation_ogrn: str | None = None

    @property
    def is_staff(self) -> bool:
        """The accrediting body's people (and the system) see every application."""
        return self.role in (Role.REVIEWER, Role.APPROVER, Role.OPERATOR, Role.SYSTEM)

    def require(self, *roles: Role) -> None:
        """Raise ``PermissionDenied`` unless the actor holds one of ``roles``."""
        if self.role not in roles:
            allowed = ", ".join(str(r) for r in roles)
            raise PermissionDenied(
                f"role {self.role} may not do this (needs {allowed})",
                message_ru=f"Роль «{self.role.label_ru}» не дает права на это действие.",
                code="permission.role",
                value=str(self.role),
            )


SYSTEM = Actor("system", Role.SYSTEM)
