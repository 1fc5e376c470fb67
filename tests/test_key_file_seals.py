"""The key file names its own damage, reports changed slots, bounds its costs, and a failed
save changes nothing (issue 9, points 9, 10 and 11).

Every test works on a real key file under tmp_path, created with the fast test cost.
"""

from __future__ import annotations

import base64
import errno
import json
import secrets

import pytest
from conftest import PASSPHRASE

from storage import keys
from storage.access import open_with_recovery_key, unlock_remembered, unlock_with_passphrase
from storage.errors import (
    KeyFileCorrupt,
    KeyFileCostRefused,
    KeySlotsChanged,
    WrongPassphrase,
    WrongRecoveryKey,
)
from storage.keys import ARGON2_BOUNDS, MAX_KEY_FILE_BYTES, KeySlots, Slot
from tui.error_text import sentence_for
from tui.i18n import language, set_language

NEW_PASSPHRASE = "a completely different passphrase"


@pytest.fixture
def english():
    before = language()
    set_language("en")
    yield
    set_language(before)


def _document(paths) -> dict:
    return json.loads(paths.key_file.read_text(encoding="utf-8"))


def _write_resealed(paths, document: dict) -> None:
    """A deliberate change by someone who knows the format: a fresh checksum, the old MAC
    (which needs the data key nobody but the journal has)."""
    document.pop("checksum", None)
    document["checksum"] = keys._checksum(document)
    paths.key_file.write_text(json.dumps(document), encoding="utf-8")


def _slot(document: dict, kind: str) -> dict:
    return next(s for s in document["slots"] if s["kind"] == kind)


def _slots_as_json(slots: KeySlots) -> dict:
    return {kind: slot.to_json() for kind, slot in slots.slots.items()}


# -- the checksum: damage is named as damage -------------------------------------------------


def test_a_new_key_file_carries_a_checksum_and_a_mac(new_journal, journal_paths):
    document = _document(journal_paths)
    assert len(document["checksum"]) == 64
    assert len(base64.b64decode(document["mac"])) == 32


def test_every_sampled_bit_flip_is_damage_or_changed_slots_never_a_wrong_passphrase(
    new_journal, journal_paths
):
    new_journal.journal.close()
    original = journal_paths.key_file.read_bytes()
    total_bits = len(original) * 8
    samples = 240
    outcomes: dict[str, int] = {"damaged": 0, "changed": 0, "unchanged": 0}
    for index in range(samples):
        # Spread over the whole file (every slot, every field), not bunched at the start.
        bit = index * total_bits // samples + index % 8
        flipped = bytearray(original)
        flipped[bit // 8] ^= 1 << (bit % 8)
        journal_paths.key_file.write_bytes(bytes(flipped))
        try:
            journal = unlock_with_passphrase(journal_paths, PASSPHRASE)
        except KeyFileCorrupt:
            outcomes["damaged"] += 1
            assert journal_paths.key_file.read_bytes() == bytes(flipped)  # nothing written
            continue
        except WrongPassphrase:
            pytest.fail(f"bit {bit} of the key file read as a wrong passphrase")
        with journal:
            if journal.key_slots_changed:
                outcomes["changed"] += 1
                continue
        # Opened with no word: then the recovery key must still work.
        outcomes["unchanged"] += 1
        open_with_recovery_key(journal_paths, new_journal.recovery_key).close()
        journal_paths.key_file.write_bytes(original)
    # The checksum names every accidental flip as damage before a passphrase is tried.
    assert outcomes == {"damaged": samples, "changed": 0, "unchanged": 0}


def test_a_damaged_key_file_is_refused_before_any_passphrase_is_tried(
    new_journal, journal_paths, monkeypatch
):
    new_journal.journal.close()
    document = _document(journal_paths)
    _slot(document, "recovery")["salt"] = base64.b64encode(secrets.token_bytes(16)).decode()
    journal_paths.key_file.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(keys, "_argon2", lambda *a: pytest.fail("a passphrase was tried"))
    with pytest.raises(KeyFileCorrupt, match="checksum"):
        unlock_with_passphrase(journal_paths, PASSPHRASE)


# -- the MAC: a changed slot is reported at once ---------------------------------------------


def test_a_changed_recovery_slot_is_reported_and_a_new_recovery_key_mends_it(
    new_journal, journal_paths, english
):
    new_journal.journal.close()
    document = _document(journal_paths)
    _slot(document, "recovery")["wrapped"] = base64.b64encode(secrets.token_bytes(48)).decode()
    _write_resealed(journal_paths, document)

    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:  # still opens
        assert journal.key_slots_changed
        with pytest.raises(WrongRecoveryKey):
            open_with_recovery_key(journal_paths, new_journal.recovery_key)
        new_key = journal.replace_recovery_key()
        assert not journal.key_slots_changed
    sentence = sentence_for(KeySlotsChanged())
    assert "recovery key may no longer work" in sentence
    assert "saknad passwd --new-recovery-key" in sentence

    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:
        assert not journal.key_slots_changed
    with open_with_recovery_key(journal_paths, new_key) as journal:
        assert not journal.key_slots_changed
    with pytest.raises(WrongRecoveryKey):
        open_with_recovery_key(journal_paths, new_journal.recovery_key)


def test_changed_slots_are_still_reported_after_a_passphrase_change_until_a_new_key(
    new_journal, journal_paths, fast_kdf
):
    new_journal.journal.close()
    document = _document(journal_paths)
    _slot(document, "recovery")["salt"] = base64.b64encode(secrets.token_bytes(16)).decode()
    _write_resealed(journal_paths, document)
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:
        assert journal.key_slots_changed
        journal.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, params=fast_kdf)
    with unlock_with_passphrase(journal_paths, NEW_PASSPHRASE) as journal:
        assert journal.key_slots_changed  # the new MAC did not silence it
        journal.replace_recovery_key()
    with unlock_with_passphrase(journal_paths, NEW_PASSPHRASE) as journal:
        assert not journal.key_slots_changed


