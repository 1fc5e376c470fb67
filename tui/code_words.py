"""Codes of the journal as words, with no Textual: the dialogs, the screens and the report
renderers (tui.render, which must not import Textual) share these tables.
"""

from __future__ import annotations

from storage.codes import ContactChannel, EntryKind, Relation, SchoolType
from tui.i18n import N_, _, pgettext


def relation_label(relation: str) -> str:
    """How a guardian's relation to the pupil reads (a relation Saknad does not know as is)."""
    labels: dict[str, str] = {
        Relation.GUARDIAN: _("Guardian"),
        Relation.PARENT: _("Parent"),
        Relation.FOSTER_PARENT: _("Foster parent"),
        Relation.EMERGENCY_CONTACT: _("Emergency contact"),
        Relation.OTHER: pgettext("relation", "Other"),
    }
    return labels.get(relation, relation)


def channel_label(channel: str) -> str:
    """How a contact channel reads on screen."""
    labels: dict[str, str] = {
        ContactChannel.PHONE: _("Phone"),
        ContactChannel.SMS: _("Text message"),
        ContactChannel.EMAIL: _("E-mail"),
        ContactChannel.HOME_VISIT: _("Home visit"),
        ContactChannel.MEETING: _("Meeting"),
        ContactChannel.LETTER: _("Letter"),
        ContactChannel.DIGITAL: _("School platform"),
        ContactChannel.OTHER: _("Other"),
    }
    return labels.get(channel, channel)


def filing_channel_label(channel: str) -> str:
    """How a report of concern reached social services: as `channel_label`, except that a
    report made digitally goes through the municipality's e-service, not a school platform."""
    if channel == ContactChannel.DIGITAL:
        return _("E-service")
    return channel_label(channel)


def school_type_label(school_type: str) -> str:
    """A kind of school (a sibling's school) in words."""
    labels: dict[str, str] = {
        SchoolType.MUNICIPAL: _("Municipal school"),
        SchoolType.INDEPENDENT: _("Independent school (friskola)"),
        SchoolType.PRESCHOOL: _("Preschool"),
        SchoolType.ABROAD: _("School abroad"),
        SchoolType.OTHER: pgettext("school type", "Other"),
        SchoolType.UNKNOWN: _("Unknown"),
    }
    return labels.get(school_type, school_type)


ENTRY_WORDS: dict[str, str] = {
    EntryKind.NOTE: N_("Note"),
    EntryKind.OBSERVATION: N_("Observation"),
    EntryKind.PUPIL_WORDS: N_("The pupil's words"),
    EntryKind.MEETING: N_("Meeting"),
    EntryKind.DECISION: N_("Decision"),
}


def entry_kind_label(kind: str) -> str:
    """A journal entry's kind in words (a kind Saknad does not know as written)."""
    known = ENTRY_WORDS.get(kind)
    return _(known) if known else kind
