"""The Merkle tree of RFC 6962 / RFC 9162 that makes the audit journal verifiable.

Leaves are ``SHA-256(0x00 ‖ entry)``, inner nodes ``SHA-256(0x01 ‖ left ‖ right)``,
the empty tree hashes to ``SHA-256("")``. A tree of ``n`` leaves splits at the
largest power of two below ``n``, so an odd node is promoted, never duplicated
(the Bitcoin-style duplication lets two different logs share a root).

``CompactRange`` keeps only the right edge of the tree — one hash per set bit of
the size — so an append costs O(log n) and storage can keep it between appends.
Proofs are built from a source of leaf hashes; verifiers follow RFC 9162
§2.1.3.2 and §2.1.4.2 step by step and refuse anything out of shape.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

import attrs

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "CompactRange",
    "LeafSource",
    "SubtreeHasher",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root_of",
    "split_point",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256

# A source of leaf hashes: a sequence, or a reader of the half-open range [start, stop).
LeafSource = Sequence[bytes] | Callable[[int, int], Iterable[bytes]]


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf: ``SHA-256(0x00 ‖ data)``."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an inner node: ``SHA-256(0x01 ‖ left ‖ right)``."""
    return _sha256(b"\x01" + left + right).digest()


def split_point(size: int) -> int:
    """The largest power of two strictly below ``size`` (``size`` ≥ 2), where RFC 6962 splits."""
    if size < 2:
        raise ValueError(f"a tree of {size} leaves has no split point")
    return 1 << ((size - 1).bit_length() - 1)


