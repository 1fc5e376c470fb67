"""The one rule for protected identity (skyddad folkbokföring): no address, ever.

A pupil or a guardian with protected identity never has an address stored or printed, whatever
a form, an import or an edit passed. Every writer of an address goes through `address_for`;
the database has a CHECK constraint on both tables as the last line of defence.
"""

from __future__ import annotations

from storage.codes import SecurityMarking

ADDRESS_FIELDS = ("street", "postal_code", "city")


def may_hold_address(security_marking: str) -> bool:
    """False for protected identity: such a person has no address in the journal."""
    return security_marking != SecurityMarking.PROTECTED


def address_for(
    security_marking: str, street: str | None, postal_code: str | None, city: str | None
) -> dict[str, str | None]:
    """The address fields to store for a person with this marking (all None if protected)."""
    if not may_hold_address(security_marking):
        return dict.fromkeys(ADDRESS_FIELDS)
    return {"street": street, "postal_code": postal_code, "city": city}
