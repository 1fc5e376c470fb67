"""SS 12000 JSON absence: Attendance (minutes per lesson) and Absence (leave, reported).

Accepted as `{"attendance": [...], "absences": [...], "persons": [...], "calendarEvents":
[...]}`, as `{"data": [...]}` or as a bare list (each object told by its keys). A pupil is
named by `student`, a reference to a Person of the file (its `civicNo`) or a Person with its
own `civicNo`; an Attendance's lesson by `calendarEvent`, a reference to a CalendarEvent of
the file or one with its own `startTime` and `endTime`.

- Attendance: `absenceMinutes` 0 means present (the slot is cleared); more is valid absence
  when `isValidAbsence` is true, else invalid. SS 12000 reports attendance for every lesson a
  pupil had, so a day's lessons are numbered by start time (the earliest is lesson 1).
- Absence: `type` "Beviljad ledighet" is leave, "Anmäld frånvaro" reported; from the date of
  `startTime` to that of `endTime`, whole days (the plan keeps the school days).

Errors are located by the 1-based position in the object's list and a path such as
`attendance[3].absenceMinutes`, like the class list's SS 12000 reader.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from storage.importing.absence_results import AbsenceRow, ParsedAbsence
from storage.importing.absence_values import PRESENT, datetime_of, kind_of
from storage.importing.limits import MAX_ABSENCE_ROWS
from storage.importing.results import FORMAT_SS12000, RowError
from storage.importing.ss12000 import _control_characters, listed_objects
from storage.importing.values import identity_of

_LISTS = {
    "attendance": "attendance",
    "attendances": "attendance",
    "absence": "absence",
    "absences": "absence",
    "persons": "person",
    "calendarEvents": "event",
    "data": "",
}


def _kind_of_object(item: dict) -> str:
    if "calendarEvent" in item or "absenceMinutes" in item or "isValidAbsence" in item:
        return "attendance"
    if "student" in item:
        return "absence"
    if "civicNo" in item:
        return "person"
    if "startTime" in item:
        return "event"
    return ""


def parse_absence_ss12000(document, result: ParsedAbsence, today: date) -> None:
    """Read a decoded SS 12000 document's Attendance and Absence objects into `result`."""
    result.format, result.delimiter = FORMAT_SS12000, ""
    items = listed_objects(document, _LISTS, result.errors)
    if items is None:
        return
    kinds = {(key, index): _LISTS[key] or _kind_of_object(item) for key, index, item in items}
    if len(items) > MAX_ABSENCE_ROWS:
        result.errors.append(
            RowError(1, "", "too_many_rows", f"more than {MAX_ABSENCE_ROWS} objects")
        )
        return
    if _control_characters(items, result):  # type: ignore[arg-type]
        return
    reader = _Reader(today, result)
    for key, index, item in items:
        if kinds[(key, index)] == "person" and isinstance(item.get("id"), (str, int)):
            reader.persons[str(item["id"])] = item
        elif kinds[(key, index)] == "event" and isinstance(item.get("id"), (str, int)):
            reader.events[str(item["id"])] = item
    wanted = [(k, i, item) for k, i, item in items if kinds[(k, i)] in ("attendance", "absence")]
    if not wanted and not result.errors:
        result.errors.append(RowError(1, "", "empty_file", "no attendance or absence"))
        return
    lessons = []
    for key, index, item in wanted:
        result.rows += 1
        if kinds[(key, index)] == "attendance":
            if (lesson := reader.attendance(key, index, item)) is not None:
                lessons.append(lesson)
        elif (row := reader.absence(key, index, item)) is not None:
            result.absences.append(row)
    result.absences.extend(_numbered(lessons))


