"""Signed records (certificates, acts, revocation lists): canonical bytes and the file format.

What is signed is the canonical JSON of ``{format, kind, algorithm, key_id, payload}``:
keys sorted, no insignificant spaces, UTF-8, and no floats (a float's text is not
stable across implementations). Binding the algorithm and key id into the signed bytes
means neither can be swapped in a file without breaking the signature.

An exported file is a self-contained JSON document: the payload, the seal (algorithm,
key id, base64 signature) and the issuer's public key and X.509 certificate, so anyone
can check it offline against a key or CA certificate they already trust. The
signature table also states ``signed_sha256``, the SHA-256 of the signed bytes: the
*record digest* the record's PDF prints (docs/certificates.md); a file whose stated
digest disagrees with its content is tampered.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import attrs

from accredkit.errors import ValidationError, Violation

__all__ = [
    "FORMAT",
    "Envelope",
    "Seal",
    "canonical_bytes",
    "export_envelope",
    "parse_envelope",
    "signed_bytes",
    "signed_sha256",
]

FORMAT = "accredkit.signed/1"


def _check_plain(value: object, path: str) -> None:
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        raise TypeError(f"{path}: floats are not allowed in signed data")
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_plain(item, f"{path}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be strings")
            _check_plain(item, f"{path}.{key}")
        return
    raise TypeError(f"{path}: {type(value).__name__} is not allowed in signed data")


def canonical_bytes(value: object) -> bytes:
    """The one byte form of a JSON value: sorted keys, compact, UTF-8, no floats.

    Raises:
        TypeError: the value holds a float or something JSON cannot carry.
    """
    _check_plain(value, "$")
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def signed_bytes(kind: str, payload: Mapping[str, Any], algorithm: str, key_id: str) -> bytes:
    """The bytes a signer signs for a record of ``kind``."""
    return canonical_bytes(
        {
            "algorithm": algorithm,
            "format": FORMAT,
            "key_id": key_id,
            "kind": kind,
            "payload": dict(payload),
        }
    )


def signed_sha256(kind: str, payload: Mapping[str, Any], algorithm: str, key_id: str) -> str:
    """SHA-256 (hex) of the signed bytes: the record digest its JSON and its PDF state."""
    return hashlib.sha256(signed_bytes(kind, payload, algorithm, key_id)).hexdigest()


@attrs.frozen
class Seal:
    """A signature with what is needed to check it: the algorithm, key and certificate."""

    algorithm: str
    key_id: str
    signature: bytes
    public_key_pem: str
    certificate_pem: str | None = None


@attrs.frozen
class Envelope:
    """An exported signed record, as read back from a file (nothing checked yet)."""

    kind: str
    payload: dict[str, Any]
    seal: Seal
    stated_sha256: str | None = None
    """The ``signed_sha256`` the file states (files made before it was added have none)."""

    def signed_bytes(self) -> bytes:
        """The bytes the seal's signature must cover."""
        return signed_bytes(self.kind, self.payload, self.seal.algorithm, self.seal.key_id)

    def digest_agrees(self) -> bool:
        """Whether the stated ``signed_sha256`` (if any) is that of the content."""
        if self.stated_sha256 is None:
            return True
        digest = signed_sha256(self.kind, self.payload, self.seal.algorithm, self.seal.key_id)
        return self.stated_sha256 == digest


def export_envelope(kind: str, payload: Mapping[str, Any], seal: Seal) -> bytes:
    """The self-contained file for a signed record (UTF-8 JSON, readable by people)."""
    document = {
        "format": FORMAT,
        "kind": kind,
        "payload": dict(payload),
        "signature": {
            "algorithm": seal.algorithm,
            "key_id": seal.key_id,
            "value": base64.b64encode(seal.signature).decode("ascii"),
            "signed_sha256": signed_sha256(kind, payload, seal.algorithm, seal.key_id),
        },
        "issuer": {
            "public_key_pem": seal.public_key_pem,
            "certificate_pem": seal.certificate_pem,
        },
    }
    _check_plain(document, "$")
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _malformed(detail_en: str, detail_ru: str) -> ValidationError:
    return ValidationError.of(
        [
            Violation(
                "signed.malformed",
                "file",
                f"Файл не является подписанным документом accredkit: {detail_ru}.",
                f"not an accredkit signed document: {detail_en}",
            )
        ]
    )


def _text(table: Mapping[str, Any], key: str, *, optional: bool = False) -> Any:
    value = table.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value:
        raise _malformed(f"field {key!r} is missing or not text", f"нет поля {key!r}")
    return value


def _table(table: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = table.get(key)
    if not isinstance(value, dict):
        raise _malformed(f"field {key!r} is missing or not an object", f"нет раздела {key!r}")
    return value


MAX_ENVELOPE_BYTES = 1024 * 1024
"""The largest exported file the offline verifiers read (a certificate is a few KiB)."""
MAX_ENVELOPE_DEPTH = 16
"""The deepest nesting of objects and arrays they parse (the format needs four)."""


def _too_deep(text: str, limit: int) -> bool:
    """Whether ``text`` nests objects or arrays deeper than ``limit`` (strings skipped)."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def parse_envelope(data: bytes) -> Envelope:
    """Read an exported file without trusting anything in it.

    The size and the nesting depth are bounded before parsing (``MAX_ENVELOPE_BYTES``,
    ``MAX_ENVELOPE_DEPTH``), so a hostile file costs bounded work and memory.

    Raises:
        ValidationError: ``signed.malformed`` — too large, too deep, or not UTF-8 JSON of
            the expected shape.
    """
    if not isinstance(data, bytes | bytearray):
        raise _malformed("the file content is not bytes", "это не содержимое файла")
    if len(data) > MAX_ENVELOPE_BYTES:
        raise _malformed(
            f"larger than {MAX_ENVELOPE_BYTES} bytes", f"больше {MAX_ENVELOPE_BYTES} байт"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _malformed(f"not UTF-8 JSON ({error})", "это не JSON в UTF-8") from error
    if _too_deep(text, MAX_ENVELOPE_DEPTH):
        raise _malformed(
            f"nested deeper than {MAX_ENVELOPE_DEPTH} levels", "слишком глубокая вложенность"
        )
    try:
        document = json.loads(text, parse_float=_no_float)
    except (ValueError, TypeError, RecursionError) as error:
        raise _malformed(f"not UTF-8 JSON ({error})", "это не JSON в UTF-8") from error
    if not isinstance(document, dict):
        raise _malformed("the top level is not an object", "неверная структура")
    if document.get("format") != FORMAT:
        raise _malformed(f"format is not {FORMAT!r}", "неизвестный формат")
    signature = _table(document, "signature")
    issuer = _table(document, "issuer")
    try:
        raw = base64.b64decode(_text(signature, "value"), validate=True)
    except (binascii.Error, ValueError) as error:
        raise _malformed("the signature is not base64", "подпись повреждена") from error
    seal = Seal(
        algorithm=_text(signature, "algorithm"),
        key_id=_text(signature, "key_id"),
        signature=raw,
        public_key_pem=_text(issuer, "public_key_pem"),
        certificate_pem=_text(issuer, "certificate_pem", optional=True),
    )
    return Envelope(
        kind=_text(document, "kind"),
        payload=_table(document, "payload"),
        seal=seal,
        stated_sha256=_text(signature, "signed_sha256", optional=True),
    )


def _no_float(text: str) -> float:
    raise ValueError(f"floats are not allowed in signed documents ({text})")
