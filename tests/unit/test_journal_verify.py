"""The streaming verifier finds every kind of damage and names the entry; intact logs pass."""

from __future__ import annotations

import hashlib
import hmac
import tracemalloc
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accredkit.domain.journal.entries import JournalDraft
from accredkit.domain.journal.heads import SignedTreeHead, TreeHead
from accredkit.domain.journal.merkle import EMPTY_ROOT, leaf_hash, root_of
from accredkit.domain.journal.verify import Damage, VerificationReport, verify_journal

T0 = datetime(2025, 3, 1, tzinfo=UTC)
KEY = b"cabinet key"
OTHER_KEY = b"someone else's key"

Entries = list[tuple[int, bytes]]


def hmac_sign(key: bytes, data: bytes) -> bytes:
    """A stand-in signature scheme: the pure verifier only sees a callable."""
    return hmac.new(key, data, hashlib.sha256).digest()


def hmac_verify(public_key: bytes, data: bytes, signature: bytes) -> bool:
    return hmac.compare_digest(hmac_sign(public_key, data), signature)


def make_entries(count: int, salt: str = "") -> Entries:
    entries = []
    for seq in range(count):
        draft = JournalDraft(
            time=T0 + timedelta(seconds=seq),
            actor=f"acc_{seq % 7:04d}",
            role="reviewer" if seq % 3 else "applicant",
            action="application.approved" if seq % 2 else "application.submitted",
            subject_type="application",
            subject_id=f"app_{seq // 3:05d}{salt}",
            details={"document_sha256": hashlib.sha256(b"%d" % seq).hexdigest(), "n": seq},
        )
        entries.append((seq, draft.encode(seq)))
    return entries


def sign_head(entries: Entries, size: int, key: bytes = KEY) -> SignedTreeHead:
    head = TreeHead(size, root_of(leaf_hash(data) for _, data in entries[:size]), T0)
    return SignedTreeHead(head, hmac_sign(key, head.to_bytes()), "k1", "hmac-test")


def check(
    entries: Entries,
    heads: Iterable[SignedTreeHead | bytes],
    *,
    checkpoint: SignedTreeHead | None = None,
    reread: bool = True,
    decode_all: bool = False,
) -> VerificationReport:
    def again(start: int, stop: int | None) -> Iterable[tuple[int, bytes]]:
        return [e for e in entries if start <= e[0] and (stop is None or e[0] < stop)]

    return verify_journal(
        iter(entries),
        heads,
        public_key=KEY,
        verify_signature=hmac_verify,
        checkpoint=checkpoint,
        key_id="k1",
        reread=again if reread else None,
        decode_all=decode_all,
    )


JOURNAL = make_entries(200)
HEADS = [sign_head(JOURNAL, size) for size in (1, 64, 150)]


def bad(report: VerificationReport, damage: Damage, seq: int | None) -> None:
    assert not report.ok, report.message_en
    assert report.damage is damage, report.message_en
    assert report.first_bad_seq == seq, report.message_en
    assert report.message_ru
    assert report.message_en


def with_data(entries: Entries, seq: int, data: bytes) -> Entries:
    return [(s, data if s == seq else d) for s, d in entries]


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


# --- intact controls -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "heads", "checkpoint"),
    [
        ([], [], None),
        (JOURNAL, [], None),
        (JOURNAL, HEADS, None),
        (JOURNAL, HEADS, HEADS[-1]),
        (JOURNAL, [sign_head(JOURNAL, 200)], sign_head(JOURNAL, 200)),
        (JOURNAL, [h.encode() for h in HEADS], None),
        (JOURNAL[:1], [sign_head(JOURNAL, 1)], None),
        ([], [sign_head([], 0)], None),
    ],
)
def test_an_intact_journal_passes(
    entries: Entries, heads: list[SignedTreeHead], checkpoint: SignedTreeHead | None
) -> None:
    for decode_all in (False, True):
        report = check(entries, heads, checkpoint=checkpoint, decode_all=decode_all)
        assert report.ok, report.message_en
        assert report.damage is None
        assert report.entries_checked == len(entries)
        assert report.root == (root_of(leaf_hash(d) for _, d in entries) if entries else EMPTY_ROOT)
        assert report.to_dict()["ok"] is True


def test_an_intact_journal_of_many_sizes_passes_with_a_head_at_every_size() -> None:
    heads = [sign_head(JOURNAL, size) for size in range(0, 201, 7)]
    assert check(JOURNAL, heads, checkpoint=heads[-1]).ok


