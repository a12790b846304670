"""RFC 6962 / 9162 Merkle tree: known answers, every proof up to 64 leaves, every corruption.

Reference data comes from Google's transparency-dev/merkle (Apache-2.0):
``testonly/constants.go`` (leaf inputs, root hashes for sizes 0…8) and
``proof/verify_test.go`` (inclusion and consistency proofs of the same tree).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accredkit.domain.journal.merkle import (
    EMPTY_ROOT,
    CompactRange,
    SubtreeHasher,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_of,
    split_point,
    verify_consistency,
    verify_inclusion,
)

CT_LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
CT_ROOTS = [
    bytes.fromhex(h)
    for h in [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
]
CT_HASHES = [leaf_hash(leaf) for leaf in CT_LEAVES]

# (leaf index, tree size, proof) — proof/verify_test.go lists 1-based leaf numbers.
KNOWN_INCLUSION = [
    (0, 8, ["96a296d2", "5f083f0a", "6b47aaf2"]),
    (5, 8, ["bc1a0643", "ca854ea1", "d37ee418"]),
    (2, 3, ["fac54203"]),
    (1, 5, ["6e340b9c", "5f083f0a", "bc1a0643"]),
]
KNOWN_CONSISTENCY = [
    (1, 8, ["96a296d2", "5f083f0a", "6b47aaf2"]),
    (6, 8, ["0ebc5d34", "ca854ea1", "d37ee418"]),
    (2, 5, ["5f083f0a", "bc1a0643"]),
    (6, 7, ["0ebc5d34", "b08693ec", "d37ee418"]),
]

MAX_N = 64
LEAVES = [leaf_hash(b"leaf %d" % i) for i in range(MAX_N)]


@cache
def root(size: int) -> bytes:
    return root_of(LEAVES[:size])


def reference_root(leaves: Sequence[bytes]) -> bytes:
    """MTH straight from RFC 6962 §2.1, recursively."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = split_point(len(leaves))
    return node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


def flipped(value: bytes, bit: int) -> bytes:
    out = bytearray(value)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def hash_bits(exhaustive: bool) -> range | list[int]:
    """Every bit of a hash, or one bit in every byte (a different bit each byte)."""
    return range(256) if exhaustive else [8 * i + (i * 3) % 8 for i in range(32)]


def int_flips(value: int) -> Iterator[int]:
    for bit in [*range(value.bit_length() + 2), 31, 63]:
        yield value ^ (1 << bit)


# --- hashing and known answers -------------------------------------------------------


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    assert CT_ROOTS[0] == EMPTY_ROOT
    assert root_of([]) == CT_ROOTS[0]
    assert CompactRange().root() == CT_ROOTS[0]


def test_leaf_and_node_hashes_use_the_rfc_6962_prefixes() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert (
        node_hash(b"a" * 32, b"b" * 32) == hashlib.sha256(b"\x01" + b"a" * 32 + b"b" * 32).digest()
    )
    assert leaf_hash(b"") == CT_ROOTS[1]  # a one-leaf tree's root is its leaf hash


@pytest.mark.parametrize("size", range(9))
def test_roots_of_the_certificate_transparency_test_tree(size: int) -> None:
    assert root_of(CT_HASHES[:size]) == CT_ROOTS[size]
    assert reference_root(CT_HASHES[:size]) == CT_ROOTS[size]


@pytest.mark.parametrize(("index", "size", "expected"), KNOWN_INCLUSION)
def test_inclusion_proofs_match_the_reference(index: int, size: int, expected: list[str]) -> None:
    proof = inclusion_proof(index, size, CT_HASHES)
    assert [p.hex()[:8] for p in proof] == expected
    assert verify_inclusion(CT_HASHES[index], index, size, proof, CT_ROOTS[size])


@pytest.mark.parametrize(("old", "new", "expected"), KNOWN_CONSISTENCY)
def test_consistency_proofs_match_the_reference(old: int, new: int, expected: list[str]) -> None:
    proof = consistency_proof(old, new, CT_HASHES)
    assert [p.hex()[:8] for p in proof] == expected
    assert verify_consistency(old, new, CT_ROOTS[old], CT_ROOTS[new], proof)


def test_odd_nodes_are_promoted_never_duplicated() -> None:
    a, b, c = CT_HASHES[:3]
    assert root_of([a, b, c]) == node_hash(node_hash(a, b), c)
    assert root_of([a, b, c]) != node_hash(node_hash(a, b), node_hash(c, c))


def test_split_point_is_the_largest_power_of_two_below() -> None:
    assert [split_point(n) for n in range(2, 10)] == [1, 2, 2, 4, 4, 4, 4, 8]
    with pytest.raises(ValueError, match="no split point"):
        split_point(1)


# --- compact range ---------------------------------------------------------------------


@settings(max_examples=60)
@given(st.lists(st.binary(min_size=32, max_size=32), max_size=140))
def test_compact_range_root_equals_the_recursive_definition(leaves: list[bytes]) -> None:
    compact = CompactRange()
    for i, leaf in enumerate(leaves):
        compact.append(leaf)
        if i % 7 == 0:
            assert compact.root() == reference_root(leaves[: i + 1])
    assert compact.size == len(leaves)
    assert compact.root() == reference_root(leaves)
    assert len(compact.hashes) == len(leaves).bit_count()


@settings(max_examples=40)
@given(st.lists(st.binary(min_size=32, max_size=32), max_size=70), st.data())
def test_compact_range_survives_a_round_trip_through_storage(
    leaves: list[bytes], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(leaves)))
    first = CompactRange()
    first.extend(leaves[:cut])
    restored = CompactRange.from_hashes(first.size, first.hashes)
    restored.extend(leaves[cut:])
    assert restored.root() == reference_root(leaves)
    assert restored.size == len(leaves)


def test_compact_range_copy_is_independent() -> None:
    compact = CompactRange()
    compact.extend(CT_HASHES[:5])
    twin = compact.copy()
    twin.append(CT_HASHES[5])
    assert compact.root() == CT_ROOTS[5]
    assert twin.root() == CT_ROOTS[6]


@pytest.mark.parametrize(
    ("size", "hashes"),
    [(3, [b"x" * 32]), (4, [b"x" * 32, b"y" * 32]), (1, [b"short"]), (-1, [])],
)
def test_compact_range_refuses_a_state_that_does_not_fit_its_size(
    size: int, hashes: list[bytes]
) -> None:
    with pytest.raises(ValueError, match=r"range of size|bytes"):
        CompactRange.from_hashes(size, hashes)


# --- proofs from other sources ---------------------------------------------------------


def test_proofs_from_a_range_reader_equal_proofs_from_a_list() -> None:
    reads: list[tuple[int, int]] = []

    def reader(start: int, stop: int) -> Iterable[bytes]:
        reads.append((start, stop))
        return iter(LEAVES[start:stop])

    assert inclusion_proof(17, 50, reader) == inclusion_proof(17, 50, LEAVES)
    assert consistency_proof(13, 50, reader) == consistency_proof(13, 50, LEAVES)
    assert consistency_proof(13, 50, tuple(LEAVES)) == consistency_proof(13, 50, LEAVES)
    # The subtrees one proof asks for are disjoint: no leaf is read twice.
    reads.clear()
    inclusion_proof(17, 50, reader)
    assert sum(stop - start for start, stop in reads) == 49


def test_a_source_that_runs_short_is_an_error() -> None:
    with pytest.raises(ValueError, match="fewer than"):
        SubtreeHasher(LEAVES[:10]).hash(0, 20)


@pytest.mark.parametrize(("index", "size"), [(0, 0), (5, 5), (-1, 3)])
def test_inclusion_proof_refuses_a_leaf_outside_the_tree(index: int, size: int) -> None:
    with pytest.raises(ValueError, match="not in a tree"):
        inclusion_proof(index, size, LEAVES)


def test_consistency_proof_refuses_going_back_in_time() -> None:
    with pytest.raises(ValueError, match="no consistency proof"):
        consistency_proof(5, 4, LEAVES)
    assert consistency_proof(0, 5, LEAVES) == []
    assert consistency_proof(5, 5, LEAVES) == []


# --- every proof up to 64 leaves verifies ---------------------------------------------


def test_every_inclusion_proof_up_to_64_leaves_verifies() -> None:
    for size in range(1, MAX_N + 1):
        for index in range(size):
            proof = inclusion_proof(index, size, LEAVES)
            assert verify_inclusion(LEAVES[index], index, size, proof, root(size)), (index, size)


def test_every_consistency_proof_up_to_64_leaves_verifies() -> None:
    for new in range(1, MAX_N + 1):
        for old in range(1, new + 1):
            proof = consistency_proof(old, new, LEAVES)
            assert verify_consistency(old, new, root(old), root(new), proof), (old, new)


# --- every corruption is refused -------------------------------------------------------

InclusionArgs = tuple[bytes, int, int, list[bytes], bytes]
ConsistencyArgs = tuple[int, int, bytes, bytes, list[bytes]]


def inclusion_mutations(
    args: InclusionArgs, exhaustive: bool
) -> Iterator[tuple[str, InclusionArgs]]:
    leaf, index, size, proof, top = args
    bits = hash_bits(exhaustive)
    for i, element in enumerate(proof):
        for bit in bits:
            changed = [*proof[:i], flipped(element, bit), *proof[i + 1 :]]
            yield f"proof[{i}] bit {bit}", (leaf, index, size, changed, top)
    for bit in bits:
        yield f"leaf bit {bit}", (flipped(leaf, bit), index, size, proof, top)
        yield f"root bit {bit}", (leaf, index, size, proof, flipped(top, bit))
    for other in int_flips(index):
        yield f"index {other}", (leaf, other, size, proof, top)
    for other in int_flips(size):
        yield f"size {other}", (leaf, index, other, proof, top)
    yield "extra node", (leaf, index, size, [*proof, top], top)
    yield "extra node first", (leaf, index, size, [top, *proof], top)
    yield "empty node", (leaf, index, size, [*proof, b""], top)
    if proof:
        yield "short node", (leaf, index, size, [p[:31] for p in proof], top)
        yield "node missing", (leaf, index, size, proof[:-1], top)
        yield "first node missing", (leaf, index, size, proof[1:], top)


def consistency_mutations(
    args: ConsistencyArgs, exhaustive: bool
) -> Iterator[tuple[str, ConsistencyArgs]]:
    old, new, old_root, new_root, proof = args
    bits = hash_bits(exhaustive)
    for i, element in enumerate(proof):
        for bit in bits:
            changed = [*proof[:i], flipped(element, bit), *proof[i + 1 :]]
            yield f"proof[{i}] bit {bit}", (old, new, old_root, new_root, changed)
    for bit in bits:
        yield f"old root bit {bit}", (old, new, flipped(old_root, bit), new_root, proof)
        yield f"new root bit {bit}", (old, new, old_root, flipped(new_root, bit), proof)
    for other in int_flips(old):
        yield f"old size {other}", (other, new, old_root, new_root, proof)
    for other in int_flips(new):
        yield f"new size {other}", (old, other, old_root, new_root, proof)
    if old_root != new_root:
        yield "swapped roots", (old, new, new_root, old_root, proof)
    yield "extra node", (old, new, old_root, new_root, [*proof, new_root])
    yield "extra node first", (old, new, old_root, new_root, [old_root, *proof])
    yield "empty node", (old, new, old_root, new_root, [*proof, b""])
    if proof:
        yield "node missing", (old, new, old_root, new_root, proof[:-1])
        yield "first node missing", (old, new, old_root, new_root, proof[1:])
        yield "no proof", (old, new, old_root, new_root, [])
        yield "node repeated", (old, new, old_root, new_root, [proof[0], *proof])


def inclusion_shape(index: int, size: int) -> tuple[str, ...]:
    """Which side each proof node joins on, bottom first, from RFC 6962's PATH recursion."""
    if size == 1:
        return ()
    k = split_point(size)
    if index < k:
        return (*inclusion_shape(index, k), "right")
    return (*inclusion_shape(index - k, size - k), "left")


def consistency_shape(old: int, new: int, whole: bool = True) -> tuple[str, ...]:
    """The same for RFC 6962's SUBPROOF recursion."""
    if old == new:
        return () if whole else ("old",)
    k = split_point(new)
    if old <= k:
        return (*consistency_shape(old, k, whole), "right")
    return (*consistency_shape(old - k, new - k, False), "left")


def accepted_inclusion(exhaustive_up_to: int) -> tuple[list[str], list[str]]:
    """Accepted mutations: (any not of the size alone, any size of another shape)."""
    wrong, wrong_size = [], []
    for size in range(1, MAX_N + 1):
        for index in range(size):
            proof = inclusion_proof(index, size, LEAVES)
            args = (LEAVES[index], index, size, proof, root(size))
            for what, mutated in inclusion_mutations(args, size <= exhaustive_up_to):
                if not verify_inclusion(*mutated):
                    continue
                other = mutated[2]
                if mutated[:2] + mutated[3:] != args[:2] + args[3:]:
                    wrong.append(f"({index}, {size}) {what}")
                elif inclusion_shape(index, other) != inclusion_shape(index, size) or (
                    other <= MAX_N and root(other) == root(size)
                ):
                    wrong_size.append(f"({index}, {size}) {what}")
    return wrong, wrong_size


