"""``journal_verify``: check a journal export offline, with no cabinet (contract).

This composes the pure verifier with the file and the signature adapter, so it sits
in the top layer beside the command line. The entries stream from the file; where a
signed root fails, the file is read again to name the first entry out of place.

Pin the key. The export carries the cabinet's public key for convenience, but whoever
could rewrite the file could re-sign it with a key of their own: a regulator should
pass the key (or its id) obtained from the cabinet by another channel.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from accredkit.adapters.crypto.keys import key_id_of, verify_signature
from accredkit.domain.journal.export import ParsedExport, parse_export
from accredkit.domain.journal.verify import VerificationReport, verify_journal
from accredkit.domain.progress import Progress, reported
from accredkit.errors import ValidationError, Violation

__all__ = ["journal_verify"]


def _unreadable(path: Path, reason: str) -> ValidationError:
    return ValidationError.of(
        [
            Violation(
                "journal.export_unreadable",
                "export",
                f"Файл {path} не является выгрузкой журнала accredkit: {reason}",
                f"{path} is not an accredkit journal export: {reason}",
            )
        ],
        value=str(path),
    )


def _parse(path: Path, handle: BinaryIO) -> ParsedExport:
    try:
        return parse_export(iter(handle))
    except ValueError as error:
        raise _unreadable(path, str(error)) from None


def journal_verify(
    export: str | Path,
    *,
    public_key: bytes | None = None,
    key_id: str | None = None,
    thorough: bool = False,
    progress: Progress | None = None,
) -> VerificationReport:
    """Verify a journal export: every entry against every signed head in it.

    Args:
        export: the file ``cabinet.journal.export`` wrote.
        public_key: the cabinet's PEM public key, obtained independently (recommended).
        key_id: or just its id; the key in the export must then have this id.
        thorough: decode every entry, not only those no signed head covers yet.
        progress: called ``progress(entries done, entries the header counts)`` as the
            entries go by (``accredkit.domain.progress``).

    Returns:
        A report; ``ok`` only when nothing is wrong.

    Raises:
        ValidationError: code ``journal.export_unreadable`` — not an export, or the
            key in it is not the one pinned by ``key_id``.
    """
    path = Path(export)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise _unreadable(path, str(error.strerror)) from None
    with handle:
        parsed = _parse(path, handle)
        key = public_key if public_key is not None else parsed.header.public_key.encode("ascii")
        try:
            found = key_id_of(key)
        except (ValueError, TypeError):
            raise _unreadable(path, "the public key cannot be read") from None
        if key_id is not None and found != key_id:
            raise _unreadable(path, f"its public key is not key {key_id}")

        def reread(start: int, stop: int | None) -> Iterator[tuple[int, bytes]]:
            with path.open("rb") as again:
                for seq, data in _parse(path, again).entries:
                    if stop is not None and seq >= stop:
                        break
                    if seq >= start:
                        yield seq, data

        return verify_journal(
            reported(parsed.entries, parsed.header.entries, progress),
            parsed.heads,
            public_key=key,
            verify_signature=verify_signature,
            checkpoint=parsed.checkpoint,
            key_id=found,
            reread=reread,
            decode_all=thorough,
        )
