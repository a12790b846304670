"""Naming damage in an audit journal: which entry, and what was done to it.

The Merkle tree tells *that* a stretch of the journal changed; these rules tell
*what*: an entry that does not decode, one carrying another entry's number, a swap,
a removal or an insertion with the rest renumbered — read from the numbers the
store keeps and the numbers the entries carry. Reading ahead to tell a swap from a
removal holds one number at a time, so memory stays bounded.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import attrs

from accredkit.domain.journal.entries import JournalEntry
from accredkit.errors import ValidationError

__all__ = [
    "CHECKPOINT",
    "JOURNAL",
    "Damage",
    "EntryReader",
    "Finding",
    "classify_entry",
    "classify_numbering",
    "diagnose",
    "where",
]

# Reads the stored entries from ``start`` to ``stop`` (exclusive; ``None``: to the end).
EntryReader = Callable[[int, int | None], Iterable[tuple[int, bytes]]]

_LOOKAHEAD = 1_000_000
JOURNAL = "journal"
CHECKPOINT = "checkpoint"


class Damage(enum.StrEnum):
    """What kind of damage verification found."""

    CHANGED = "changed"  # an entry's bytes differ from what was signed
    MISSING = "missing"  # an entry was removed
    INSERTED = "inserted"  # an entry was added or repeated
    REORDERED = "reordered"  # entries are out of order
    TRUNCATED = "truncated"  # fewer entries than a signed head covers
    BAD_SIGNATURE = "bad_signature"  # a head is unreadable or not signed by the key
    HEAD_MISMATCH = "head_mismatch"  # two signed heads for one size disagree
    UNDECODABLE = "undecodable"  # an entry's bytes are not a journal entry
    CHECKPOINT_MISSING = "checkpoint_missing"  # signed heads exist, the copy outside is gone


@attrs.frozen
class Finding:
    """One problem: its kind, ru/en messages, the first entry and the head it concerns."""

    damage: Damage
    ru: str
    en: str
    seq: int | None = None
    suspect: tuple[int, int] | None = None
    head_size: int | None = None


def where(source: str) -> tuple[str, str]:
    """How a head's source is named in messages (ru, en)."""
    if source == CHECKPOINT:
        return " (контрольная точка вне базы)", " (the checkpoint kept outside the database)"
    return "", ""


def _embedded_seq(data: bytes) -> int | None:
    try:
        return JournalEntry.decode(data).seq
    except ValidationError:
        return None


def classify_entry(seq: int, data: bytes, rest: Iterator[tuple[int, bytes]]) -> Finding | None:
    """Does the entry stored at ``seq`` decode and carry ``seq``? If not, name the damage.

    Only on a mismatch are the entries after it (``rest``) read on — up to
    ``_LOOKAHEAD`` of them, one at a time — to tell a swap (number ``seq`` turns up
    later), a removal or insertion (the rest run on shifted) and an entry changed
    in place (its neighbours keep their numbers) apart.
    """
    found = _embedded_seq(data)
    if found is None:
        return Finding(
            Damage.UNDECODABLE,
            f"Запись №{seq} не читается как запись журнала: ее байты изменены.",
            f"Entry {seq} does not decode as a journal entry: its bytes were changed.",
            seq,
        )
    if found == seq:
        return None
    numbers = (_embedded_seq(later) for _, later in islice(rest, _LOOKAHEAD))
    following = next(numbers, None)
    if found < seq:
        if following == found + 1:
            return Finding(
                Damage.INSERTED,
                f"На месте №{seq} снова стоит запись №{found}: запись вставлена, "
                "остальные сдвинуты.",
                f"Position {seq} holds entry {found} again: an entry was inserted "
                "and the rest shifted.",
                seq,
            )
        return _changed_in_place(seq, found)
    moved_to = None
    for offset, number in enumerate(itertools.chain([following], numbers), start=1):
        if number == seq:
            moved_to = seq + offset
            break
    if moved_to is not None:
        return Finding(
            Damage.REORDERED,
            f"Записи переставлены: на месте №{seq} стоит №{found}, "
            f"а №{seq} — на месте №{moved_to}.",
            f"Entries are out of order: position {seq} holds entry {found}, "
            f"and entry {seq} is at position {moved_to}.",
            seq,
        )
    if following == found + 1:
        gone_ru, gone_en = (
            (f"Запись №{seq} удалена", f"Entry {seq} was removed")
            if found == seq + 1
            else (f"Записи №{seq}…№{found - 1} удалены", f"Entries {seq}…{found - 1} were removed")
        )
        return Finding(
            Damage.MISSING,
            f"{gone_ru}: после №{seq - 1} сразу идет №{found}." if seq else f"{gone_ru}.",
            f"{gone_en}: entry {found} follows entry {seq - 1}." if seq else f"{gone_en}.",
            seq,
        )
    return _changed_in_place(seq, found)


def _changed_in_place(seq: int, found: int) -> Finding:
    return Finding(
        Damage.CHANGED,
        f"Запись №{seq} несет номер {found}, а соседние записи на своих местах: "
        "запись подменена или изменен ее номер.",
        f"Entry {seq} carries number {found} while its neighbours are in place: "
        "the entry was replaced or its number edited.",
        seq,
    )


def classify_numbering(
    expected: int, seq: int, rest: Iterator[tuple[int, bytes]] | None = None
) -> Finding:
    """The store itself numbers entries out of order; ``rest`` is read ahead for a swap."""
    if seq > expected:
        if rest is not None and any(s == expected for s, _ in islice(rest, _LOOKAHEAD)):
            return Finding(
                Damage.REORDERED,
                f"После записи №{expected - 1} идет №{seq}, а №{expected} — позже: "
                "порядок нарушен.",
                f"Entry {seq} follows entry {expected - 1}, and entry {expected} comes later: "
                "the order is broken.",
                expected,
            )
        gone_ru, gone_en = (
            (f"записи №{expected}", f"entry {expected}")
            if seq == expected + 1
            else (f"записей №{expected}…№{seq - 1}", f"entries {expected}…{seq - 1}")
        )
        return Finding(
            Damage.MISSING,
            f"В журнале нет {gone_ru}.",
            f"The journal has no {gone_en}.",
            expected,
        )
    if seq == expected - 1:
        return Finding(
            Damage.INSERTED,
            f"Номер {seq} встречается в журнале дважды.",
            f"Sequence number {seq} appears twice in the journal.",
            expected,
        )
    return Finding(
        Damage.REORDERED,
        f"После записи №{expected - 1} идет №{seq}: порядок нарушен.",
        f"Entry {seq} follows entry {expected - 1}: the order is broken.",
        expected,
    )


def diagnose(lo: int, hi: int, source: str, reread: EntryReader | None) -> Finding:
    """The root at ``hi`` failed: find the first entry in ``[lo, hi)`` that is out of place."""
    where_ru, where_en = where(source)
    if reread is not None:
        entries = iter(reread(lo, None))  # past ``hi`` too: the lookahead may need it
        expected = lo
        for seq, data in entries:
            if seq != expected or seq >= hi:
                break
            problem = classify_entry(seq, data, entries)
            if problem is not None:
                return attrs.evolve(problem, head_size=hi)
            expected += 1
    return Finding(
        Damage.CHANGED,
        f"Записи №{lo}…№{hi - 1} не совпадают с подписанным снимком журнала на {hi} "
        f"записей{where_ru}: содержимое одной из них изменено.",
        f"Entries {lo}…{hi - 1} do not match the signed tree head at size {hi}{where_en}: "
        "the content of one of them was changed.",
        lo,
        (lo, hi),
        hi,
    )
