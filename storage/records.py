"""Plain, read-only objects the Journal hands out. Screens render these; they never see rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Profile:
    name: str
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class Summary:
    schools: int
    classes: int
    pupils: int
    guardians: int
    absence_marks: int
    open_missing: int
    open_absence_cases: int

    @property
    def is_empty(self) -> bool:
        return self.pupils == 0


@dataclass(frozen=True)
class PupilRow:
    id: int
    identity_number: str
    identity_kind: str
    first_name: str
    last_name: str
    security_marking: str
    class_name: str | None


@dataclass(frozen=True)
class AbsentPupil:
    pupil_id: int
    first_name: str
    last_name: str
    whole_day: bool
    marks: int
    any_invalid: bool
    reported_in_advance: bool


@dataclass(frozen=True)
class LowAttendance:
    pupil_id: int
    absent_days: int
    school_days: int

    @property
    def attendance(self) -> float:
        return 1 - self.absent_days / self.school_days if self.school_days else 1.0


@dataclass(frozen=True)
class OpenCase:
    case_id: int
    pupil_id: int
    kind: str
    day0: date
    honour_related: bool
    due_steps: int


@dataclass(frozen=True)
class StepRow:
    id: int
    step_code: str
    due_on: date
    done_at: datetime | None


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    table_name: str
    row_id: int | None
    changes: str
