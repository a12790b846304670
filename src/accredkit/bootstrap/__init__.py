"""The composition root: the only place where adapters are chosen and wired to services."""
