"""Adapters whose heavy part is built at its first use, behind the port's own methods.

A one-shot command pays for every import it makes (``docs/benchmarks.md``): the
e-signature trust and verifiers, and py_webauthn, are built when the first signature
or passkey is checked, not when the cabinet is wired. A lock keeps the threads of a
web host from building one twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Generic, TypeVar

from accredkit.domain.accounts.esignature import VerifiedSignature
from accredkit.domain.accounts.passkeys import NewPasskey, Passkey, RelyingParty
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName
from accredkit.ports.esignature import SignatureVerifier
from accredkit.ports.passkeys import PasskeyAssertion, PasskeyCeremonies

__all__ = ["PasskeysOnFirstUse", "VerifiersOnFirstUse"]

_T = TypeVar("_T")


class _Once(Generic[_T]):
    """``build()``'s result, made at the first ``get`` and only once across threads.

    A build that raises is tried again on the next ``get``.
    """

    def __init__(self, build: Callable[[], _T]) -> None:
        self._build = build
        self._built: _T | None = None
        self._lock = threading.Lock()

    def get(self) -> _T:
        built = self._built
        if built is None:
            with self._lock:
                if self._built is None:
                    self._built = self._build()
                built = self._built
        return built


def _webauthn() -> PasskeyCeremonies:
    from accredkit.adapters.crypto.webauthn_passkeys import WebauthnPasskeys

    return WebauthnPasskeys()


class VerifiersOnFirstUse:
    """The e-signature verifiers, built at the first signature to check.

    Reading the trusted CAs and CRLs and building every plugin's verifier costs a
    one-shot command more than the command itself (``docs/benchmarks.md``), and most
    commands check no signature. A CA file that does not read or a plugin's verifier
    that is broken fails at that first check, with the error it always had
    (``docs/hooks.md``); the build is retried on the next check. A lock keeps threads of
    a web host from building it twice.
    """

    def __init__(self, build: Callable[[], SignatureVerifier]) -> None:
        self._verifier = _Once(build).get

    def verify(
        self,
        challenge: bytes,
        signature: bytes,
        certificate_pem: bytes,
        expected_snils: Snils,
        at: datetime,
        *,
        expected_name: FullName | None = None,
        expected_inn: Inn | None = None,
    ) -> VerifiedSignature:
        """The first capable verifier's verdict (``SignatureVerifier.verify``)."""
        return self._verifier().verify(
            challenge,
            signature,
            certificate_pem,
            expected_snils,
            at,
            expected_name=expected_name,
            expected_inn=expected_inn,
        )


class PasskeysOnFirstUse:
    """py_webauthn, imported at the first passkey ceremony: a cabinet with passkeys
    configured starts a command that uses none without it (``docs/benchmarks.md``)."""

    def __init__(self) -> None:
        self._ceremonies = _Once(_webauthn).get

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
        """``PasskeyCeremonies.registration_options``."""
        return self._ceremonies().registration_options(
            party,
            user_id=user_id,
            user_name=user_name,
            display_name=display_name,
            challenge=challenge,
            exclude=exclude,
        )

    def verify_registration(
        self, party: RelyingParty, response_json: str, challenge: bytes
    ) -> NewPasskey:
        """``PasskeyCeremonies.verify_registration``."""
        return self._ceremonies().verify_registration(party, response_json, challenge)

    def authentication_options(
        self, party: RelyingParty, *, challenge: bytes, allow: Sequence[Passkey]
    ) -> str:
        """``PasskeyCeremonies.authentication_options``."""
        return self._ceremonies().authentication_options(party, challenge=challenge, allow=allow)

    def verify_authentication(
        self,
        party: RelyingParty,
        response_json: str,
        challenge: bytes,
        offered: Sequence[Passkey],
    ) -> PasskeyAssertion:
        """``PasskeyCeremonies.verify_authentication``."""
        return self._ceremonies().verify_authentication(party, response_json, challenge, offered)
