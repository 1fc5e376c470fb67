""" "Remember on this computer": the keyring slot.

The OS keyring holds one random wrapping key per journal, under the journal's random id; the
key file holds the data key wrapped by it. The keyring never sees a name, a passphrase or the
data key itself. Only real, encrypted backends are used: keyring's fail backend, its null
backend and the plaintext backends of keyrings.alt count as "no keyring".
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable

from storage.errors import KeyringUnavailable, RememberedKeyUnavailable
from storage.keys import KEYRING, KeySlots

SERVICE = "saknad"

# Backends that exist but must not hold a key: they fail, forget, or store in plain text.
_REFUSED_BACKEND_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _entry_name(slots: KeySlots) -> str:
    return f"journal-{slots.journal_id}"


def _backend():
    """The OS keyring backend, or KeyringUnavailable with the reason."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise KeyringUnavailable("the keyring package is not installed") from None
    try:
        backend = keyring.get_keyring()
    except KeyringError as error:
        raise KeyringUnavailable(type(error).__name__) from None
    module = type(backend).__module__
    if module.startswith(_REFUSED_BACKEND_MODULES) or getattr(backend, "priority", 1) <= 0:
        raise KeyringUnavailable("no secure keyring backend on this computer")
    return backend


def keyring_available() -> bool:
    """Whether a secure OS keyring can remember a key on this computer."""
    try:
        _backend()
    except KeyringUnavailable:
        return False
    return True


def remember(slots: KeySlots, data_key: bytes) -> None:
    """Add a keyring slot: a fresh wrapping key to the keyring, the wrapped data key to `slots`.

    The caller saves `slots` afterwards.

    Raises:
        KeyringUnavailable: no secure keyring, or the keyring refused to store the key.
    """
    from keyring.errors import KeyringError

    backend = _backend()
    wrapping_key = secrets.token_bytes(32)
    try:
        backend.set_password(
            SERVICE, _entry_name(slots), base64.b64encode(wrapping_key).decode("ascii")
        )
    except KeyringError as error:
        raise KeyringUnavailable(type(error).__name__) from None
    slots.seal(KEYRING, wrapping_key, data_key)


def recall(slots: KeySlots) -> bytes:
    """The data key from the keyring slot.

    Raises:
        RememberedKeyUnavailable: not remembered here, or the keyring entry is gone or wrong.
        KeyringUnavailable: no secure keyring on this computer.
    """
    from keyring.errors import KeyringError

    if KEYRING not in slots.slots:
        raise RememberedKeyUnavailable("not remembered on this computer")
    backend = _backend()
    try:
        stored = backend.get_password(SERVICE, _entry_name(slots))
    except KeyringError as error:
        raise KeyringUnavailable(type(error).__name__) from None
    if not stored:
        raise RememberedKeyUnavailable("the keyring has no key for this journal")
    try:
        wrapping_key = base64.b64decode(stored, validate=True)
    except ValueError:
        raise RememberedKeyUnavailable("the keyring entry is damaged") from None
    data_key = slots.open(KEYRING, wrapping_key) if len(wrapping_key) == 32 else None
    if data_key is None:
        raise RememberedKeyUnavailable("the keyring entry does not open this journal")
    return data_key


def forget(slots: KeySlots, save: Callable[[], None]) -> None:
    """Drop the keyring slot, `save` the slots, then delete the keyring entry where possible.

    The entry goes only after the key file no longer needs it: should the save fail (a full
    disk), the slot is still in the file and the keyring still opens it.
    """
    slots.slots.pop(KEYRING, None)
    save()
    try:
        from keyring.errors import KeyringError

        _backend().delete_password(SERVICE, _entry_name(slots))
    except (KeyringUnavailable, KeyringError):
        pass  # nothing to delete, or no keyring: the slot is gone either way
