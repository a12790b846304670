"""Verify an audit journal against its signed tree heads, streaming, in bounded memory.

What a regulator holds is the entries, the signed heads and a public key. The
verifier reads the entries once, in order, keeping only the right edge of the
Merkle tree, and stops at the first problem, naming the entry and the damage:

- the store's sequence numbers must run 0, 1, 2… (a gap is a *missing* entry, a
  repeat an *inserted* one, a step back a *reordered* one);
- the tree root at every head's size must equal the signed root, and heads of one
  size must agree; fewer entries than the largest head covers is *truncation*
  (a cut tail, or an older copy of the database restored behind the checkpoint
  kept outside it);
- each entry must decode and carry its own number. The Merkle tree already binds
  every byte of the entries under a head, so decoding is needed only to *name*
  damage: it runs for the unsigned tail, and — once a root fails — over the failed
  range again (``reread``) to find the first entry that is out of place. Keeping
  the decoding out of the signed stretch is what lets verification run at about
  twice the cost of hashing the stored bytes once.

Signatures are checked through a passed-in ``verify_signature(public_key, data,
signature)``, so this module stays pure.
"""

from __future__ import annotations

import enum
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

import attrs

from accredkit.domain.journal import JournalEntry
from accredkit.domain.journal_heads import SignedTreeHead
from accredkit.domain.merkle import EMPTY_ROOT, CompactRange
from accredkit.errors import ValidationError

__all__ = [
    "Damage",
    "EntryReader",
    "SignatureCheck",
    "VerificationReport",
    "verify_journal",
]

SignatureCheck = Callable[[bytes, bytes, bytes], bool]
# Reads the stored entries from ``start`` to ``stop`` (exclusive; ``None``: to the end).
EntryReader = Callable[[int, int | None], Iterable[tuple[int, bytes]]]

_LOOKAHEAD = 1_000_000
_sha256 = hashlib.sha256
_JOURNAL = "journal"
_CHECKPOINT = "checkpoint"


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