@settings(max_examples=150)
@given(st.data())
def test_any_head_layout_verifies_and_any_cut_gap_or_swap_is_named(data: st.DataObject) -> None:
    size = data.draw(st.integers(0, 70), label="size")
    entries = JOURNAL[:size]
    sizes = sorted(data.draw(st.sets(st.integers(1, max(size, 1)), max_size=5))) if size else []
    heads = [sign_head(entries, s) for s in sizes]
    covered = sizes[-1] if sizes else 0
    for decode_all in (False, True):
        report = check(entries, heads, decode_all=decode_all)
        assert report.ok, report.message_en
        assert report.root == root_of(leaf_hash(d) for _, d in entries)
    if covered:
        cut = data.draw(st.integers(0, covered - 1), label="cut")
        bad(check(entries[:cut], heads), Damage.TRUNCATED, cut)
    if size >= 2:
        gap = data.draw(st.integers(0, size - 2), label="gap")
        bad(check([e for e in entries if e[0] != gap], heads), Damage.MISSING, gap)
        at = data.draw(st.integers(0, size - 2), label="swap")
        rows = [*entries[:at], entries[at + 1], entries[at], *entries[at + 2 :]]
        bad(check(rows, heads), Damage.REORDERED, at)


# --- changed ---------------------------------------------------------------------------------


def test_a_changed_byte_that_breaks_the_entry_is_named_exactly() -> None:
    _seq, data = JOURNAL[40]
    report = check(with_data(JOURNAL, 40, data.replace(b'"role"', b'"rolE"')), HEADS)
    bad(report, Damage.UNDECODABLE, 40)
    assert report.head_size == 64


def test_a_changed_byte_that_keeps_the_entry_valid_is_caught_by_the_signed_root() -> None:
    _seq, data = JOURNAL[100]
    changed = data.replace(b'"actor":"acc_0002"', b'"actor":"acc_0003"')
    assert changed != data
    report = check(with_data(JOURNAL, 100, changed), HEADS)
    bad(report, Damage.CHANGED, 64)  # the first entry the signed heads cannot clear
    assert report.suspect_range == (64, 150)
    assert report.head_size == 150
    assert "64" in report.message_ru


@pytest.mark.parametrize("at", [0, 17, 120, 199])
def test_every_single_bit_flip_under_a_head_is_detected(at: int) -> None:
    _seq, data = JOURNAL[at]
    heads = [sign_head(JOURNAL, 200)]
    for position in range(0, len(data), 5):
        report = check(with_data(JOURNAL, at, flip(data, position)), heads)
        assert not report.ok
        assert report.damage in (Damage.CHANGED, Damage.UNDECODABLE)
        assert report.first_bad_seq in (0, at)


def test_without_a_reread_damage_is_named_by_range() -> None:
    _seq, data = JOURNAL[40]
    report = check(with_data(JOURNAL, 40, flip(data, 3)), HEADS, reread=False)
    bad(report, Damage.CHANGED, 1)
    assert report.suspect_range == (1, 64)


def test_a_broken_entry_in_the_unsigned_tail_is_caught_by_decoding() -> None:
    _seq, data = JOURNAL[180]
    report = check(with_data(JOURNAL, 180, data[:-1]), HEADS)
    bad(report, Damage.UNDECODABLE, 180)


# --- reordered, missing, inserted ---------------------------------------------------------------


def swapped(entries: Entries, a: int, b: int) -> Entries:
    out = list(entries)
    out[a], out[b] = (a, entries[b][1]), (b, entries[a][1])
    return out


@pytest.mark.parametrize(("a", "b"), [(10, 11), (70, 90), (170, 171), (0, 199)])
def test_swapped_entries_are_found_and_named(a: int, b: int) -> None:
    bad(check(swapped(JOURNAL, a, b), HEADS), Damage.REORDERED, a)


def test_a_deleted_entry_leaves_a_gap() -> None:
    report = check([e for e in JOURNAL if e[0] != 100], HEADS)
    bad(report, Damage.MISSING, 100)


def test_a_deleted_entry_with_the_rest_renumbered_is_found() -> None:
    renumbered = [(i, d) for i, (_, d) in enumerate(e for e in JOURNAL if e[0] != 100)]
    bad(check(renumbered, HEADS), Damage.MISSING, 100)
    bad(check(renumbered, HEADS[:2]), Damage.MISSING, 100)  # in the unsigned tail too


def test_a_repeated_sequence_number_is_an_insertion() -> None:
    doubled = [*JOURNAL[:51], (50, JOURNAL[50][1]), *JOURNAL[51:]]
    bad(check(doubled, HEADS), Damage.INSERTED, 51)


def test_an_inserted_entry_with_the_rest_renumbered_is_found() -> None:
    forged = JournalDraft(
        time=T0,
        actor="acc_9999",
        role="operator",
        action="application.approved",
        subject_type="application",
        subject_id="app_forged",
    )
    payloads = [d for _, d in JOURNAL[:120]] + [forged.encode(120)] + [d for _, d in JOURNAL[120:]]
    report = check(list(enumerate(payloads)), HEADS)
    bad(report, Damage.INSERTED, 121)
    bad(check(list(enumerate(payloads)), HEADS[:2]), Damage.INSERTED, 121)


