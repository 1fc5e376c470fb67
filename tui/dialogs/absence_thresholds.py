"""The problematic-absence thresholds: a preset, or each threshold by hand (kept in the journal).

Choosing a preset fills the fields with its values; saving keeps what the fields say. Each
label states its boundary: a share is strictly over the percentage; days in a row, occasions
and invalid lessons count at the number or more.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Input, Select

from storage.absence_rules import PRESETS, ProblematicAbsenceSettings, preset_of
from tui.bindings import N_
from tui.dialogs.form import Field, FormDialog, FormProblem
from tui.i18n import _
from tui.problematic_text import CUSTOM, PRESET_LABELS

# (field, label, whole number?) in the order shown.
THRESHOLDS: tuple[tuple[str, str, bool], ...] = (
    ("recent_days", N_("Recent window (school days)"), True),
    ("recent_share_percent", N_("Share of it: over (%)"), False),
    ("term_share_percent", N_("Share of the term: over (%)"), False),
    ("consecutive_days", N_("Days in a row: at least"), True),
    ("occasions", N_("Occasions in the window: at least"), True),
    ("invalid_lessons", N_("Invalid lessons in 30 days: at least (0 = off)"), True),
    ("min_days_for_share", N_("School days a share needs: at least"), True),
)


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class AbsenceThresholdsDialog(FormDialog):
    """Dismisses the saved ProblematicAbsenceSettings, or None."""

    TITLE_TEXT = N_("Problematic-absence thresholds")
    HELP = N_(
        "No national threshold exists: the principal decides. Choose a preset, or change a "
        "threshold by hand. A share fires when absence is strictly over the percentage (10 % "
        "of 20 days is 2 days: 2 does not fire, 3 does); days in a row, occasions and invalid "
        "lessons fire at the number or more. Valid and invalid absence both count. Ctrl+S "
        "saves; Escape cancels."
    )

    def __init__(self, current: ProblematicAbsenceSettings) -> None:
        """
        Args:
            current: the thresholds the journal keeps now (the fields start with them).
        """
        super().__init__()
        self.current = current

    def _fill(self, settings: ProblematicAbsenceSettings) -> None:
        for key, _label, _whole in THRESHOLDS:
            self.query_one(f"#{key}", Input).value = _shown(getattr(settings, key))

    def fields(self) -> list[Field]:
        presets = [(_(PRESET_LABELS[name]), name) for name in PRESETS]
        return [
            Field(
                "preset",
                N_("Preset"),
                kind="select",
                value=preset_of(self.current) or CUSTOM,
                options=[*presets, (_("Own thresholds"), CUSTOM)],
            ),
            *(
                Field(key, label, value=_shown(getattr(self.current, key)))
                for key, label, _whole in THRESHOLDS
            ),
        ]

    @on(Select.Changed, "#preset")
    def _preset_chosen(self, event: Select.Changed) -> None:
        if event.value in PRESETS:
            self._fill(PRESETS[str(event.value)])

    def save(self, values: dict[str, Any]) -> Any:
        numbers: dict[str, Any] = {}
        for key, label, whole in THRESHOLDS:
            typed = values[key].replace(",", ".")
            try:
                numbers[key] = int(typed) if whole else float(typed)
            except ValueError:
                raise FormProblem(
                    _("Write a number for “{label}”.").format(label=_(label))
                ) from None
        settings = ProblematicAbsenceSettings(**numbers)
        if not settings.valid():
            raise FormProblem(_("A threshold is outside what Saknad accepts."))
        self.journal.save_problematic_absence_settings(settings)
        return settings
