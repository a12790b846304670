"""accredkit's own adapters, registered through the same hooks as any plugin's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from accredkit._key_files import decode_key, read_key_file
from accredkit.errors import ConfigurationError
from accredkit.plugins.hookspecs import hookimpl
from accredkit.plugins.requests import AdapterRequest

# Every adapter module is imported by its factory, when bootstrap asks for that adapter:
# a command pays only for the adapters its configuration names (docs/benchmarks.md,
# "Start-up").
if TYPE_CHECKING:
    from accredkit.adapters.esignature.cms import CmsSignatureVerifier
    from accredkit.adapters.esignature.trust import EsignatureTrust
    from accredkit.adapters.esignature.x509 import X509SignatureVerifier

__all__: list[str] = []


def _required_path(request: AdapterRequest) -> str:
    path = request.path()
    if not path:
        raise ConfigurationError(
            f"{request.scheme}: a path is needed, e.g. {request.scheme}:///name",
            code="config.missing_path",
            value=request.url,
        )
    return str(request.config.resolve(path))


def _blob_key(request: AdapterRequest) -> bytes:
    config = request.config
    if config.blob_key_file:
        path = config.resolve(config.blob_key_file)
        return read_key_file(path, "blob_key_file", "blob_key")
    if config.blob_key:
        return decode_key(config.blob_key, "blob_key")
    raise ConfigurationError(
        "file blobs are encrypted: set blob_key (base64 of 32 bytes) or blob_key_file",
        message_ru="Для файлового хранилища нужен ключ шифрования: blob_key или blob_key_file.",
        code="config.blob_key",
    )


def _postgres(request: AdapterRequest) -> object:
    # psycopg is an optional extra: import it only when a postgresql:// URL is asked for.
    try:
        from accredkit.adapters.storage.postgres import PostgresStorage
    except ImportError as error:
        raise ConfigurationError(
            f"{request.scheme}:// storage needs psycopg: pip install accredkit[postgres]",
            message_ru="Для PostgreSQL установите пакет: pip install accredkit[postgres]",
            code="config.missing_extra",
            value=request.url,
        ) from error
    return PostgresStorage(request.url)


def _memory_storage(request: AdapterRequest) -> object:
    from accredkit.adapters.storage.memory import MemoryStorage

    return MemoryStorage()


def _sqlite(request: AdapterRequest) -> object:
    from accredkit.adapters.storage.sqlite import SqliteStorage

    return SqliteStorage(_required_path(request))


@hookimpl
def accredkit_register_storage(register: Any) -> None:
    """``memory:``, ``sqlite:///path.db`` and ``postgresql://…`` (also ``postgres://``)."""
    register("memory", _memory_storage, "in-process reference storage")
    register("sqlite", _sqlite, "SQLite file (WAL, synchronous=FULL)")
    for scheme in ("postgresql", "postgres"):
        register(scheme, _postgres, "PostgreSQL via psycopg 3 (extra: accredkit[postgres])")


def _memory_blobs(request: AdapterRequest) -> object:
    from accredkit.adapters.storage.memory_blobs import MemoryBlobStore

    return MemoryBlobStore()


def _file_blobs(request: AdapterRequest) -> object:
    from accredkit.adapters.storage.file_blobs import FileBlobStore

    return FileBlobStore(_required_path(request), _blob_key(request))


@hookimpl
def accredkit_register_blob_stores(register: Any) -> None:
    """``memory:`` and ``file:///dir`` (AES-GCM encrypted)."""
    register("memory", _memory_blobs, "in-process blobs")
    register("file", _file_blobs, "encrypted content-addressed files")


def _outbox_path(request: AdapterRequest) -> str | None:
    path = request.path()
    return str(request.config.resolve(path)) if path else None


def _outbox_sms(request: AdapterRequest) -> object:
    from accredkit.adapters.messaging.dev_senders import MemorySms

    return MemorySms(_outbox_path(request))


