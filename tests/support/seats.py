"""Actors for tests that build a service over bare storage, without the accounts use cases.

Every use case checks its actor against storage (``docs/authority.md``): the account,
a live session and the staff roles. ``seat`` writes exactly those records, so a unit
test of one service can act as an applicant or a staff member in a line.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final

from accredkit.domain.accounts.account import Account
from accredkit.domain.accounts.organisations import Representative, RepresentativeBasis
from accredkit.domain.accounts.sessions import FactorUsed, Session, SessionPolicy
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import STAFF_ROLES, Actor
from accredkit.domain.authority.staff import StaffMember
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import Snils, snils_control
from accredkit.domain.person import FullName
from accredkit.ports.storage import Storage
from accredkit.services.schema import ACCOUNTS, REPRESENTATIVES, SESSIONS, STAFF

__all__ = ["LONG_SESSIONS", "grant", "seat", "seat_all", "seated", "sign_in"]


def seat(
    storage: Storage,
    account_id: str,
    *roles: Role,
    at: datetime,
    organisation_ogrn: str | None = None,
) -> Actor:
    """Store an account ``account_id`` signed in at ``at`` (with TOTP), holding ``roles``.

    ``roles`` are staff roles (none: an applicant). The session lasts as the default
    session policy says, from ``at``. With ``organisation_ogrn`` the account is stored
    as that organisation's representative (linked by an administrator).
    """
    staff = tuple(role for role in Role if role in roles and role in STAFF_ROLES)
    number = sum(ord(c) for c in account_id) % 1_000_000
    body = f"{300_000_000 + number:09d}"
    account = Account(
        id=account_id,
        version=0,
        full_name=FullName("Тестов", account_id),
        birth_date=date(1980, 1, 1),
        snils=Snils.parse(f"{body}{snils_control(body):02d}"),
        phone=Phone.parse(f"+7900{number:07d}"),
        email=Email.parse(f"{account_id}@example.org"),
        password_hash="-",
        password_changed_at=at,
        created_at=at,
    )
    session = Session(
        id=f"session-{account_id}",
        version=0,
        account_id=account_id,
        token_hash=f"test-{account_id}",
        created_at=at,
        last_seen_at=at,
        authenticated_at=at,
        factor=FactorUsed.TOTP,
    )
    with storage.unit_of_work() as uow:
        uow.repository(ACCOUNTS).add(account)
        uow.repository(SESSIONS).add(session)
        if staff:
            uow.repository(STAFF).add(StaffMember(account_id, 0, staff, at, "test"))
        if organisation_ogrn is not None:
            link = Representative(
                account_id, 0, organisation_ogrn, RepresentativeBasis.ADMINISTRATOR, at, "test"
            )
            uow.repository(REPRESENTATIVES).add(link)
        uow.commit()
    return Actor(account_id, frozenset({Role.APPLICANT, *staff}), session.id, organisation_ogrn)


def grant(storage: Storage, actor: Actor, role: Role, *, at: datetime) -> Actor:
    """Give a seated actor one more staff role, straight in storage (the actor stays valid)."""
    with storage.unit_of_work() as uow:
        repo = uow.repository(STAFF)
        member = repo.find(actor.id)
        if member is None:
            repo.add(StaffMember(actor.id, 0, (role,), at, "test"))
        else:
            repo.update(member.granted(role))
        uow.commit()
    return Actor(actor.id, actor.roles | {role}, actor.session_id)


def sign_in(storage: Storage, actor: Actor, *, at: datetime) -> Actor:
    """A new session (with TOTP) for a seated actor, from ``at``: after a test moved the clock."""
    with storage.unit_of_work() as uow:
        count = uow.repository(SESSIONS).count({"account_id": actor.id})
        session = Session(
            id=f"session-{actor.id}-{count}",
            version=0,
            account_id=actor.id,
            token_hash=f"test-{actor.id}-{count}",
            created_at=at,
            last_seen_at=at,
            authenticated_at=at,
            factor=FactorUsed.TOTP,
        )
        uow.repository(SESSIONS).add(session)
        uow.commit()
    return Actor(actor.id, actor.roles, session.id)


LONG_SESSIONS: Final = SessionPolicy(idle=timedelta(days=60), absolute=timedelta(days=60))
"""For unit tests whose clock runs for days: a seated session outlives them."""


def seated(account_id: str, *roles: Role, organisation_ogrn: str | None = None) -> Actor:
    """The actor ``seat`` gives for ``account_id``, without storage: for module constants.

    A test seats it into each storage it builds with ``seat_all`` (with the
    representative link when ``organisation_ogrn`` is given).
    """
    staff = frozenset(role for role in roles if role in STAFF_ROLES)
    return Actor(
        account_id, frozenset({Role.APPLICANT, *staff}), f"session-{account_id}", organisation_ogrn
    )


def seat_all(storage: Storage, *actors: Actor, at: datetime) -> None:
    """Seat every actor made by ``seated`` into ``storage`` (skipping ones already there)."""
    with storage.unit_of_work() as uow:
        present = {a.id for a in actors if uow.repository(ACCOUNTS).find(a.id) is not None}
    for actor in actors:
        if actor.id not in present:
            seat(storage, actor.id, *actor.roles, at=at, organisation_ogrn=actor.organisation_ogrn)
