"""The served OpenAPI document, fuzzed by schemathesis: no 500, every answer conforms.

Each operation gets a bounded number of generated requests, with a signed-in
applicant's bearer token (so requests get past authentication) and without.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accredkit.domain.lifecycle import Role
from accredkit.errors import AuthenticationFailed
from accredkit.testing.accounts_harness import AccountsHarness, default_form
from accredkit.testing.cabinet_people import complete_application, signed_in
from accredkit.testing.web import API, WebHarness
from accredkit.web import OPENAPI_PATH

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# schemathesis reads the document when the module loads: the app exists from then on
# (an in-memory cabinet, cheap); the signed-in applicant is made once, on first use.
WEB = WebHarness(harness=AccountsHarness(at=START), staff={Role.REVIEWER: 1})
schema = schemathesis.openapi.from_asgi(OPENAPI_PATH, WEB.app)


@pytest.fixture(scope="module")
def web() -> Iterator[WebHarness]:
    yield WEB
    WEB.close()


@attrs.define
class Applicant:
    """A signed-in applicant whose session comes back if a fuzzed request ended it."""

    web: WebHarness
    account_id: str
    token: str

    def fresh_token(self) -> str:
        try:
            self.web.h.accounts.authenticate(self.token)
        except AuthenticationFailed:
            h, form = self.web.h, default_form()
            h.clock.advance(timedelta(seconds=30))  # a TOTP step is accepted once
            step = h.complete(self.account_id, h.accounts.login(form.email, form.password),
                              h.totp_code(self.account_id))  # fmt: skip
            assert step.token is not None
            self.token = step.token
        return self.token


@pytest.fixture(scope="module")
def applicant(web: WebHarness) -> Applicant:
    person = signed_in(web.h)
    complete_application(web.h, person.actor)
    assert person.token is not None
    return Applicant(web, person.account_id, person.token)


def test_the_document_is_openapi_3_1_under_api_v1() -> None:
    document = schema.raw_schema
    assert document["openapi"].startswith("3.1")
    assert document["paths"]
    assert all(path.startswith(API) for path in document["paths"])
    for operations in document["paths"].values():
        for operation in operations.values():
            assert {"401", "422", "429"} <= set(operation["responses"])


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_fuzzed_requests_get_conforming_answers(case: Any, applicant: Applicant) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {applicant.fresh_token()}"},
        base_url="https://testserver.local",
        checks=CHECKS,
    )
