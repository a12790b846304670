"""The checkpoint kept in two independent places: the sink and a witness that cosigns.

The witness has a key of its own. Before it keeps a head it checks the cabinet's
signature and that the head never goes backwards: not smaller than the last head it
cosigned, the same root at the same size, and — for a larger head — a consistency
proof from the journal joining the two roots. Then it signs the head under its own
key. Reading gives the head the witness cosigned, its cosignature checked against the
witness's public key; a head in the sink the witness did not cosign is refused, so
someone holding the cabinet's key alone can neither roll the checkpoint back nor move
it on (docs/journal.md, "Witness").
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from accredkit.domain.journal.cosign import CosignedHead, cosigned_text
from accredkit.domain.journal.heads import SignedTreeHead
from accredkit.domain.journal.merkle import verify_consistency
from accredkit.domain.journal.verify import SignatureCheck
from accredkit.errors import JournalDamaged
from accredkit.ports.checkpoint import CheckpointSink
from accredkit.ports.signer import Signer

__all__ = ["ConsistencyPath", "CosigningWitness", "WitnessedCheckpoint"]

ConsistencyPath = Callable[[int, int], Sequence[bytes] | None]
"""Given an old and a new tree size: the journal's consistency proof (``None``: none)."""


def _refused(code: str, en: str, ru: str) -> JournalDamaged:
    return JournalDamaged(en, message_ru=ru, code=code)


def _size(data: bytes | None) -> int:
    if data is None:
        return -1
    try:
        return SignedTreeHead.decode(data).size
    except ValueError:
        return -1


class CosigningWitness:
    """Checks each head it is given and keeps it with its own cosignature in ``store``.

    Args:
        store: where the cosigned head is kept (a checkpoint sink of its own).
        key: the witness's signing key (never the cabinet's).
        cabinet_key: the cabinet's public key (PEM) that every head must be signed by.
        verify_signature: checks a signature with a PEM public key.
        consistency: the journal's consistency proof between two sizes (set once the
            journal is wired); without it only a head of the same size is accepted.
    """

    def __init__(
        self,
        store: CheckpointSink,
        key: Signer,
        cabinet_key: bytes,
        verify_signature: SignatureCheck,
        consistency: ConsistencyPath | None = None,
    ) -> None:
        self.store = store
        self.key = key
        self.cabinet_key = cabinet_key
        self.verify_signature = verify_signature
        self.consistency = consistency
        self.lock = threading.RLock()  # check-then-write: one head at a time in this process

    def public_key_pem(self) -> bytes:
        """The witness's public key: what checks its cosignatures."""
        return self.key.public_key_pem()

    def cosigned(self) -> CosignedHead | None:
        """The head the witness holds, its cosignature checked (``None`` before the first).

        Raises:
            JournalDamaged: ``journal.witness_unreadable`` or ``journal.witness_forged`` —
                what the witness holds is not a head it cosigned.
        """
        data = self.store.read()
        if data is None:
            return None
        try:
            held = CosignedHead.decode(data)
        except ValueError:
            raise _refused(
                "journal.witness_unreadable",
                "the witness's cosigned head cannot be read",
                "Снимок журнала, заверенный свидетелем, не читается.",
            ) from None
        if held.witness_key_id != self.key.key_id or not self.verify_signature(
            self.public_key_pem(), cosigned_text(held.head.head), held.cosignature
        ):
            raise _refused(
                "journal.witness_forged",
                f"the head at size {held.head.size} kept by the witness does not carry the "
                "witness's cosignature",
                f"Снимок журнала на {held.head.size} записей у свидетеля не заверен его ключом.",
            )
        return held

    def cosign(self, data: bytes) -> CosignedHead:
        """Check ``data`` (a signed head) against the last cosigned head, then cosign it.

        Raises:
            JournalDamaged: the head is not the cabinet's (``journal.witness_bad_head``),
                goes backwards (``journal.witness_rollback``), forks at the same size
                (``journal.witness_fork``) or does not extend the last one
                (``journal.witness_inconsistent``); nothing is kept then.
        """
        try:
            head = SignedTreeHead.decode(data)
        except ValueError:
            head = None
        if head is None or not self.verify_signature(
            self.cabinet_key, head.head.to_bytes(), head.signature
        ):
            raise _refused(
                "journal.witness_bad_head",
                "the witness was given a head not signed by the cabinet's key",
                "Свидетелю передан снимок журнала, не подписанный ключом кабинета.",
            )
        with self.lock:
            held = self.cosigned()
            if held is not None:
                self._extends(held.head, head)
                if held.head.size == head.size:
                    return held
            text = cosigned_text(head.head)
            signature = self.key.sign(text)
            cosigned = CosignedHead(head, self.key.key_id, self.key.algorithm, signature)
            self.store.write(cosigned.encode())
            return cosigned

    def precedes(self, data: bytes, held: CosignedHead) -> bool:
        """Whether ``data`` is an older head of the same journal as ``held`` (signed by
        the cabinet, and joined to it by a consistency proof): a late writer's head."""
        try:
            head = SignedTreeHead.decode(data)
        except ValueError:
            return False
        if head.size >= held.head.size or self.consistency is None:
            return False
        if not self.verify_signature(self.cabinet_key, head.head.to_bytes(), head.signature):
            return False
        path = self.consistency(head.size, held.head.size)
        return path is not None and verify_consistency(
            head.size, held.head.size, head.head.root, held.head.head.root, path
        )

    def _extends(self, old: SignedTreeHead, new: SignedTreeHead) -> None:
        if new.size < old.size:
            raise _refused(
                "journal.witness_rollback",
                f"the head at size {new.size} is older than the one the witness cosigned "
                f"({old.size} entries): the journal went backwards",
                f"Снимок на {new.size} записей старше заверенного свидетелем ({old.size}): "
                "журнал откатился назад.",
            )
        if new.size == old.size:
            if new.head.root != old.head.root:
                raise _refused(
                    "journal.witness_fork",
                    f"two different heads at size {new.size}: the witness cosigned another",
                    f"Два разных снимка на {new.size} записей: свидетель заверил другой.",
                )
            return
        path = self.consistency(old.size, new.size) if self.consistency is not None else None
        if path is None or not verify_consistency(
            old.size, new.size, old.head.root, new.head.root, path
        ):
            raise _refused(
                "journal.witness_inconsistent",
                f"the head at size {new.size} does not extend the one the witness cosigned "
                f"at {old.size}",
                f"Снимок на {new.size} записей не продолжает заверенный свидетелем "
                f"снимок на {old.size}.",
            )


