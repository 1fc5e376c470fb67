"""A class's lessons per weekday (lektioner), for marking the register by lesson."""

from __future__ import annotations

from typing import Any

from storage.lesson_plans import MAX_LESSONS, WEEKDAYS
from tui.bindings import N_
from tui.calendar_words import weekday_name
from tui.dialogs.form import Field, FormDialog, FormProblem
from tui.i18n import _


class LessonPlanDialog(FormDialog):
    """Dismisses the saved plan ({weekday: lessons}), or None."""

    HELP = N_(
        "How many lessons the class has each weekday, 0 to 12. With a plan, the register "
        "can be marked lesson by lesson; a weekday left empty is marked by the day. Tab "
        "moves to the next field; Enter or Ctrl+S saves; Escape cancels."
    )

    def __init__(self, class_id: int, class_name: str, plan: dict[int, int]):
        """
        Args:
            class_id: the class.
            class_name: its name, shown in the title as written.
            plan: the class's plan now ({} without one).
        """
        super().__init__()
        self.class_id = class_id
        self.plan = plan
        # Already translated: the class's name is in it (FormDialog translates it again,
        # unchanged; the Label shows it without markup).
        self.TITLE_TEXT = _("Lessons of class {name}").format(name=class_name)

    def fields(self) -> list[Field]:
        return [
            Field(
                f"day{weekday}",
                weekday_name(weekday).capitalize(),
                value=str(self.plan[weekday]) if weekday in self.plan else "",
                placeholder=N_("by the day"),
                label_is_data=True,  # already translated
            )
            for weekday in WEEKDAYS
        ]

    def save(self, values: dict[str, Any]) -> Any:
        plan: dict[int, int] = {}
        for weekday in WEEKDAYS:
            typed = values[f"day{weekday}"]
            if not typed:
                continue
            if not (typed.isascii() and typed.isdigit()) or int(typed) > MAX_LESSONS:
                raise FormProblem(
                    _("Write the lessons of {day} as a number from 0 to {most}.").format(
                        day=weekday_name(weekday), most=MAX_LESSONS
                    )
                )
            plan[weekday] = int(typed)
        self.journal.set_lesson_plan(self.class_id, plan)
        return plan
