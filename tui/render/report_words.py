"""A report of concern in words: the sections, labels and worded codes every renderer shares.

`report_text(report)` turns a storage.report_data.ReportOfConcern into a ReportText in the
active language (tui.i18n): titled sections of labelled fields, free text and dated entries,
in the order of DOMAIN.md "The report of concern". Markdown and PDF print this one structure,
so both say the same thing in the same order; JSON keeps the codes (tui.render.report_json).

Text from the journal stays a plain string here: each renderer makes sure it prints as
written (Markdown escapes it, Typst receives it as data, never as markup).

A child or guardian without an address (unknown, or protected identity) gets no address line
at all, and a protected child's guardians none either (they most often live where the child
lives): the report never says why, so protected identity cannot be read from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from storage.chronology import STEP_NOT_APPLICABLE, WATCH_TAKEN_OFF
from storage.report_data import (
    ActionKind,
    DraftState,
    EarlierReport,
    ReportAction,
    ReportChild,
    ReportGuardian,
    ReportOfConcern,
    ReportSibling,
    ReportWhereabouts,
    WorryItem,
    WorrySource,
)
from storage.sibling_steps import is_sibling_step
from storage.whereabouts import SCHOOL_TIME_ZONE
from tui.case_words import (
    action_label,
    close_outcome_label,
    contact_outcome_label,
    counterpart_label,
    step_text,
)
from tui.code_words import channel_label, entry_kind_label, filing_channel_label, relation_label
from tui.i18n import N_, _, ngettext
from tui.sign_words import sign_text

SEPARATOR = " · "


class BlockKind(StrEnum):
    """What a block of a section holds; the PDF template switches on these."""

    FIELDS = "fields"  # labelled values
    TEXT = "text"  # one text as written in the journal
    ENTRIES = "entries"  # dated items: a line saying when and who, then the text


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Entry:
    """One dated item: `meta` says when, what and who; `text` is as the journal has it."""

    meta: str
    text: str


@dataclass(frozen=True)
class Block:
    """A part of a section. `empty` is printed when a block of entries has none."""

    kind: BlockKind
    title: str = ""
    fields: tuple[Field, ...] = ()
    text: str = ""
    entries: tuple[Entry, ...] = ()
    empty: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ReportText:
    """The whole report in words, with the labels a page header and footer need."""

    title: str
    confidential: str  # "Confidential (OSL)" on every page
    made: str  # "Made 2026-03-02 14:05", Swedish time
    page: str  # "Page" in "Page 1 of 3"
    of: str  # "of" in "Page 1 of 3"
    sections: tuple[Section, ...]


def report_text(report: ReportOfConcern) -> ReportText:
    """The report in the active language, sections in DOMAIN.md's order."""
    return ReportText(
        title=_("Report of concern"),
        confidential=_("Confidential (OSL)"),
        made=_("Made {when}").format(when=local_time(report.made_at)),
        page=_("Page"),
        of=_("of"),
        sections=tuple(
            section
            for section in (
                _child_section(report.child),
                _siblings_section(report.siblings),
                _guardians_section(report.guardians, report.child.protected_identity),
                _worry_section(report),
                _whereabouts_section(report.whereabouts),
                _actions_section(report.actions),
                _informed_section(report),
                _earlier_section(report.earlier_reports),
                _reporter_section(report),
            )
            if section is not None
        ),
    )


# -- words for values ------------------------------------------------------------------------


def local_time(at: datetime) -> str:
    """A moment as a Swedish reader reads it: the school's time zone, to the minute."""
    return f"{at.astimezone(SCHOOL_TIME_ZONE):%Y-%m-%d %H:%M}"


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else _("Not known")


def yes_no(value: bool | None) -> str:
    """Yes, No, or Not known (None: the counsellor has not said)."""
    if value is None:
        return _("Not known")
    return _("Yes") if value else _("No")


def age_words(age: int | None) -> str:
    if age is None:
        return _("Not known")
    return ngettext("{n} year", "{n} years", age).format(n=age)


def guardians_informed_words(report: ReportOfConcern) -> str:
    """Honour-related: always "No, honour-related", whatever else the draft says."""
    if report.honour_related:
        return _("No, honour-related")
    return yes_no(report.guardians_informed)


def sibling_report_words(state: str) -> str:
    """Whether a sibling has a report of their own (each child needs one)."""
    words = {
        "": _("None yet"),
        DraftState.DRAFT: _("Drafted, not yet filed"),
        DraftState.FILED: _("Filed"),
    }
    return words.get(state, state)