class WitnessedCheckpoint:
    """A checkpoint sink that keeps every head in ``primary`` and with ``witness``.

    ``read`` gives the head the witness cosigned; it refuses (``journal.not_cosigned``)
    when ``primary`` holds a newer or different head the witness did not cosign.
    """

    def __init__(self, primary: CheckpointSink, witness: CosigningWitness) -> None:
        self.primary = primary
        self.witness = witness

    def write(self, data: bytes) -> None:
        """Have the witness check and cosign ``data``, then keep it in ``primary`` too
        (unless ``primary`` already holds a larger head). An older head of the same
        journal — a checkpoint that lost the race to a newer one — changes nothing.

        Raises:
            JournalDamaged: the witness refused the head (nothing is written then).
        """
        with self.witness.lock:
            held = self.witness.cosigned()
            if held is not None and self.witness.precedes(data, held):
                return  # an older head of this journal, written late: nothing moves back
            self.witness.cosign(data)
            if _size(self.primary.read()) <= _size(data):
                self.primary.write(data)

    def read(self) -> bytes | None:
        """The head the witness cosigned; the primary copy before the witness holds any.

        Raises:
            JournalDamaged: the witness's copy is not cosigned by its key, or the primary
                copy is a head the witness did not cosign.
        """
        held = self.witness.cosigned()
        primary = self.primary.read()
        if held is None:
            return primary
        if primary is not None and _size(primary) >= held.head.size:
            try:
                kept = SignedTreeHead.decode(primary)
            except ValueError:
                kept = None
            if kept != held.head:
                size = "?" if kept is None else str(kept.size)
                raise _refused(
                    "journal.not_cosigned",
                    f"the checkpoint at size {size} was not cosigned by the witness (it "
                    f"cosigned {held.head.size} entries)",
                    f"Контрольная точка на {size} записей не заверена свидетелем (он заверил "
                    f"{held.head.size}).",
                )
        return held.head.encode()
