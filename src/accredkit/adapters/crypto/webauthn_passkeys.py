"""The passkey ceremonies on py_webauthn (docs/security.md, "Passkeys").

py_webauthn checks the response's type, challenge, origin, relying-party hash, user
presence and signature; attestation is not asked for (``none``): the cabinet needs the
key, not the maker of the authenticator. The counter is left to the domain rule
(``sign_count_advances``), so a regression is refused with its own code.
"""

from __future__ import annotations

from collections.abc import Sequence

from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url, parse_authentication_credential_json
from webauthn.helpers import parse_registration_credential_json as parse_registration
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from accredkit.domain.accounts.passkeys import NewPasskey, Passkey, RelyingParty
from accredkit.errors import AuthenticationFailed
from accredkit.ports.passkeys import PasskeyAssertion

__all__ = ["WebauthnPasskeys"]

_TIMEOUT_MS = 120_000
_TRANSPORTS = {t.value: t for t in AuthenticatorTransport}


def _refused(reason: str) -> AuthenticationFailed:
    return AuthenticationFailed(
        f"The passkey's answer does not check out ({reason}).",
        message_ru="Ответ ключа доступа не прошел проверку.",
        code="passkey.refused",
        hint_ru="Повторите с тем же устройством, на котором создан ключ доступа, "
        "или войдите по коду.",
        hint_en="Try again with the device the passkey was made on, or sign in with a code.",
    )


def _descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    transports = [_TRANSPORTS[t] for t in passkey.transports if t in _TRANSPORTS]
    return PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(passkey.credential_id), transports=transports or None
    )


class WebauthnPasskeys:
    """``PasskeyCeremonies`` on py_webauthn."""

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
        """Options for ``navigator.credentials.create``: any authenticator, no attestation."""
        options = generate_registration_options(
            rp_id=party.id,
            rp_name=party.name,
            user_id=user_id,
            user_name=user_name,
            user_display_name=display_name,
            challenge=challenge,
            timeout=_TIMEOUT_MS,
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.DISCOURAGED,
                user_verification=UserVerificationRequirement.PREFERRED,
            ),
            exclude_credentials=[_descriptor(p) for p in exclude],
        )
        return options_to_json(options)

    def verify_registration(
        self, party: RelyingParty, response_json: str, challenge: bytes
    ) -> NewPasskey:
        """The new passkey; ``passkey.refused`` for any response that does not check out."""
        try:
            parsed = parse_registration(response_json)
            verified = verify_registration_response(
                credential=parsed,
                expected_challenge=challenge,
                expected_rp_id=party.id,
                expected_origin=list(party.origins),
            )
        except (WebAuthnException, ValueError, TypeError, KeyError, RecursionError) as error:
            raise _refused(type(error).__name__) from error
        transports = tuple(str(t.value) for t in parsed.response.transports or ())
        return NewPasskey(
            credential_id=bytes_to_base64url(verified.credential_id),
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=transports,
        )

    def authentication_options(
        self, party: RelyingParty, *, challenge: bytes, allow: Sequence[Passkey]
    ) -> str:
        """Options for ``navigator.credentials.get`` offering the account's passkeys."""
        options = generate_authentication_options(
            rp_id=party.id,
            challenge=challenge,
            timeout=_TIMEOUT_MS,
            allow_credentials=[_descriptor(p) for p in allow],
            user_verification=UserVerificationRequirement.PREFERRED,
        )
        return options_to_json(options)

    def verify_authentication(
        self,
        party: RelyingParty,
        response_json: str,
        challenge: bytes,
        offered: Sequence[Passkey],
    ) -> PasskeyAssertion:
        """The offered passkey that signed ``challenge`` and the counter it reported."""
        try:
            parsed = parse_authentication_credential_json(response_json)
            named = bytes_to_base64url(parsed.raw_id)
            passkey = next((p for p in offered if p.credential_id == named), None)
            if passkey is None:
                raise _refused("not one of the account's passkeys")
            verified = verify_authentication_response(
                credential=parsed,
                expected_challenge=challenge,
                expected_rp_id=party.id,
                expected_origin=list(party.origins),
                credential_public_key=passkey.public_key,
                credential_current_sign_count=0,  # the domain's rule decides
            )
        except (WebAuthnException, ValueError, TypeError, KeyError, RecursionError) as error:
            raise _refused(type(error).__name__) from error
        return PasskeyAssertion(passkey.id, verified.new_sign_count)
