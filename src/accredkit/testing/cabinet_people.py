"""People and applications for whole-cabinet tests: distinct applicants, complete files.

``AccountsHarness`` makes one verified user; cabinet tests need several (another
applicant, an unverified one) and an application ready to submit. These helpers build
them through the real use cases, so what they produce is what a user would have.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from accredkit.domain.actors import Actor
from accredkit.domain.application import Application
from accredkit.domain.eligibility import ApplicantProfile
from accredkit.domain.identifiers import snils_control
from accredkit.domain.lifecycle import Role
from accredkit.domain.login_records import LoginStage
from accredkit.domain.registration import RegistrationForm
from accredkit.testing import documents as files
from accredkit.testing.accounts_harness import AccountsHarness, default_form

__all__ = [
    "SPECIALIST",
    "Person",
    "attach_all",
    "complete_application",
    "document_file",
    "person_form",
    "signed_in",
    "sqlite_config",
    "unverified",
]

SPECIALIST = ApplicantProfile(specialty="Терапия", experience_years=6, training_hours=216)
"""A profile eligible for the ``specialized`` accreditation of the portal catalogue."""

_LAST_NAMES = ("Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Васильев", "Соколов")


@attrs.frozen
class Person:
    """A registered user as a test holds them: the account, a session and the actor."""

    account_id: str
    token: str | None = attrs.field(repr=False)
    actor: Actor


def person_form(n: int) -> RegistrationForm:
    """A valid registration form for the ``n``-th test person (0 ≤ n < 10,000).

    Every number gives a different СНИЛС, phone and e-mail, so people never collide.
    """
    if not 0 <= n < 10_000:
        raise ValueError("n must be in 0…9999")
    body = f"{200_000_000 + n * 7919:09d}"
    snils = f"{body[:3]}-{body[3:6]}-{body[6:]} {snils_control(body):02d}"
    return default_form(
        last_name=_LAST_NAMES[n % len(_LAST_NAMES)],
        snils=snils,
        phone=f"+7 917 {n // 100:03d}-{n % 100:02d}-11",
        email=f"person{n}@example.org",
    )


def unverified(h: AccountsHarness, form: RegistrationForm) -> Person:
    """Register ``form`` and confirm nothing: the account stays ``registered``."""
    registered = h.register(form)
    return Person(registered.account_id, None, Actor(registered.account_id, Role.APPLICANT))


def signed_in(h: AccountsHarness, form: RegistrationForm | None = None) -> Person:
    """Register, verify, sign in with the e-signature, enrol TOTP: full cabinet access.

    The clock moves on by one TOTP step after enrolment, so the next login's code is
    a fresh one (a time step is accepted once).
    """
    form = form or default_form()
    registered = h.register(form)
    h.verify(registered)
    step = h.complete(registered.account_id, h.accounts.login(form.snils, form.password))
    if step.stage is not LoginStage.DONE or step.token is None:
        raise AssertionError(f"login stopped at {step.stage}")
    h.enrol_totp(step.token, registered.account_id)
    h.clock.advance(timedelta(seconds=30))
    actor = Actor(registered.account_id, Role.APPLICANT)
    return Person(registered.account_id, step.token, actor)


def attach_all(
    h: AccountsHarness, actor: Actor, application: Application, seed: int = 0
) -> Application:
    """Attach a valid file for every required document (a JPEG passport, PDFs otherwise)."""
    for index, kind in enumerate(application.required_documents):
        data, name = document_file(kind, seed * 100 + index)
        application, _ = h.cabinet.applications.attach(actor, application.id, data, name, kind)
    return application


@lru_cache(maxsize=64)
def document_file(kind: str, seed: int) -> tuple[bytes, str]:
    """A valid file for ``kind`` and its name: a JPEG scan of a passport, else a PDF."""
    if kind == "passport":
        return files.scan(fmt="JPEG", seed=seed), "passport.jpg"
    return files.text_pdf(seed=seed), f"{kind}.pdf"


def complete_application(h: AccountsHarness, actor: Actor, seed: int = 0) -> Application:
    """A ``specialized`` draft with every required document attached, ready to submit."""
    created = h.cabinet.applications.create(actor, "specialized", SPECIALIST)
    return attach_all(h, actor, created, seed)


def sqlite_config(directory: Path) -> dict[str, Any]:
    """A cabinet configuration on SQLite and encrypted files under ``directory`` (fixed keys)."""
    return {
        "storage": f"sqlite:///{directory}/cabinet.db",
        "blobs": f"file:///{directory}/blobs",
        "blob_key": base64.b64encode(bytes(range(32))).decode(),
        "otp_key": base64.b64encode(bytes(range(32, 64))).decode(),
        "data_key": base64.b64encode(bytes(range(64, 96))).decode(),
        "checkpoint": str(directory / "checkpoint.json"),
    }
