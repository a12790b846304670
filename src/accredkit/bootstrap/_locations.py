"""Where a durable cabinet keeps what lives beside its database: the signer's key and the
journal's checkpoint (docs/journal.md, "Checkpoints"; docs/configuration.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accredkit.errors import ConfigurationError

if TYPE_CHECKING:
    from accredkit.config import Config
    from accredkit.ports.storage import Storage

__all__ = [
    "DEFAULT_CHECKPOINT_FILE",
    "DEFAULT_SIGNER_DIR",
    "configured_checkpoint_url",
    "configured_signer_url",
]

DEFAULT_CHECKPOINT_FILE = "journal-checkpoint.json"


def configured_checkpoint_url(config: Config, storage: Storage) -> str:
    """Where the latest signed head is kept outside the database.

    ``checkpoint`` in the configuration (an adapter URL, or a bare file path); else a
    file in ``base_dir`` for a durable database, and memory for an in-memory one.
    """
    if config.checkpoint:
        return config.checkpoint if ":" in config.checkpoint else f"file:{config.checkpoint}"
    if "durable" in storage.capabilities:
        return f"file:{DEFAULT_CHECKPOINT_FILE}"
    return "memory:"


DEFAULT_SIGNER_DIR = "signer"


def configured_signer_url(config: Config, durable: bool) -> str:
    """The signer to build: the configured one, or the default for the storage.

    ``auto:`` (the default) is a fresh in-memory key for an in-memory cabinet, and for a
    durable one a key kept in ``base_dir/signer`` (created on first start, and said so in
    the log), so certificates and the journal still verify after a restart. An explicit
    ``ephemeral:`` with durable storage is refused: the key would be forgotten.
    """
    scheme = config.signer.split(":", 1)[0]
    if scheme == "ephemeral" and durable:
        raise ConfigurationError(
            "signer 'ephemeral:' forgets its key on restart, so certificates and the journal "
            "of a durable storage would stop verifying",
            message_ru="Подпись 'ephemeral:' забывает ключ при перезапуске: свидетельства и "
            "журнал постоянного хранилища перестанут проверяться.",
            code="config.ephemeral_signer",
            hint_ru="Укажите signer = 'x509:каталог' с key.pem или уберите ключ signer.",
            hint_en="Set signer = 'x509:directory' holding key.pem, or leave signer unset.",
            value=config.signer,
        )
    if scheme != "auto":
        return config.signer
    if not durable:
        return "ephemeral:"
    from accredkit.adapters.crypto.keys import KEY_FILE, KeySigner  # the signer loads it anyway

    directory = config.resolve(DEFAULT_SIGNER_DIR)
    if not (directory / KEY_FILE).exists():
        KeySigner.generate().save(directory)
        import logging  # only when a key is made: logging costs every command otherwise

        logging.getLogger("accredkit").warning(
            "accredkit: created the signing key %s (keep it with the database)", directory
        )
    return f"x509:{directory}"
