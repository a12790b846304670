"""People and applications for whole-cabinet tests: distinct applicants, complete files.

``AccountsHarness`` makes one verified user; cabinet tests need several (another
applicant, an unverified one) and an application ready to submit. These helpers build
them through the real use cases, so what they produce is what a user would have.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.eligibility import ApplicantKind, ApplicantProfile
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import Actor
from accredkit.domain.identifiers import Ogrn, Snils, ogrn_control_digit, snils_control
from accredkit.domain.registry import LicenceRecord, OrganisationRecord, WorkerRecord
from accredkit.errors import AuthenticationFailed
from accredkit.services.accounts.registration import Registered
from accredkit.testing import documents as files
from tests.support.accounts_harness import AccountsHarness, default_form

__all__ = [
    "CLINIC_PROFILE",
    "SPECIALIST",
    "Person",
    "administrator",
    "attach_all",
    "clinic_in_register",
    "clinic_ogrn",
    "complete_application",
    "document_file",
    "person_form",
    "sign_in_again",
    "signed_in",
    "sqlite_config",
    "staff_member",
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
    """Register ``form``, confirm nothing and sign in: the account stays ``registered``."""
    registered = h.register(form)
    step = h.complete(registered.account_id, h.accounts.login(form.snils, form.password))
    if step.stage is not LoginStage.DONE or step.token is None:
        raise AssertionError(f"login stopped at {step.stage}")
    return Person(registered.account_id, step.token, h.cabinet.actor(step.token))


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
    return Person(registered.account_id, step.token, h.cabinet.actor(step.token))


def sign_in_again(h: AccountsHarness, person: Person, form: RegistrationForm) -> Person:
    """A fresh session with the TOTP code (a staff role counts only in such a session).

    The clock moves on by one TOTP step first, so the code is a fresh one.
    """
    h.clock.advance(timedelta(seconds=30))
    step = h.accounts.login(form.snils, form.password)
    step = h.complete(person.account_id, step, h.totp_code(person.account_id))
    if step.stage is not LoginStage.DONE or step.token is None:
        raise AssertionError(f"login stopped at {step.stage}")
    return Person(person.account_id, step.token, h.cabinet.actor(step.token))


_ADMIN_FORM = 9_999


def administrator(h: AccountsHarness) -> Person:
    """The cabinet's first administrator, set up once per harness and signed in with TOTP.

    Signed in again when the clock has moved past the session's limits.
    """
    form = person_form(_ADMIN_FORM)
    found = getattr(h, "_administrator", None)
    if isinstance(found, Person):
        if _still_signed_in(h, found.actor):
            return found
        admin = sign_in_again(h, found, form)
    else:
        registered = h.staff.setup_first_administrator(form)
        admin = _staff_sign_in(h, registered, form)
    h._administrator = admin  # type: ignore[attr-defined]
    return admin


def _still_signed_in(h: AccountsHarness, actor: Actor) -> bool:
    with h.cabinet.storage.unit_of_work() as uow:
        try:
            h.cabinet.authority.resolve(uow, actor)
        except AuthenticationFailed:
            return False
    return True


def staff_member(h: AccountsHarness, *roles: Role, n: int) -> Person:
    """A staff account holding ``roles``, created by the administrator, signed in with TOTP.

    ``n`` picks the person (``person_form(n)``), as for applicants.
    """
    admin = administrator(h)
    form = person_form(n)
    registered = h.staff.create(admin.actor, form, roles)
    return _staff_sign_in(h, registered, form)


def _staff_sign_in(h: AccountsHarness, registered: Registered, form: RegistrationForm) -> Person:
    h.verify(registered)
    step = h.complete(registered.account_id, h.accounts.login(form.snils, form.password))
    if step.token is None:
        raise AssertionError(f"login stopped at {step.stage}")
    h.enrol_totp(step.token, registered.account_id)
    first = Person(registered.account_id, step.token, Actor(registered.account_id, ()))
    return sign_in_again(h, first, form)


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
        "base_dir": str(directory),  # the default signer keeps its key here
    }


CLINIC_PROFILE = ApplicantProfile(
    applicant_kind=ApplicantKind.ORGANISATION, licence_number="Л041-01137"
)
"""An organisation's profile for the ``institutional`` type (the ОГРН is the actor's)."""


def clinic_ogrn(n: int) -> str:
    """The ОГРН of the ``n``-th test organisation (0 ≤ n < 100,000), valid and distinct."""
    if not 0 <= n < 100_000:
        raise ValueError("n must be in 0…99999")
    body = f"10277{n:07d}"
    return body + ogrn_control_digit(body + "0")


def clinic_in_register(
    h: AccountsHarness,
    n: int,
    *,
    licence_until: date | None = None,
    staff: Iterable[Snils] = (),
) -> str:
    """Put the ``n``-th test clinic, its licence and ``staff`` into the harness's register.

    Returns:
        The clinic's ОГРН; its name is ``f"ГБУЗ «Поликлиника № {n}»"``.
    """
    ogrn = clinic_ogrn(n)
    number = f"Л041-{n:05d}"
    h.registry.add(OrganisationRecord(Ogrn.parse(ogrn), f"ГБУЗ «Поликлиника № {n}»", (number,)))
    h.registry.add(LicenceRecord(number, Ogrn.parse(ogrn), date(2020, 1, 15), licence_until))
    for index, snils in enumerate(staff):
        name = f"{_LAST_NAMES[index % len(_LAST_NAMES)]} Сотрудник {index}"
        h.registry.add(WorkerRecord(snils, name, date(1980, 1, 1), employer_ogrn=Ogrn.parse(ogrn)))
    return ogrn
