"""A tamper campaign on a SQLite journal of 1,000 entries with signed heads (issue 6).

Every kind of damage an intruder with write access to the database file (but not to
the signing key or the checkpoint kept outside it) can do is found and named; none
of the intact controls is flagged.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accredkit.adapters.keys import KeySigner
from accredkit.bootstrap import Cabinet, bootstrap
from accredkit.config import Config
from accredkit.domain.journal import JournalDraft
from accredkit.domain.journal_heads import SignedTreeHead, TreeHead
from accredkit.domain.journal_verify import Damage, VerificationReport
from accredkit.domain.merkle import leaf_hash, root_of
from accredkit.errors import JournalDamaged
from accredkit.testing.journal_strategies import sample_drafts

SIZE = 1000
HEADS_AT = (250, 500, 750, SIZE)
OLD_COPY_AT = 900
FORGED_AT = datetime(2026, 2, 1, tzinfo=UTC)


def open_site(site: Path) -> Cabinet:
    return bootstrap(
        Config(
            storage="sqlite:///cabinet.db",
            signer="x509:keys",
            checkpoint="outside/journal.checkpoint",
            base_dir=str(site),
        )
    )


def append(cabinet: Cabinet, drafts: list[JournalDraft]) -> None:
    for start in range(0, len(drafts), 10):
        with cabinet.storage.unit_of_work() as uow:
            for draft in drafts[start : start + 10]:
                uow.journal.append(draft)
            uow.commit()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cabinet whose journal holds 1,000 entries, heads at 250/500/750/1000, and a
    copy of its database as it stood at 900 entries."""
    site = tmp_path_factory.mktemp("pristine")
    KeySigner.generate().save(site / "keys")
    drafts = list(sample_drafts(SIZE))
    with open_site(site) as cabinet:
        done = 0
        for mark in (250, 500, 750, OLD_COPY_AT, SIZE):
            append(cabinet, drafts[done:mark])
            done = mark
            if mark == OLD_COPY_AT:
                with (
                    sqlite3.connect(site / "cabinet.db") as live,
                    sqlite3.connect(site / "old.db") as old,
                ):
                    live.backup(old)
            else:
                cabinet.journal.checkpoint()
    return site


