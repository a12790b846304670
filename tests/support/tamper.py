"""The journal tamper campaign, shipped for any SQL storage engine.

An intruder with write access to the database (but not to the signing key, nor to the
checkpoint kept outside it) changes, swaps, deletes, inserts and cuts entries, restores
an older copy of the database, or signs heads with a key of their own. Every kind of
damage must be found and named; none of the intact controls may be flagged.

The engine's part is a small ``TamperSite``: raw SQL on its journal tables, a snapshot
of the database to restore later, and a whole copy. Subclass the campaign and provide
the ``site`` fixture, a fresh copy of a journal built once with ``build_journal``::

    class TestMyEngineTamper(JournalTamperCampaign):
        @pytest.fixture
        def site(self, pristine, tmp_path): return pristine.copy(tmp_path / "site")
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import pytest

from accredkit.adapters.crypto.keys import KeySigner
from accredkit.bootstrap.cabinet import Cabinet
from accredkit.config import Config
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.journal.entries import JournalDraft
from accredkit.domain.journal.heads import SignedTreeHead, TreeHead
from accredkit.domain.journal.merkle import leaf_hash, root_of
from accredkit.domain.journal.verify import Damage, VerificationReport
from accredkit.errors import JournalDamaged
from accredkit.testing.journal_strategies import sample_drafts

__all__ = [
    "CHECKPOINT",
    "HEADS_AT",
    "OLD_COPY_AT",
    "SIZE",
    "JournalTamperCampaign",
    "TamperSite",
    "append",
    "build_journal",
    "damaged",
    "site_config",
]

SIZE = 1000
HEADS_AT = (250, 500, 750, SIZE)
OLD_COPY_AT = 900
CHECKPOINT = "outside/journal.checkpoint"
_FORGED_AT = datetime(2026, 2, 1, tzinfo=UTC)


class TamperSite(Protocol):
    """One cabinet's database and files (its key, the checkpoint outside), as a target."""

    @property
    def root(self) -> Path:
        """The directory holding ``keys/`` and the checkpoint outside the database."""
        ...

    def open(self) -> Cabinet:
        """A cabinet on this site (``site_config``); the caller closes it."""
        ...

    def sql(self, statement: str, *params: object) -> list[tuple[Any, ...]]:
        """Run one statement on the database directly (``?`` placeholders); its rows."""
        ...

    def save_old_copy(self) -> None:
        """Keep a copy of the database as it stands now (no cabinet is open)."""
        ...

    def restore_old_copy(self) -> None:
        """Replace the database with the copy ``save_old_copy`` kept."""
        ...

    def copy(self, root: Path) -> TamperSite:
        """The whole site — database, key and checkpoint — copied to ``root``."""
        ...


def site_config(root: Path, storage: str) -> Config:
    """A cabinet keeping its X.509 key in ``root/keys`` and its checkpoint outside the
    database, with no automatic checkpoint (the campaign signs heads where it needs them)."""
    return Config(
        storage=storage,
        signer="x509:keys",
        checkpoint=CHECKPOINT,
        data_key=base64.b64encode(bytes(range(64, 96))).decode(),
        base_dir=str(root),
        otp_key="base64:" + base64.b64encode(bytes(range(32))).decode(),
        settings={"checkpoint_every": 0},  # the campaign places its heads itself
    )


def append(cabinet: Cabinet, drafts: list[JournalDraft]) -> None:
    """Append ``drafts`` ten to a committed unit of work."""
    for start in range(0, len(drafts), 10):
        with cabinet.storage.unit_of_work() as uow:
            for draft in drafts[start : start + 10]:
                uow.journal.append(draft)
            uow.commit()


def build_journal(site: TamperSite) -> None:
    """Fill an empty site: a new key, 1,000 entries, heads at 250/500/750/1000, and an
    old copy of the database as it stood at 900 entries."""
    KeySigner.generate().save(site.root / "keys")
    drafts = list(sample_drafts(SIZE))
    with site.open() as cabinet:
        done = 0
        for mark in (*HEADS_AT[:-1], OLD_COPY_AT):
            append(cabinet, drafts[done:mark])
            done = mark
            if mark in HEADS_AT:
                cabinet.journal.checkpoint(SYSTEM)
    site.save_old_copy()
    with site.open() as cabinet:
        append(cabinet, drafts[OLD_COPY_AT:])
        cabinet.journal.checkpoint(SYSTEM)


def stored(site: TamperSite, seq: int) -> bytes:
    """The stored bytes of entry ``seq``."""
    ((data,),) = site.sql("SELECT data FROM journal WHERE seq = ?", seq)
    return bytes(data)


