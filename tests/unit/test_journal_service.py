"""``cabinet.journal`` on the in-memory cabinet: checkpoints, verification and proofs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from accredkit.adapters.checkpoints.memory import MemoryCheckpoint
from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.keys import KeySigner, verify_signature
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.bootstrap.cabinet import Cabinet, bootstrap
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.journal.heads import SignedTreeHead, TreeHead
from accredkit.domain.journal.merkle import EMPTY_ROOT, leaf_hash, root_of
from accredkit.domain.journal.proofs import ConsistencyProof, InclusionProof
from accredkit.domain.journal.verify import Damage
from accredkit.errors import JournalDamaged, NotFound, ValidationError
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.authority import Authority
from accredkit.services.journal.journal import JournalService
from accredkit.services.schema import JOURNAL_TREE
from accredkit.testing.journal_strategies import sample_drafts


@pytest.fixture
def cabinet() -> Iterator[Cabinet]:
    with bootstrap(clock=FrozenClock()) as cabinet:
        yield cabinet


def append(cabinet: Cabinet, count: int, salt: str = "") -> None:
    with cabinet.storage.unit_of_work() as uow:
        for draft in sample_drafts(count, salt=salt):
            uow.journal.append(draft)
        uow.commit()


def stored(cabinet: Cabinet) -> list[bytes]:
    with cabinet.storage.unit_of_work() as uow:
        return [data for _, data in uow.journal.read()]


def engine(cabinet: Cabinet) -> Any:
    """The memory engine behind the cabinet, to damage it as an intruder would."""
    return cabinet.storage.inner._engine  # type: ignore[attr-defined]


# --- checkpoint ------------------------------------------------------------------------------


def test_a_checkpoint_of_an_empty_journal_signs_the_empty_tree(cabinet: Cabinet) -> None:
    head = cabinet.journal.checkpoint(SYSTEM)
    assert head.size == 0
    assert head.head.root == EMPTY_ROOT
    assert verify_signature(cabinet.signer.public_key_pem(), head.head.to_bytes(), head.signature)
    assert cabinet.checkpoint.read() == head.encode()


def test_a_checkpoint_signs_every_entry_and_keeps_the_head_in_and_out(cabinet: Cabinet) -> None:
    append(cabinet, 23)
    head = cabinet.journal.checkpoint(SYSTEM)
    assert head.size == 23
    assert head.head.root == root_of(leaf_hash(d) for d in stored(cabinet))
    assert head.key_id == cabinet.signer.key_id
    assert head.algorithm == "ed25519"
    assert cabinet.journal.heads(SYSTEM) == [head]
    assert cabinet.journal.latest_head(SYSTEM) == head
    assert cabinet.checkpoint.read() == head.encode()


def test_a_checkpoint_with_nothing_new_returns_the_latest_head(cabinet: Cabinet) -> None:
    append(cabinet, 5)
    first = cabinet.journal.checkpoint(SYSTEM)
    assert cabinet.journal.checkpoint(SYSTEM) == first
    assert len(cabinet.journal.heads(SYSTEM)) == 1


class CountingStorage:
    """Records where each journal read starts."""

    def __init__(self, inner: Storage) -> None:
        self.inner = inner
        self.capabilities = inner.capabilities
        self.reads: list[int] = []

    def unit_of_work(self) -> UnitOfWork:
        uow = self.inner.unit_of_work()
        original = uow.journal.read

        def read(start: int = 0, stop: int | None = None) -> Iterator[tuple[int, bytes]]:
            self.reads.append(start)
            return original(start, stop)

        uow.journal.read = read  # type: ignore[method-assign]
        return uow

    def close(self) -> None:
        self.inner.close()


def service(storage: Storage, sink: MemoryCheckpoint, signer: KeySigner) -> JournalService:
    clock = FrozenClock()
    return JournalService(
        storage, signer, clock, sink, verify_signature, authority=Authority(clock)
    )


def test_the_next_checkpoint_hashes_only_the_entries_appended_since() -> None:
    storage = CountingStorage(MemoryStorage())
    journal = service(storage, MemoryCheckpoint(), KeySigner.generate())
    with storage.unit_of_work() as uow:
        for draft in sample_drafts(40):
            uow.journal.append(draft)
        uow.commit()
    journal.checkpoint(SYSTEM)
    with storage.unit_of_work() as uow:
        for draft in sample_drafts(7, salt="b"):
            uow.journal.append(draft)
        uow.commit()
    storage.reads.clear()
    head = journal.checkpoint(SYSTEM)
    assert storage.reads == [40]
    with storage.unit_of_work() as uow:
        assert head.head.root == root_of(leaf_hash(d) for _, d in uow.journal.read())


def test_a_tampered_kept_range_is_not_trusted(cabinet: Cabinet) -> None:
    append(cabinet, 12)
    cabinet.journal.checkpoint(SYSTEM)
    with cabinet.storage.unit_of_work() as uow:
        trees = uow.repository(JOURNAL_TREE)
        tree = trees.get("tree")
        trees.update(attrs.evolve(tree, hashes=tuple("00" * 32 for _ in tree.hashes)))
        uow.commit()
    append(cabinet, 3, salt="x")
    head = cabinet.journal.checkpoint(SYSTEM)
    assert head.head.root == root_of(leaf_hash(d) for d in stored(cabinet))
    assert cabinet.journal.verify(SYSTEM).ok


def test_a_checkpoint_refuses_a_journal_shorter_than_the_head_outside(cabinet: Cabinet) -> None:
    append(cabinet, 10)
    kept = cabinet.journal.checkpoint(SYSTEM).encode()
    del engine(cabinet).journal[7:]  # the tail cut, heads in the database left alone
    with pytest.raises(JournalDamaged) as caught:
        cabinet.journal.checkpoint(SYSTEM)
    assert caught.value.code == "journal.damaged"
    assert cabinet.checkpoint.read() == kept  # the evidence is not overwritten


def test_a_checkpoint_refuses_an_older_database_restored_behind_the_outside_copy() -> None:
    signer, sink = KeySigner.generate(), MemoryCheckpoint()
    live = service(MemoryStorage(), sink, signer)
    with live.storage.unit_of_work() as uow:
        for draft in sample_drafts(30):
            uow.journal.append(draft)
        uow.commit()
    kept = live.checkpoint(SYSTEM).encode()
    restored = service(MemoryStorage(), sink, signer)  # an empty "backup", same key and sink
    with restored.storage.unit_of_work() as uow:
        for draft in sample_drafts(20):
            uow.journal.append(draft)
        uow.commit()
    with pytest.raises(JournalDamaged):
        restored.checkpoint(SYSTEM)
    assert sink.read() == kept
    report = restored.verify(SYSTEM)
    assert report.damage is Damage.TRUNCATED
    assert report.first_bad_seq == 20


def test_a_checkpoint_refuses_a_changed_entry_when_rebuilding(cabinet: Cabinet) -> None:
    append(cabinet, 10)
    cabinet.journal.checkpoint(SYSTEM)
    engine(cabinet).journal[4] = engine(cabinet).journal[4].replace(b"app_", b"app-")
    with cabinet.storage.unit_of_work() as uow:  # force a rebuild from the first entry
        trees = uow.repository(JOURNAL_TREE)
        trees.update(attrs.evolve(trees.get("tree"), size=0, hashes=()))
        uow.commit()
    append(cabinet, 2, salt="y")
    with pytest.raises(JournalDamaged, match="no longer match"):
        cabinet.journal.checkpoint(SYSTEM)


def test_a_checkpoint_refuses_a_head_outside_signed_by_another_key(cabinet: Cabinet) -> None:
    other = KeySigner.generate()
    head = TreeHead(0, EMPTY_ROOT, FrozenClock().now())
    forged = SignedTreeHead(head, other.sign(head.to_bytes()), other.key_id, other.algorithm)
    cabinet.checkpoint.write(forged.encode())
    with pytest.raises(JournalDamaged, match="not signed"):
        cabinet.journal.checkpoint(SYSTEM)


def test_an_older_head_never_overwrites_a_newer_one_outside(cabinet: Cabinet) -> None:
    append(cabinet, 4)
    small = cabinet.journal.checkpoint(SYSTEM)
    append(cabinet, 4, salt="z")
    large = cabinet.journal.checkpoint(SYSTEM)
    cabinet.journal._publish(small)
    assert cabinet.checkpoint.read() == large.encode()


# --- verify -------------------------------------------------------------------------------------


def test_verify_passes_an_intact_journal_and_names_damage(cabinet: Cabinet) -> None:
    append(cabinet, 30)
    cabinet.journal.checkpoint(SYSTEM)
    append(cabinet, 5, salt="t")
    assert cabinet.journal.verify(SYSTEM).ok
    assert cabinet.journal.verify(SYSTEM, thorough=True).ok
    journal = engine(cabinet).journal
    journal[11], journal[12] = journal[12], journal[11]
    report = cabinet.journal.verify(SYSTEM)
    assert report.damage is Damage.REORDERED
    assert report.first_bad_seq == 11
    assert report.checkpoint_checked


# --- proofs ---------------------------------------------------------------------------------------


def test_every_entry_has_an_inclusion_proof_a_regulator_can_check(cabinet: Cabinet) -> None:
    append(cabinet, 10)
    cabinet.journal.checkpoint(SYSTEM)
    append(cabinet, 27, salt="p")
    cabinet.journal.checkpoint(SYSTEM)
    key = cabinet.journal.public_key
    for seq in range(37):
        proof = cabinet.journal.prove_inclusion(SYSTEM, seq)
        assert proof.head.size == 37
        assert proof.verify(key, verify_signature)
        assert InclusionProof.from_dict(proof.to_dict()) == proof
    older = cabinet.journal.prove_inclusion(SYSTEM, 3, size=10)
    assert older.head.size == 10
    assert older.verify(key, verify_signature)


def test_an_altered_inclusion_proof_fails(cabinet: Cabinet) -> None:
    append(cabinet, 9)
    cabinet.journal.checkpoint(SYSTEM)
    proof = cabinet.journal.prove_inclusion(SYSTEM, 4)
    key = cabinet.journal.public_key
    other = KeySigner.generate().public_key_pem()
    forged_entry = proof.entry.replace(b'"seq":4', b'"seq":5')
    assert not attrs.evolve(proof, entry=forged_entry).verify(key, verify_signature)
    assert not attrs.evolve(proof, seq=5).verify(key, verify_signature)
    assert not attrs.evolve(proof, path=proof.path[:-1]).verify(key, verify_signature)
    assert not proof.verify(other, verify_signature)


def test_inclusion_needs_a_signed_head_that_covers_the_entry(cabinet: Cabinet) -> None:
    append(cabinet, 3)
    with pytest.raises(NotFound, match="no signed tree head"):
        cabinet.journal.prove_inclusion(SYSTEM, 0)
    cabinet.journal.checkpoint(SYSTEM)
    append(cabinet, 2, salt="n")
    with pytest.raises(NotFound, match="not under the signed head"):
        cabinet.journal.prove_inclusion(SYSTEM, 3)
    with pytest.raises(NotFound, match="no signed tree head at size 4"):
        cabinet.journal.prove_inclusion(SYSTEM, 0, size=4)


def test_inclusion_of_a_damaged_journal_is_refused(cabinet: Cabinet) -> None:
    append(cabinet, 8)
    cabinet.journal.checkpoint(SYSTEM)
    engine(cabinet).journal[6] = engine(cabinet).journal[6].replace(b"app_", b"app-")
    with pytest.raises(JournalDamaged):
        cabinet.journal.prove_inclusion(SYSTEM, 2)
    del engine(cabinet).journal[5:]
    with pytest.raises(JournalDamaged):
        cabinet.journal.prove_inclusion(SYSTEM, 2)


def test_consistency_proofs_join_every_pair_of_heads(cabinet: Cabinet) -> None:
    sizes = []
    for batch in (3, 5, 8, 1):
        append(cabinet, batch, salt=str(batch))
        sizes.append(cabinet.journal.checkpoint(SYSTEM).size)
    key = cabinet.journal.public_key
    for i, old in enumerate(sizes):
        for new in sizes[i:]:
            proof = cabinet.journal.prove_consistency(SYSTEM, old, new)
            assert proof.verify(key, verify_signature)
            assert ConsistencyProof.from_dict(proof.to_dict()) == proof
    assert cabinet.journal.prove_consistency(SYSTEM, 3).new.size == 17
    with pytest.raises(ValidationError):
        cabinet.journal.prove_consistency(SYSTEM, 16, 8)
    with pytest.raises(NotFound):
        cabinet.journal.prove_consistency(SYSTEM, 4)


def test_a_consistency_proof_between_forked_heads_fails(cabinet: Cabinet) -> None:
    append(cabinet, 6)
    cabinet.journal.checkpoint(SYSTEM)
    append(cabinet, 6, salt="f")
    cabinet.journal.checkpoint(SYSTEM)
    proof = cabinet.journal.prove_consistency(SYSTEM, 6, 12)
    key = cabinet.journal.public_key
    assert proof.verify(key, verify_signature)
    assert not attrs.evolve(proof, old=proof.new, new=proof.old).verify(key, verify_signature)
    assert not attrs.evolve(proof, path=proof.path[1:]).verify(key, verify_signature)
