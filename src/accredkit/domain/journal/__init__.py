"""The audit journal: entries, the Merkle tree, signed heads, proofs and offline verification."""
