"""The checklists as data: which steps a case gets, and when each is due.

Each kind of case has a template, a TOML file: the built-in ones ship in storage/templates/,
and a school's own file of the same name in the data folder's `checklists/` overrides it. A
file is validated whole before it is used; an error names its line (storage.errors
.TemplateInvalid), so the school can fix the file.

Day 0 is the first school day of unexplained absence, or the first day after a lov. A step's
`due_day` counts school days at the pupil's own school after day 0 (storage.cases).

Texts are English in the file and keyed by `code`: the UI shows its own translation of a code
it knows and the file's text as written for a code of the school's own (so a school may write
its own steps and questions in Swedish).

With honour-related risk the routine changes: guardians, family and community must not learn
of the worry, so steps that contact them are left out, and steps for seeing the young person
alone and acting before a trip come in.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from storage.codes import CaseKind
from storage.errors import TemplateInvalid
from storage.school_calendar import SchoolCalendar

# The file of each kind's template, built in and in a school's `checklists/` folder.
TEMPLATE_FILES: dict[str, str] = {
    CaseKind.MISSING: "missing_pupil.toml",
    CaseKind.PROBLEMATIC_ABSENCE: "problematic_absence.toml",
    CaseKind.PREVENTION: "prevention.toml",
}
SCHOOL_TEMPLATE_FOLDER = "checklists"

_STEP_KEYS = frozenset({"code", "due_day", "contacts_family", "honour_only", "text", "questions"})
_QUESTION_KEYS = frozenset({"code", "text"})
_CODE = re.compile(r"[a-z0-9_]+")


@dataclass(frozen=True)
class Question:
    """A question the step asks (the classmates step: the questions that find pupils)."""

    code: str
    text: str = ""


@dataclass(frozen=True)
class StepTemplate:
    code: str
    due_day: int  # school days after day 0 by which the step should be done
    contacts_family: bool = False  # left out when the case is honour-related
    honour_only: bool = False
    text: str = ""
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class ChecklistTemplate:
    """One kind's checklist and where it came from ("built-in" or the school's file name)."""

    steps: tuple[StepTemplate, ...]
    source: str = "built-in"

    def steps_for(self, honour_related: bool) -> list[StepTemplate]:
        """The steps a case gets: honour-related ones never contact the family."""
        return [
            step
            for step in self.steps
            if (not step.contacts_family if honour_related else not step.honour_only)
        ]

    def step(self, code: str) -> StepTemplate | None:
        return next((s for s in self.steps if s.code == code), None)


def parse_template(source: str, name: str = "built-in") -> ChecklistTemplate:
    """Read and validate a template's TOML text, whole.

    Raises:
        TemplateInvalid: not TOML, an unknown key, a step without a code or with a code used
            before, a negative or missing due day, a step that both contacts the family and
            is honour-only, a value of the wrong type, or no steps; with the line.
    """
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise TemplateInvalid("not_toml", _toml_error_line(error)) from None
    lines = _Lines(source)
    for key in data:
        if key != "step":
            raise TemplateInvalid("unknown_key", lines.key_line(key, 0, len(lines.text)), key)
    steps = data.get("step")
    if not isinstance(steps, list) or not steps:
        raise TemplateInvalid("no_steps", 1)
    parsed: list[StepTemplate] = []
    seen: set[str] = set()
    for index, raw in enumerate(steps):
        start, end = lines.step_span(index)
        if not isinstance(raw, dict):
            raise TemplateInvalid("wrong_type", start + 1, "step")
        step = _step(raw, lines, start, end)
        if step.code in seen:
            raise TemplateInvalid("duplicate_code", lines.key_line("code", start, end), "code")
        seen.add(step.code)
        parsed.append(step)
    return ChecklistTemplate(tuple(parsed), name)


def _toml_error_line(error: tomllib.TOMLDecodeError) -> int:
    """The line of a TOML error: `lineno` from Python 3.14, else from the message
    ("... (at line 5, column 7)"), which is all Python 3.11 gives."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        return line
    found = re.search(r"at line (\d+)", str(error))
    return int(found.group(1)) if found else 1


