"""Cell values of a class list: cleaning, identity numbers, markings, relations.

Shared by the CSV and the SS 12000 readers, so that both understand "Ja", "Skyddad
folkbokföring" or "Mamma" alike. Codes are compared by `storage.text.header_key`.
"""

from __future__ import annotations

from datetime import date

from storage.codes import SECURITY_ORDER, PersonStatus, Relation, SecurityMarking
from storage.identity import IdentityNumber, InvalidIdentityNumber
from storage.identity import parse as parse_identity
from storage.text import header_key


def clean(value: str) -> str:
    """Trim and collapse spaces; unwrap Excel's ="..." (written to keep a number as text)."""
    value = " ".join(value.split())
    if value.startswith('="') and value.endswith('"') and len(value) >= 3:
        value = value[2:-1].strip()
    return value


_YES = {"ja", "j", "x", "1", "yes", "y", "true", "sant"}
_NO = {"", "nej", "n", "0", "no", "false", "falskt", "ingen", "none", "-"}
_MARKINGS = {
    "ingen": SecurityMarking.NONE,
    "sekretessmarkering": SecurityMarking.CONFIDENTIAL,
    "sekretessmarkerad": SecurityMarking.CONFIDENTIAL,
    "confidential": SecurityMarking.CONFIDENTIAL,
    "skyddadfolkbokforing": SecurityMarking.PROTECTED,
    "skyddadidentitet": SecurityMarking.PROTECTED,
    "skyddadepersonuppgifter": SecurityMarking.PROTECTED,
    "fingeradepersonuppgifter": SecurityMarking.PROTECTED,
    "protected": SecurityMarking.PROTECTED,
}
STATUSES = {
    "aktiv": PersonStatus.ACTIVE,
    "active": PersonStatus.ACTIVE,
    "utvandrad": PersonStatus.EMIGRATED,
    "emigrated": PersonStatus.EMIGRATED,
    "avliden": PersonStatus.DECEASED,
    "deceased": PersonStatus.DECEASED,
}
RELATIONS = {
    "vardnadshavare": Relation.GUARDIAN,
    "guardian": Relation.GUARDIAN,
    "": Relation.GUARDIAN,
    "foralder": Relation.PARENT,
    "parent": Relation.PARENT,
    "mamma": Relation.PARENT,
    "pappa": Relation.PARENT,
    "mor": Relation.PARENT,
    "far": Relation.PARENT,
    "familjehemsforalder": Relation.FOSTER_PARENT,
    "familjehem": Relation.FOSTER_PARENT,
    "fosterparent": Relation.FOSTER_PARENT,
    "nodkontakt": Relation.EMERGENCY_CONTACT,
    "kontaktperson": Relation.EMERGENCY_CONTACT,
    "emergencycontact": Relation.EMERGENCY_CONTACT,
}


def marking_of(value: str, column_field: str) -> str | None:
    """The security marking a cell means, or None when the value is not understood."""
    key = header_key(value)
    if key in _MARKINGS:
        return _MARKINGS[key]
    if key in _NO:
        return SecurityMarking.NONE
    if key in _YES:
        return (
            SecurityMarking.PROTECTED
            if column_field == "protected_identity"
            else SecurityMarking.CONFIDENTIAL
        )
    return None


def strictest(*markings: str) -> str:
    """The most protective of `markings` (protected over confidential over none)."""
    return max(markings, key=lambda marking: SECURITY_ORDER.index(SecurityMarking(marking)))


def identity_of(value: str, today: date) -> tuple[IdentityNumber | None, tuple[str, str] | None]:
    """(the checked number, None), or (None, (reason code, detail)) when it is not valid."""
    try:
        return parse_identity(value, today=today), None
    except InvalidIdentityNumber as error:
        return None, (getattr(error, "code", "format"), str(error))