def _outbox_email(request: AdapterRequest) -> object:
    from accredkit.adapters.messaging.dev_senders import MemoryEmail

    return MemoryEmail(_outbox_path(request))


@hookimpl
def accredkit_register_sms_senders(register: Any) -> None:
    """``outbox:`` (memory) or ``outbox:path.jsonl``."""
    register("outbox", _outbox_sms, "kept, not sent")


def _smtp(request: AdapterRequest) -> object:
    # smtplib and ssl load only for a cabinet that sends real mail (start-up, docs/cli.md).
    from accredkit.adapters.messaging.smtp_email import smtp_from_url

    return smtp_from_url(request.url, request.config.settings)


@hookimpl
def accredkit_register_email_senders(register: Any) -> None:
    """``outbox:`` (memory) or ``outbox:path.jsonl``; ``smtp://host:port`` and ``smtps://``."""
    register("outbox", _outbox_email, "kept, not sent")
    register(
        "smtp",
        _smtp,
        "SMTP server (smtplib; ?starttls=1&user=…&password_env=…&from=…)",
    )
    register(
        "smtps",
        _smtp,
        "SMTP over TLS from the first byte (port 465)",
    )


def _ephemeral_signer(request: AdapterRequest) -> object:
    from accredkit.adapters.crypto.keys import KeySigner

    return KeySigner.generate(request.path() or "ed25519")


def _x509_signer(request: AdapterRequest) -> object:
    from accredkit.adapters.crypto.keys import KeySigner

    return KeySigner.from_directory(_required_path(request))


@hookimpl
def accredkit_register_signers(register: Any) -> None:
    """``ephemeral:`` (a new Ed25519 key) and ``x509:dir`` (key.pem + cert.pem)."""
    register("ephemeral", _ephemeral_signer, "a fresh in-memory key (development, tests)")
    register("x509", _x509_signer, "key.pem and cert.pem from a directory")


def _csv_registry(request: AdapterRequest) -> object:
    from accredkit.adapters.registry.csv_registry import CsvRegistry

    query = parse_qs(request.rest.split("?", 1)[1]) if "?" in request.rest else {}
    organisations = query.get("organisations", [None])[-1]
    return CsvRegistry(
        _required_path(request),
        None if organisations is None else str(request.config.resolve(organisations)),
    )


def _memory_registry(request: AdapterRequest) -> object:
    from accredkit.adapters.registry.memory_registry import MemoryRegistry

    return MemoryRegistry()


@hookimpl
def accredkit_register_registries(register: Any) -> None:
    """``memory:`` and ``csv:workers.csv[?organisations=organisations.csv]``."""
    register("memory", _memory_registry, "in-process register")
    register("csv", _csv_registry, "ФРМР-like CSV export (workers, organisations, licences)")


def _memory_checkpoint(request: AdapterRequest) -> object:
    from accredkit.adapters.checkpoints.memory import MemoryCheckpoint

    return MemoryCheckpoint()


def _file_checkpoint(request: AdapterRequest) -> object:
    from accredkit.adapters.checkpoints.file import FileCheckpoint

    return FileCheckpoint(_required_path(request))


@hookimpl
def accredkit_register_checkpoint_sinks(register: Any) -> None:
    """``memory:`` and ``file:///path`` (written atomically)."""
    register("memory", _memory_checkpoint, "in-process (tests)")
    register("file", _file_checkpoint, "a file, replaced atomically")


# The verifiers load with the first signature to check (docs/benchmarks.md).
def _cms_verifier(trust: EsignatureTrust) -> CmsSignatureVerifier:
    from accredkit.adapters.esignature.cms import CmsSignatureVerifier

    return CmsSignatureVerifier(trust)