def action_words(action: ReportAction) -> str:
    """What was done, as words: the step (in the school's own words for a step of its own;
    a sibling's step names the sibling), the contact's channel, the case event, the entry."""
    match action.kind:
        case ActionKind.STEP:
            if is_sibling_step(action.code) and action.title:
                # The title names the sibling and their school.
                return f"{step_text(action.code)} ({action.title})"
            return step_text(action.code, action.title)
        case ActionKind.CONTACT:
            return _("Contact: {channel}").format(channel=channel_label(action.code))
        case ActionKind.CASE_EVENT:
            return _("Case: {event}").format(event=action_label(action.code))
        case ActionKind.MEETING:
            return entry_kind_label(action.code)
        case ActionKind.WATCH:
            if action.code == WATCH_TAKEN_OFF:
                return _("Taken off the watch list")
            return _("Put on the watch list")
    return action.code


def counterpart_words(action: ReportAction) -> str:
    """Whom: a contact's counterpart (what they are, and the name as written), or whom the
    counsellor spoke with about a sibling."""
    if action.kind != ActionKind.CONTACT:
        return action.counterpart
    kind = counterpart_label(action.title) if action.title else ""
    return _joined(kind, action.counterpart)


def outcome_words(action: ReportAction) -> str:
    """How it came out: a contact's outcome, a step done or not applicable, how a case
    closed (the codes, worded)."""
    match action.kind:
        case ActionKind.CONTACT:
            return contact_outcome_label(action.outcome) if action.outcome else ""
        case ActionKind.STEP:
            return _("not applicable") if action.outcome == STEP_NOT_APPLICABLE else _("done")
        case ActionKind.CASE_EVENT:
            return close_outcome_label(action.outcome) if action.outcome else ""
    return ""


def action_line(action: ReportAction) -> str:
    """The action in one line, without when and by whom: what, whom, how it came out."""
    return _joined(action_words(action), counterpart_words(action), outcome_words(action))


def worry_by_words(item: WorryItem) -> str:
    """Who saw, heard or said it: the name as written, else what they are (a mentor...)."""
    return item.by or (counterpart_label(item.by_kind) if item.by_kind else "")


def _joined(*parts: str) -> str:
    return SEPARATOR.join(part for part in parts if part)


# -- the sections ----------------------------------------------------------------------------


def _child_section(child: ReportChild) -> Section:
    number = child.identity_number
    if child.temporary_number:
        number += " " + _("(temporary school number)")
    fields = [
        Field(_("Name"), child.name),
        Field(_("Identity number"), number),
        Field(_("Date of birth"), day(child.birth_date)),
        Field(_("Age"), age_words(child.age)),
    ]
    # No address: nothing at all, so the line cannot tell protected from unknown.
    if child.address is not None and not child.protected_identity:
        fields.append(Field(_("Address"), child.address))
    fields += [Field(_("School"), child.school), Field(_("Class"), child.class_name)]
    return Section(_("The child"), (Block(BlockKind.FIELDS, fields=tuple(fields)),))


def _siblings_section(siblings: tuple[ReportSibling, ...]) -> Section:
    blocks = [
        Block(
            BlockKind.FIELDS,
            title=sibling.name,
            fields=(
                Field(_("Age"), age_words(sibling.age)),
                Field(_("School"), sibling.school or _("Not known")),
                Field(_("Class"), sibling.class_name or _("Not known")),
                Field(_("Report of their own"), sibling_report_words(sibling.report)),
            ),
        )
        for sibling in siblings
    ]
    if siblings:
        blocks.insert(
            0, Block(BlockKind.TEXT, text=_("Each sibling needs a report of their own."))
        )
    else:
        blocks.append(Block(BlockKind.TEXT, text=_("No siblings known.")))
    return Section(_("Siblings"), tuple(blocks))


def _guardians_section(guardians: tuple[ReportGuardian, ...], protected: bool) -> Section:
    blocks = [_guardian_block(guardian, protected) for guardian in guardians]
    if not blocks:
        blocks.append(Block(BlockKind.TEXT, text=_("No guardians known.")))
    return Section(_("Guardians"), tuple(blocks))


def _guardian_block(guardian: ReportGuardian, protected: bool) -> Block:
    fields = [
        Field(_("Relation"), relation_label(guardian.relation)),
        Field(_("Phone"), guardian.phone or _("Not known")),
        Field(_("E-mail"), guardian.email or _("Not known")),
    ]
    # A protected child's guardians most often live where the child lives: no address.
    if guardian.address is not None and not protected:
        fields.append(Field(_("Address"), guardian.address))
    fields += [
        Field(_("Interpreter needed"), yes_no(guardian.interpreter_needed)),
        Field(_("Language"), guardian.language or _("Not known")),
    ]
    return Block(BlockKind.FIELDS, title=guardian.name, fields=tuple(fields))