@attrs.frozen
class VerificationReport:
    """The verdict: intact, or the first problem with the entry and head it concerns."""

    ok: bool
    entries_checked: int
    heads_checked: int
    message_ru: str
    message_en: str
    damage: Damage | None = None
    first_bad_seq: int | None = None
    suspect_range: tuple[int, int] | None = None
    head_size: int | None = None
    root: bytes | None = None
    checkpoint_checked: bool = False

    def message(self, lang: str = "ru") -> str:
        """The verdict in ``lang`` (``ru`` or ``en``)."""
        return self.message_en if lang == "en" else self.message_ru

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view for the command line and APIs."""
        return {
            "ok": self.ok,
            "entries_checked": self.entries_checked,
            "heads_checked": self.heads_checked,
            "damage": None if self.damage is None else str(self.damage),
            "first_bad_seq": self.first_bad_seq,
            "suspect_range": None if self.suspect_range is None else list(self.suspect_range),
            "head_size": self.head_size,
            "root": None if self.root is None else self.root.hex(),
            "checkpoint_checked": self.checkpoint_checked,
            "message_ru": self.message_ru,
            "message_en": self.message_en,
        }


@attrs.frozen
class _Problem:
    damage: Damage
    ru: str
    en: str
    seq: int | None = None
    suspect: tuple[int, int] | None = None
    head_size: int | None = None


def _where(source: str) -> tuple[str, str]:
    if source == _CHECKPOINT:
        return " (контрольная точка вне базы)", " (the checkpoint kept outside the database)"
    return "", ""


def _embedded_seq(data: bytes) -> int | None:
    try:
        return JournalEntry.decode(data).seq
    except ValidationError:
        return None


def _check_entry(seq: int, data: bytes, rest: Iterator[tuple[int, bytes]]) -> _Problem | None:
    """Does the entry stored at ``seq`` decode and carry ``seq``? If not, name the damage.

    Only on a mismatch are the entries after it (``rest``) read on — up to
    ``_LOOKAHEAD`` of them, one at a time — to tell a swap (number ``seq`` turns up
    later), a removal or insertion (the rest run on shifted) and an entry changed
    in place (its neighbours keep their numbers) apart.
    """
    found = _embedded_seq(data)
    if found is None:
        return _Problem(
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
            return _Problem(
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
        return _Problem(
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
        return _Problem(
            Damage.MISSING,
            f"{gone_ru}: после №{seq - 1} сразу идет №{found}." if seq else f"{gone_ru}.",
            f"{gone_en}: entry {found} follows entry {seq - 1}." if seq else f"{gone_en}.",
            seq,
        )
    return _changed_in_place(seq, found)


def _changed_in_place(seq: int, found: int) -> _Problem:
    return _Problem(
        Damage.CHANGED,
        f"Запись №{seq} несет номер {found}, а соседние записи на своих местах: "
        "запись подменена или изменен ее номер.",
        f"Entry {seq} carries number {found} while its neighbours are in place: "
        "the entry was replaced or its number edited.",
        seq,
    )


def _out_of_sequence(
    expected: int, seq: int, rest: Iterator[tuple[int, bytes]] | None = None
) -> _Problem:
    """The store itself numbers entries out of order; ``rest`` is read ahead for a swap."""
    if seq > expected:
        if rest is not None and any(s == expected for s, _ in islice(rest, _LOOKAHEAD)):
            return _Problem(
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
        return _Problem(
            Damage.MISSING,
            f"В журнале нет {gone_ru}.",
            f"The journal has no {gone_en}.",
            expected,
        )
    if seq == expected - 1:
        return _Problem(
            Damage.INSERTED,
            f"Номер {seq} встречается в журнале дважды.",
            f"Sequence number {seq} appears twice in the journal.",
            expected,
        )
    return _Problem(
        Damage.REORDERED,
        f"После записи №{expected - 1} идет №{seq}: порядок нарушен.",
        f"Entry {seq} follows entry {expected - 1}: the order is broken.",
        expected,
    )


def _diagnose(lo: int, hi: int, source: str, reread: EntryReader | None) -> _Problem:
    """The root at ``hi`` failed: find the first entry in ``[lo, hi)`` that is out of place."""
    where_ru, where_en = _where(source)
    if reread is not None:
        entries = iter(reread(lo, None))  # past ``hi`` too: the lookahead may need it
        expected = lo
        for seq, data in entries:
            if seq != expected or seq >= hi:
                break
            problem = _check_entry(seq, data, entries)
            if problem is not None:
                return attrs.evolve(problem, head_size=hi)
            expected += 1
    return _Problem(
        Damage.CHANGED,
        f"Записи №{lo}…№{hi - 1} не совпадают с подписанным снимком журнала на {hi} "
        f"записей{where_ru}: содержимое одной из них изменено.",
        f"Entries {lo}…{hi - 1} do not match the signed tree head at size {hi}{where_en}: "
        "the content of one of them was changed.",
        lo,
        (lo, hi),
        hi,
    )


def _read_heads(
    heads: Iterable[tuple[SignedTreeHead | bytes, str]],
    public_key: bytes,
    verify_signature: SignatureCheck,
    key_id: str | None,
) -> tuple[dict[int, tuple[bytes, str]], int, _Problem | None]:
    """Every head decoded and authenticated: size → (root, where it came from)."""
    targets: dict[int, tuple[bytes, str]] = {}
    count = 0
    for raw, source in heads:
        count += 1
        where_ru, where_en = _where(source)
        try:
            signed = raw if isinstance(raw, SignedTreeHead) else SignedTreeHead.decode(raw)
        except ValueError:
            problem = _Problem(
                Damage.BAD_SIGNATURE,
                f"Подписанный снимок журнала{where_ru} не читается.",
                f"A signed tree head{where_en} cannot be read.",
            )
            return targets, count, problem
        head = signed.head
        authentic = (key_id is None or signed.key_id == key_id) and verify_signature(
            public_key, head.to_bytes(), signed.signature
        )
        if not authentic:
            problem = _Problem(
                Damage.BAD_SIGNATURE,
                f"Подпись снимка журнала на {head.size} записей{where_ru} не проверяется "
                "ключом кабинета.",
                f"The signature on the tree head at size {head.size}{where_en} does not "
                "verify with the cabinet's key.",
                head_size=head.size,
            )
            return targets, count, problem
        known = targets.get(head.size)
        if known is not None and known[0] != head.root:
            problem = _Problem(
                Damage.HEAD_MISMATCH,
                f"Два подписанных снимка на {head.size} записей расходятся в корне дерева"
                f"{where_ru}: журнал раздвоен.",
                f"Two signed tree heads at size {head.size} disagree on the root{where_en}: "
                "the journal was forked.",
                head_size=head.size,
            )
            return targets, count, problem
        if known is None or source == _CHECKPOINT:
            targets[head.size] = (head.root, source)
    return targets, count, None


def _tagged(
    heads: Iterable[SignedTreeHead | bytes], checkpoint: SignedTreeHead | bytes | None
) -> Iterator[tuple[SignedTreeHead | bytes, str]]:
    for head in heads:
        yield head, _JOURNAL
    if checkpoint is not None:
        yield checkpoint, _CHECKPOINT


def verify_journal(
    entries: Iterable[tuple[int, bytes]],
    heads: Iterable[SignedTreeHead | bytes],
    *,
    public_key: bytes,
    verify_signature: SignatureCheck,
    checkpoint: SignedTreeHead | bytes | None = None,
    key_id: str | None = None,
    reread: EntryReader | None = None,
    decode_all: bool = False,
) -> VerificationReport:
    """Check ``entries`` (``(seq, stored bytes)`` in order) against signed ``heads``.

    Args:
        entries: every stored entry, in sequence order, read once.
        heads: the signed tree heads kept with the journal (objects or stored bytes).
        public_key: the cabinet's public key, passed to ``verify_signature``.
        verify_signature: ``(public_key, data, signature) -> bool``.
        checkpoint: the latest signed head kept outside the database, if any.
        key_id: when given, heads must name this key.
        reread: reads ``[start, stop)`` again to name the entry behind a failed root;
            without it such damage is reported as a range.
        decode_all: decode every entry, not only the unsigned tail.

    Returns:
        A report; ``ok`` only when nothing is wrong.
    """
    targets, heads_checked, problem = _read_heads(
        _tagged(heads, checkpoint), public_key, verify_signature, key_id
    )
    if problem is not None:
        return _report(problem, 0, heads_checked, checkpoint is not None)
    if 0 in targets and targets[0][0] != EMPTY_ROOT:
        problem = _Problem(
            Damage.HEAD_MISMATCH,
            "Подписанный снимок пустого журнала несет корень непустого дерева.",
            "The signed tree head at size 0 carries a root other than the empty tree's.",
            head_size=0,
        )
        return _report(problem, 0, heads_checked, checkpoint is not None)
    sizes = sorted(s for s in targets if s > 0)
    covered = sizes[-1] if sizes else 0
    pending = iter(sizes)
    target = next(pending, -1)
    last_good = 0
    # The right edge of the tree, kept inline (CompactRange.append, unrolled): this
    # loop is the whole cost of verification, and a method call per entry shows.
    stack: list[bytes] = []
    push, pop = stack.append, stack.pop
    sha256 = _sha256
    size = 0
    stream = iter(entries)
    for seq, data in stream:
        if seq != size:
            problem = _out_of_sequence(size, seq, stream)
            return _report(problem, size, heads_checked, checkpoint is not None)
        if decode_all or size >= covered:
            problem = _check_entry(seq, data, stream)
            if problem is not None:
                return _report(problem, size, heads_checked, checkpoint is not None)
        push(sha256(b"\x00" + data).digest())
        carry = size
        while carry & 1:
            right = pop()
            stack[-1] = sha256(b"\x01" + stack[-1] + right).digest()
            carry >>= 1
        size += 1
        if size == target:
            root, source = targets[size]
            if CompactRange(size, stack).root() != root:
                problem = _diagnose(last_good, size, source, reread)
                return _report(problem, size, heads_checked, checkpoint is not None)
            last_good = size
            target = next(pending, -1)
    if size < covered:
        source = targets[covered][1]
        where_ru, where_en = _where(source)
        problem = _Problem(
            Damage.TRUNCATED,
            f"Журнал обрывается на {size} записях, а подписанный снимок{where_ru} охватывает "
            f"{covered}: записи №{size}…№{covered - 1} утрачены (обрезан хвост или "
            "восстановлена старая копия базы).",
            f"The journal ends after {size} entries, but the signed tree head{where_en} "
            f"covers {covered}: entries {size}…{covered - 1} are gone (the tail was cut "
            "or an older copy of the database was restored).",
            size,
            (size, covered),
            covered,
        )
        return _report(problem, size, heads_checked, checkpoint is not None)
    root = CompactRange(size, stack).root()
    unsigned = size - covered
    return VerificationReport(
        ok=True,
        entries_checked=size,
        heads_checked=heads_checked,
        message_ru=f"Журнал цел: {size} записей, подписанных снимков {heads_checked}, "
        f"не охвачено подписью {unsigned}.",
        message_en=f"The journal is intact: {size} entries, {heads_checked} signed heads, "
        f"{unsigned} not yet under a signed head.",
        root=root,
        checkpoint_checked=checkpoint is not None,
    )


def _report(problem: _Problem, checked: int, heads: int, checkpoint: bool) -> VerificationReport:
    return VerificationReport(
        ok=False,
        entries_checked=checked,
        heads_checked=heads,
        message_ru=problem.ru,
        message_en=problem.en,
        damage=problem.damage,
        first_bad_seq=problem.seq,
        suspect_range=problem.suspect,
        head_size=problem.head_size,
        checkpoint_checked=checkpoint,
    )
