"""The served OpenAPI document, fuzzed by schemathesis: no 500, every answer conforms.

Each operation gets a bounded number of generated requests, with a signed-in
applicant's bearer token (so requests get past authentication) and without.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

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
from accredkit.testing.accounts_harness import AccountsHarness
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


@pytest.fixture(scope="module")
def web() -> Iterator[WebHarness]:
    w = WebHarness(harness=AccountsHarness(at=START), staff={Role.REVIEWER: 1})
    person = signed_in(w.h)
    complete_application(w.h, person.actor)
    w.token = person.token  # type: ignore[attr-defined]
    yield w
    w.close()


@pytest.fixture(scope="module")
def api(web: WebHarness) -> Any:
    return schemathesis.openapi.from_asgi(OPENAPI_PATH, web.app)


schema = schemathesis.pytest.from_fixture("api")


def test_the_document_is_openapi_3_1_under_api_v1(web: WebHarness) -> None:
    with web.client() as http:
        document = http.get(OPENAPI_PATH).json()
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
def test_fuzzed_requests_get_conforming_answers(case: Any, web: WebHarness) -> None:
    token = web.token  # type: ignore[attr-defined]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        base_url="https://testserver.local",
        checks=CHECKS,
    )