def _raw_verifier(trust: Any) -> X509SignatureVerifier:
    from cryptography.hazmat.primitives import serialization

    from accredkit.adapters.esignature.x509 import X509SignatureVerifier

    roots = [cert.public_bytes(serialization.Encoding.PEM) for cert in trust.roots]
    inter = [cert.public_bytes(serialization.Encoding.PEM) for cert in trust.intermediates]
    return X509SignatureVerifier(roots, inter)


@hookimpl
def accredkit_register_esignature_verifiers(register: Any) -> None:
    """``cms`` (detached CMS, RSA and ECDSA) and ``raw`` (P-256 or Ed25519 over the challenge)."""
    register("cms", _cms_verifier, "detached CMS SignedData, RSA and ECDSA, with CRLs")
    register(
        "raw",
        _raw_verifier,
        "a raw ECDSA P-256 or Ed25519 signature (development)",
        fallback=True,  # it takes any non-CMS bytes as a signature: ask it last
    )


# The accounts' and documents' own dependencies: each built when bootstrap asks for it,
# importing its library only then (docs/benchmarks.md, start-up).
def _holidays(request: AdapterRequest) -> object:
    from datetime import date

    from accredkit.adapters.holidays_calendar import HolidaysCalendar

    overrides: dict[date, bool] = {}
    for day, working in request.config.calendar_overrides.items():
        try:
            overrides[date.fromisoformat(str(day))] = bool(working)
        except ValueError:
            raise ConfigurationError(
                f"config key 'calendar_overrides': {day!r} is not a date (YYYY-MM-DD)",
                message_ru=f"Ключ 'calendar_overrides': {day!r} — не дата (ГГГГ-ММ-ДД).",
                code="config.calendar",
                value=day,
            ) from None
    country = request.rest or request.config.calendar_country
    return HolidaysCalendar(country, overrides)


@hookimpl
def accredkit_register_calendars(register: Any) -> None:
    """``holidays:`` (the country of ``calendar_country``) or ``holidays:KZ``."""
    register("holidays", _holidays, "the production calendar of the holidays package")


def _standard_inspector(request: AdapterRequest) -> object:
    from accredkit.adapters.inspection.shared import shared_inspector

    return shared_inspector()


@hookimpl
def accredkit_register_document_inspectors(register: Any) -> None:
    """``standard:``: libmagic, qpdf, PDFium and Pillow under a work budget."""
    register("standard", _standard_inspector, "libmagic, qpdf, PDFium and Pillow")


def _argon2id(request: AdapterRequest) -> object:
    from accredkit.adapters.crypto.password_hasher import Argon2idHasher

    return Argon2idHasher(salt_source=request.random_bytes)


@hookimpl
def accredkit_register_password_hashers(register: Any) -> None:
    """``argon2id:``: Argon2id with the OWASP parameters (docs/security.md)."""
    register("argon2id", _argon2id, "Argon2id through cryptography")


def _rfc6238(request: AdapterRequest) -> object:
    from accredkit.adapters.crypto.totp import TotpAuthenticator

    return TotpAuthenticator(random_bytes=request.random_bytes)


@hookimpl
def accredkit_register_totp_verifiers(register: Any) -> None:
    """``rfc6238:``: 6 digits, 30-second steps, one step of drift, no replays."""
    register("rfc6238", _rfc6238, "TOTP (RFC 6238) on pyotp")


def _aes_gcm(request: AdapterRequest) -> object:
    from accredkit.adapters.crypto.aes_gcm import AesGcmSealer

    if request.key is None:
        raise ConfigurationError(
            "the sealer needs the key bootstrap derives from 'otp_key'",
            message_ru="Для шифрования секретов нужен ключ, получаемый из 'otp_key'.",
            code="config.sealer_key",
        )
    return AesGcmSealer({1: request.key}, 1, random_bytes=request.random_bytes)


@hookimpl
def accredkit_register_secret_sealers(register: Any) -> None:
    """``aes-gcm:``: AES-256-GCM with a key derived from ``otp_key``."""
    register("aes-gcm", _aes_gcm, "AES-256-GCM through cryptography")
