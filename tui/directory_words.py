"""The contact directory in words: each kind of contact by its plain name."""

from __future__ import annotations

from storage.codes import DirectoryKind
from tui.i18n import N_, _

KIND_LABELS: dict[str, str] = {
    DirectoryKind.SOCIAL_SERVICES: N_("Social services"),
    DirectoryKind.SOCIAL_SERVICES_OUT_OF_HOURS: N_("Social services out of hours"),
    DirectoryKind.POLICE: N_("Police"),
    DirectoryKind.SUPPORT_LINE: N_("Support line on honour-related violence"),
    DirectoryKind.RESOURCE_CENTRE: N_("Resource centre"),
    DirectoryKind.SIBLING_SCHOOL: N_("Sibling's school"),
    DirectoryKind.HEAD: N_("Head teacher"),
    DirectoryKind.OTHER: N_("Other contact"),
}


def kind_label(kind: str) -> str:
    """The kind in words, in the active language (a kind Saknad does not know as written)."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind
