"""Keys: the journal opens with the right secret only, and secrets change without re-encrypting.

Every test works on a real SQLCipher file under tmp_path and reopens it with a fresh engine.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import stat
from datetime import date

import pytest
from conftest import PASSPHRASE

from storage import remember
from storage.access import (
    create_journal,
    is_remembered,
    unlock_remembered,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from storage.engine import open_engine
from storage.errors import (
    JournalCorrupt,
    JournalLocked,
    KeyringUnavailable,
    RememberedKeyUnavailable,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from storage.identity import fictitious_personnummer
from storage.keys import RECOVERY_ALPHABET, KeySlots, new_recovery_key, normalise_recovery_key
from storage.paths import JournalPaths

NEW_PASSPHRASE = "a completely different passphrase"
ALVA = fictitious_personnummer(date(2012, 5, 3), 1)
PAGE = 4096  # SQLCipher 4's default page size


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _slots_json(paths: JournalPaths) -> dict:
    document = json.loads(paths.key_file.read_text(encoding="utf-8"))
    return {slot["kind"]: slot for slot in document["slots"]}


def _write_resealed(path, document: dict) -> None:
    """Write a tampered key file with a fresh checksum, as someone who knows the format would:
    the checksum only names accidental damage; what it cannot stop is tested here."""
    from storage.keys import _checksum

    document.pop("checksum", None)
    document["checksum"] = _checksum(document)
    path.write_text(json.dumps(document))


def _add_alva(journal) -> int:
    return journal.add_pupil(ALVA, "Alva", "Testsson")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- reopening -------------------------------------------------------------------------------


def test_reopen_with_a_fresh_engine_keeps_the_data(new_journal, journal_paths):
    pupil_id = _add_alva(new_journal.journal)
    new_journal.journal.close()
    assert not new_journal.journal.is_open

    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:
        assert journal._engine is not new_journal.journal._engine
        rows = journal.pupils()
    assert [(r.id, r.identity_number, r.first_name, r.last_name) for r in rows] == [
        (pupil_id, ALVA, "Alva", "Testsson")
    ]


def test_closed_journal_refuses_work(new_journal):
    new_journal.journal.close()
    with pytest.raises(JournalLocked):
        new_journal.journal.summary()


def test_wrong_passphrase_is_refused(new_journal, journal_paths):
    new_journal.journal.close()
    before = (_sha256(journal_paths.database), _sha256(journal_paths.key_file))
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(journal_paths, PASSPHRASE + "!")
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(journal_paths, "")
    assert (_sha256(journal_paths.database), _sha256(journal_paths.key_file)) == before


def test_wrong_recovery_key_is_refused(new_journal, journal_paths):
    new_journal.journal.close()
    before = (_sha256(journal_paths.database), _sha256(journal_paths.key_file))
    other = new_recovery_key()
    assert normalise_recovery_key(other) != normalise_recovery_key(new_journal.recovery_key)
    for wrong in (other, new_journal.recovery_key[:-1], "", "not a recovery key at all"):
        with pytest.raises(WrongRecoveryKey):
            unlock_with_recovery_key(journal_paths, wrong, NEW_PASSPHRASE)
    assert (_sha256(journal_paths.database), _sha256(journal_paths.key_file)) == before


def test_the_passphrase_itself_is_not_the_database_key(new_journal, journal_paths):
    """The file is keyed with the random data key, not with a KDF of the passphrase."""
    new_journal.journal.close()
    for not_the_key in (
        PASSPHRASE.encode().ljust(32, b"\0")[:32],
        hashlib.sha256(PASSPHRASE.encode()).digest(),
    ):
        with pytest.raises(JournalCorrupt):
            open_engine(journal_paths.database, not_the_key).connect()
    data_key = KeySlots.load(journal_paths.key_file).open_passphrase(PASSPHRASE)
    engine = open_engine(journal_paths.database, data_key)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM pupil").scalar_one() == 0
    engine.dispose()


# -- recovery --------------------------------------------------------------------------------


def test_recovery_key_sets_a_new_passphrase(new_journal, journal_paths, fast_kdf):
    pupil_id = _add_alva(new_journal.journal)
    new_journal.journal.close()
    recovery_key = new_journal.recovery_key

    with unlock_with_recovery_key(
        journal_paths, recovery_key, NEW_PASSPHRASE, params=fast_kdf
    ) as journal:
        assert [p.id for p in journal.pupils()] == [pupil_id]

    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(journal_paths, PASSPHRASE)
    with unlock_with_passphrase(journal_paths, NEW_PASSPHRASE) as journal:
        assert [p.id for p in journal.pupils()] == [pupil_id]
    # The recovery key is still valid afterwards (the slot was not replaced).
    with unlock_with_recovery_key(
        journal_paths, recovery_key, "yet another passphrase", params=fast_kdf
    ) as journal:
        assert [p.id for p in journal.pupils()] == [pupil_id]
    unlock_with_passphrase(journal_paths, "yet another passphrase").close()


def test_recovery_with_a_weak_new_passphrase_writes_nothing(new_journal, journal_paths):
    new_journal.journal.close()
    before = (_sha256(journal_paths.database), _sha256(journal_paths.key_file))
    with pytest.raises(WeakPassphrase):
        unlock_with_recovery_key(journal_paths, new_journal.recovery_key, "short")
    assert (_sha256(journal_paths.database), _sha256(journal_paths.key_file)) == before
    unlock_with_passphrase(journal_paths, PASSPHRASE).close()


# -- weak passphrases ------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["", "short", "123456789", "          ", "  abc  def  "])
def test_weak_passphrase_is_refused_before_anything_is_written(journal_paths, fast_kdf, weak):
    with pytest.raises(WeakPassphrase):
        create_journal(journal_paths, weak, params=fast_kdf)
    assert not journal_paths.folder.exists()


def test_weak_new_passphrase_changes_nothing(new_journal, journal_paths, fast_kdf):
    before = journal_paths.key_file.read_bytes()
    with pytest.raises(WeakPassphrase):
        new_journal.journal.change_passphrase(PASSPHRASE, "short", params=fast_kdf)
    assert journal_paths.key_file.read_bytes() == before
    new_journal.journal.close()
    unlock_with_passphrase(journal_paths, PASSPHRASE).close()


# -- changing the passphrase -----------------------------------------------------------------


def _pages(data: bytes) -> list[bytes]:
    return [data[i : i + PAGE] for i in range(0, len(data), PAGE)]


def test_passphrase_change_rewraps_one_slot_and_never_reencrypts(
    new_journal, journal_paths, fast_kdf
):
    journal = new_journal.journal
    for serial in range(20):
        pupil = journal.add_pupil(
            fictitious_personnummer(date(2011, 1 + serial % 12, 9), serial),
            "Alva",
            f"Testsson {serial}",
        )
        journal.add_entry(pupil, "Anteckning " * 200)
    journal.close()  # the last connection checkpoints the WAL into journal.db
    assert not any(sidecar.exists() for sidecar in journal_paths.sidecars())
    db_before = journal_paths.database.read_bytes()
    slots_before = _slots_json(journal_paths)
    data_key = KeySlots.load(journal_paths.key_file).open_recovery(new_journal.recovery_key)
    assert len(_pages(db_before)) > 20

    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:
        # Nothing but the unlock has happened: opening and closing leaves the file as it was.
        pass
    assert journal_paths.database.read_bytes() == db_before

    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:
        journal.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, params=fast_kdf)
    db_after = journal_paths.database.read_bytes()
    slots_after = _slots_json(journal_paths)

    # Only the passphrase slot changed in the key file.
    assert set(slots_after) == set(slots_before)
    assert slots_after["passphrase"] != slots_before["passphrase"]
    assert slots_after["passphrase"]["salt"] != slots_before["passphrase"]["salt"]
    assert {k: v for k, v in slots_after.items() if k != "passphrase"} == {
        k: v for k, v in slots_before.items() if k != "passphrase"
    }

    # The database is keyed with the very same data key as before.
    assert KeySlots.load(journal_paths.key_file).open_passphrase(NEW_PASSPHRASE) == data_key
    engine = open_engine(journal_paths.database, data_key)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM pupil").scalar_one() == 20
    engine.dispose()

    # Not re-encrypted: the change wrote one audit row, so a handful of pages may differ (the
    # audit table's last page, the header, b-tree parents); re-encryption would give every
    # page a new IV and change them all. The per-file salt (first 16 bytes) is the same.
    assert db_after[:16] == db_before[:16]
    before_pages, after_pages = _pages(db_before), _pages(db_after)
    assert len(after_pages) <= len(before_pages) + 2
    changed = sum(1 for a, b in zip(before_pages, after_pages, strict=False) if a != b)
    assert changed <= 4, f"{changed} of {len(before_pages)} pages rewritten"


def test_passphrase_change_then_reopen(new_journal, journal_paths, fast_kdf):
    journal = new_journal.journal
    _add_alva(journal)
    journal.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, params=fast_kdf)
    journal.close()
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(journal_paths, PASSPHRASE)
    with unlock_with_passphrase(journal_paths, NEW_PASSPHRASE) as reopened:
        assert [p.identity_number for p in reopened.pupils()] == [ALVA]
    with unlock_with_recovery_key(
        journal_paths, new_journal.recovery_key, "third passphrase!", params=fast_kdf
    ):
        pass


def test_passphrase_change_with_wrong_old_passphrase_is_refused(
    new_journal, journal_paths, fast_kdf
):
    before = journal_paths.key_file.read_bytes()
    with pytest.raises(WrongPassphrase):
        new_journal.journal.change_passphrase(
            "not the passphrase", NEW_PASSPHRASE, params=fast_kdf
        )
    assert journal_paths.key_file.read_bytes() == before
    new_journal.journal.close()
    unlock_with_passphrase(journal_paths, PASSPHRASE).close()
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(journal_paths, NEW_PASSPHRASE)


# -- file permissions ------------------------------------------------------------------------


def test_files_are_private(new_journal, journal_paths, fast_kdf):
    assert _mode(journal_paths.folder) == 0o700
    assert _mode(journal_paths.key_file) == 0o600
    assert _mode(journal_paths.database) == 0o600
    new_journal.journal.close()
    assert _mode(journal_paths.database) == 0o600
    # Rewriting the key file (a passphrase change) keeps it private.
    with unlock_with_passphrase(journal_paths, PASSPHRASE) as journal:
        journal.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, params=fast_kdf)
    assert _mode(journal_paths.key_file) == 0o600
    leftovers = [p.name for p in journal_paths.folder.iterdir() if p.name.startswith(".keys-")]
    assert leftovers == []


def test_write_ahead_log_files_are_private_too(new_journal, journal_paths):
    """The -wal and -shm files beside an open journal are as private as the journal."""
    _add_alva(new_journal.journal)
    sidecars = [p for p in journal_paths.sidecars() if p.exists()]
    assert sidecars, "an open WAL journal has its -wal/-shm files"
    assert {p.name: oct(_mode(p)) for p in sidecars} == {p.name: oct(0o600) for p in sidecars}


# -- the recovery key ------------------------------------------------------------------------


def test_recovery_key_format(new_journal):
    groups = new_journal.recovery_key.split("-")
    assert len(groups) == 8
    for group in groups:
        assert len(group) == 4
        assert set(group) <= set(RECOVERY_ALPHABET)
    assert not set("ILOU") & set(RECOVERY_ALPHABET)
    assert len(RECOVERY_ALPHABET) == 32
    assert re.fullmatch(
        r"([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}", new_journal.recovery_key
    )


def test_recovery_keys_differ():
    keys = {new_recovery_key() for _ in range(50)}
    assert len(keys) == 50


def _sloppy(recovery_key: str) -> list[str]:
    plain = recovery_key.replace("-", "")
    return [
        recovery_key.lower(),
        " ".join(recovery_key.split("-")),
        plain,
        "  " + plain.lower() + "  ",
        recovery_key.replace("0", "O"),
        recovery_key.replace("0", "o").replace("1", "l"),
        recovery_key.replace("1", "I"),
        "-".join(plain[i : i + 8] for i in range(0, len(plain), 8)),
    ]


def test_recovery_key_survives_sloppy_typing(new_journal, journal_paths, fast_kdf):
    new_journal.journal.close()
    recovery_key = new_journal.recovery_key
    slots = KeySlots.load(journal_paths.key_file)
    data_key = slots.open_recovery(recovery_key)
    assert data_key is not None
    for typed in _sloppy(recovery_key):
        assert slots.open_recovery(typed) == data_key, typed
    # And once end to end, through the public unlock.
    typed = _sloppy(recovery_key)[5]
    with unlock_with_recovery_key(journal_paths, typed, NEW_PASSPHRASE, params=fast_kdf):
        pass


def test_sloppy_typing_of_a_known_code_normalises():
    assert normalise_recovery_key("0p57 tb3e-8rz7 xvf9") == "0P57TB3E8RZ7XVF9"
    assert normalise_recovery_key("OP57-TB3E") == "0P57TB3E"
    assert normalise_recovery_key("il11") == "1111"


# -- slots are bound to their journal and kind -----------------------------------------------


@pytest.fixture
def two_journals(tmp_path, fast_kdf):
    paths_a = JournalPaths(tmp_path / "a")
    paths_b = JournalPaths(tmp_path / "b")
    created_a = create_journal(paths_a, PASSPHRASE, params=fast_kdf)
    created_b = create_journal(paths_b, PASSPHRASE, params=fast_kdf)
    created_a.journal.close()
    created_b.journal.close()
    return (paths_a, created_a), (paths_b, created_b)


def test_passphrase_slot_swapped_into_another_key_file_does_not_open(two_journals):
    (paths_a, _), (paths_b, _) = two_journals
    document_a = json.loads(paths_a.key_file.read_text())
    document_b = json.loads(paths_b.key_file.read_text())
    assert document_a["journal_id"] != document_b["journal_id"]
    slot_a = next(s for s in document_a["slots"] if s["kind"] == "passphrase")
    document_b["slots"] = [slot_a if s["kind"] == "passphrase" else s for s in document_b["slots"]]
    _write_resealed(paths_b.key_file, document_b)
    db_b = _sha256(paths_b.database)

    # Same passphrase, a slot that opens fine in its own file: refused only because the
    # associated data binds it to journal A's id.
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(paths_b, PASSPHRASE)
    assert _sha256(paths_b.database) == db_b
    unlock_with_passphrase(paths_a, PASSPHRASE).close()


def test_changing_the_journal_id_in_the_key_file_locks_every_slot(two_journals):
    (paths_a, created_a), (paths_b, _) = two_journals
    document = json.loads(paths_a.key_file.read_text())
    document["journal_id"] = json.loads(paths_b.key_file.read_text())["journal_id"]
    _write_resealed(paths_a.key_file, document)
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(paths_a, PASSPHRASE)
    with pytest.raises(WrongRecoveryKey):
        unlock_with_recovery_key(paths_a, created_a.recovery_key, NEW_PASSPHRASE)


def test_a_slot_relabelled_as_another_kind_does_not_open(two_journals):
    (paths_a, created_a), _ = two_journals
    slots = KeySlots.load(paths_a.key_file)
    data_key = slots.open_recovery(created_a.recovery_key)
    # Wrap with a known key under kind "recovery", then present it as the keyring slot.
    wrapping_key = bytes(range(32))
    slots.seal("recovery", wrapping_key, data_key)
    slots.slots["keyring"] = slots.slots["recovery"]
    assert slots.open("recovery", wrapping_key) == data_key
    assert slots.open("keyring", wrapping_key) is None


def test_another_journals_key_file_does_not_open_this_journal(two_journals):
    (paths_a, _), (paths_b, _) = two_journals
    db_a = _sha256(paths_a.database)
    paths_a.key_file.write_bytes(paths_b.key_file.read_bytes())
    with pytest.raises(JournalCorrupt):
        unlock_with_passphrase(paths_a, PASSPHRASE)
    assert _sha256(paths_a.database) == db_a
    assert not any(p.exists() for p in paths_a.sidecars())


def test_a_flipped_bit_in_the_wrapped_key_is_detected(new_journal, journal_paths):
    new_journal.journal.close()
    document = json.loads(journal_paths.key_file.read_text())
    slot = next(s for s in document["slots"] if s["kind"] == "passphrase")
    wrapped = bytearray(base64.b64decode(slot["wrapped"]))
    wrapped[0] ^= 1
    slot["wrapped"] = base64.b64encode(bytes(wrapped)).decode()
    _write_resealed(journal_paths.key_file, document)
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(journal_paths, PASSPHRASE)


# -- remember on this computer ---------------------------------------------------------------


def test_remember_then_unlock_without_passphrase(new_journal, journal_paths, memory_keyring):
    journal = new_journal.journal
    pupil_id = _add_alva(journal)
    assert not journal.is_remembered
    assert not is_remembered(journal_paths)
    assert remember.keyring_available()

    journal.remember_on_this_computer()
    assert journal.is_remembered
    journal.close()
    assert is_remembered(journal_paths)

    with unlock_remembered(journal_paths) as reopened:
        assert [p.id for p in reopened.pupils()] == [pupil_id]

    # What the keyring holds: one entry, service "saknad", a random journal id as the name,
    # and a base64 32-byte wrapping key which is neither the data key nor anything readable.
    journal_id = json.loads(journal_paths.key_file.read_text())["journal_id"]
    assert list(memory_keyring.entries) == [("saknad", f"journal-{journal_id}")]
    (service, username), secret = next(iter(memory_keyring.entries.items()))
    assert re.fullmatch(
        r"journal-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
        r"[0-9a-f]{12}",
        username,
    )
    for personal in ("Alva", "Testsson", ALVA, ALVA[2:], PASSPHRASE, str(journal_paths.folder)):
        assert personal not in username
        assert personal not in secret
    try:
        raw = base64.b64decode(secret, validate=True)
    except binascii.Error:
        pytest.fail("the keyring secret is not base64")
    assert len(raw) == 32
    data_key = KeySlots.load(journal_paths.key_file).open_passphrase(PASSPHRASE)
    assert raw != data_key


def test_forget_removes_the_keyring_entry_and_the_slot(new_journal, journal_paths, memory_keyring):
    journal = new_journal.journal
    journal.remember_on_this_computer()
    assert len(memory_keyring.entries) == 1
    assert "keyring" in _slots_json(journal_paths)

    journal.forget_on_this_computer()
    assert memory_keyring.entries == {}
    assert not journal.is_remembered
    assert "keyring" not in _slots_json(journal_paths)
    journal.close()
    assert not is_remembered(journal_paths)
    with pytest.raises(RememberedKeyUnavailable):
        unlock_remembered(journal_paths)
    unlock_with_passphrase(journal_paths, PASSPHRASE).close()


def test_keyring_entry_gone_means_not_remembered(new_journal, journal_paths, memory_keyring):
    new_journal.journal.remember_on_this_computer()
    new_journal.journal.close()
    memory_keyring.entries.clear()  # e.g. the keyring was reset, or another computer
    with pytest.raises(RememberedKeyUnavailable):
        unlock_remembered(journal_paths)


def test_keyring_entry_of_another_journal_does_not_open(two_journals, memory_keyring):
    (paths_a, _), (paths_b, _) = two_journals
    for paths in (paths_a, paths_b):
        with unlock_with_passphrase(paths, PASSPHRASE) as journal:
            journal.remember_on_this_computer()
    id_a = json.loads(paths_a.key_file.read_text())["journal_id"]
    id_b = json.loads(paths_b.key_file.read_text())["journal_id"]
    memory_keyring.entries[("saknad", f"journal-{id_a}")] = memory_keyring.entries[
        ("saknad", f"journal-{id_b}")
    ]
    with pytest.raises(RememberedKeyUnavailable):
        unlock_remembered(paths_a)
    unlock_remembered(paths_b).close()


def test_without_a_keyring_remember_is_refused(new_journal, journal_paths, no_keyring):
    assert remember.keyring_available() is False
    before = journal_paths.key_file.read_bytes()
    with pytest.raises(KeyringUnavailable):
        new_journal.journal.remember_on_this_computer()
    assert journal_paths.key_file.read_bytes() == before
    assert not new_journal.journal.is_remembered
    new_journal.journal.close()
    with pytest.raises(RememberedKeyUnavailable):
        unlock_remembered(journal_paths)


def test_not_remembered_unlock_is_refused(new_journal, journal_paths, memory_keyring):
    new_journal.journal.close()
    with pytest.raises(RememberedKeyUnavailable):
        unlock_remembered(journal_paths)


def test_remembered_journal_on_a_computer_without_keyring(
    new_journal, journal_paths, memory_keyring
):
    import keyring
    from keyring.backends import fail

    new_journal.journal.remember_on_this_computer()
    new_journal.journal.close()
    keyring.set_keyring(fail.Keyring())  # the fixture puts the original back afterwards
    with pytest.raises((KeyringUnavailable, RememberedKeyUnavailable)):
        unlock_remembered(journal_paths)
    unlock_with_passphrase(journal_paths, PASSPHRASE).close()


def _refusing_keyring(error_class):
    from keyring.backend import KeyringBackend

    class RefusingKeyring(KeyringBackend):
        """A real-looking backend whose calls fail, like a locked or unreachable keyring."""

        priority = 1

        def get_password(self, service, username):
            raise error_class("no keyring service")

        def set_password(self, service, username, password):
            raise error_class("no keyring service")

        def delete_password(self, service, username):
            raise error_class("no keyring service")

    return RefusingKeyring()


@pytest.mark.parametrize("error_name", ["NoKeyringError", "KeyringLocked", "InitError"])
def test_a_keyring_that_raises_is_unavailable(
    new_journal, journal_paths, memory_keyring, error_name
):
    import keyring
    import keyring.errors

    journal = new_journal.journal
    journal.remember_on_this_computer()  # remembered while the keyring worked
    before = journal_paths.key_file.read_bytes()
    keyring.set_keyring(_refusing_keyring(getattr(keyring.errors, error_name)))

    with pytest.raises(KeyringUnavailable):
        journal.remember_on_this_computer()
    assert journal_paths.key_file.read_bytes() == before
    journal.close()
    with pytest.raises(KeyringUnavailable):
        unlock_remembered(journal_paths)
    unlock_with_passphrase(journal_paths, PASSPHRASE).close()
