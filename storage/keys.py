"""Key slots: the one data key, stored only wrapped, like LUKS.

A random 256-bit data key encrypts the journal (SQLCipher raw key). It never touches disk in
the clear. The key file beside the journal holds the data key wrapped (AES-256-GCM) by:

- a passphrase slot: the wrapping key comes from argon2id over the counsellor's passphrase;
- a recovery slot: the wrapping key comes from a random recovery key shown once at set-up;
- an optional keyring slot: the wrapping key is a random key kept in the OS keyring
  ("remember on this computer"). The keyring holds only that key material, under a random
  journal id, never a name or anything about a pupil.

Changing the passphrase rewraps one slot; the journal itself is never re-encrypted. Each slot's
associated data binds it to its kind and journal id, so slots cannot be swapped between files.

Two seals guard the file itself. A checksum (SHA-256 over everything else) names accidental
damage as damage before any passphrase is tried, so a flipped bit is never "wrong passphrase".
A MAC under the data key (HMAC-SHA256, its key derived by HKDF) over the slots is checked at
every unlock, so a slot changed by anyone without the data key (a recovery slot that would
silently stop working) is reported at once. Files written before both existed are accepted and
sealed at their next unlock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from storage.errors import KeyFileCorrupt, KeyFileCostRefused, KeyFileMissing, WeakPassphrase
from storage.files import write_atomically

DATA_KEY_BYTES = 32
FORMAT = "saknad-keyslots"
FORMAT_VERSION = 1
MIN_PASSPHRASE_LENGTH = 10

PASSPHRASE = "passphrase"
RECOVERY = "recovery"
KEYRING = "keyring"

# Crockford's base32: no I, L, O or U, so a code copied by hand survives misreading.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_LENGTH = 32  # 160 bits
RECOVERY_GROUP = 4

# A key file is a few hundred bytes; anything past this is damage or not ours, refused unread.
MAX_KEY_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Argon2Params:
    """Cost of the passphrase KDF; stored in the slot so old slots stay openable.

    The default costs about 0.2 s on the development machine (measured), inside the
    0.1-0.5 s a counsellor will not notice at unlock.
    """

    time_cost: int = 4
    memory_kib: int = 65536
    parallelism: int = 1


DEFAULT_ARGON2 = Argon2Params()

# The costs a key file may ask for: up to four times the default, so a tampered file cannot
# make one unlock take minutes and gigabytes. The lower bounds let tests use a cheap cost.
ARGON2_BOUNDS: dict[str, tuple[int, int]] = {
    "time_cost": (1, 4 * DEFAULT_ARGON2.time_cost),  # 16 passes
    "memory_kib": (8192, 4 * DEFAULT_ARGON2.memory_kib),  # 256 MiB
    "parallelism": (1, 4),
}


class CostOutOfBounds(ValueError):
    """A slot asks for a key-derivation cost outside ARGON2_BOUNDS."""


@dataclass
class Slot:
    """One wrapped copy of the data key."""

    kind: str
    nonce: bytes
    wrapped: bytes
    salt: bytes = b""
    kdf: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "kdf": self.kdf,
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }

    @classmethod
    def from_json(cls, raw: dict) -> Slot:
        """A slot from its JSON form; ValueError when any field is off.

        Costs are bounded too: a tampered key file must not make unlocking hang or exhaust
        memory.
        """
        slot = cls(
            kind=str(raw["kind"]),
            kdf=dict(raw.get("kdf") or {}),
            salt=_unb64(raw.get("salt", "")),
            nonce=_unb64(raw["nonce"]),
            wrapped=_unb64(raw["wrapped"]),
        )
        if len(slot.nonce) != 12 or len(slot.wrapped) != DATA_KEY_BYTES + 16:
            raise ValueError("slot sizes")
        name = slot.kdf.get("name")
        if slot.kind in (PASSPHRASE, RECOVERY) and len(slot.salt) < 16:
            raise ValueError("salt")
        if name == "argon2id":
            for key, (low, high) in ARGON2_BOUNDS.items():
                value = slot.kdf.get(key)
                if not isinstance(value, int) or isinstance(value, bool):
                    raise ValueError(key)
                if not low <= value <= high:
                    raise CostOutOfBounds(key)
        elif slot.kind == PASSPHRASE or (slot.kind == RECOVERY and name != "hkdf-sha256"):
            raise ValueError("kdf")
        return slot


@dataclass
class KeySlots:
    """The content of a key file: a journal id and its slots by kind.

    Attributes:
        journal_id: the journal's random id.
        slots: the wrapped copies of the data key, by kind.
        mac: the MAC read from the file; None for a file written before MACs (or a new one).
        recovery_unverified: the slots were once found changed outside Saknad, so the
            recovery key may not work; kept in the file (under the MAC) so that a later
            change of passphrase does not silence it. Only a new recovery key clears it.
    """

    journal_id: str
    slots: dict[str, Slot] = field(default_factory=dict)
    mac: bytes | None = None
    recovery_unverified: bool = False
    # The slots as the file on disk holds them: a failed save puts them back.
    _on_disk: tuple[dict[str, Slot], bool] = field(default=({}, False), init=False, repr=False)

    def __post_init__(self) -> None:
        self._on_disk = (dict(self.slots), self.recovery_unverified)

    @classmethod
    def new(cls) -> KeySlots:
        return cls(journal_id=str(uuid.uuid4()))

    # -- file --------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        """Read a key file; its checksum (when it has one) is checked before anything else.

        Raises:
            KeyFileMissing: there is no file at `path`.
            KeyFileCorrupt: the file is damaged or not a Saknad key file.
            KeyFileCostRefused: a slot asks for a key-derivation cost beyond ARGON2_BOUNDS.
        """
        raw = _read_document(path)
        try:
            if raw["format"] != FORMAT or raw["version"] != FORMAT_VERSION:
                raise KeyFileCorrupt("unknown format or version")
            checksum = raw.pop("checksum", None)
            if checksum is not None and not hmac.compare_digest(str(checksum), _checksum(raw)):
                raise KeyFileCorrupt("the checksum does not match")
            mac = raw.get("mac")
            slots = {s["kind"]: Slot.from_json(s) for s in raw["slots"]}
            journal_id = str(uuid.UUID(str(raw["journal_id"])))
            unverified = raw.get("recovery_unverified", False)
            if not isinstance(unverified, bool):
                raise ValueError("recovery_unverified")
            loaded = cls(
                journal_id=journal_id,
                slots=slots,
                mac=None if mac is None else _unb64(mac),
                recovery_unverified=unverified,
            )
        except CostOutOfBounds as error:
            raise KeyFileCostRefused(f"{error} out of bounds") from None
        except (KeyError, TypeError, ValueError, AttributeError):
            raise KeyFileCorrupt("not Saknad key slots") from None
        if (checksum is None) != (loaded.mac is None):
            raise KeyFileCorrupt("a MAC without a checksum or the reverse")  # never Saknad's
        if PASSPHRASE not in slots:
            # Without it every passphrase would look wrong; say the file is damaged instead.
            raise KeyFileCorrupt("no passphrase slot")
        return loaded

    def save(self, path: Path, data_key: bytes) -> None:
        """Write the key file atomically: temp file, fsync, rename, fsync the folder.

        A crash leaves either the old file or the new one, never half of either. A failed
        write (a full disk) puts the slots back as the file still holds them, so memory and
        disk never disagree.
        """
        content = self.sealed_bytes(data_key)
        try:
            write_atomically(path, content)
        except BaseException:
            slots, self.recovery_unverified = self._on_disk
            self.slots.clear()
            self.slots.update(slots)
            raise
        self.mac = self._mac_of(data_key)
        self._on_disk = (dict(self.slots), self.recovery_unverified)

    def sealed_bytes(self, data_key: bytes) -> bytes:
        """The key file's content, sealed (the MAC under `data_key`, then the checksum).

        `save` writes it beside the journal; a hand-over (storage.handover) packs it into
        the successor's copy without it ever touching the disk on its own.
        """
        document = self._document()
        document["mac"] = _b64(self._mac_of(data_key))
        document["checksum"] = _checksum(document)
        return json.dumps(document, indent=2).encode("utf-8")

    def _document(self) -> dict:
        document: dict = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "journal_id": self.journal_id,
            "slots": [slot.to_json() for slot in self.slots.values()],
        }
        if self.recovery_unverified:
            document["recovery_unverified"] = True
        return document

    # -- the MAC under the data key ------------------------------------------------------------

    def _mac_of(self, data_key: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        mac_key = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=self.journal_id.encode("ascii"),
            info=b"saknad key file mac",
        ).derive(data_key)
        return hmac.new(mac_key, _canonical(self._document()), hashlib.sha256).digest()

    def is_sealed(self) -> bool:
        """Whether the file carried a MAC (files written before MACs did not)."""
        return self.mac is not None

    def slots_unchanged(self, data_key: bytes) -> bool:
        """Whether the slots are as Saknad last wrote them under `data_key`.

        True for a file without a MAC (written before MACs): there is nothing to check yet.
        """
        if self.mac is None:
            return True
        return hmac.compare_digest(self.mac, self._mac_of(data_key))

    # -- slots -------------------------------------------------------------------------------

    def _aad(self, kind: str) -> bytes:
        return f"{FORMAT}/{FORMAT_VERSION}/{self.journal_id}/{kind}".encode()

    def seal(
        self,
        kind: str,
        wrapping_key: bytes,
        data_key: bytes,
        *,
        salt: bytes = b"",
        kdf: dict | None = None,
    ) -> None:
        """Store `data_key` wrapped by `wrapping_key` in the slot `kind` (replacing it)."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, self._aad(kind))
        self.slots[kind] = Slot(
            kind=kind, nonce=nonce, wrapped=wrapped, salt=salt, kdf=dict(kdf or {})
        )

    def open(self, kind: str, wrapping_key: bytes) -> bytes | None:
        """The data key from slot `kind`, or None when `wrapping_key` is not the right one."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        slot = self.slots[kind]
        try:
            data_key = AESGCM(wrapping_key).decrypt(slot.nonce, slot.wrapped, self._aad(kind))
        except InvalidTag:
            return None
        return data_key if len(data_key) == DATA_KEY_BYTES else None

    # -- the three kinds of slot -------------------------------------------------------------

    def seal_passphrase(
        self, passphrase: str, data_key: bytes, params: Argon2Params = DEFAULT_ARGON2
    ) -> None:
        check_passphrase(passphrase)
        salt = secrets.token_bytes(16)
        kdf = {
            "name": "argon2id",
            "time_cost": params.time_cost,
            "memory_kib": params.memory_kib,
            "parallelism": params.parallelism,
        }
        self.seal(PASSPHRASE, _argon2(passphrase, salt, kdf), data_key, salt=salt, kdf=kdf)

    def open_passphrase(self, passphrase: str) -> bytes | None:
        slot = self.slots.get(PASSPHRASE)
        if slot is None:
            return None
        return self.open(PASSPHRASE, _argon2(passphrase, slot.salt, slot.kdf))

    def seal_recovery(self, recovery_key: str, data_key: bytes) -> None:
        self.recovery_unverified = False  # a fresh recovery slot, sealed by Saknad itself
        salt = secrets.token_bytes(16)
        kdf = {"name": "hkdf-sha256"}
        self.seal(
            RECOVERY,
            _hkdf(normalise_recovery_key(recovery_key), salt),
            data_key,
            salt=salt,
            kdf=kdf,
        )

    def open_recovery(self, recovery_key: str) -> bytes | None:
        slot = self.slots.get(RECOVERY)
        normalised = normalise_recovery_key(recovery_key)
        if slot is None or len(normalised) != RECOVERY_LENGTH:
            return None
        return self.open(RECOVERY, _hkdf(normalised, slot.salt))


def new_data_key() -> bytes:
    """A fresh random 256-bit key."""
    return secrets.token_bytes(DATA_KEY_BYTES)


def new_recovery_key() -> str:
    """A random recovery key, grouped for reading aloud and writing down: `XXXX-XXXX-...`."""
    code = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(
        code[i : i + RECOVERY_GROUP] for i in range(0, RECOVERY_LENGTH, RECOVERY_GROUP)
    )


def normalise_recovery_key(text: str) -> str:
    """Upper-case, without separators, with the look-alikes Crockford's base32 folds."""
    table = str.maketrans({"O": "0", "I": "1", "L": "1"})
    return "".join(ch for ch in text.upper().translate(table) if ch in RECOVERY_ALPHABET)


