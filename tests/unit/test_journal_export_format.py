"""The export file format: exact bytes out, exact bytes back, damage kept visible."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from accredkit.domain.journal.export import (
    EXPORT_MAGIC,
    ExportHeader,
    export_lines,
    parse_export,
)
from accredkit.testing.journal_strategies import sample_drafts

HEADER = ExportHeader(
    origin="accredkit.journal",
    public_key="-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    key_id="0123456789abcdef",
    algorithm="ed25519",
    entries=3,
    heads=2,
    checkpoint=True,
    exported_at=datetime(2026, 1, 12, 9, 0, tzinfo=UTC),
)
ENTRIES = [(seq, draft.encode(seq)) for seq, draft in enumerate(sample_drafts(3))]


def lines(entries: list[tuple[int, bytes]] = ENTRIES) -> list[bytes]:
    return list(export_lines(HEADER, [b"head one", b"head\ntwo"], b"kept", entries))


def test_an_export_reads_back_exactly() -> None:
    written = lines()
    assert written[0] == EXPORT_MAGIC
    assert all(line.endswith(b"\n") and line.count(b"\n") == 1 for line in written)
    parsed = parse_export(iter(written))
    assert parsed.header == HEADER
    assert parsed.heads == [b"head one", b"head\ntwo"]
    assert parsed.checkpoint == b"kept"
    assert list(parsed.entries) == ENTRIES


def test_entries_travel_as_their_stored_bytes() -> None:
    entry_lines = [line for line in lines() if line.startswith(b"entry\t")]
    assert entry_lines[1] == b"entry\t1\t" + ENTRIES[1][1] + b"\n"


def test_damaged_bytes_with_line_breaks_survive_the_trip() -> None:
    damaged = [(0, ENTRIES[0][1]), (1, b"broken\nentry\r"), (2, b"tab\there")]
    written = lines(damaged)
    assert any(line.startswith(b"entry64\t1\t") for line in written)
    assert list(parse_export(iter(written)).entries) == damaged


def test_a_line_that_does_not_parse_becomes_an_empty_entry_in_its_place() -> None:
    written = lines()
    written[-2] = b"entry\tnot-a-number\t{}\n"
    written.append(b"entry64\t3\t***\n")
    assert list(parse_export(iter(written)).entries)[1:] == [(1, b""), (2, ENTRIES[2][1]), (3, b"")]


def test_an_export_without_entries_or_checkpoint() -> None:
    written = list(export_lines(HEADER, [], None, []))
    parsed = parse_export(iter(written))
    assert parsed.heads == []
    assert parsed.checkpoint is None
    assert list(parsed.entries) == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda w: [b"something else\n", *w[1:]],
        lambda w: [w[0], b"header\t{}\n", *w[2:]],
        lambda w: [w[0], b"header\t{ }\n", *w[2:]],
        lambda w: [w[0], *w[2:]],
        lambda w: [w[0], w[1], b"head\t***\n", *w[2:]],
        lambda w: [w[0], w[1], b"mystery\tAAAA\n", *w[2:]],
        lambda w: [],
    ],
)
def test_a_file_that_is_not_an_export_is_refused(damage: object) -> None:
    written = damage(lines())  # type: ignore[operator]
    with pytest.raises(ValueError, match="export"):
        parse_export(iter(written))