def verify(site: TamperSite, *, thorough: bool = False) -> VerificationReport:
    """What a cabinet opened on ``site`` says of its journal."""
    with site.open() as cabinet:
        return cabinet.journal.verify(SYSTEM, thorough=thorough)


def damaged(report: VerificationReport, damage: Damage, seq: int | None) -> None:
    """Assert ``report`` names ``damage`` first at ``seq``."""
    assert not report.ok, report.message_en
    assert report.damage is damage, report.message_en
    assert report.first_bad_seq == seq, report.message_en


def forged_head(size: int, root: bytes) -> bytes:
    """A head over ``size`` entries with ``root``, signed by a key that is not the cabinet's."""
    other = KeySigner.generate()
    head = TreeHead(size, root, _FORGED_AT)
    return SignedTreeHead(head, other.sign(head.to_bytes()), other.key_id, other.algorithm).encode()


def real_root(site: TamperSite, size: int) -> bytes:
    """The Merkle root of the first ``size`` stored entries."""
    rows = site.sql("SELECT data FROM journal WHERE seq < ? ORDER BY seq", size)
    return root_of(leaf_hash(bytes(data)) for (data,) in rows)


class JournalTamperCampaign:
    """The campaign; provide ``site`` (a fresh copy of a ``build_journal`` site) and
    ``TEXT_REWRITE``, a statement rewriting entry 42 with the engine's text functions."""

    TEXT_REWRITE = ""

    # --- intact controls -------------------------------------------------------------

    def test_the_pristine_journal_is_intact(self, site: TamperSite) -> None:
        report = verify(site)
        assert report.ok, report.message_en
        assert report.entries_checked == SIZE
        assert report.heads_checked == len(HEADS_AT) + 1  # and the checkpoint outside
        assert report.checkpoint_checked
        assert verify(site, thorough=True).ok

    def test_a_journal_that_grew_and_was_sealed_again_is_intact(self, site: TamperSite) -> None:
        with site.open() as cabinet:
            append(cabinet, list(sample_drafts(37, salt="more")))
            assert cabinet.journal.verify(SYSTEM).ok  # an unsigned tail is not damage
            head = cabinet.journal.checkpoint(SYSTEM)
            assert head.size == SIZE + 37
            assert cabinet.journal.verify(SYSTEM).ok
            assert cabinet.journal.prove_inclusion(SYSTEM, 123).verify(
                cabinet.journal.public_key, cabinet.journal.verify_signature
            )

    def test_a_database_copied_whole_with_its_checkpoint_is_intact(
        self, site: TamperSite, tmp_path: Path
    ) -> None:
        assert verify(site.copy(tmp_path / "moved")).ok

    # --- changed -------------------------------------------------------------------------

    def test_a_changed_byte_that_keeps_the_entry_valid_is_caught_by_the_signed_root(
        self, site: TamperSite
    ) -> None:
        changed = stored(site, 600).replace(b"app_0", b"app_1")
        site.sql("UPDATE journal SET data = ? WHERE seq = 600", changed)
        report = verify(site)
        damaged(report, Damage.CHANGED, 500)
        assert report.suspect_range == (500, 750)
        assert report.head_size == 750

    def test_a_changed_byte_that_breaks_the_entry_is_named_exactly(self, site: TamperSite) -> None:
        broken = stored(site, 600).replace(b'"role"', b'"rolE"')
        site.sql("UPDATE journal SET data = ? WHERE seq = 600", broken)
        damaged(verify(site), Damage.UNDECODABLE, 600)

    @pytest.mark.parametrize("at", [0, 1, 37, 111, 200, 333, -2, -1])
    def test_any_single_changed_byte_is_detected(self, site: TamperSite, at: int) -> None:
        data = bytearray(stored(site, 600))
        data[at] ^= 0x04
        site.sql("UPDATE journal SET data = ? WHERE seq = 600", bytes(data))
        report = verify(site)
        assert not report.ok
        assert report.damage in (Damage.CHANGED, Damage.UNDECODABLE)
        assert report.first_bad_seq in (500, 600)

    def test_an_entry_rewritten_by_the_database_text_functions_is_detected(
        self, site: TamperSite
    ) -> None:
        site.sql(self.TEXT_REWRITE)
        report = verify(site)
        assert not report.ok
        assert report.first_bad_seq == 0

    # --- reordered, missing, inserted ------------------------------------------------------

    @pytest.mark.parametrize(("a", "b"), [(300, 301), (100, 900), (998, 999)])
    def test_swapped_entries_are_found(self, site: TamperSite, a: int, b: int) -> None:
        first, second = stored(site, a), stored(site, b)
        site.sql("UPDATE journal SET data = ? WHERE seq = ?", second, a)
        site.sql("UPDATE journal SET data = ? WHERE seq = ?", first, b)
        damaged(verify(site), Damage.REORDERED, a)

    def test_a_deleted_middle_entry_is_missing(self, site: TamperSite) -> None:
        site.sql("DELETE FROM journal WHERE seq = 500")
        damaged(verify(site), Damage.MISSING, 500)

    def test_a_deleted_entry_with_the_rest_renumbered_is_missing(self, site: TamperSite) -> None:
        site.sql("DELETE FROM journal WHERE seq = 500")
        site.sql("UPDATE journal SET seq = -(seq - 1) WHERE seq > 500")
        site.sql("UPDATE journal SET seq = -seq WHERE seq < 0")
        damaged(verify(site), Damage.MISSING, 500)

    def test_an_inserted_entry_with_the_rest_renumbered_is_found(self, site: TamperSite) -> None:
        forged = next(sample_drafts(1, salt="forged")).encode(500)
        site.sql("UPDATE journal SET seq = -(seq + 1) WHERE seq >= 500")
        site.sql("UPDATE journal SET seq = -seq WHERE seq < 0")
        site.sql("INSERT INTO journal (seq, data) VALUES (500, ?)", forged)
        damaged(verify(site), Damage.INSERTED, 501)

    # --- truncated and rolled back ---------------------------------------------------------

    @pytest.mark.parametrize("cut", range(1, 11))
    def test_a_tail_cut_by_up_to_ten_entries_is_truncation(
        self, site: TamperSite, cut: int
    ) -> None:
        site.sql("DELETE FROM journal WHERE seq >= ?", SIZE - cut)
        report = verify(site)
        damaged(report, Damage.TRUNCATED, SIZE - cut)
        assert report.suspect_range == (SIZE - cut, SIZE)

    def test_a_tail_cut_with_its_heads_is_caught_by_the_checkpoint_outside(
        self, site: TamperSite
    ) -> None:
        site.sql("DELETE FROM journal WHERE seq >= 760")
        site.sql("DELETE FROM journal_heads WHERE size > 750")
        report = verify(site)
        damaged(report, Damage.TRUNCATED, 760)
        assert "outside the database" in report.message_en

    def test_an_older_copy_of_the_database_restored_is_caught(self, site: TamperSite) -> None:
        outside = site.root / CHECKPOINT
        kept = outside.read_bytes()
        site.restore_old_copy()
        assert site.sql("SELECT count(*) FROM journal") == [(OLD_COPY_AT,)]
        report = verify(site)
        damaged(report, Damage.TRUNCATED, OLD_COPY_AT)
        assert "outside the database" in report.message_en
        with site.open() as cabinet, pytest.raises(JournalDamaged):
            cabinet.journal.checkpoint(SYSTEM)  # and no new head is signed over the old copy
        assert outside.read_bytes() == kept

    # --- heads -----------------------------------------------------------------------------

    def test_a_head_signed_by_another_key_is_refused(self, site: TamperSite) -> None:
        forged = forged_head(SIZE, real_root(site, SIZE))
        site.sql("INSERT INTO journal_heads (size, data) VALUES (?, ?)", SIZE, forged)
        report = verify(site)
        damaged(report, Damage.BAD_SIGNATURE, None)
        assert report.head_size == SIZE

    def test_a_checkpoint_outside_signed_by_another_key_is_refused(self, site: TamperSite) -> None:
        (site.root / CHECKPOINT).write_bytes(forged_head(SIZE, real_root(site, SIZE)))
        report = verify(site)
        damaged(report, Damage.BAD_SIGNATURE, None)
        assert "outside the database" in report.message_en

    def test_rewriting_history_and_resigning_with_another_key_is_refused(
        self, site: TamperSite
    ) -> None:
        rewritten = stored(site, 10).replace(b"app_0", b"app_9")
        site.sql("UPDATE journal SET data = ? WHERE seq = 10", rewritten)
        site.sql("DELETE FROM journal_heads")
        forged = forged_head(SIZE, real_root(site, SIZE))
        site.sql("INSERT INTO journal_heads (size, data) VALUES (?, ?)", SIZE, forged)
        (site.root / CHECKPOINT).write_bytes(forged_head(SIZE, real_root(site, SIZE)))
        damaged(verify(site), Damage.BAD_SIGNATURE, None)