def is_too_short(passphrase: str) -> bool:
    """The one length rule for passphrases, used by the journal and by every form."""
    return len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH


def check_passphrase(passphrase: str) -> None:
    """Raise WeakPassphrase unless the passphrase is long enough to guard the journal."""
    if is_too_short(passphrase):
        raise WeakPassphrase(f"at least {MIN_PASSPHRASE_LENGTH} characters")


def _argon2(passphrase: str, salt: bytes, kdf: dict) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    if kdf.get("name") != "argon2id":
        raise KeyFileCorrupt("unknown key derivation")
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=int(kdf["time_cost"]),
        memory_cost=int(kdf["memory_kib"]),
        parallelism=int(kdf["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def _hkdf(secret: str, salt: bytes) -> bytes:
    # The recovery key carries 160 random bits, so a slow KDF would add nothing.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"saknad recovery slot"
    ).derive(secret.encode("ascii"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _read_document(path: Path) -> dict:
    """The key file's JSON object; its size is checked before it is parsed."""
    try:
        with path.open("rb") as file:
            content = file.read(MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise KeyFileMissing(str(path)) from None
    except OSError:
        raise KeyFileCorrupt("cannot be read") from None
    if len(content) > MAX_KEY_FILE_BYTES:
        raise KeyFileCorrupt("too large")
    try:
        raw = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # RecursionError: JSON nested thousands deep is damage too, not a crash.
        raise KeyFileCorrupt("not JSON") from None
    if not isinstance(raw, dict):
        raise KeyFileCorrupt("not a JSON object")
    return raw


def _canonical(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def _checksum(document: dict) -> str:
    """SHA-256 over everything in the document but the checksum itself."""
    return hashlib.sha256(_canonical(document)).hexdigest()
