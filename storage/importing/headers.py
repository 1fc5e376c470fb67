"""Which field a column header means: Swedish, English-ish and SchoolSoft headers.

Headers are compared by `storage.text.header_key` ("Vårdnadshavare 1 e-post" ->
"vardnadshavare1epost"), so case, spaces, dashes and å/ä/ö never matter. Up to three
guardians per row are recognised by a number before or after the guardian word ("VH1 namn",
"Telefon vårdnadshavare 2"); without a number ("Målsman", "Vårdnadshavare telefon") it is the
first. A whole-name column may say its order ("Vårdnadshavare 1 namn (efternamn förnamn)"):
storage.importing.name_order reads it. SchoolSoft's separate guardians file is told apart by
its pupil-number column (`student_socialnumber`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storage.importing.name_order import is_whole_name
from storage.importing.results import KIND_GUARDIANS, KIND_PUPILS
from storage.text import header_key

PUPIL_FIELDS = (
    "identity_number",
    "first_name",
    "last_name",
    "full_name",
    "class_name",
    "street",
    "postal_code",
    "city",
    "protected_identity",
    "security_marking",
    "external_id",
)
GUARDIAN_PARTS = (
    "name",
    "first_name",
    "last_name",
    "identity_number",
    "phone",
    "email",
    "relation",
    "street",
    "postal_code",
    "city",
)
GUARDIANS_IN_A_ROW = 3
GUARDIAN_FILE_FIELDS = (
    "pupil_identity_number",
    "identity_number",
    "first_name",
    "last_name",
    "full_name",
    "phone",
    "email",
    "relation",
    "street",
    "postal_code",
    "city",
    "external_id",
)
IGNORE = "ignore"  # map a header to this to leave the column out


def guardian_field(number: int | str, part: str) -> str:
    """The field name of one part of the n-th guardian in a row: "guardian1_phone"."""
    return f"guardian{number}_{part}"


def split_guardian_field(name: str) -> tuple[int, str] | None:
    """(n, part) of a guardian field name such as "guardian1_phone"; None for other fields."""
    head, _sep, part = name.partition("_")
    if head.startswith("guardian") and head[8:].isdigit() and part:
        return int(head[8:]), part
    return None


def class_list_fields() -> list[str]:
    """Every field a class-list header can be mapped to, in the order a form shows them."""
    return [
        *PUPIL_FIELDS,
        *(
            guardian_field(n, part)
            for n in range(1, GUARDIANS_IN_A_ROW + 1)
            for part in GUARDIAN_PARTS
        ),
    ]


_ALIASES: dict[str, tuple[str, ...]] = {
    "identity_number": (
        "personnummer",
        "pnr",
        "persnr",
        "personnr",
        "socialnumber",
        "socialsecuritynumber",
        "ssn",
        "civicno",
        "identitetsnummer",
        "personidentitet",
        "personnummersamordningsnummer",
        "idnummer",
        "personalidentitynumber",
        "personnumber",
        "identitynumber",
    ),
    "first_name": ("fornamn", "firstname", "givenname", "forename", "tilltalsnamn"),
    "last_name": ("efternamn", "lastname", "familyname", "surname"),
    "full_name": (
        "namn",
        "name",
        "fulltnamn",
        "fullname",
        "efternamnfornamn",
        "fornamnefternamn",
        "namnefternamnfornamn",
        "namnfornamnefternamn",
        "elevnamn",
    ),
    "class_name": ("klass", "class", "klassnamn", "classname", "basgrupp", "klassbeteckning"),
    "street": (
        "adress",
        "gatuadress",
        "address",
        "streetaddress",
        "street",
        "utdelningsadress",
        "folkbokforingsadress",
        "postadress",
    ),
    "postal_code": ("postnummer", "postnr", "zip", "zipcode", "postalcode", "postcode"),
    "city": ("ort", "postort", "city", "stad", "locality", "town"),
    "protected_identity": (
        "skyddadidentitet",
        "skyddadfolkbokforing",
        "skyddadepersonuppgifter",
        "protectedidentity",
        "skyddad",
    ),
    "security_marking": (
        "sekretessmarkering",
        "securitymarking",
        "sekretess",
        "sekretessmarkerad",
    ),
    "external_id": ("elevid", "studentid", "externalid", "id"),
    "pupil_identity_number": (
        "studentsocialnumber",
        "studentpersonnummer",
        "pupilidentitynumber",
        "elevpersonnummer",
    ),
    "phone": (
        "telefon",
        "tel",
        "mobil",
        "mobiltelefon",
        "phone",
        "mobile",
        "telefonnummer",
        "mobilnummer",
        "cellphone",
        "mobilephone",
    ),
    "email": ("epost", "email", "mail", "epostadress", "emailaddress"),
    "relation": ("relation", "relationtype", "relationstyp", "typ", "relationship"),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
# Also how an absence file names the pupil (storage.importing.absence_headers).
IDENTITY_NUMBER_ALIASES = _ALIASES["identity_number"]
_GUARDIAN_WORDS = r"(?:vardnadshavare|vh|guardian|foralder|malsman|kontaktperson)"
# The number may be left out ("Målsman", "Telefon vårdnadshavare"): then it is the first.
_GUARDIAN_PREFIX = re.compile(rf"^{_GUARDIAN_WORDS}(\d?)(.*)$")
_GUARDIAN_SUFFIX = re.compile(rf"^(.*?){_GUARDIAN_WORDS}(\d?)$")
_PUPIL_PREFIX = re.compile(r"^(?:elevens|elev|pupils|pupil|students|student)(.+)$")


def _field_for_header(header: str, kind: str) -> str | None:
    """The field a header means, or None when it is not recognised."""
    key = header_key(header)
    if not key:
        return None
    if kind == KIND_GUARDIANS:
        name = "full_name" if is_whole_name(key) else _ALIAS_TO_FIELD.get(key)
        return name if name in GUARDIAN_FILE_FIELDS else None
    if key in ("studentsocialnumber", "studentpersonnummer", "pupilidentitynumber"):
        return None  # the guardians file's key column, never a class-list field
    match = _GUARDIAN_PREFIX.match(key)
    number, part = (match.group(1), match.group(2)) if match else (None, None)
    if match is None and (match := _GUARDIAN_SUFFIX.match(key)):
        number, part = match.group(2), match.group(1)
    if number is not None:
        number = number or "1"
        if not 1 <= int(number) <= GUARDIANS_IN_A_ROW:
            return None
        guardian_part = "name" if is_whole_name(part or "") else _ALIAS_TO_FIELD.get(part or "")
        if guardian_part == "full_name":
            guardian_part = "name"
        return guardian_field(number, guardian_part) if guardian_part in GUARDIAN_PARTS else None
    name = _ALIAS_TO_FIELD.get(key)
    if name is None and (match := _PUPIL_PREFIX.match(key)):
        name = _ALIAS_TO_FIELD.get(match.group(1))
    return name if name in PUPIL_FIELDS else None


def kind_of(headers: list[str]) -> str:
    folded = {header_key(h) for h in headers}
    if folded & {"studentsocialnumber", "studentpersonnummer", "pupilidentitynumber"}:
        return KIND_GUARDIANS
    return KIND_PUPILS


def auto_mapping(headers: list[str], kind: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = _field_for_header(header, kind)
        if name and name not in taken:  # the first of two columns for one field wins
            mapping[header] = name
            taken.add(name)
    return mapping


def has_required(fields: Iterable[str], kind: str) -> bool:
    present = set(fields)
    names = {"first_name", "last_name"} <= present or "full_name" in present
    key = "pupil_identity_number" if kind == KIND_GUARDIANS else "identity_number"
    return key in present and names
