"""Who takes part in the demo, and the story's state between its steps (``_demo_story.py``).

The applicant's form, the accrediting body's people and how they sign in, and the
``Story`` the steps share: the cabinet, the home, the delivered codes.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from accredkit.adapters.crypto.totp import TotpAuthenticator
from accredkit.adapters.messaging.dev_senders import masked_recipient
from accredkit.bootstrap.cabinet import Cabinet
from accredkit.cli._context import STAFF_SESSION_FILE, write_private
from accredkit.cli._devpki import issue_user_certificate, sign_challenge
from accredkit.cli._home import Home
from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import Actor
from accredkit.domain.identifiers import Snils, snils_control

STAFF_PASSWORD = "ночной поезд идёт на север"  # noqa: S105 (DEVELOPMENT home, shown in docs)
# Who the body's people are in the demo: (last name, first name, roles). The reviewer
# also holds the approver role, so that four eyes, not a missing role, stops them.
STAFF: dict[str, tuple[str, str, tuple[Role, ...]]] = {
    "administrator": ("Администраторова", "Анна", (Role.ADMINISTRATOR,)),
    "reviewer": ("Экспертова", "Рита", (Role.REVIEWER, Role.APPROVER)),
    "approver": ("Комиссаров", "Аркадий", (Role.APPROVER,)),
}
PHONE, EMAIL = "+79161234567", "ivan.ivanov@example.org"
FORM = RegistrationForm(
    last_name="Иванов",
    first_name="Иван",
    middle_name="Иванович",
    birth_date="07.03.1985",
    snils="112-233-445 95",
    phone="+7 916 123-45-67",
    email=EMAIL,
    password="сосна у реки шумит",  # noqa: S106 (the demo user's password)
    consent_given=True,
)
_CODE = re.compile(r"(?<![0-9])([0-9]{6})(?![0-9])")


class StepFailed(Exception):
    """A demo step did not do what it should."""


def expect(condition: bool, what: str) -> None:
    """Fail the step with ``what`` unless ``condition`` holds."""
    if not condition:
        raise StepFailed(what)


@attrs.define
class Story:
    """What the steps share: the home, the cabinet and what they learnt on the way."""

    home: Home
    cabinet: Cabinet
    en: bool
    facts: dict[str, Any] = attrs.field(factory=dict)

    def t(self, ru: str, en: str) -> str:
        """``en`` or ``ru`` by the demo's language."""
        return en if self.en else ru

    def delivered(self, skip: tuple[int, int] = (0, 0)) -> list[dict[str, Any]]:
        """The messages the outbox senders wrote to the home's JSONL files (SMS, then
        e-mail), leaving out the first ``skip`` of each file."""
        found = []
        for path, skipped in zip((self.home.sms_outbox, self.home.email_outbox), skip, strict=True):
            if path.is_file():
                lines = path.read_text("utf-8").splitlines()[skipped:]
                found += [json.loads(line) for line in lines if line]
        return found

    def sent_so_far(self) -> tuple[int, int]:
        """How many SMS and e-mails were written until now."""
        sms = [m for m in self.delivered() if m["channel"] == "sms"]
        return len(sms), len(self.delivered()) - len(sms)

    def code_for(self, to: str) -> str:
        """The six digits of the newest message to ``to``, as the user reads them."""
        for message in reversed(self.delivered()):
            match = _CODE.search(message["text"]) if message["to"] == masked_recipient(to) else None
            if match:
                return match.group(1)
        raise StepFailed(f"no code was sent to {to}")

    @property
    def me(self) -> Actor:
        """The applicant: the account behind the session once signed in."""
        token = self.facts.get("token")
        if token is None:
            return Actor(self.facts["account_id"], ())
        return self.cabinet.actor(token)

    def staff(self, who: str) -> Actor:
        """A staff member of the demo (``STAFF``), created and signed in on first use.

        The first administrator is set up once; the others are created by them. Each
        signs in as a user would: e-signature first, then TOTP (``docs/authority.md``).
        """
        tokens: dict[str, str] = self.facts.setdefault("staff", {})
        if who not in tokens:
            last, first, roles = STAFF[who]
            form = staff_form(list(STAFF).index(who) + 1, last, first)
            if who == "administrator":
                registered = self.cabinet.staff.setup_first_administrator(form)
            else:
                admin = self.staff("administrator")
                registered = self.cabinet.staff.create(admin, form, roles)
            tokens[who] = sign_in_staff(self, form, registered.account_id)
            if who == "reviewer":  # the shell may carry on as the reviewer (staff login)
                write_private(self.home.root / STAFF_SESSION_FILE, tokens[who])
        return self.cabinet.actor(tokens[who])


def staff_form(n: int, last: str, first: str) -> RegistrationForm:
    body = f"{400_000_000 + n * 7919:09d}"
    return RegistrationForm(
        last_name=last,
        first_name=first,
        middle_name="",
        birth_date="01.02.1979",
        snils=f"{body[:3]}-{body[3:6]}-{body[6:]} {snils_control(body):02d}",
        phone=f"+7 917 999-00-{n:02d}",
        email=f"staff{n}@cabinet.example",
        password=STAFF_PASSWORD,
        consent_given=True,
    )


def sign_in_staff(s: Story, form: RegistrationForm, account_id: str) -> str:
    """E-signature login, TOTP enrolled, then a login with TOTP: the staff session's token."""
    accounts, totp = s.cabinet.accounts, TotpAuthenticator()
    keys = issue_user_certificate(
        s.home.user_ca, s.home.esignature, Snils.parse(form.snils).digits, form.last_name
    )
    step = accounts.login(form.snils, form.password)
    if step.pending_id is None or step.challenge is None:
        raise StepFailed("the staff member's first login asks for an e-signature")
    signature, pem = sign_challenge(keys, step.challenge)
    first = accounts.confirm_esignature(step.pending_id, signature, pem).token
    if first is None:
        raise StepFailed("the staff member's first session is open")
    started = accounts.begin_totp_enrolment(first)
    now = datetime.now(UTC)
    accounts.finish_totp_enrolment(first, started.enrolment_id, totp.code_at(started.secret, now))
    step = accounts.login(form.snils, form.password)
    if step.pending_id is None:
        raise StepFailed("a staff login asks for the second factor")
    code = totp.code_at(started.secret, now + timedelta(seconds=30))
    token = accounts.second_factor(step.pending_id, code).token
    if token is None:
        raise StepFailed("the staff member is signed in with TOTP")
    return token