def accepted_consistency(exhaustive_up_to: int) -> tuple[list[str], list[str]]:
    """Accepted mutations: (any not of the new size alone, any size of another shape)."""
    wrong, wrong_size = [], []
    for new in range(1, MAX_N + 1):
        for old in range(1, new + 1):
            proof = consistency_proof(old, new, LEAVES)
            args = (old, new, root(old), root(new), proof)
            for what, mutated in consistency_mutations(args, new <= exhaustive_up_to):
                if not verify_consistency(*mutated):
                    continue
                other = mutated[1]
                if mutated[:1] + mutated[2:] != args[:1] + args[2:]:
                    wrong.append(f"({old}, {new}) {what}")
                elif consistency_shape(old, other) != consistency_shape(old, new) or (
                    other <= MAX_N and root(other) == root(new)
                ):
                    wrong_size.append(f"({old}, {new}) {what}")
    return wrong, wrong_size


# RFC 6962 proofs carry hashes, not the sizes of the subtrees they stand for. When
# a flipped size leaves every proof node on the same side (leaf 2 of 5 leaves and
# of 7: the last node covers leaves 4… whatever the size), the computation is the
# same and no verifier can tell: the size must come from a signed tree head. Such
# a flip names a root no tree of that size has (it would take a SHA-256 collision
# between the leaf and node domains), and every other flip is refused.


def test_every_corrupted_inclusion_proof_up_to_64_leaves_is_refused() -> None:
    # Every bit of every hash up to 16 leaves; one bit in every byte (a different
    # bit each byte) above that; every low bit and two high bits of index and size.
    wrong, wrong_size = accepted_inclusion(exhaustive_up_to=16)
    assert wrong == []
    assert wrong_size == []


def test_every_corrupted_consistency_proof_up_to_64_leaves_is_refused() -> None:
    wrong, wrong_size = accepted_consistency(exhaustive_up_to=16)
    assert wrong == []
    assert wrong_size == []


def test_a_size_flip_of_the_same_shape_is_accepted_only_as_the_rfc_allows() -> None:
    proof = inclusion_proof(2, 5, LEAVES)
    assert verify_inclusion(LEAVES[2], 2, 7, proof, root(5))  # same shape: indistinguishable
    assert root(7) != root(5)  # …but the real 7-leaf tree has another root
    assert not verify_inclusion(LEAVES[2], 2, 13, proof, root(5))  # deeper: refused


@settings(max_examples=200)
@given(st.data())
def test_any_single_bit_flip_in_a_proof_is_refused(data: st.DataObject) -> None:
    size = data.draw(st.integers(2, MAX_N))
    old = data.draw(st.integers(1, size - 1))
    index = data.draw(st.integers(0, size - 1))
    bit = data.draw(st.integers(0, 255))
    path = inclusion_proof(index, size, LEAVES)
    at = data.draw(st.integers(0, len(path) - 1))
    path[at] = flipped(path[at], bit)
    assert not verify_inclusion(LEAVES[index], index, size, path, root(size))
    proof = consistency_proof(old, size, LEAVES)
    at = data.draw(st.integers(0, len(proof) - 1))
    proof[at] = flipped(proof[at], bit)
    assert not verify_consistency(old, size, root(old), root(size), proof)


# --- edge cases the RFC leaves to the implementer ----------------------------------------

ROOT1, ROOT2 = LEAVES[0], LEAVES[1]
verify: Callable[..., bool] = verify_consistency


@pytest.mark.parametrize(
    ("old", "new", "old_root", "new_root", "proof", "ok"),
    [
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [], True),
        (0, 5, EMPTY_ROOT, ROOT2, [], True),
        (0, 5, ROOT1, ROOT2, [], False),  # a size-0 tree has one root
        (0, 5, EMPTY_ROOT, ROOT2, [ROOT1], False),
        (3, 3, ROOT1, ROOT1, [], True),
        (3, 3, ROOT1, ROOT2, [], False),
        (3, 3, ROOT1, ROOT1, [ROOT1], False),
        (4, 3, ROOT1, ROOT2, [], False),
        (1, 2, ROOT1, ROOT2, [], False),
        (-1, 2, ROOT1, ROOT2, [], False),
    ],
)
def test_consistency_edge_cases(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes], ok: bool
) -> None:
    assert verify(old, new, old_root, new_root, proof) is ok


@pytest.mark.parametrize(
    ("leaf", "index", "size", "top"),
    [
        (ROOT1, 0, 0, EMPTY_ROOT),
        (ROOT1, 1, 1, ROOT1),
        (ROOT1, -1, 1, ROOT1),
        (b"", 0, 1, b""),
        (ROOT1[:31], 0, 1, ROOT1[:31]),
    ],
)
def test_inclusion_refuses_impossible_positions_and_short_hashes(
    leaf: bytes, index: int, size: int, top: bytes
) -> None:
    assert not verify_inclusion(leaf, index, size, [], top)


def test_a_one_leaf_tree_proves_its_leaf_with_an_empty_path() -> None:
    assert verify_inclusion(ROOT1, 0, 1, [], ROOT1)