class _Reader:
    """Resolves the references of one document and checks each object."""

    def __init__(self, today: date, result: ParsedAbsence):
        self.today, self.result = today, result
        self.persons: dict[str, dict] = {}
        self.events: dict[str, dict] = {}

    def error(self, path: str, index: int, column: str, code: str, detail: str) -> None:
        self.result.errors.append(
            RowError(index + 1, column, code, detail, path=f"{path}.{column}" if column else path)
        )

    def pupil(self, path: str, index: int, item: dict) -> str | None:
        """The normalised identity number of the object's `student`, or None (an error)."""
        student = item.get("student")
        person = student if isinstance(student, dict) else {}
        reference = person.get("id") if person else student
        if "civicNo" not in person and isinstance(reference, (str, int)):
            person = self.persons.get(str(reference), {})
        civic = person.get("civicNo") if person else None
        if isinstance(civic, dict):
            civic = civic.get("value")
        if civic is None:
            self.error(path, index, "student", "unknown_person", "no person with this id")
            return None
        if not isinstance(civic, str):
            # A number in JSON: that is how a spreadsheet's lost zeros arrive here.
            civic = str(int(civic)) if isinstance(civic, float) and civic.is_integer() else civic
            civic = repr(civic).upper() if isinstance(civic, float) else str(civic)
        number, problem = identity_of(civic, self.today)
        if problem:
            self.error(path, index, "student", *problem)
            return None
        return number.normalised if number else None

    def when(self, path: str, index: int, obj: dict, key: str) -> datetime | None:
        value = obj.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(path, index, key, "required", "empty")
            return None
        moment, problem = datetime_of(value)
        if problem:
            self.error(path, index, key, *problem)
        return moment

    def attendance(self, key: str, index: int, item: dict) -> _Lesson | None:
        path = f"{key}[{index}]"
        before = len(self.result.errors)
        number = self.pupil(path, index, item)
        event = item.get("calendarEvent")
        event = event if isinstance(event, dict) else {"id": event}
        if "startTime" not in event and isinstance(event.get("id"), (str, int)):
            event = self.events.get(str(event["id"]), event)
        if "startTime" not in event:
            self.error(path, index, "calendarEvent", "unknown_event", "no lesson with this id")
            return None
        start = self.when(path, index, event, "startTime")
        end = self.when(path, index, event, "endTime") if "endTime" in event else None
        minutes = item.get("absenceMinutes", 0)
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 1440:
            self.error(path, index, "absenceMinutes", "not_minutes", "not a number of minutes")
            return None
        valid = item.get("isValidAbsence", False)
        if not isinstance(valid, bool):
            self.error(path, index, "isValidAbsence", "not_true_or_false", "not true or false")
            return None
        if len(self.result.errors) > before or number is None or start is None:
            return None
        code = PRESENT if minutes == 0 else ("valid_other" if valid else "invalid")
        span = int((end - start).total_seconds() // 60) if end and end > start else None
        return _Lesson(index + 1, path, number, start, code, minutes or None, span)

    def absence(self, key: str, index: int, item: dict) -> AbsenceRow | None:
        path = f"{key}[{index}]"
        before = len(self.result.errors)
        number = self.pupil(path, index, item)
        start = self.when(path, index, item, "startTime")
        end = self.when(path, index, item, "endTime") if "endTime" in item else start
        kind_text = item.get("type") or item.get("absenceType")
        kind, problem = kind_of(kind_text) if isinstance(kind_text, str) else (None, None)
        if kind is None:
            self.error(path, index, "type", *(problem or ("required", "empty")))
        if len(self.result.errors) > before or None in (number, start, end, kind):
            return None
        assert start is not None and end is not None and number and kind
        last = end.date()
        if end.time() == datetime.min.time() and last > start.date():
            last -= timedelta(days=1)  # ends at midnight: the day before is the last
        if last < start.date():
            self.error(path, index, "endTime", "end_before_start", "ends before it starts")
            return None
        span = None
        if last == start.date() and end > start:
            span = int((end - start).total_seconds() // 60)
        return AbsenceRow(
            index + 1,
            number,
            start.date(),
            kind,
            span_minutes=span,
            until=last if last > start.date() else None,
            pupil_column="student",
            path=path,
            lesson_column="startTime",
        )


class _Lesson:
    """An Attendance before its lesson number is known (the day's lessons numbered later)."""

    def __init__(
        self,
        line: int,
        path: str,
        number: str,
        start: datetime,
        code: str,
        minutes: int | None,
        span: int | None,
    ):
        self.line, self.path, self.number, self.start = line, path, number, start
        self.code, self.minutes, self.span = code, minutes, span


def _numbered(lessons: list[_Lesson]) -> list[AbsenceRow]:
    """Each Attendance as a row, its lesson the rank of its start time in the pupil's day."""
    starts: dict[tuple[str, date], list[datetime]] = {}
    for lesson in lessons:
        starts.setdefault((lesson.number, lesson.start.date()), []).append(lesson.start)
    order = {day: sorted(set(times)) for day, times in starts.items()}
    return [
        AbsenceRow(
            lesson.line,
            lesson.number,
            lesson.start.date(),
            lesson.code,
            order[(lesson.number, lesson.start.date())].index(lesson.start) + 1,
            lesson.minutes,
            lesson.span,
            pupil_column="student",
            path=lesson.path,
            lesson_column="calendarEvent",
        )
        for lesson in lessons
    ]