@attrs.define(slots=True)
class CompactRange:
    """The right edge of a Merkle tree: the roots of its perfect subtrees, largest first.

    A tree of size ``n`` is the concatenation of perfect subtrees, one per set bit
    of ``n``; their roots are all that is needed to append and to compute the root.
    """

    _size: int = 0
    _hashes: list[bytes] = attrs.field(factory=list)

    @classmethod
    def from_hashes(cls, size: int, hashes: Iterable[bytes]) -> CompactRange:
        """Restore a range that ``hashes`` (from storage) describes.

        Raises:
            ValueError: the number or length of the hashes does not fit ``size``.
        """
        kept = [bytes(h) for h in hashes]
        if size < 0 or len(kept) != size.bit_count():
            raise ValueError(f"a range of size {size} keeps {max(size, 0).bit_count()} hashes")
        if any(len(h) != HASH_SIZE for h in kept):
            raise ValueError(f"every hash must be {HASH_SIZE} bytes")
        return cls(size, kept)

    @property
    def size(self) -> int:
        """How many leaves the range covers."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """The perfect-subtree roots, largest (leftmost) first — what storage keeps."""
        return tuple(self._hashes)

    def append(self, leaf: bytes) -> None:
        """Add the next leaf hash; merge equal-sized subtrees as a binary counter carries."""
        hashes = self._hashes
        hashes.append(leaf)
        carry = self._size
        while carry & 1:
            right = hashes.pop()
            hashes[-1] = _sha256(b"\x01" + hashes[-1] + right).digest()
            carry >>= 1
        self._size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        """Append many leaf hashes in order."""
        hashes = self._hashes
        push, pop = hashes.append, hashes.pop
        size = self._size
        for leaf in leaves:
            push(leaf)
            carry = size
            while carry & 1:
                right = pop()
                hashes[-1] = _sha256(b"\x01" + hashes[-1] + right).digest()
                carry >>= 1
            size += 1
        self._size = size

    def root(self) -> bytes:
        """The Merkle tree hash of every leaf appended so far."""
        hashes = self._hashes
        if not hashes:
            return EMPTY_ROOT
        acc = hashes[-1]
        for left in reversed(hashes[:-1]):
            acc = _sha256(b"\x01" + left + acc).digest()
        return acc

    def copy(self) -> CompactRange:
        """An independent copy."""
        return CompactRange(self._size, list(self._hashes))


def root_of(leaves: Iterable[bytes]) -> bytes:
    """The Merkle tree hash of a sequence of leaf hashes."""
    compact = CompactRange()
    compact.extend(leaves)
    return compact.root()


class SubtreeHasher:
    """Hashes of subtrees ``[start, stop)`` over a random-access source of leaf hashes.

    Each call reads and folds the leaves of its range once (O(stop − start)); the
    subtrees a proof asks for are disjoint, so one proof costs O(n) leaf reads and
    O(log n) memory. A log with millions of entries and many proofs would cache
    perfect subtrees; the journal proves one decision at a time, so it does not.
    """

    def __init__(self, source: LeafSource) -> None:
        self._source = source

    def leaves(self, start: int, stop: int) -> Iterable[bytes]:
        """The leaf hashes of ``[start, stop)``."""
        source = self._source
        if callable(source):
            return source(start, stop)
        if isinstance(source, list | tuple):
            return source[start:stop]
        return (source[i] for i in range(start, stop))

    def hash(self, start: int, stop: int) -> bytes:
        """``MTH(D[start:stop])``.

        Raises:
            ValueError: the range is empty or backwards, or the source ran short.
        """
        if not 0 <= start < stop:
            raise ValueError(f"no subtree [{start}, {stop})")
        compact = CompactRange()
        compact.extend(self.leaves(start, stop))
        if compact.size != stop - start:
            raise ValueError(f"the source holds fewer than {stop} leaves")
        return compact.root()


def inclusion_proof(index: int, size: int, source: LeafSource) -> list[bytes]:
    """The audit path ``PATH(index, D[0:size])`` of RFC 6962 §2.1.1, bottom node first.

    Raises:
        ValueError: ``index`` is not below ``size``.
    """
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    hasher = SubtreeHasher(source)
    path: list[bytes] = []
    start, stop, m = 0, size, index
    while stop - start > 1:
        k = split_point(stop - start)
        if m < k:
            path.append(hasher.hash(start + k, stop))
            stop = start + k
        else:
            path.append(hasher.hash(start, start + k))
            start, m = start + k, m - k
    path.reverse()
    return path


def consistency_proof(old_size: int, new_size: int, source: LeafSource) -> list[bytes]:
    """The proof ``PROOF(old_size, D[0:new_size])`` of RFC 6962 §2.1.2, bottom node first.

    Empty when ``old_size`` is 0 or equals ``new_size``: such trees are always consistent.

    Raises:
        ValueError: ``old_size`` is negative or above ``new_size``.
    """
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    if old_size in (0, new_size):
        return []
    hasher = SubtreeHasher(source)
    proof: list[bytes] = []
    start, stop, m, complete = 0, new_size, old_size, True
    while m != stop - start:
        k = split_point(stop - start)
        if m <= k:
            proof.append(hasher.hash(start + k, stop))
            stop = start + k
        else:
            proof.append(hasher.hash(start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.append(hasher.hash(start, stop))
    proof.reverse()
    return proof


def _is_hash(value: bytes) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows that ``leaf`` is leaf ``index`` of the tree ``(size, root)``.

    RFC 9162 §2.1.3.2 to the letter; every element must be a 32-byte hash and the
    path must be exactly as long as the tree shape demands.
    """
    if not (_is_hash(leaf) and _is_hash(root)) or not all(_is_hash(p) for p in proof):
        return False
    if index < 0 or index >= size:
        return False
    fn, sn, r = index, size - 1, bytes(leaf)
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _sha256(b"\x01" + p + r).digest()
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            r = _sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree ``(new_size, new_root)`` extends ``(old_size, old_root)``.

    RFC 9162 §2.1.4.2 for ``0 < old < new``; for ``old == new`` the proof must be
    empty and the roots equal; for ``old == 0`` the proof must be empty and the
    old root that of the empty tree.
    """
    if not (_is_hash(old_root) and _is_hash(new_root)) or not all(_is_hash(p) for p in proof):
        return False
    if old_size < 0 or old_size > new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # an exact power of two: the old root is a node
        path.insert(0, bytes(old_root))
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = _sha256(b"\x01" + c + fr).digest()
            sr = _sha256(b"\x01" + c + sr).digest()
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = _sha256(b"\x01" + sr + c).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root
