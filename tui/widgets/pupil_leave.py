"""The pupil card's leave section: the requests with their status, and the school year's
granted school days against the law's ceiling for short leave (a warning, never a block)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from storage.codes import LeaveStatus
from storage.records import LeaveRow, PupilLeave
from tui.dialogs.leave_form import leave_status_label
from tui.i18n import _, ngettext


class LeaveSection(Vertical):
    """Leave requests of one pupil; `show` fills it, `selected` is the request under the cursor."""

    DEFAULT_CSS = """
    LeaveSection {
        height: auto;
    }
    LeaveSection #leave-total.over {
        color: $warning;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.leave: PupilLeave | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Leave of absence"), classes="subtitle")
        yield Static("", id="leave-total")
        yield DataTable(id="leave-requests", cursor_type="row", zebra_stripes=True)
        yield Static("", id="leave-empty", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#leave-requests", DataTable)
        for label in (_("Dates"), _("School days"), _("Status"), _("Where to"), _("Decided")):
            table.add_column(label)
        table.display = False

    def show(self, leave: PupilLeave) -> None:
        self.leave = leave
        total = self.query_one("#leave-total", Static)
        year = f"{leave.school_year_starts.year}/{leave.school_year_ends.year % 100:02d}"
        line = ngettext(
            "Granted leave {year}: {days} of {ceiling} school day",
            "Granted leave {year}: {days} of {ceiling} school days",
            leave.ceiling,
        ).format(year=year, days=leave.granted_school_days, ceiling=leave.ceiling)
        if leave.over_ceiling:
            line += " - " + _("over the law's ceiling for short leave")
        total.update(Text(line))
        total.set_class(leave.over_ceiling, "over")

        table = self.query_one("#leave-requests", DataTable)
        table.clear()
        for row in leave.requests:
            decided = ""
            if row.status != LeaveStatus.PENDING:
                on = row.decided_on.isoformat() if row.decided_on else ""
                decided = " ".join(part for part in (on, row.decided_by) if part)
            table.add_row(
                Text(f"{row.starts_on.isoformat()} - {row.ends_on.isoformat()}"),
                Text(str(row.school_days)),
                Text(leave_status_label(row.status)),
                Text(row.destination),
                Text(decided),
                key=str(row.id),
            )
        table.display = bool(leave.requests)
        self.query_one("#leave-empty", Static).update(
            "" if leave.requests else _("No leave requests. Press R to add one.")
        )

    def selected(self) -> LeaveRow | None:
        """The request under the table's cursor (the newest when the table has no focus)."""
        if self.leave is None or not self.leave.requests:
            return None
        table = self.query_one("#leave-requests", DataTable)
        return self.leave.requests[min(table.cursor_row, len(self.leave.requests) - 1)]