def _step(raw: dict, lines: _Lines, start: int, end: int) -> StepTemplate:
    def fail(reason: str, key: str = "") -> TemplateInvalid:
        return TemplateInvalid(reason, lines.key_line(key, start, end) if key else start + 1, key)

    for key in raw:
        if key not in _STEP_KEYS:
            raise fail("unknown_key", key)
    code = raw.get("code")
    if code is None or code == "":
        raise fail("missing_code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise fail("wrong_type", "code")
    due_day = raw.get("due_day")
    if due_day is None:
        raise fail("missing_due_day")
    if not isinstance(due_day, int) or isinstance(due_day, bool):
        raise fail("wrong_type", "due_day")
    if due_day < 0:
        raise fail("negative_day", "due_day")
    flags = {}
    for key in ("contacts_family", "honour_only"):
        value = raw.get(key, False)
        if not isinstance(value, bool):
            raise fail("wrong_type", key)
        flags[key] = value
    if flags["contacts_family"] and flags["honour_only"]:
        raise fail("family_and_honour_only", "honour_only")
    text = raw.get("text", "")
    if not isinstance(text, str):
        raise fail("wrong_type", "text")
    return StepTemplate(code, due_day, text=text.strip(), questions=_questions(raw, fail), **flags)


def _questions(raw: dict, fail) -> tuple[Question, ...]:
    questions = raw.get("questions", [])
    if not isinstance(questions, list):
        raise fail("wrong_type", "questions")
    parsed: list[Question] = []
    for question in questions:
        if not isinstance(question, dict):
            raise fail("wrong_type", "questions")
        for key in question:
            if key not in _QUESTION_KEYS:
                raise fail("unknown_key", key)
        code, text = question.get("code"), question.get("text", "")
        if not code:
            raise fail("missing_code", "questions")
        if not isinstance(code, str) or not _CODE.fullmatch(code) or not isinstance(text, str):
            raise fail("wrong_type", "questions")
        if any(q.code == code for q in parsed):
            raise fail("duplicate_code", "questions")
        parsed.append(Question(code, text.strip()))
    return tuple(parsed)


class _Lines:
    """Where things are in the file, for errors: tomllib gives data without positions, so a
    step is found by its `[[step]]` header and a key by its `key =` line within the step."""

    _HEADER = re.compile(r"\s*\[\[\s*step\s*\]\]")

    def __init__(self, source: str):
        self.text = source.splitlines()
        self.headers = [n for n, line in enumerate(self.text) if self._HEADER.match(line)]

    def step_span(self, index: int) -> tuple[int, int]:
        """The 0-based lines [start, end) of the index-th step (the whole file if unknown)."""
        if index >= len(self.headers):
            return 0, len(self.text)
        end = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.text)
        return self.headers[index], end

    def key_line(self, key: str, start: int, end: int) -> int:
        """The 1-based line of the first `key =` (or `[[...key]]`) in [start, end)."""
        pattern = re.compile(rf"\s*(\"?{re.escape(key)}\"?\s*=|\[+\s*[\w.]*{re.escape(key)}\b)")
        for number in range(start, end):
            if pattern.match(self.text[number]):
                return number + 1
        return start + 1


def built_in(kind: str) -> ChecklistTemplate:
    """The template shipped with Saknad for `kind`."""
    name = TEMPLATE_FILES[CaseKind(kind)]
    source = resources.files("storage").joinpath("templates", name).read_text(encoding="utf-8")
    return parse_template(source)


def load_template(kind: str, folder: Path | None) -> ChecklistTemplate:
    """The school's own template for `kind` in `folder`/checklists/, else the built-in one.

    Raises:
        TemplateInvalid: the school's file is there but cannot be read or is not valid.
    """
    name = TEMPLATE_FILES[CaseKind(kind)]
    path = folder / SCHOOL_TEMPLATE_FOLDER / name if folder is not None else None
    if path is None or not path.is_file():
        return built_in(kind)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise TemplateInvalid("unreadable", 1) from None
    return parse_template(source, name)


MISSING_PUPIL_STEPS: tuple[StepTemplate, ...] = built_in(CaseKind.MISSING).steps
PROBLEMATIC_ABSENCE_STEPS: tuple[StepTemplate, ...] = built_in(CaseKind.PROBLEMATIC_ABSENCE).steps


def family_contact_codes() -> frozenset[str]:
    """Codes of the built-in steps that contact the family, of every kind: an honour-related
    case never keeps one open, whatever template opened it."""
    return frozenset(
        step.code
        for kind in TEMPLATE_FILES
        for step in built_in(kind).steps
        if step.contacts_family
    )


def due_date(school_days: SchoolCalendar, day0: date, due_day: int) -> date:
    """The day a step is due: the `due_day`-th school day after day 0 at the pupil's school.

    The issue asks for steps "due in school days from day 0", so a break pushes a step on
    (the missing clock of calendar days since last seen keeps running beside it). A calendar
    with no school day in reach (a year of breaks, a school without terms entered in a far
    year) falls back to weekdays, so every step still gets a date.
    """
    due = school_days.nth_school_day_after(day0, due_day)
    return due if due is not None else school_days.add_working_days(day0, due_day)


def is_overdue(due_on: date, settled: bool, today: date) -> bool:
    """A step is overdue when its due day has passed (due_on < today: a step due today is
    not overdue yet) and it is neither done nor marked not applicable."""
    return not settled and due_on < today