def test_a_changed_passphrase_slot_is_mended_by_the_recovery_key(
    new_journal, journal_paths, fast_kdf
):
    new_journal.journal.close()
    document = _document(journal_paths)
    _slot(document, "passphrase")["kdf"]["time_cost"] = 2  # within bounds, not what was sealed
    _write_resealed(journal_paths, document)
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(journal_paths, PASSPHRASE)
    with open_with_recovery_key(journal_paths, new_journal.recovery_key) as journal:
        assert not journal.key_slots_changed  # the recovery key has just proved itself
        journal.set_passphrase(NEW_PASSPHRASE, params=fast_kdf, reason="recovery")
    with unlock_with_passphrase(journal_paths, NEW_PASSPHRASE) as journal:
        assert not journal.key_slots_changed


def test_an_old_key_file_without_seals_opens_and_is_sealed_at_unlock(new_journal, journal_paths):
    new_journal.journal.close()
    document = _document(journal_paths)
    del document["checksum"], document["mac"]
    journal_paths.key_file.write_text(json.dumps(document), encoding="utf-8")
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:
        assert not journal.key_slots_changed
    sealed = _document(journal_paths)
    assert "checksum" in sealed and "mac" in sealed
    assert {s["kind"]: s for s in sealed["slots"]} == {s["kind"]: s for s in document["slots"]}
    open_with_recovery_key(journal_paths, new_journal.recovery_key).close()


def test_a_mac_stripped_from_a_sealed_file_is_damage(new_journal, journal_paths):
    new_journal.journal.close()
    document = _document(journal_paths)
    del document["mac"]
    _write_resealed(journal_paths, document)
    with pytest.raises(KeyFileCorrupt):
        unlock_with_passphrase(journal_paths, PASSPHRASE)


# -- bounded costs and sizes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_cost", 64), ("memory_kib", 4 * 1024 * 1024), ("parallelism", 64)],
)
def test_a_key_file_asking_for_a_huge_cost_is_refused_with_its_own_sentence(
    new_journal, journal_paths, monkeypatch, english, field, value
):
    new_journal.journal.close()
    document = _document(journal_paths)
    _slot(document, "passphrase")["kdf"][field] = value
    _write_resealed(journal_paths, document)
    monkeypatch.setattr(keys, "_argon2", lambda *a: pytest.fail("the costly KDF was run"))
    with pytest.raises(KeyFileCostRefused) as refused:
        unlock_with_passphrase(journal_paths, PASSPHRASE)
    sentence = sentence_for(refused.value)
    assert "unknown program" in sentence
    assert sentence != sentence_for(KeyFileCorrupt("x"))


