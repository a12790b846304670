"""The hooks a plugin may implement. Every hook carries the ``accredkit_`` prefix.

Registration hooks take a ``register`` callback, so one plugin can contribute many
adapters; accredkit validates each one and names the plugin when something is wrong.
Built-in adapters are registered through the very same hooks.
"""

from __future__ import annotations

from typing import Any

import pluggy

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "accredkit"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def accredkit_register_storage(register: Any) -> None:
    """Register storage engines: ``register(scheme, factory)``; factory(request) → Storage."""


@hookspec
def accredkit_register_blob_stores(register: Any) -> None:
    """Register blob stores: ``register(scheme, factory)``; factory(request) → BlobStore."""


@hookspec
def accredkit_register_sms_senders(register: Any) -> None:
    """Register SMS senders: ``register(scheme, factory)``; factory(request) → SmsSender."""


@hookspec
def accredkit_register_email_senders(register: Any) -> None:
    """Register e-mail senders: ``register(scheme, factory)``; factory(request) → EmailSender."""


@hookspec
def accredkit_register_signers(register: Any) -> None:
    """Register signers: ``register(scheme, factory)``; factory(request) → Signer."""


@hookspec
def accredkit_register_registries(register: Any) -> None:
    """Register register clients: ``register(scheme, factory)``; factory(request) → Registry."""


@hookspec
def accredkit_register_checkpoint_sinks(register: Any) -> None:
    """Register journal checkpoint sinks: ``register(scheme, factory)``; → CheckpointSink."""


@hookspec
def accredkit_register_calendars(register: Any) -> None:
    """Register working calendars: ``register(scheme, factory)``; → WorkingCalendar."""


@hookspec
def accredkit_register_document_inspectors(register: Any) -> None:
    """Register document inspectors: ``register(scheme, factory)``; → DocumentInspector."""


@hookspec
def accredkit_register_password_hashers(register: Any) -> None:
    """Register password hashers: ``register(scheme, factory)``; → PasswordHasher.

    The factory gets the cabinet's random source as ``request.random_bytes`` (salts).
    """


@hookspec
def accredkit_register_totp_verifiers(register: Any) -> None:
    """Register TOTP second factors: ``register(scheme, factory)``; → TotpVerifier."""


@hookspec
def accredkit_register_secret_sealers(register: Any) -> None:
    """Register secret sealers: ``register(scheme, factory)``; → SecretSealer.

    The factory gets the 32-byte sealing key bootstrap derives from ``otp_key`` as
    ``request.key``, and the cabinet's random source as ``request.random_bytes``.
    """


@hookspec
def accredkit_register_esignature_verifiers(register: Any) -> None:
    """Register e-signature verifiers: ``register(name, factory)``; factory(trust) → verifier.

    ``trust`` is the deployment's ``EsignatureTrust`` (trusted CAs, CRL files); every
    verifier registered is asked in turn, those registered with ``fallback=True`` last
    (``docs/esignature.md``).
    """


@hookspec
def accredkit_register_accreditation_catalogues(register: Any) -> None:
    """Register accreditation catalogues: ``register(catalogue)``."""


@hookspec
def accredkit_register_consequences(register: Any) -> None:
    """Register what a move causes: ``register(event_type, effect, handler)``.

    ``event_type`` is an ``ApplicationEvent`` class (a subclass answers its own moves,
    ``ApplicationEvent`` every move); every lifecycle row raising it names ``effect`` (an
    identifier) after its shipped effects, and ``handler(uow, application, event)``
    carries it out inside the move's unit of work after the shipped handlers, so what it
    stages (an outbox message, a record) commits with the move or not at all
    (docs/architecture.md).
    """


@hookspec
def accredkit_on_event(event: object) -> None:
    """Observe a domain event after the unit of work that recorded it has committed."""
