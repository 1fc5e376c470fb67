"""Every page of an encrypted journal file, decrypted here with the data key, for tests that
look for bytes which must not be anywhere in the file (free pages and log frames included).

SQLite reads only the pages its b-trees reach, so asking the database cannot prove that a
freed page or an old write-ahead-log frame holds nothing. This reads the raw files instead and
decrypts each page as SQLCipher 4 wrote it (its defaults, which storage.engine keeps): pages of
4096 bytes, each ending in 80 reserved bytes (a 16-byte IV, then a 64-byte HMAC-SHA512), the
rest AES-256-CBC under the raw data key; the first 16 bytes of page 1 are the file's salt
(not encrypted). The HMAC is not checked: a page that does not decrypt to sense would show up
as the test's positive control failing (a kept pupil's name must be found).
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
SALT = 16
WAL_HEADER = 32
WAL_FRAME_HEADER = 24


def _decrypt(page: bytes, key: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE_SIZE - RESERVE]) + decryptor.finalize()


def database_pages(path: Path, key: bytes) -> list[bytes]:
    """Every page of the database file `path`, decrypted (page 1 without its salt)."""
    data = path.read_bytes()
    return [
        _decrypt(data[offset : offset + PAGE_SIZE], key, offset == 0)
        for offset in range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE)
    ]


def wal_pages(path: Path, key: bytes) -> list[bytes]:
    """Every frame's page in the write-ahead log `path` (none if it is absent or empty)."""
    if not path.exists():
        return []
    data = path.read_bytes()
    pages = []
    offset = WAL_HEADER
    while offset + WAL_FRAME_HEADER + PAGE_SIZE <= len(data):
        page_number = int.from_bytes(data[offset : offset + 4], "big")
        frame = data[offset + WAL_FRAME_HEADER : offset + WAL_FRAME_HEADER + PAGE_SIZE]
        pages.append(_decrypt(frame, key, page_number == 1))
        offset += WAL_FRAME_HEADER + PAGE_SIZE
    return pages


def every_byte(database: Path, key: bytes) -> bytes:
    """All decrypted pages of the database and of its write-ahead log, one after the other."""
    wal = Path(f"{database}-wal")
    return b"".join(database_pages(database, key) + wal_pages(wal, key))


def page_size_of_first_page(database: Path, key: bytes) -> int:
    """The page size page 1's header states (bytes 16-17 of the plain header): 4096 when the
    decryption is right, so a test can see its reading of the file is sound."""
    first = database_pages(database, key)[0]
    # The plain header's bytes 16-17 are the first two bytes after the salt.
    return int.from_bytes(first[0:2], "big")
