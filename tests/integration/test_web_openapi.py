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
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accredkit.domain.applications.lifecycle import Role
from accredkit.errors import AuthenticationFailed
from accredkit.web import OPENAPI_PATH
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import complete_application, signed_in
from tests.support.web import API, WebHarness

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


# --- stateful: follow the document's links from a created application ------------------

APPLICATION_CALLS = (
    r"^/api/v1/applications(/\{application_id\}(/(status|timeline|submit|withdraw|messages))?)?$"
)
stateful = schemathesis.openapi.from_asgi(OPENAPI_PATH, WEB.app).include(
    path_regex=APPLICATION_CALLS
)
_CREATE = ("POST", "/api/v1/applications")
_HOLDER: dict[str, Applicant] = {}
_FOLLOWED: list[tuple[str, str, int]] = []


@stateful.hook
def map_body(context: Any, body: Any) -> Any:
    """A created application needs an eligible profile: give the create call one.

    The rest of the body stays generated, so the links are followed from real ids.
    """
    operation = context.operation
    if (operation.method.upper(), operation.path) == _CREATE and isinstance(body, dict):
        body.update(
            type_code="specialized", catalogue=None, applicant_kind="person",
            specialty="Терапия", experience_years=6, training_hours=216,
            organisation_ogrn=None, previous_certificate=None,
        )  # fmt: skip
    return body


class ApplicationWorkflow(stateful.as_state_machine()):  # type: ignore[misc]
    """Create an application, then read, submit or withdraw it by the id it answered."""

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        token = _HOLDER["applicant"].fresh_token()
        return {
            "headers": {"Authorization": f"Bearer {token}"},
            "base_url": "https://testserver.local",
        }

    def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
        case.validate_response(response, checks=CHECKS)
        if case.path != _CREATE[1]:
            _FOLLOWED.append((case.method.upper(), case.path, response.status_code))


def test_the_create_answer_links_to_the_calls_on_the_application() -> None:
    links = schema.raw_schema["paths"]["/api/v1/applications"]["post"]["responses"]["201"]["links"]
    assert {"get", "status", "timeline", "submit", "withdraw", "messages"} <= set(links)
    for link in links.values():
        assert link["parameters"] == {"application_id": "$response.body#/id"}
        path, method = link["operationRef"].removeprefix("#/paths/").rsplit("/", 1)
        assert method in schema.raw_schema["paths"][path.replace("~1", "/")]


def _drafts(applicant: Applicant) -> int:
    cabinet = applicant.web.h.cabinet
    return len(cabinet.applications.list(cabinet.actor(applicant.fresh_token())))


def test_following_the_links_gets_conforming_answers(applicant: Applicant) -> None:
    _HOLDER["applicant"] = applicant
    before = _drafts(applicant)
    run_state_machine_as_test(
        ApplicationWorkflow,
        settings=settings(
            max_examples=12,
            stateful_step_count=5,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,  # the same walk every run: a create among the first steps
        ),
    )
    # The create call succeeded along the way, and a call on an application by the id
    # it answered got through (a made-up id is answered 404).
    assert _drafts(applicant) > before
    assert any(status == 200 for _, _, status in _FOLLOWED), _FOLLOWED[:20]
