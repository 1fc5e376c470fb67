"""SS 12000 JSON (the Swedish school-data standard): Persons, their responsibles, Klass groups.

Accepted as `{"persons": [...], "groups": [...]}`, as `{"data": [...]}` or as a bare list.
A person is a pupil when a Klass group, an enrolment or a responsible says so; the others are
guardians, joined to their pupils through `responsibles`. Errors are located by the 1-based
position in the list and a path such as `persons[14].civicNo`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from storage.codes import PersonStatus, Relation, SecurityMarking
from storage.identity import IdentityNumber
from storage.importing.limits import MAX_ROWS
from storage.importing.name_order import split_whole_name
from storage.importing.results import (
    FORMAT_SS12000,
    Address,
    ImportedGuardian,
    ImportedPupil,
    ParsedList,
    RowError,
)
from storage.importing.values import (
    RELATIONS,
    STATUSES,
    clean,
    identity_of,
    marking_of,
)
from storage.protected_identity import may_hold_address
from storage.text import control_character, header_key


def listed_objects(
    document: Any, keys: Iterable[str], errors: list[RowError]
) -> list[tuple[str, int, dict]] | None:
    """The objects of an SS 12000 document's lists, each with its list's name and index.

    Shared by the class list's and the absence's readers: both accept `{key: [...]}`,
    `{"data": [...]}` or a bare list, and locate a misshapen list or item the same way.

    Args:
        document: what json.loads gave (any shape).
        keys: the lists to read, in order.
        errors: a located RowError is appended for every list or item of the wrong shape.

    Returns:
        (list name, index, object) for every object found; None when the document is
        neither an object nor a list (the error is appended).
    """
    if isinstance(document, list):
        document = {"data": document}
    if not isinstance(document, dict):
        errors.append(RowError(1, "", "unknown_json_shape", "not an object or a list"))
        return None
    items: list[tuple[str, int, dict]] = []
    for key in keys:
        value = document.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            errors.append(RowError(1, key, "unknown_json_shape", "not a list", path=key))
            continue
        for index, item in enumerate(value):
            if isinstance(item, dict):
                items.append((key, index, item))
            else:
                errors.append(
                    RowError(
                        index + 1,
                        "",
                        "unknown_json_shape",
                        "not an object",
                        path=f"{key}[{index}]",
                    )
                )
    return items


def parse_ss12000(document, result: ParsedList, today: date) -> None:
    """Read a decoded SS 12000 document into `result`: pupils with guardians and classes.

    Args:
        document: what json.loads gave (any shape; an unknown one is a located error).
        result: filled in place.
        today: decides the century of 10-digit numbers and which memberships have ended.
    """
    result.format, result.delimiter = FORMAT_SS12000, ""
    items = listed_objects(document, ("persons", "groups", "data"), result.errors)
    if items is None:
        return
    if not items and not result.errors:
        result.errors.append(RowError(1, "", "empty_file", "no persons or groups"))
        return
    if len(items) > MAX_ROWS:
        result.errors.append(RowError(1, "", "too_many_rows", f"more than {MAX_ROWS} objects"))
        return
    if _control_characters(items, result):
        return
    _Ss12000(items, result, today).run()


def _control_characters(items: list[tuple[str, int, dict]], result: ParsedList) -> bool:
    """Locate every text in the objects that holds a control character; True if any."""
    found = False
    for key, index, item in items:
        pending: list[tuple[str, object]] = [("", item)]
        while pending:  # not recursive: the document may be nested deep
            where, value = pending.pop()
            if isinstance(value, dict):
                pending += [(f"{where}.{k}", v) for k, v in reversed(value.items())]
            elif isinstance(value, list):
                pending += [(f"{where}[{i}]", v) for i, v in reversed(list(enumerate(value)))]
            elif isinstance(value, str) and control_character(value) is not None:
                result.errors.append(
                    RowError(
                        index + 1,
                        where.rsplit(".", 1)[-1],
                        "control_character",
                        "a control character",
                        path=f"{key}[{index}]{where}",
                    )
                )
                found = True
    return found


class _Ss12000:
    """Joins SS 12000 Persons, their responsibles and Klass groups into pupils."""

    def __init__(self, items: list[tuple[str, int, dict]], result: ParsedList, today: date):
        self.result, self.today = result, today
        self.persons: dict[str, tuple[str, dict]] = {}  # id -> (path, object)
        self.person_order: list[tuple[str, int, dict]] = []
        self.groups: list[tuple[str, int, dict]] = []
        for key, index, item in items:
            path = f"{key}[{index}]"
            if "groupType" in item or "studentMemberships" in item or "groupMemberships" in item:
                self.groups.append((path, index, item))
            else:
                self.person_order.append((path, index, item))
                if isinstance(item.get("id"), (str, int)):
                    self.persons[str(item["id"])] = (path, item)

    def error(self, path: str, index: int, column: str, code: str, detail: str) -> None:
        self.result.errors.append(
            RowError(index + 1, column, code, detail, path=f"{path}.{column}" if column else path)
        )

    def run(self) -> None:
        class_of = self._classes()
        responsible_ids = {
            self._ref(r.get("person"))
            for _p, _i, person in self.person_order
            for r in _list(person.get("responsibles"))
            if isinstance(r, dict)
        }
        seen: dict[str, int] = {}
        for path, index, person in self.person_order:
            person_id = str(person.get("id", ""))
            is_pupil = (
                person_id in class_of
                or bool(_list(person.get("enrolments")))
                or bool(_list(person.get("responsibles")))
                or (not self.groups and person_id not in responsible_ids)
            )
            if not is_pupil:
                continue
            self.result.rows += 1
            pupil = self._pupil(path, index, person, class_of.get(person_id))
            if pupil is None:
                continue
            first_index = seen.setdefault(pupil.identity_number, index)
            if first_index != index:
                self.result.errors.append(
                    RowError(
                        index + 1,
                        "civicNo",
                        "duplicate",
                        f"same identity number as position {first_index + 1}",
                        path=f"{path}.civicNo",
                        other_line=first_index + 1,
                    )
                )
                continue
            self.result.pupils.append(pupil)

    def _ref(self, value) -> str:
        if isinstance(value, dict):
            value = value.get("id")
        return str(value) if isinstance(value, (str, int)) else ""

    def _classes(self) -> dict[str, str]:
        class_of: dict[str, str] = {}
        for path, index, group in self.groups:
            if header_key(str(group.get("groupType", ""))) not in ("klass", "class"):
                continue
            name = clean(str(group.get("displayName") or group.get("name") or ""))
            if not name:
                self.error(path, index, "displayName", "required", "empty")
                continue
            for key in ("studentMemberships", "groupMemberships"):
                for m_index, membership in enumerate(_list(group.get(key))):
                    if not isinstance(membership, dict):
                        continue
                    if _ended(membership.get("endDate"), self.today):
                        continue
                    person_id = self._ref(membership.get("person"))
                    member_path = f"{path}.{key}[{m_index}]"
                    if person_id not in self.persons:
                        self.error(
                            member_path,
                            index,
                            "person",
                            "unknown_person",
                            "no person with this id in the file",
                        )
                    elif class_of.setdefault(person_id, name) != name:
                        self.error(
                            member_path,
                            index,
                            "person",
                            "two_classes",
                            "the person is in two classes",
                        )
        return class_of

    def _pupil(
        self, path: str, index: int, person: dict, class_name: str | None
    ) -> ImportedPupil | None:
        before = len(self.result.errors)
        number = self._civic(path, index, person, required=True)
        first = self._text(path, index, person, "givenName", required=True)
        last = self._text(path, index, person, "familyName", required=True)
        marking = self._marking(path, index, person)
        status = STATUSES.get(
            header_key(str(person.get("personStatus") or "aktiv")), PersonStatus.OTHER
        )
        address = _ss_address(person) if may_hold_address(marking) else None
        guardians = []
        for r_index, responsible in enumerate(_list(person.get("responsibles"))):
            guardian = self._guardian(
                f"{path}.responsibles[{r_index}]", index, responsible, marking
            )
            if guardian is not None:
                guardians.append(guardian)
        if len(self.result.errors) > before or number is None:
            return None
        external = person.get("id")
        return ImportedPupil(
            index + 1,
            number.normalised,
            number.kind,
            number.birth_date,
            first,
            last,
            class_name,
            marking,
            status,
            address,
            tuple(guardians),
            str(external) if external is not None else None,
        )

    def _guardian(
        self, path: str, index: int, responsible, pupil_marking: str
    ) -> ImportedGuardian | None:
        if not isinstance(responsible, dict):
            self.error(path, index, "", "unknown_json_shape", "not an object")
            return None
        reference = responsible.get("person")
        person_id = self._ref(reference)
        if person_id in self.persons:
            person_path, person = self.persons[person_id]
        elif isinstance(reference, dict) and (
            reference.get("givenName") or reference.get("displayName")
        ):
            person_path, person = f"{path}.person", reference
        else:
            self.error(
                path, index, "person", "unknown_person", "no person with this id in the file"
            )
            return None
        if person.get("givenName") or person.get("familyName"):
            first = self._text(person_path, index, person, "givenName", required=True)
            last = self._text(person_path, index, person, "familyName", required=False)
        else:
            first, last = split_whole_name(clean(str(person.get("displayName", ""))))
        number = self._civic(person_path, index, person, required=False)
        marking = self._marking(person_path, index, person)
        # The address of a protected pupil's guardian would reveal where the child lives.
        may_have_address = may_hold_address(pupil_marking) and may_hold_address(marking)
        relation = RELATIONS.get(
            header_key(str(responsible.get("relationType") or "")), Relation.OTHER
        )
        phones = [p for p in _list(person.get("phoneNumbers")) if isinstance(p, dict)]
        mobile = next((p for p in phones if p.get("mobile")), phones[0] if phones else {})
        emails = [e for e in _list(person.get("emails")) if isinstance(e, dict)]
        return ImportedGuardian(
            first,
            last,
            number.normalised if number else None,
            clean(str(mobile.get("value", ""))),
            clean(str(emails[0].get("value", ""))) if emails else "",
            relation,
            _ss_address(person) if may_have_address else None,
            marking,
            external_id=person_id or None,
        )

    def _text(self, path: str, index: int, obj: dict, key: str, *, required: bool) -> str:
        value = obj.get(key)
        text = clean(value) if isinstance(value, str) else ""
        if required and not text:
            self.error(path, index, key, "required", "empty")
        return text

    def _civic(
        self, path: str, index: int, person: dict, *, required: bool
    ) -> IdentityNumber | None:
        civic = person.get("civicNo")
        column = "civicNo"
        if isinstance(civic, dict):
            civic, column = civic.get("value"), "civicNo.value"
        if civic is None or (isinstance(civic, str) and not civic.strip()):
            if required:
                self.error(path, index, column, "required", "empty")
            return None
        if not isinstance(civic, str):
            # A number in JSON: that is how a spreadsheet's lost zeros arrive here.
            if isinstance(civic, float) and civic.is_integer() and "e" not in repr(civic):
                civic = int(civic)
            civic = repr(civic).upper() if isinstance(civic, float) else str(civic)
        number, problem = identity_of(civic, self.today)
        if problem:
            self.error(path, index, column, *problem)
        return number

    def _marking(self, path: str, index: int, person: dict) -> str:
        value = person.get("securityMarking")
        if value is None:
            return SecurityMarking.NONE
        marking = marking_of(str(value), "security_marking")
        if marking is None:
            self.error(path, index, "securityMarking", "security_marking", "value not understood")
            return SecurityMarking.PROTECTED  # the safe side until the file is fixed
        return marking


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _ended(end, today: date) -> bool:
    if not isinstance(end, str):
        return False
    try:
        return date.fromisoformat(end[:10]) < today
    except ValueError:
        return False


def _ss_address(person: dict) -> Address | None:
    addresses = [a for a in _list(person.get("addresses")) if isinstance(a, dict)]
    if not addresses:
        return None
    chosen = next(
        (
            a
            for a in addresses
            if header_key(str(a.get("type") or a.get("addressType") or "")) == "folkbokforing"
        ),
        addresses[0],
    )
    address = Address(
        *(
            clean(str(chosen.get(k))) if chosen.get(k) else None
            for k in ("streetAddress", "postalCode", "locality")
        )
    )
    return None if address.is_empty else address