def test_the_cost_bounds_are_four_times_the_default_and_the_bounds_themselves_are_accepted():
    assert ARGON2_BOUNDS == {
        "time_cost": (1, 16),
        "memory_kib": (8192, 262144),
        "parallelism": (1, 4),
    }
    slot = {
        "kind": "passphrase",
        "salt": base64.b64encode(bytes(16)).decode(),
        "nonce": base64.b64encode(bytes(12)).decode(),
        "wrapped": base64.b64encode(bytes(48)).decode(),
    }
    highest = {"name": "argon2id", **{k: high for k, (_, high) in ARGON2_BOUNDS.items()}}
    assert Slot.from_json({**slot, "kdf": highest}).kdf == highest
    for key in ARGON2_BOUNDS:
        with pytest.raises(ValueError):
            Slot.from_json({**slot, "kdf": {**highest, key: highest[key] + 1}})


def test_a_key_file_nested_200000_deep_is_damage_not_a_crash(journal_paths, new_journal, english):
    new_journal.journal.close()
    journal_paths.key_file.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(KeyFileCorrupt) as damaged:
        unlock_with_passphrase(journal_paths, PASSPHRASE)
    assert "damaged" in sentence_for(damaged.value)


def test_a_huge_key_file_is_refused_unparsed(new_journal, journal_paths, monkeypatch):
    new_journal.journal.close()
    document = _document(journal_paths)
    document["padding"] = "x" * MAX_KEY_FILE_BYTES
    journal_paths.key_file.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(keys.json, "loads", lambda *a: pytest.fail("parsed a huge file"))
    with pytest.raises(KeyFileCorrupt, match="too large"):
        unlock_with_passphrase(journal_paths, PASSPHRASE)


# -- a failed save changes nothing -----------------------------------------------------------


def _fail_writes(monkeypatch) -> None:
    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(keys, "write_atomically", disk_full)


def _assert_memory_matches_disk(journal, paths) -> None:
    assert _slots_as_json(journal._slots) == _slots_as_json(KeySlots.load(paths.key_file))


def test_a_failed_passphrase_change_leaves_the_old_passphrase_in_memory_and_on_disk(
    new_journal, journal_paths, monkeypatch, fast_kdf
):
    journal = new_journal.journal
    _fail_writes(monkeypatch)
    with pytest.raises(OSError):
        journal.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, params=fast_kdf)
    _assert_memory_matches_disk(journal, journal_paths)
    assert journal._slots.open_passphrase(PASSPHRASE) is not None
    assert journal._slots.open_passphrase(NEW_PASSPHRASE) is None
    monkeypatch.undo()
    journal.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, params=fast_kdf)  # then it works
    journal.close()
    unlock_with_passphrase(journal_paths, NEW_PASSPHRASE).close()


def test_a_failed_new_recovery_key_keeps_the_old_one(new_journal, journal_paths, monkeypatch):
    journal = new_journal.journal
    _fail_writes(monkeypatch)
    with pytest.raises(OSError):
        journal.replace_recovery_key()
    _assert_memory_matches_disk(journal, journal_paths)
    assert journal._slots.open_recovery(new_journal.recovery_key) is not None


def test_a_failed_remember_or_forget_changes_no_slot(
    new_journal, journal_paths, monkeypatch, memory_keyring
):
    journal = new_journal.journal
    with monkeypatch.context() as patch:
        _fail_writes(patch)
        with pytest.raises(OSError):
            journal.remember_on_this_computer()
        _assert_memory_matches_disk(journal, journal_paths)
        assert not journal.is_remembered

    journal.remember_on_this_computer()
    with monkeypatch.context() as patch:
        _fail_writes(patch)
        with pytest.raises(OSError):
            journal.forget_on_this_computer()
        _assert_memory_matches_disk(journal, journal_paths)
        assert journal.is_remembered
    journal.close()
    unlock_remembered(journal_paths).close()  # the keyring entry is still there
