"""The cabinet over HTTP for tests: an ``AccountsHarness`` behind ``accredkit.web``.

The ASGI application runs in-process through the framework's test client, on the
harness's cabinet (frozen clock, recording senders, a test CA). Staff are real staff
accounts: created by the cabinet's administrator with their roles, signed in with the
second factor like anyone else (docs/authority.md).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from litestar.testing import TestClient

from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.registry import WorkerRecord
from accredkit.web import WebSettings, create_app
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import staff_member

__all__ = ["API", "WebHarness"]

API = "/api/v1"

_FIRST_STAFF = 9000
"""``person_form`` numbers of the staff accounts (applicants of a test use low ones)."""


class WebHarness:
    """An ``AccountsHarness`` served over HTTP, with staff accounts ready to sign in.

    Args:
        config: cabinet configuration (default: everything in memory).
        staff: role → how many staff accounts holding it to make (created by the
            administrator, signed in with TOTP, tokens kept); by default one reviewer,
            one approver and one operator, ``{}`` for none.
        settings: edge settings.
    """

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        staff: Mapping[Role, int] | None = None,
        settings: WebSettings | None = None,
        harness: AccountsHarness | None = None,
    ) -> None:
        self.h = harness or AccountsHarness(config)  # its cabinet's accounts are its own
        self.staff_tokens: dict[Role, list[str]] = {}
        n = _FIRST_STAFF
        wanted = {Role.REVIEWER: 1, Role.APPROVER: 1, Role.OPERATOR: 1} if staff is None else staff
        for role, count in wanted.items():
            for _ in range(count):
                person = staff_member(self.h, role, n=n)
                n += 1
                assert person.token is not None
                self.staff_tokens.setdefault(role, []).append(person.token)
        self.settings = settings or WebSettings()
        self.app = create_app(self.h.cabinet, self.settings)

    @contextmanager
    def client(self) -> Iterator[TestClient[Any]]:
        """A test client on ``https://testserver`` (the ``__Host-`` cookie needs HTTPS)."""
        with TestClient(self.app, base_url="https://testserver.local") as client:
            yield client

    def staff_headers(self, role: Role, index: int = 0) -> dict[str, str]:
        """The bearer header of the ``index``-th staff account made with ``role``."""
        return {"Authorization": f"Bearer {self.staff_tokens[role][index]}"}

    def known_to_registers(self, account_id: str) -> None:
        """Put a person registered over HTTP in the register and give them a certificate."""
        account = self.h.account(account_id)
        self.h.registry.add(WorkerRecord(account.snils, str(account.full_name), account.birth_date))
        self.h.certificates[account_id] = self.h.ca.issue(account.snils.digits)

    def sign(self, account_id: str, challenge_b64: str) -> dict[str, str]:
        """The e-signature step's body for a base64 challenge."""
        signature, pem = self.h.sign(account_id, base64.b64decode(challenge_b64))
        return {"signature": base64.b64encode(signature).decode(), "certificate_pem": pem.decode()}

    def close(self) -> None:
        """Close the cabinet."""
        self.h.close()
