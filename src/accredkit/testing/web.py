"""The cabinet over HTTP for tests: an ``AccountsHarness`` behind ``accredkit.web``.

The ASGI application runs in-process through the framework's test client, on the
harness's cabinet (frozen clock, recording senders, a test CA). Staff sign in like
anyone else and hold the roles given here (``WebSettings.staff``).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from litestar.testing import TestClient

from accredkit.domain.lifecycle import Role
from accredkit.domain.registry import WorkerRecord
from accredkit.testing.accounts_harness import AccountsHarness
from accredkit.testing.cabinet_people import person_form, signed_in
from accredkit.web import WebSettings, create_app

__all__ = ["API", "WebHarness"]

API = "/api/v1"


class WebHarness:
    """An ``AccountsHarness`` served over HTTP, with staff accounts ready to sign in.

    Args:
        config: cabinet configuration (default: everything in memory).
        staff: role → how many staff accounts to make (signed in, tokens kept).
        settings: edge settings; ``staff`` in them is filled from the accounts made.
    """

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        staff: Mapping[Role, int] | None = None,
        settings: WebSettings | None = None,
        harness: AccountsHarness | None = None,
    ) -> None:
        self.h = harness or AccountsHarness(config)
        # The web app reaches the cabinet's accounts; they must trust the test CA.
        object.__setattr__(self.h.cabinet, "accounts", self.h.accounts)
        self.staff_tokens: dict[Role, list[str]] = {}
        grants: dict[str, frozenset[Role]] = {}
        n = 9000
        for role, count in (
            staff or {Role.REVIEWER: 1, Role.APPROVER: 1, Role.OPERATOR: 1}
        ).items():
            for _ in range(count):
                person = signed_in(self.h, person_form(n))
                n += 1
                assert person.token is not None
                self.staff_tokens.setdefault(role, []).append(person.token)
                grants[person.account_id] = frozenset({role})
        base = settings or WebSettings()
        self.settings = WebSettings(
            csrf_key=base.csrf_key,
            allowed_origins=base.allowed_origins,
            max_body=base.max_body,
            max_upload=base.max_upload,
            request_timeout=base.request_timeout,
            staff={**base.staff, **grants},
            page_limit=base.page_limit,
        )
        self.app = create_app(self.h.cabinet, self.settings)

    @contextmanager
    def client(self) -> Iterator[TestClient[Any]]:
        """A test client on ``https://testserver`` (the ``__Host-`` cookie needs HTTPS)."""
        with TestClient(self.app, base_url="https://testserver.local") as client:
            yield client

    def staff_headers(self, role: Role, index: int = 0) -> dict[str, str]:
        """The bearer header of a staff account in ``role``."""
        return {"Authorization": f"Bearer {self.staff_tokens[role][index]}"}

    def known_to_registers(self, account_id: str) -> None:
        """Put a person registered over HTTP in the register and give them a certificate."""
        account = self.h.accounts.get(account_id)
        self.h.registry.add(WorkerRecord(account.snils, str(account.full_name), account.birth_date))
        self.h.certificates[account_id] = self.h.ca.issue(account.snils.digits)

    def sign(self, account_id: str, challenge_b64: str) -> dict[str, str]:
        """The e-signature step's body for a base64 challenge."""
        signature, pem = self.h.sign(account_id, base64.b64decode(challenge_b64))
        return {"signature": base64.b64encode(signature).decode(), "certificate_pem": pem.decode()}

    def close(self) -> None:
        """Close the cabinet."""
        self.h.close()
