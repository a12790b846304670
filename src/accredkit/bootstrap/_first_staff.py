"""The one-time first step of a deployment, as a function a host or the CLI calls."""

from __future__ import annotations

from accredkit.bootstrap.cabinet import Cabinet
from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.services.accounts.registration import Registered

__all__ = ["setup_first_administrator"]


def setup_first_administrator(cabinet: Cabinet, form: RegistrationForm) -> Registered:
    """Create the first administrator of ``cabinet`` from ``form``; refused once one exists.

    The administrator then confirms the contacts, signs in, enrols a second factor and
    creates the other staff accounts (``cabinet.staff.create``).

    Raises:
        Conflict: ``staff.setup_done``.
        ValidationError: the form's violations.
    """
    return cabinet.staff.setup_first_administrator(form)