@pytest.fixture
def site(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(pristine, copy)
    return copy


def sql(site: Path, statement: str, *params: object) -> None:
    with sqlite3.connect(site / "cabinet.db") as db:
        db.execute(statement, params)


def stored(site: Path, seq: int) -> bytes:
    with sqlite3.connect(site / "cabinet.db") as db:
        (data,) = db.execute("SELECT data FROM journal WHERE seq = ?", (seq,)).fetchone()
    return bytes(data)


def verify(site: Path, *, thorough: bool = False) -> VerificationReport:
    with open_site(site) as cabinet:
        return cabinet.journal.verify(thorough=thorough)


def damaged(report: VerificationReport, damage: Damage, seq: int | None) -> None:
    assert not report.ok, report.message_en
    assert report.damage is damage, report.message_en
    assert report.first_bad_seq == seq, report.message_en


# --- intact controls -----------------------------------------------------------------------


def test_the_pristine_journal_is_intact(site: Path) -> None:
    report = verify(site)
    assert report.ok, report.message_en
    assert report.entries_checked == SIZE
    assert report.heads_checked == len(HEADS_AT) + 1  # and the checkpoint outside
    assert report.checkpoint_checked
    assert verify(site, thorough=True).ok


def test_a_journal_that_grew_and_was_sealed_again_is_intact(site: Path) -> None:
    with open_site(site) as cabinet:
        append(cabinet, list(sample_drafts(37, salt="more")))
        assert cabinet.journal.verify().ok  # an unsigned tail is not damage
        head = cabinet.journal.checkpoint()
        assert head.size == SIZE + 37
        assert cabinet.journal.verify().ok
        assert cabinet.journal.prove_inclusion(123).verify(
            cabinet.journal.public_key, cabinet.journal.verify_signature
        )


def test_a_database_copied_whole_with_its_checkpoint_is_intact(site: Path, tmp_path: Path) -> None:
    moved = tmp_path / "moved"
    shutil.copytree(site, moved)
    assert verify(moved).ok


# --- changed ---------------------------------------------------------------------------------


def test_a_changed_byte_that_keeps_the_entry_valid_is_caught_by_the_signed_root(
    site: Path,
) -> None:
    data = stored(site, 600)
    sql(site, "UPDATE journal SET data = ? WHERE seq = 600", data.replace(b"app_0", b"app_1"))
    report = verify(site)
    damaged(report, Damage.CHANGED, 500)
    assert report.suspect_range == (500, 750)
    assert report.head_size == 750


def test_a_changed_byte_that_breaks_the_entry_is_named_exactly(site: Path) -> None:
    data = stored(site, 600)
    sql(site, "UPDATE journal SET data = ? WHERE seq = 600", data.replace(b'"role"', b'"rolE"'))
    damaged(verify(site), Damage.UNDECODABLE, 600)


@pytest.mark.parametrize("at", [0, 1, 37, 111, 200, 333, -2, -1])
def test_any_single_changed_byte_is_detected(site: Path, at: int) -> None:
    data = bytearray(stored(site, 600))
    data[at] ^= 0x04
    sql(site, "UPDATE journal SET data = ? WHERE seq = 600", bytes(data))
    report = verify(site)
    assert not report.ok
    assert report.damage in (Damage.CHANGED, Damage.UNDECODABLE)
    assert report.first_bad_seq in (500, 600)


def test_an_entry_rewritten_as_text_is_detected(site: Path) -> None:
    sql(
        site, "UPDATE journal SET data = replace(CAST(data AS TEXT), 'app_', 'app-') WHERE seq = 42"
    )
    report = verify(site)
    assert not report.ok
    assert report.first_bad_seq == 0


# --- reordered, missing, inserted --------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [(300, 301), (100, 900), (998, 999)])
def test_swapped_entries_are_found(site: Path, a: int, b: int) -> None:
    first, second = stored(site, a), stored(site, b)
    sql(site, "UPDATE journal SET data = ? WHERE seq = ?", second, a)
    sql(site, "UPDATE journal SET data = ? WHERE seq = ?", first, b)
    damaged(verify(site), Damage.REORDERED, a)


def test_a_deleted_middle_entry_is_missing(site: Path) -> None:
    sql(site, "DELETE FROM journal WHERE seq = 500")
    damaged(verify(site), Damage.MISSING, 500)


def test_a_deleted_entry_with_the_rest_renumbered_is_missing(site: Path) -> None:
    sql(site, "DELETE FROM journal WHERE seq = 500")
    sql(site, "UPDATE journal SET seq = -(seq - 1) WHERE seq > 500")
    sql(site, "UPDATE journal SET seq = -seq WHERE seq < 0")
    damaged(verify(site), Damage.MISSING, 500)


def test_an_inserted_entry_with_the_rest_renumbered_is_found(site: Path) -> None:
    forged = next(sample_drafts(1, salt="forged")).encode(500)
    sql(site, "UPDATE journal SET seq = -(seq + 1) WHERE seq >= 500")
    sql(site, "UPDATE journal SET seq = -seq WHERE seq < 0")
    sql(site, "INSERT INTO journal (seq, data) VALUES (500, ?)", forged)
    damaged(verify(site), Damage.INSERTED, 501)


# --- truncated and rolled back ----------------------------------------------------------------


@pytest.mark.parametrize("cut", range(1, 11))
def test_a_tail_cut_by_up_to_ten_entries_is_truncation(site: Path, cut: int) -> None:
    sql(site, "DELETE FROM journal WHERE seq >= ?", SIZE - cut)
    report = verify(site)
    damaged(report, Damage.TRUNCATED, SIZE - cut)
    assert report.suspect_range == (SIZE - cut, SIZE)


def test_a_tail_cut_with_its_heads_is_caught_by_the_checkpoint_outside(site: Path) -> None:
    sql(site, "DELETE FROM journal WHERE seq >= 760")
    sql(site, "DELETE FROM journal_heads WHERE size > 750")
    report = verify(site)
    damaged(report, Damage.TRUNCATED, 760)
    assert "outside the database" in report.message_en


def test_an_older_copy_of_the_database_restored_is_caught(site: Path) -> None:
    kept = (site / "outside" / "journal.checkpoint").read_bytes()
    for leftover in site.glob("cabinet.db*"):
        leftover.unlink()
    shutil.copy(site / "old.db", site / "cabinet.db")
    report = verify(site)
    damaged(report, Damage.TRUNCATED, OLD_COPY_AT)
    assert "outside the database" in report.message_en
    with open_site(site) as cabinet, pytest.raises(JournalDamaged):
        cabinet.journal.checkpoint()  # and no new head is signed over the old copy
    assert (site / "outside" / "journal.checkpoint").read_bytes() == kept


# --- heads -------------------------------------------------------------------------------------


def forged_head(size: int, root: bytes) -> bytes:
    other = KeySigner.generate()
    head = TreeHead(size, root, FORGED_AT)
    return SignedTreeHead(head, other.sign(head.to_bytes()), other.key_id, other.algorithm).encode()


def real_root(site: Path, size: int) -> bytes:
    with sqlite3.connect(site / "cabinet.db") as db:
        rows = db.execute("SELECT data FROM journal WHERE seq < ? ORDER BY seq", (size,))
        return root_of(leaf_hash(bytes(r[0])) for r in rows)


def test_a_head_signed_by_another_key_is_refused(site: Path) -> None:
    sql(
        site,
        "INSERT INTO journal_heads (size, data) VALUES (?, ?)",
        SIZE,
        forged_head(SIZE, real_root(site, SIZE)),
    )
    report = verify(site)
    damaged(report, Damage.BAD_SIGNATURE, None)
    assert report.head_size == SIZE


def test_a_checkpoint_outside_signed_by_another_key_is_refused(site: Path) -> None:
    (site / "outside" / "journal.checkpoint").write_bytes(forged_head(SIZE, real_root(site, SIZE)))
    report = verify(site)
    damaged(report, Damage.BAD_SIGNATURE, None)
    assert "outside the database" in report.message_en


def test_rewriting_history_and_resigning_with_another_key_is_refused(site: Path) -> None:
    data = stored(site, 10)
    sql(site, "UPDATE journal SET data = ? WHERE seq = 10", data.replace(b"app_0", b"app_9"))
    sql(site, "DELETE FROM journal_heads")
    sql(
        site,
        "INSERT INTO journal_heads (size, data) VALUES (?, ?)",
        SIZE,
        forged_head(SIZE, real_root(site, SIZE)),
    )
    (site / "outside" / "journal.checkpoint").write_bytes(forged_head(SIZE, real_root(site, SIZE)))
    damaged(verify(site), Damage.BAD_SIGNATURE, None)
