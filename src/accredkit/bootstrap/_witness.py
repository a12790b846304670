"""Wiring the checkpoint witness: its store, its own key, and the journal's proofs.

``settings.checkpoint_witness`` names the witness's store (a checkpoint sink URL) and
``settings.checkpoint_witness_key`` the folder of its key (``key.pem``, Ed25519 or
ECDSA P-256; created on first start, and said so in the log). Without a key setting a
durable cabinet keeps the witness key in ``base_dir/witness-key`` and an in-memory one
makes a fresh key (docs/journal.md, "Witness").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded when a witness is configured or the journal is built
    from collections.abc import Callable, Sequence

    from accredkit.adapters.crypto.keys import KeySigner
    from accredkit.config import Config
    from accredkit.plugins.manager import Adapters
    from accredkit.ports.checkpoint import CheckpointSink
    from accredkit.ports.signer import Signer
    from accredkit.services.journal.journal import JournalService

__all__ = ["DEFAULT_WITNESS_KEY_DIR", "join_journal", "witnessed"]

DEFAULT_WITNESS_KEY_DIR = "witness-key"


def _witness_key(config: Config, durable: bool) -> KeySigner:
    from accredkit.adapters.crypto.keys import KEY_FILE, KeySigner

    configured = config.settings.get("checkpoint_witness_key")
    if not configured and not durable:
        return KeySigner.generate()
    directory = config.resolve(str(configured or DEFAULT_WITNESS_KEY_DIR))
    if not (directory / KEY_FILE).exists():
        KeySigner.generate().save(directory)
        import logging  # only when a key is made: logging costs every command otherwise

        logging.getLogger("accredkit").warning(
            "accredkit: created the checkpoint witness key %s", directory
        )
    return KeySigner.from_directory(directory)


def witnessed(
    primary: CheckpointSink, config: Config, adapters: Adapters, signer: Signer, *, durable: bool
) -> CheckpointSink:
    """``primary``, with a cosigning witness when ``settings.checkpoint_witness`` is set.

    Without one nothing of the witness is imported (docs/benchmarks.md, "Start-up").
    """
    url = config.settings.get("checkpoint_witness")
    if not url:
        return primary
    from accredkit.adapters.checkpoints.witnessed import CosigningWitness, WitnessedCheckpoint
    from accredkit.adapters.crypto.keys import verify_signature

    witness = CosigningWitness(
        adapters.create("checkpoint", str(url), config),
        _witness_key(config, durable),
        signer.public_key_pem(),
        verify_signature,
    )
    return WitnessedCheckpoint(primary, witness)


def join_journal(checkpoint: CheckpointSink, journal: Callable[[], JournalService]) -> None:
    """Let the witness ask the journal for the consistency proof between two heads.

    ``journal`` gives the cabinet's journal, built when the witness first asks.
    """
    from accredkit.adapters.checkpoints.witnessed import WitnessedCheckpoint
    from accredkit.domain.authority.actors import SYSTEM
    from accredkit.errors import AccredkitError

    if not isinstance(checkpoint, WitnessedCheckpoint):
        return

    def consistency(old: int, new: int) -> Sequence[bytes] | None:
        try:
            return journal().prove_consistency(SYSTEM, old, new).path
        except AccredkitError:  # no head of that size, or the journal no longer joins them
            return None

    checkpoint.witness.consistency = consistency