# The worry's items, grouped by who they come from (DOMAIN.md keeps these apart).
_SOURCE_TITLES: tuple[tuple[WorrySource, str], ...] = (
    (WorrySource.REPORTER, N_("What the reporter saw or heard")),
    (WorrySource.OTHERS, N_("What others said")),
    (WorrySource.CHILD, N_("The child's own words")),
)


def _worry_section(report: ReportOfConcern) -> Section:
    blocks = [
        Block(BlockKind.TEXT, text=report.worry or _("Not written yet.")),
        Block(
            BlockKind.FIELDS,
            fields=(
                Field(_("Since when"), report.since_when or _("Not known")),
                Field(_("Acute danger"), yes_no(report.acute_danger)),
            ),
        ),
    ]
    for source, title in _SOURCE_TITLES:
        items = [item for item in report.worry_items if item.source == source]
        blocks.append(
            Block(
                BlockKind.ENTRIES,
                title=_(title),
                entries=tuple(_worry_entry(item) for item in items),
                empty=_("Nothing recorded."),
            )
        )
    return Section(_("The worry"), tuple(blocks))


def _worry_entry(item: WorryItem) -> Entry:
    return Entry(meta=_joined(local_time(item.at), worry_by_words(item)), text=worry_text(item))


def worry_text(item: WorryItem) -> str:
    """What the item says: a warning sign's words and the day it was observed, then the note
    as written; any other item's text as written."""
    if not item.sign_code:
        return item.text
    sign = _("Warning sign: {sign} (observed {day})").format(
        sign=sign_text(item.sign_code, item.sign_label), day=day(item.observed_on)
    )
    return f"{sign}\n{item.text}" if item.text else sign


def _whereabouts_section(whereabouts: ReportWhereabouts | None) -> Section | None:
    if whereabouts is None:
        return None
    where = _("Not known: the pupil is missing") if whereabouts.missing else ""
    fields: tuple[Field, ...] = (
        Field(_("Where the child is"), where or whereabouts.whereabouts or _("Not known")),
        Field(_("Last school day"), day(whereabouts.last_school_day)),
        Field(
            _("Last contact"),
            local_time(whereabouts.last_contact) if whereabouts.last_contact else _("Not known"),
        ),
        Field(_("Suspected country"), whereabouts.suspected_country or _("Not known")),
        Field(_("Expected return"), day(whereabouts.expected_return)),
        Field(_("Leave refused"), yes_no(whereabouts.refused_leave)),
        Field(_("Source of information"), whereabouts.source or _("Not known")),
    )
    if whereabouts.missing and whereabouts.whereabouts:
        fields += (Field(_("What is known"), whereabouts.whereabouts),)
    return Section(_("Where the child is now"), (Block(BlockKind.FIELDS, fields=fields),))


def _actions_section(actions: tuple[ReportAction, ...]) -> Section:
    entries = tuple(
        Entry(
            meta=_joined(local_time(action.at), action_line(action), action.by),
            text=action.detail,
        )
        for action in actions
    )
    block = Block(BlockKind.ENTRIES, entries=entries, empty=_("Nothing recorded."))
    return Section(_("What the school has done"), (block,))


def _informed_section(report: ReportOfConcern) -> Section:
    fields = (
        Field(_("Guardians informed"), guardians_informed_words(report)),
        Field(_("The child informed"), yes_no(report.child_informed)),
    )
    return Section(_("Who knows of this report"), (Block(BlockKind.FIELDS, fields=fields),))


def _earlier_section(earlier: tuple[EarlierReport, ...]) -> Section:
    blocks = [
        Block(
            BlockKind.FIELDS,
            title=local_time(report.reported_at),
            fields=(
                Field(_("How"), filing_channel_label(report.channel)),
                Field(_("Recipient"), report.recipient or _("Not known")),
                Field(_("Reference"), report.reference or _("Not known")),
                Field(_("Investigation opened"), yes_no(report.investigation_opened)),
            ),
        )
        for report in earlier
    ]
    if not blocks:
        blocks.append(Block(BlockKind.TEXT, text=_("No earlier reports.")))
    return Section(_("Earlier reports of concern"), tuple(blocks))


def _reporter_section(report: ReportOfConcern) -> Section:
    reporter = report.reporter
    fields = (
        Field(_("Name"), reporter.name),
        Field(_("Role"), reporter.role),
        Field(_("School"), reporter.school),
        Field(_("Phone"), reporter.phone),
        Field(_("E-mail"), reporter.email or _("Not known")),
    )
    return Section(_("The reporter"), (Block(BlockKind.FIELDS, fields=fields),))
