"""``cabinet.journal.export`` and the standalone ``accredkit.journal_verify``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import accredkit
from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.keys import KeySigner
from accredkit.bootstrap.cabinet import Cabinet, bootstrap
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.journal.verify import Damage
from accredkit.errors import ValidationError
from accredkit.testing.journal_strategies import sample_drafts


@pytest.fixture
def cabinet() -> Iterator[Cabinet]:
    with bootstrap(clock=FrozenClock()) as cabinet:
        for batch, salt in ((120, ""), (60, "b"), (9, "c")):
            with cabinet.storage.unit_of_work() as uow:
                for draft in sample_drafts(batch, salt=salt):
                    uow.journal.append(draft)
                uow.commit()
            if salt != "c":
                cabinet.journal.checkpoint(SYSTEM)
        yield cabinet


@pytest.fixture
def export(cabinet: Cabinet, tmp_path: Path) -> Path:
    path = tmp_path / "regulator" / "journal.export"
    result = cabinet.journal.export(SYSTEM, path)
    assert (result.entries, result.heads, result.checkpoint) == (189, 2, True)
    return path


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def test_an_export_verifies_offline_with_the_pinned_key(cabinet: Cabinet, export: Path) -> None:
    for report in (
        accredkit.journal_verify(export),
        accredkit.journal_verify(export, public_key=cabinet.journal.public_key),
        accredkit.journal_verify(export, key_id=cabinet.signer.key_id, thorough=True),
    ):
        assert report.ok, report.message_en
        assert report.entries_checked == 189
        assert report.checkpoint_checked
    assert [p.name for p in export.parent.iterdir()] == ["journal.export"]  # no temp left


def test_an_export_holds_no_more_than_the_journal_says(export: Path) -> None:
    text = export.read_text("utf-8")
    assert text.startswith("accredkit-journal-export 1\nheader\t")
    assert text.count("\nentry\t") == 189
    assert text.count("\nhead\t") == 2
    assert text.count("\ncheckpoint\t") == 1


def test_a_changed_entry_in_the_export_is_found(export: Path) -> None:
    written = lines(export)
    index = next(i for i, line in enumerate(written) if line.startswith(b"entry\t130\t"))
    written[index] = written[index].replace(b'"role"', b'"rolE"')
    export.write_bytes(b"".join(written))
    report = accredkit.journal_verify(export)
    assert report.damage is Damage.UNDECODABLE
    assert report.first_bad_seq == 130


def test_swapped_and_removed_lines_are_found(export: Path, tmp_path: Path) -> None:
    written = lines(export)
    first = next(i for i, line in enumerate(written) if line.startswith(b"entry\t"))
    swapped = list(written)
    swapped[first + 40], swapped[first + 41] = swapped[first + 41], swapped[first + 40]
    removed = written[: first + 70] + written[first + 71 :]
    cut = written[:-20]
    cases = [(swapped, Damage.REORDERED, 40), (removed, Damage.MISSING, 70)]
    for content, damage, seq in cases:
        target = tmp_path / f"{damage}.export"
        target.write_bytes(b"".join(content))
        report = accredkit.journal_verify(target)
        assert (report.damage, report.first_bad_seq) == (damage, seq), report.message_en
    target = tmp_path / "cut.export"
    target.write_bytes(b"".join(cut))
    assert accredkit.journal_verify(target).damage is Damage.TRUNCATED


def test_a_foreign_key_or_a_file_that_is_not_an_export_is_refused(
    export: Path, tmp_path: Path
) -> None:
    other = KeySigner.generate()
    report = accredkit.journal_verify(export, public_key=other.public_key_pem())
    assert report.damage is Damage.BAD_SIGNATURE
    with pytest.raises(ValidationError, match="is not key"):
        accredkit.journal_verify(export, key_id=other.key_id)
    stray = tmp_path / "notes.txt"
    stray.write_text("hello\n")
    for path in (stray, tmp_path / "missing.export"):
        with pytest.raises(ValidationError) as caught:
            accredkit.journal_verify(path)
        assert caught.value.code == "journal.export_unreadable"


def test_damage_made_in_the_database_reads_the_same_from_the_export(
    cabinet: Cabinet, tmp_path: Path
) -> None:
    engine = cabinet.storage.inner._engine  # type: ignore[attr-defined]
    engine.journal[77] = engine.journal[77] + b"\n"  # a line break where none may be
    online = cabinet.journal.verify(SYSTEM)
    path = tmp_path / "damaged.export"
    cabinet.journal.export(SYSTEM, path)
    offline = accredkit.journal_verify(path)
    assert (online.damage, online.first_bad_seq) == (Damage.UNDECODABLE, 77)
    assert (offline.damage, offline.first_bad_seq) == (online.damage, online.first_bad_seq)
