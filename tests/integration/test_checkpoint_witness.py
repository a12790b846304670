"""The checkpoint witness cosigns with a key of its own and never goes backwards.

Real SQLite files, real key files, the real checkpoint files; the command line's
``journal verify`` is the check a regulator runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from accredkit.adapters.checkpoints.witnessed import WitnessedCheckpoint
from accredkit.adapters.crypto.keys import KeySigner, verify_signature
from accredkit.bootstrap.cabinet import Cabinet, bootstrap
from accredkit.cli import main
from accredkit.config import Config
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.journal.cosign import CosignedHead, cosigned_text
from accredkit.domain.journal.heads import SignedTreeHead, TreeHead
from accredkit.errors import JournalDamaged
from accredkit.testing.journal_strategies import sample_drafts

CONFIG = """\
storage = "sqlite:///cabinet.db"
data_key = "base64:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8="
signer = "x509:keys"
checkpoint = "outside/journal.checkpoint"
otp_key = "base64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
"""
WITNESS = """
[settings]
checkpoint_witness = "file:witness/head"
checkpoint_witness_key = "witness/key"
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "accredkit.toml").write_text(CONFIG + WITNESS)
    KeySigner.generate().save(home / "keys")
    with _open(home) as cabinet:
        _append(cabinet, "a")
    return home


def _open(home: Path, *, witness: bool = True) -> Cabinet:
    config = Config.from_toml(home / "accredkit.toml")
    if not witness:  # the same cabinet, its key and database, the witness left out
        config = attrs.evolve(config, settings={})
    return bootstrap(config)


def _append(cabinet: Cabinet, salt: str, n: int = 5) -> None:
    with cabinet.storage.unit_of_work() as uow:
        for draft in sample_drafts(n, salt=salt):
            uow.journal.append(draft)
        uow.commit()  # the durable default checkpoints after the commit


def _verify(home: Path) -> int:
    return main(["--home", str(home), "--lang", "en", "journal", "verify"])


def _held(home: Path) -> CosignedHead:
    return CosignedHead.decode((home / "witness" / "head").read_bytes())


def test_the_witness_cosigns_each_head_with_its_own_key(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held = _held(home)
    witness_key = KeySigner.from_directory(home / "witness" / "key").public_key_pem()
    cabinet_key = KeySigner.from_directory(home / "keys").public_key_pem()
    assert witness_key != cabinet_key
    text = cosigned_text(held.head.head)
    assert verify_signature(witness_key, text, held.cosignature)
    assert not verify_signature(cabinet_key, text, held.cosignature)
    assert held.head.size == 5
    with _open(home) as cabinet:
        _append(cabinet, "b")
        assert _held(home).head.size == 10  # moved on, with a proof from 5 to 10
        assert cabinet.journal.verify(SYSTEM).ok
    assert _verify(home) == 0
    assert "intact" in capsys.readouterr().out


def test_a_head_the_witness_did_not_cosign_is_refused(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # On main the witness only kept a copy: whoever holds the cabinet's key could sign
    # and place any head, and verify took the newer of the two copies.
    with _open(home, witness=False) as cabinet:
        _append(cabinet, "forged")  # signed with the cabinet's key; the witness never saw it
    assert SignedTreeHead.decode((home / "outside" / "journal.checkpoint").read_bytes()).size == 10
    assert _held(home).head.size == 5
    assert _verify(home) == 1
    assert "journal.not_cosigned" in capsys.readouterr().err


def test_the_witness_refuses_to_go_backwards_or_fork(home: Path) -> None:
    with _open(home) as cabinet:
        _append(cabinet, "b")
        checkpoint = cabinet.checkpoint
        assert isinstance(checkpoint, WitnessedCheckpoint)
        witness = checkpoint.witness
        first, latest = cabinet.journal.heads(SYSTEM)[0], cabinet.journal.heads(SYSTEM)[-1]
        before = (home / "witness" / "head").read_bytes()

        def signed(size: int, root: bytes) -> bytes:
            head = TreeHead(size, root, cabinet.clock.now())
            signature = cabinet.signer.sign(head.to_bytes())
            return SignedTreeHead(
                head, signature, cabinet.signer.key_id, cabinet.signer.algorithm
            ).encode()

        refusals = {
            "journal.witness_rollback": first.encode(),
            "journal.witness_fork": signed(latest.size, bytes(32)),
            "journal.witness_inconsistent": signed(latest.size + 1, bytes(32)),
            "journal.witness_bad_head": SignedTreeHead(
                latest.head, bytes(64), latest.key_id, latest.algorithm
            ).encode(),
        }
        for code, data in refusals.items():
            with pytest.raises(JournalDamaged) as refused:
                witness.cosign(data)
            assert refused.value.code == code
            assert (home / "witness" / "head").read_bytes() == before
        assert witness.cosign(latest.encode()).head == latest  # the same head: kept as it is
        checkpoint.write(first.encode())  # a late writer's older head: nothing moves back
        assert (home / "witness" / "head").read_bytes() == before
        assert checkpoint.read() == latest.encode()
        with pytest.raises(JournalDamaged) as late_fork:
            checkpoint.write(signed(first.size, bytes(32)))  # older, but not this journal's
        assert late_fork.value.code == "journal.witness_rollback"


def test_a_cosignature_by_another_key_is_refused(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held = _held(home)
    impostor = KeySigner.generate()
    forged = CosignedHead(
        held.head,
        held.witness_key_id,
        impostor.algorithm,
        impostor.sign(cosigned_text(held.head.head)),
    )
    (home / "witness" / "head").write_bytes(forged.encode())
    assert _verify(home) == 1
    assert "journal.witness_forged" in capsys.readouterr().err
    with _open(home) as cabinet, pytest.raises(JournalDamaged) as refused:
        cabinet.journal.checkpoint(SYSTEM)  # nothing is signed over a forged witness
    assert refused.value.code == "journal.witness_forged"


def test_the_witness_key_is_created_once_and_kept(tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    home.mkdir()
    (home / "accredkit.toml").write_text(CONFIG + WITNESS)
    KeySigner.generate().save(home / "keys")
    with _open(home) as cabinet:
        _append(cabinet, "a")
    key = (home / "witness" / "key" / "key.pem").read_bytes()
    with _open(home) as cabinet:
        _append(cabinet, "b")
        assert cabinet.journal.verify(SYSTEM).ok
    assert (home / "witness" / "key" / "key.pem").read_bytes() == key
    assert json.loads((home / "witness" / "head").read_bytes())["head"]
