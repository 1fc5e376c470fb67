"""Warning signs on a pupil: which sign of the school's list, when and by whom it was observed,
and the pupil's own words where given (DOMAIN.md "Honour-related risk changes the rules").

The list of signs is data, like the checklists: the built-in one ships in
storage/templates/warning_signs.toml (drawn from the national guidance), and a school's own
file of the same name in the data folder's `checklists/` replaces it. A file is validated whole
before it is used; an error names its line (storage.errors.TemplateInvalid). Texts are English
and keyed by `code`: the UI shows its own translation of a code it knows and the file's text as
written for a code of the school's own.

A sign is a record of what was seen or heard, so it is never edited or removed (like a journal
entry, storage.append_only): a sign noted by mistake is corrected by a journal entry that says
so, and the chronology keeps both. "other" says nothing by itself, so it needs a note.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from sqlmodel import Session, col, select

from storage import models as m
from storage import records
from storage.checklist import SCHOOL_TEMPLATE_FOLDER
from storage.clock import aware, now
from storage.errors import InvalidValue, NotFound, TemplateInvalid
from storage.session import stored_id
from storage.values import plain_text
from storage.whereabouts import local_day

SIGN_LIST_FILE = "warning_signs.toml"
OTHER = "other"  # the sign that needs a note to say what was seen

_SIGN_KEYS = frozenset({"code", "text"})
_CODE = re.compile(r"[a-z0-9_]+")
_HEADER = re.compile(r"\s*\[\[\s*sign\s*\]\]")


@dataclass(frozen=True)
class SignTemplate:
    """One sign of the list: its code and its English text (a school's own words)."""

    code: str
    text: str = ""


@dataclass(frozen=True)
class SignList:
    """The signs a sign can be noted as, and where the list came from ("built-in" or the
    school's file name)."""

    signs: tuple[SignTemplate, ...]
    source: str = "built-in"

    def sign(self, code: str) -> SignTemplate | None:
        return next((s for s in self.signs if s.code == code), None)


def parse_sign_list(source: str, name: str = "built-in") -> SignList:
    """Read and validate a list's TOML text, whole.

    Raises:
        TemplateInvalid: not TOML, an unknown key, a sign without a code or with a code used
            before, a value of the wrong type, or no signs ("no_steps"); with the line.
    """
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        raise TemplateInvalid("not_toml", int(found.group(1)) if found else 1) from None
    text = source.splitlines()
    headers = [n for n, line in enumerate(text) if _HEADER.match(line)]
    for key in data:
        if key != "sign":
            raise TemplateInvalid("unknown_key", _key_line(text, key, 0, len(text)), key)
    signs = data.get("sign")
    if not isinstance(signs, list) or not signs:
        raise TemplateInvalid("no_steps", 1)
    parsed: list[SignTemplate] = []
    for index, raw in enumerate(signs):
        start = headers[index] if index < len(headers) else 0
        end = headers[index + 1] if index + 1 < len(headers) else len(text)
        parsed.append(_sign(raw, text, start, end, {s.code for s in parsed}))
    return SignList(tuple(parsed), name)


def _sign(raw: object, text: list[str], start: int, end: int, seen: set[str]) -> SignTemplate:
    def fail(reason: str, key: str = "") -> TemplateInvalid:
        line = _key_line(text, key, start, end) if key else start + 1
        return TemplateInvalid(reason, line, key)

    if not isinstance(raw, dict):
        raise fail("wrong_type")
    for key in raw:
        if key not in _SIGN_KEYS:
            raise fail("unknown_key", key)
    code, words = raw.get("code"), raw.get("text", "")
    if code is None or code == "":
        raise fail("missing_code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise fail("wrong_type", "code")
    if not isinstance(words, str):
        raise fail("wrong_type", "text")
    if code in seen:
        raise fail("duplicate_code", "code")
    return SignTemplate(code, words.strip())


def _key_line(text: list[str], key: str, start: int, end: int) -> int:
    """The 1-based line of the first `key =` in the 0-based lines [start, end)."""
    pattern = re.compile(rf"\s*\"?{re.escape(key)}\"?\s*=")
    return next((n + 1 for n in range(start, end) if pattern.match(text[n])), start + 1)


def built_in() -> SignList:
    """The list shipped with Saknad."""
    source = resources.files("storage").joinpath("templates", SIGN_LIST_FILE)
    return parse_sign_list(source.read_text(encoding="utf-8"))


def load_sign_list(folder: Path | None) -> SignList:
    """The school's own list in `folder`/checklists/, else the built-in one.

    Raises:
        TemplateInvalid: the school's file is there but cannot be read or is not valid.
    """
    path = folder / SCHOOL_TEMPLATE_FOLDER / SIGN_LIST_FILE if folder is not None else None
    if path is None or not path.is_file():
        return built_in()
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise TemplateInvalid("unreadable", 1) from None
    return parse_sign_list(source, SIGN_LIST_FILE)


def readable_sign_list(folder: Path | None) -> SignList:
    """The list for reading signs already noted: the school's if valid, else the built-in
    one (a file with an error keeps the chronology and reports readable)."""
    try:
        return load_sign_list(folder)
    except TemplateInvalid:
        return built_in()


def record_sign(
    session: Session,
    actor: str,
    pupil_id: int,
    sign_code: str,
    observed_on: date,
    *,
    sign_list: SignList,
    observed_by: str = "",
    own_words: str = "",
    note: str = "",
    today: date | None = None,
    at: datetime | None = None,
) -> int:
    """Note a warning sign on the pupil; returns its id. `today` is the school's date (the
    Swedish date now if not given).

    Raises:
        NotFound: no such pupil.
        InvalidValue: ("sign_code", "unknown") a code not on `sign_list`; ("observed_on",
            "in_future") a day after today; ("note", "empty") "other" without a note;
            (field, "control_character") text holding a character the journal refuses.
    """
    recorded_at = at or now()
    today = today or local_day(recorded_at)
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    if sign_list.sign(sign_code) is None:
        raise InvalidValue("sign_code", "unknown")
    if observed_on > today:
        raise InvalidValue("observed_on", "in_future")
    note = plain_text(note, "note")
    if sign_code == OTHER and not note:
        raise InvalidValue("note", "empty")
    row = m.WarningSign(
        pupil_id=pupil_id,
        sign_code=sign_code,
        observed_on=observed_on,
        observed_by=plain_text(observed_by, "observed_by"),
        own_words=plain_text(own_words, "own_words"),
        note=note,
        recorded_at=recorded_at,
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    return stored_id(row)


def pupil_signs(
    session: Session, pupil_id: int, sign_list: SignList
) -> list[records.WarningSignRow]:
    """The pupil's signs, newest observed first (the latest noted first within a day), each
    with its text in `sign_list` ("" for a code the list no longer has).

    Raises:
        NotFound: no such pupil.
    """
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    rows = session.exec(
        select(m.WarningSign)
        .where(m.WarningSign.pupil_id == pupil_id)
        .order_by(
            col(m.WarningSign.observed_on).desc(),
            col(m.WarningSign.recorded_at).desc(),
            col(m.WarningSign.id).desc(),
        )
    ).all()
    return [_row(r, sign_list) for r in rows]


def _row(row: m.WarningSign, sign_list: SignList) -> records.WarningSignRow:
    template = sign_list.sign(row.sign_code)
    return records.WarningSignRow(
        id=stored_id(row),
        sign_code=row.sign_code,
        label=template.text if template else "",
        observed_on=row.observed_on,
        observed_by=row.observed_by,
        own_words=row.own_words,
        note=row.note,
        recorded_at=aware(row.recorded_at),
        recorded_by=row.recorded_by,
    )
