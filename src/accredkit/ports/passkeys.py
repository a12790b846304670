"""Port: the WebAuthn ceremonies of passkeys — options for the browser, responses checked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from accredkit.domain.accounts.passkeys import NewPasskey, Passkey, RelyingParty

__all__ = ["PasskeyAssertion", "PasskeyCeremonies"]


@attrs.frozen
class PasskeyAssertion:
    """A verified sign-in: which of the offered passkeys signed, and its counter now."""

    passkey_id: str
    sign_count: int


class PasskeyCeremonies(Protocol):
    """Writes the options ``navigator.credentials`` takes and verifies what it returns.

    Options are JSON text for the page's script; every refusal of a response is an
    ``AuthenticationFailed`` with code ``passkey.refused``. The counter rule is the
    domain's (``sign_count_advances``), not the adapter's.
    """

    def registration_options(
        self,
        party: RelyingParty,
        *,
        user_id: bytes,
        user_name: str,
        display_name: str,
        challenge: bytes,
        exclude: Sequence[Passkey],
    ) -> str:
        """Options for ``navigator.credentials.create`` (JSON)."""
        ...

    def verify_registration(
        self, party: RelyingParty, response_json: str, challenge: bytes
    ) -> NewPasskey:
        """The passkey a ``create`` response made, checked against ``challenge``."""
        ...

    def authentication_options(
        self, party: RelyingParty, *, challenge: bytes, allow: Sequence[Passkey]
    ) -> str:
        """Options for ``navigator.credentials.get`` offering ``allow`` (JSON)."""
        ...

    def verify_authentication(
        self,
        party: RelyingParty,
        response_json: str,
        challenge: bytes,
        offered: Sequence[Passkey],
    ) -> PasskeyAssertion:
        """Which of ``offered`` signed ``challenge`` in a ``get`` response, and its counter."""
        ...
