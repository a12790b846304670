"""The audit journal's use cases: checkpoint, verify, prove, export (docs/journal.md).

Every use case's entries are derived from its events by the journal table
(``services/journal/table.py``) inside the unit of work of the change they record; the
store numbers them at commit.
This service seals what was appended: ``checkpoint`` signs a tree head, stores it,
and writes it to the sink outside the database. The compact range of the tree at
that head is kept too (collection ``journal_tree``), so the next checkpoint hashes
only the entries appended since — after checking that range against the signed
root, and the signed root against the copy outside the database.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from accredkit._atomic_files import write_atomically
from accredkit.domain.authority.actors import Actor
from accredkit.domain.journal.export import ExportHeader, export_lines
from accredkit.domain.journal.heads import JOURNAL_ORIGIN, JournalTree, SignedTreeHead, TreeHead
from accredkit.domain.journal.merkle import (
    CompactRange,
    leaf_hash,
)
from accredkit.domain.journal.proofs import ConsistencyProof, InclusionProof
from accredkit.domain.journal.verify import (
    SignatureCheck,
    VerificationReport,
    checkpoint_missing,
    verify_journal,
)
from accredkit.domain.progress import Progress, reported
from accredkit.errors import JournalDamaged, NotFound
from accredkit.ports.checkpoint import CheckpointSink
from accredkit.ports.clock import Clock
from accredkit.ports.signer import Signer
from accredkit.ports.storage import JournalStore, Storage, UnitOfWork
from accredkit.services.authority import Authority
from accredkit.services.journal.proofs import consistency_between, inclusion_under
from accredkit.services.schema import JOURNAL_TREE
from accredkit.services.screening import screened

__all__ = ["JournalExport", "JournalService"]

_TREE_ID = "tree"


@attrs.frozen
class JournalExport:
    """What ``export`` wrote."""

    path: str
    entries: int
    heads: int
    checkpoint: bool


def _damaged(en: str, ru: str) -> JournalDamaged:
    return JournalDamaged(en, message_ru=ru)


@screened
class JournalService:
    """Seal, check, prove and export the audit journal (``cabinet.journal``)."""

    def __init__(
        self,
        storage: Storage,
        signer: Signer,
        clock: Clock,
        checkpoint: CheckpointSink,
        verify_signature: SignatureCheck,
        *,
        authority: Authority,
        origin: str = JOURNAL_ORIGIN,
    ) -> None:
        self.storage = storage
        self.signer = signer
        self.clock = clock
        self.sink = checkpoint
        self.verify_signature = verify_signature
        self.origin = origin
        self.authority = authority

    def _admit(self, actor: Actor, action: str) -> None:
        """Auditors, administrators and the host's ``SYSTEM`` (``docs/authority.md``)."""
        self.authority.admit_in(self.storage, actor, action)

    # -- keys and heads -----------------------------------------------------------------

    @property
    def public_key(self) -> bytes:
        """The PEM public key every signed head of this journal checks against."""
        return self.signer.public_key_pem()

    def _authentic(self, head: SignedTreeHead) -> bool:
        return head.key_id == self.signer.key_id and self.verify_signature(
            self.public_key, head.head.to_bytes(), head.signature
        )

    def _decode(self, data: bytes, where_en: str, where_ru: str) -> SignedTreeHead:
        try:
            head = SignedTreeHead.decode(data)
        except ValueError:
            raise _damaged(
                f"the signed tree head {where_en} cannot be read",
                f"Подписанный снимок журнала {where_ru} не читается.",
            ) from None
        if not self._authentic(head):
            raise _damaged(
                f"the tree head at size {head.size} {where_en} is not signed by this cabinet's key",
                f"Снимок журнала на {head.size} записей {where_ru} подписан не ключом кабинета.",
            )
        return head

    def _external(self) -> SignedTreeHead | None:
        data = self.sink.read()
        if data is None:
            return None
        return self._decode(data, "kept outside the database", "во внешней контрольной точке")

    def heads(self, actor: Actor) -> list[SignedTreeHead]:
        """Every signed tree head in the database, oldest first, each authenticated.

        Raises:
            JournalDamaged: a head cannot be read or is not signed by this cabinet's key.
        """
        self._admit(actor, "journal.heads")
        with self.storage.unit_of_work() as uow:
            return [self._decode(d, "in the database", "в базе") for _, d in uow.journal.heads()]

    def latest_head(self, actor: Actor) -> SignedTreeHead | None:
        """The newest signed tree head in the database, authenticated."""
        self._admit(actor, "journal.latest_head")
        with self.storage.unit_of_work() as uow:
            found = uow.journal.latest_head()
        return None if found is None else self._decode(found[1], "in the database", "в базе")

    # -- checkpoint -----------------------------------------------------------------------

    def checkpoint(self, actor: Actor) -> SignedTreeHead:
        """Sign a tree head over every committed entry; store it and write it outside.

        Returns the latest head unchanged when nothing was appended since. Refuses —
        signing nothing — when the journal no longer matches its newest signed head or
        the copy outside the database (an older backup restored, a tail cut).

        Raises:
            JournalDamaged: the journal contradicts a signed head; run ``verify``.
            Conflict: another checkpoint committed first; retry.
            PortUnavailable: the checkpoint outside the database could not be written.
        """
        self._admit(actor, "journal.checkpoint")
        external = self._external()
        with self.storage.unit_of_work() as uow:
            found = uow.journal.latest_head()
            latest = None if found is None else self._decode(found[1], "in the database", "в базе")
            trees = uow.repository(JOURNAL_TREE)
            state = trees.find(_TREE_ID)
            compact = self._resume(state, latest, external)
            self._advance(uow.journal, compact, [h for h in (latest, external) if h is not None])
            if latest is not None and compact.size == latest.size:
                head = latest
            else:
                head = self._sign(compact)
                uow.journal.add_head(head.size, head.encode())
                hashes = tuple(h.hex() for h in compact.hashes)
                if state is None:
                    trees.add(JournalTree(_TREE_ID, 0, compact.size, hashes))
                else:
                    trees.update(attrs.evolve(state, size=compact.size, hashes=hashes))
                uow.commit()
        self._publish(head)
        return head

    def _resume(
        self,
        state: JournalTree | None,
        latest: SignedTreeHead | None,
        external: SignedTreeHead | None,
    ) -> CompactRange:
        """The kept range at the latest head — if the signed root vouches for it and the
        copy outside agrees; otherwise an empty range, to rebuild from the first entry."""
        if state is None or latest is None or state.size != latest.size:
            return CompactRange()
        if external is not None and external.head.root != latest.head.root:
            return CompactRange()  # sizes or roots differ: let _advance judge, from scratch
        try:
            compact = CompactRange.from_hashes(state.size, (bytes.fromhex(h) for h in state.hashes))
        except ValueError:
            return CompactRange()
        return compact if compact.root() == latest.head.root else CompactRange()

    @staticmethod
    def _advance(
        journal: JournalStore, compact: CompactRange, signed: list[SignedTreeHead]
    ) -> None:
        """Hash the entries after ``compact.size``, checking each signed root on the way."""
        if journal.size() < compact.size:
            raise _damaged(
                f"the journal ends after {journal.size()} entries but a signed head covers "
                f"{compact.size}",
                f"Журнал обрывается на {journal.size()} записях, а подписанный снимок охватывает "
                f"{compact.size}.",
            )
        checks = {h.size: h for h in signed if h.size > compact.size}
        for seq, data in journal.read(compact.size):
            if seq != compact.size:
                raise _damaged(
                    f"the journal has no entry {compact.size}",
                    f"В журнале нет записи №{compact.size}.",
                )
            compact.append(leaf_hash(data))
            head = checks.get(compact.size)
            if head is not None and compact.root() != head.head.root:
                raise _damaged(
                    f"entries 0…{compact.size - 1} no longer match the signed head at size "
                    f"{compact.size}",
                    f"Записи №0…№{compact.size - 1} не совпадают с подписанным снимком на "
                    f"{compact.size} записей.",
                )
        covered = max((h.size for h in signed), default=0)
        if compact.size < covered:
            raise _damaged(
                f"the journal ends after {compact.size} entries but a signed head covers {covered}",
                f"Журнал обрывается на {compact.size} записях, а подписанный снимок охватывает "
                f"{covered}.",
            )

    def _sign(self, compact: CompactRange) -> SignedTreeHead:
        head = TreeHead(compact.size, compact.root(), self.clock.now(), self.origin)
        signature = self.signer.sign(head.to_bytes())
        return SignedTreeHead(head, signature, self.signer.key_id, self.signer.algorithm)

    def _publish(self, head: SignedTreeHead) -> None:
        """Write ``head`` outside the database unless one as new is already there."""
        current = self.sink.read()
        if current is not None:
            try:
                kept = SignedTreeHead.decode(current)
            except ValueError:
                kept = None
            if kept is not None and kept.size >= head.size:
                return
        self.sink.write(head.encode())

    # -- verify ---------------------------------------------------------------------------

    def verify(
        self, actor: Actor, *, thorough: bool = False, progress: Progress | None = None
    ) -> VerificationReport:
        """Check every entry against every signed head and the copy outside the database.

        Streams the entries once in bounded memory; where a signed root fails, reads that
        stretch again to name the first entry out of place.

        Args:
            thorough: also decode the entries under signed heads (slower; the tree
                already binds their bytes).
            progress: called ``progress(entries done, entries stored)`` as the entries
                go by (``accredkit.domain.progress``).
        """
        self._admit(actor, "journal.verify")
        checkpoint = self.sink.read()
        with self.storage.unit_of_work() as uow:
            journal = uow.journal
            if checkpoint is None and "durable" in self.storage.capabilities:
                stored = journal.heads()
                if stored:
                    return checkpoint_missing(stored[-1][0])
            return verify_journal(
                reported(journal.read(), journal.size() if progress else 0, progress),
                [data for _, data in journal.heads()],
                public_key=self.public_key,
                verify_signature=self.verify_signature,
                checkpoint=checkpoint,
                key_id=self.signer.key_id,
                reread=journal.read,
                decode_all=thorough,
            )

    # -- proofs ---------------------------------------------------------------------------

    def _head_at(self, uow: UnitOfWork, size: int | None) -> SignedTreeHead:
        stored = uow.journal.heads()
        if not stored:
            raise NotFound(
                "the journal has no signed tree head yet; run a checkpoint first",
                message_ru="У журнала еще нет подписанного снимка: "
                "сначала создайте контрольную точку.",
                code="journal.no_head",
            )
        for stored_size, data in reversed(stored):
            if size is None or stored_size == size:
                return self._decode(data, "in the database", "в базе")
        raise NotFound(
            f"no signed tree head at size {size}",
            message_ru=f"Нет подписанного снимка журнала на {size} записей.",
            code="journal.no_head",
            value=size,
        )

    def prove_inclusion(self, actor: Actor, seq: int, size: int | None = None) -> InclusionProof:
        """Prove entry ``seq`` is sealed by the signed head at ``size`` (default: the latest).

        Reads the entries up to ``size`` once (O(n)).

        Raises:
            NotFound: no such entry, or no signed head covers it yet.
            JournalDamaged: the stored entries no longer match the head.
        """
        self._admit(actor, "journal.prove_inclusion")
        with self.storage.unit_of_work() as uow:
            proof = inclusion_under(uow.journal, self._head_at(uow, size), seq)
        if proof is None:
            raise _damaged(f"entry {seq} is missing", f"Запись №{seq} отсутствует.")
        if not proof.verify(self.public_key, self.verify_signature):
            raise _damaged(
                f"entry {seq} or its neighbours no longer match the signed head; run verify",
                f"Запись №{seq} или соседние записи не совпадают с подписанным снимком.",
            )
        return proof

    def prove_consistency(self, actor: Actor, old: int, new: int | None = None) -> ConsistencyProof:
        """Prove the signed head at ``new`` (default: the latest) extends the one at ``old``.

        Raises:
            NotFound: there is no signed head of that size.
            ValidationError: ``old`` is above ``new``.
            JournalDamaged: the stored entries no longer match the heads.
        """
        self._admit(actor, "journal.prove_consistency")
        with self.storage.unit_of_work() as uow:
            newer = self._head_at(uow, new)
            older = self._head_at(uow, old)
            proof = consistency_between(uow.journal, older, newer)
        if not proof.verify(self.public_key, self.verify_signature):
            raise _damaged(
                f"the journal no longer joins the heads at sizes {older.size} and {newer.size}",
                f"Журнал больше не связывает снимки на {older.size} и {newer.size} записей.",
            )
        return proof

    # -- export ---------------------------------------------------------------------------

    def export(
        self, actor: Actor, path: str | Path, *, progress: Progress | None = None
    ) -> JournalExport:
        """Write entries, signed heads, the outside checkpoint and the public key to ``path``.

        The file is written whole or not at all (temporary file, then rename); what it
        holds is enough for ``accredkit.journal_verify`` on a machine with no cabinet.
        ``progress(entries written, entries to write)`` is called as they go by
        (``accredkit.domain.progress``).
        """
        self._admit(actor, "journal.export")
        target = Path(path)
        checkpoint = self.sink.read()
        with self.storage.unit_of_work() as uow:
            heads = [data for _, data in uow.journal.heads()]
            size = uow.journal.size()
            header = ExportHeader(
                origin=self.origin,
                public_key=self.public_key.decode("ascii"),
                key_id=self.signer.key_id,
                algorithm=self.signer.algorithm,
                entries=size,
                heads=len(heads),
                checkpoint=checkpoint is not None,
                exported_at=self.clock.now(),
            )
            entries = reported(uow.journal.read(0, size), size, progress)
            lines = export_lines(header, heads, checkpoint, entries)
            write_atomically(target, lines)
        return JournalExport(str(target), size, len(heads), checkpoint is not None)