def test_entries_out_of_order_in_the_store_are_reordered() -> None:
    report = check([*JOURNAL[:30], JOURNAL[10], *JOURNAL[31:]], HEADS)
    bad(report, Damage.REORDERED, 30)
    swapped_rows = [*JOURNAL[:30], JOURNAL[31], JOURNAL[30], *JOURNAL[32:]]
    bad(check(swapped_rows, HEADS), Damage.REORDERED, 30)


# --- truncated ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cut", range(1, 11))
def test_a_tail_cut_behind_a_signed_head_is_truncation(cut: int) -> None:
    head = sign_head(JOURNAL, 200)
    report = check(JOURNAL[:-cut], [head])
    bad(report, Damage.TRUNCATED, 200 - cut)
    assert report.suspect_range == (200 - cut, 200)


def test_an_older_copy_restored_is_caught_by_the_checkpoint_outside_the_database() -> None:
    old_copy, old_heads = JOURNAL[:150], HEADS  # as the database stood at size 150
    assert check(old_copy, old_heads).ok  # the database alone cannot tell
    report = check(old_copy, old_heads, checkpoint=sign_head(JOURNAL, 200))
    bad(report, Damage.TRUNCATED, 150)
    assert "outside the database" in report.message_en
    assert report.checkpoint_checked


def test_an_older_copy_grown_again_is_caught_by_the_checkpoint_root() -> None:
    regrown = JOURNAL[:150] + make_entries(200, salt="x")[150:]
    assert check(regrown, HEADS).ok  # the database alone cannot tell
    report = check(regrown, HEADS, checkpoint=sign_head(JOURNAL, 200))
    assert not report.ok
    assert report.damage is Damage.CHANGED
    assert report.suspect_range == (150, 200)


# --- heads -------------------------------------------------------------------------------------


def test_a_head_signed_by_another_key_is_refused() -> None:
    report = check(JOURNAL, [*HEADS, sign_head(JOURNAL, 200, OTHER_KEY)])
    bad(report, Damage.BAD_SIGNATURE, None)
    assert report.head_size == 200


def test_a_checkpoint_signed_by_another_key_is_refused() -> None:
    report = check(JOURNAL, HEADS, checkpoint=sign_head(JOURNAL, 200, OTHER_KEY))
    bad(report, Damage.BAD_SIGNATURE, None)
    assert "outside the database" in report.message_en


def test_a_head_naming_another_key_is_refused() -> None:
    head = attrs.evolve(HEADS[0], key_id="k2")
    bad(check(JOURNAL, [head]), Damage.BAD_SIGNATURE, None)


def test_an_unreadable_head_is_refused() -> None:
    bad(check(JOURNAL, [b"not a head"]), Damage.BAD_SIGNATURE, None)


def test_a_head_whose_size_was_edited_no_longer_verifies() -> None:
    head = HEADS[1]
    edited = attrs.evolve(head, head=attrs.evolve(head.head, size=65))
    bad(check(JOURNAL, [edited]), Damage.BAD_SIGNATURE, None)


def test_two_signed_heads_of_one_size_that_disagree_are_a_fork() -> None:
    forked = sign_head(swapped(JOURNAL, 3, 4), 64)
    report = check(JOURNAL, [*HEADS, forked])
    bad(report, Damage.HEAD_MISMATCH, None)
    assert report.head_size == 64


def test_a_signed_empty_head_with_a_non_empty_root_is_refused() -> None:
    head = TreeHead(0, b"\x01" * 32, T0)
    signed = SignedTreeHead(head, hmac_sign(KEY, head.to_bytes()), "k1", "hmac-test")
    bad(check(JOURNAL, [signed]), Damage.HEAD_MISMATCH, None)


# --- streaming -----------------------------------------------------------------------------


def test_verification_streams_in_bounded_memory() -> None:
    count = 6_000
    template = JOURNAL[1][1]

    def produce() -> Iterator[tuple[int, bytes]]:
        for seq in range(count):
            yield seq, template.replace(b'"seq":1,', b'"seq":%d,' % seq)

    head = TreeHead(count, root_of(leaf_hash(d) for _, d in produce()), T0)
    signed = SignedTreeHead(head, hmac_sign(KEY, head.to_bytes()), "k1", "hmac-test")
    tracemalloc.start()
    try:
        report = verify_journal(produce(), [signed], public_key=KEY, verify_signature=hmac_verify)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.ok, report.message_en
    assert report.entries_checked == count
    assert peak < 64 * 1024  # the entries alone are two megabytes


def test_the_report_reads_as_json() -> None:
    report = check(JOURNAL[:-3], [sign_head(JOURNAL, 200)])
    data = report.to_dict()
    assert data["damage"] == "truncated"
    assert data["first_bad_seq"] == 197
    assert data["suspect_range"] == [197, 200]
    assert report.message("en") == data["message_en"]
    assert report.message("ru") == data["message_ru"]
