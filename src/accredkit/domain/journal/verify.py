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

import hashlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

import attrs

from accredkit.domain.journal.damage import (
    CHECKPOINT,
    JOURNAL,
    Damage,
    EntryReader,
    Finding,
    classify_entry,
    classify_numbering,
    diagnose,
    where,
)
from accredkit.domain.journal.heads import SignedTreeHead
from accredkit.domain.journal.merkle import EMPTY_ROOT, CompactRange, leaf_hash

__all__ = [
    "Damage",
    "EntryReader",
    "SignatureCheck",
    "VerificationReport",
    "checkpoint_missing",
    "verify_journal",
]

SignatureCheck = Callable[[bytes, bytes, bytes], bool]

_sha256 = hashlib.sha256


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
    unsigned_entries: int = 0
    """Entries after the newest signed head: how far the database may run ahead of what
    the outside checkpoint vouches for — a restore could lose them unnoticed."""

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
            "unsigned_entries": self.unsigned_entries,
            "message_ru": self.message_ru,
            "message_en": self.message_en,
        }


def _read_heads(
    heads: Iterable[tuple[SignedTreeHead | bytes, str]],
    public_key: bytes,
    verify_signature: SignatureCheck,
    key_id: str | None,
) -> tuple[dict[int, tuple[bytes, str]], int, Finding | None]:
    """Every head decoded and authenticated: size → (root, where it came from)."""
    targets: dict[int, tuple[bytes, str]] = {}
    count = 0
    for raw, source in heads:
        count += 1
        where_ru, where_en = where(source)
        try:
            signed = raw if isinstance(raw, SignedTreeHead) else SignedTreeHead.decode(raw)
        except ValueError:
            problem = Finding(
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
            problem = Finding(
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
            problem = Finding(
                Damage.HEAD_MISMATCH,
                f"Два подписанных снимка на {head.size} записей расходятся в корне дерева"
                f"{where_ru}: журнал раздвоен.",
                f"Two signed tree heads at size {head.size} disagree on the root{where_en}: "
                "the journal was forked.",
                head_size=head.size,
            )
            return targets, count, problem
        if known is None or source == CHECKPOINT:
            targets[head.size] = (head.root, source)
    return targets, count, None


def _tagged(
    heads: Iterable[SignedTreeHead | bytes], checkpoint: SignedTreeHead | bytes | None
) -> Iterator[tuple[SignedTreeHead | bytes, str]]:
    for head in heads:
        yield head, JOURNAL
    if checkpoint is not None:
        yield checkpoint, CHECKPOINT


def _signed_stretch(
    stream: Iterator[tuple[int, bytes]], stack: list[bytes], size: int, stop: int
) -> tuple[int, Finding | None]:
    """Hash entries onto ``stack`` (the tree's right edge) until ``stop`` of them.

    Under a signed head the tree binds every byte, so nothing is decoded: this loop
    is the whole cost of verification. It is ``CompactRange.append`` unrolled, taking
    entries two at a time so a left and a right leaf hash straight into their parent.
    Returns the new size (short of ``stop`` if the entries ran out) and any slip in
    the store's numbering.
    """
    push, pop, sha256 = stack.append, stack.pop, _sha256
    while size < stop:
        if size & 1 or size + 1 == stop:  # one leaf: to realign, or the last one
            item = next(stream, None)
            if item is None:
                return size, None
            if item[0] != size:
                return size, classify_numbering(size, item[0], stream)
            node = sha256(b"\x00" + item[1]).digest()
            carry = size
            while carry & 1:
                node = sha256(b"\x01" + pop() + node).digest()
                carry >>= 1
            push(node)
            size += 1
            continue
        end = stop - (stop - size) % 2
        chunk = islice(stream, end - size)
        for seq, data in chunk:
            if seq != size:
                return size, classify_numbering(size, seq, stream)
            second = next(chunk, None)
            if second is None or second[0] != size + 1:
                push(sha256(b"\x00" + data).digest())  # a left leaf: nothing to merge
                size += 1
                if second is None:
                    return size, None
                return size, classify_numbering(size, second[0], stream)
            node = sha256(
                b"\x01" + sha256(b"\x00" + data).digest() + sha256(b"\x00" + second[1]).digest()
            ).digest()
            carry = size >> 1
            while carry & 1:
                node = sha256(b"\x01" + pop() + node).digest()
                carry >>= 1
            push(node)
            size += 2
        if size < end:
            return size, None  # the entries ran out
    return size, None


def _checked_stretch(
    stream: Iterator[tuple[int, bytes]], compact: CompactRange, stop: int | None
) -> Finding | None:
    """Decode each entry and check its number before hashing it — for the unsigned
    tail, or everywhere when verification is asked to be thorough."""
    for seq, data in stream:
        if seq != compact.size:
            return classify_numbering(compact.size, seq, stream)
        problem = classify_entry(seq, data, stream)
        if problem is not None:
            return problem
        compact.append(leaf_hash(data))
        if compact.size == stop:
            break
    return None


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
        problem = Finding(
            Damage.HEAD_MISMATCH,
            "Подписанный снимок пустого журнала несет корень непустого дерева.",
            "The signed tree head at size 0 carries a root other than the empty tree's.",
            head_size=0,
        )
        return _report(problem, 0, heads_checked, checkpoint is not None)
    sizes = sorted(s for s in targets if s > 0)
    covered = sizes[-1] if sizes else 0
    stream = iter(entries)
    stack: list[bytes] = []  # shared with the CompactRange views below
    size = last_good = 0
    for target in sizes:
        if decode_all:
            compact = CompactRange(size, stack)
            problem = _checked_stretch(stream, compact, target)
            size = compact.size
        else:
            size, problem = _signed_stretch(stream, stack, size, target)
        if problem is not None:
            return _report(problem, size, heads_checked, checkpoint is not None)
        if size < target:
            break  # the entries ran out: truncation, reported below
        root, source = targets[target]
        if CompactRange(size, stack).root() != root:
            problem = diagnose(last_good, target, source, reread)
            return _report(problem, target, heads_checked, checkpoint is not None)
        last_good = target
    if size == covered:
        compact = CompactRange(size, stack)
        problem = _checked_stretch(stream, compact, None)
        size = compact.size
        if problem is not None:
            return _report(problem, size, heads_checked, checkpoint is not None)
    if size < covered:
        source = targets[covered][1]
        where_ru, where_en = where(source)
        problem = Finding(
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
        unsigned_entries=unsigned,
    )


def _report(problem: Finding, checked: int, heads: int, checkpoint: bool) -> VerificationReport:
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


def checkpoint_missing(signed: int) -> VerificationReport:
    """A durable journal that was checkpointed does not verify without its checkpoint."""
    return VerificationReport(
        ok=False,
        entries_checked=0,
        heads_checked=0,
        message_ru=f"Журнал подписан (последний снимок — {signed} записей), но контрольной "
        "точки вне базы нет: без нее не обнаружить восстановление старой копии базы. "
        "Верните файл контрольной точки (или свидетеля) и повторите проверку.",
        message_en=f"The journal has been signed (the newest head covers {signed} entries) but "
        "the checkpoint outside the database is missing: without it a restored older copy "
        "of the database cannot be detected. Restore the checkpoint and verify again.",
        damage=Damage.CHECKPOINT_MISSING,
        head_size=signed,
    )
