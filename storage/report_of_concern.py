"""Reports of concern (orosanmälan): drafts, one per child, followed until filed.

A draft keeps only what the counsellor alone can say about this report (the worry in their
words, since when, acute danger, whether the guardians and the child know) and which items
they left out. Everything else is read from the journal each time the report is shown or
exported (storage.report_data): the child, siblings, guardians, what was seen and said, the
whereabouts, and what the school has done, in time order. So a report shown a day later
carries the day's new steps, and nothing is copied out of the journal to go stale.

From a family concern, `sibling_drafts` starts one draft per sibling who is a pupil in the
journal (the law's practice: one report per child), each with the honour-related setting
carried across and the sibling's own school and guardians read from the journal. A sibling
known only by a link (a child at another school) is named in every report instead: their
school is told through the case's sibling step, not by a report from this journal.

Rules kept here, whatever the screen: honour-related means the guardians are not told
(`guardians_informed` is never True); a filed draft is not changed any more (what was
filed stays what was filed; corrections go into the journal as new entries).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from storage import chronology, people
from storage import models as m
from storage.chronology import STEP_NOT_APPLICABLE, WATCH_TAKEN_OFF
from storage.clock import aware, now
from storage.codes import ChronologyKind, EntryKind, IdentityKind
from storage.errors import InvalidValue, NotFound
from storage.pupil_card import pupil_card
from storage.report_data import (
    ActionKind,
    DraftState,
    EarlierReport,
    ReportAction,
    ReportChild,
    Reporter,
    ReportGuardian,
    ReportOfConcern,
    ReportSibling,
    ReportWhereabouts,
    WorryItem,
    WorrySource,
)
from storage.session import stored_id
from storage.values import choice, plain_text
from storage.whereabouts import SCHOOL_TIME_ZONE


@dataclass(frozen=True)
class DraftFields:
    """What the counsellor writes on a draft (the preview's form)."""

    worry: str = ""
    since_when: str = ""
    acute_danger: bool | None = None
    guardians_informed: bool | None = None
    child_informed: bool | None = None
    honour_related: bool = False


@dataclass(frozen=True)
class ReportDraftRow:
    """One draft as a list shows it."""

    id: int
    pupil_id: int
    pupil_name: str
    class_name: str
    case_id: int | None
    family_of_id: int | None
    honour_related: bool
    created_at: datetime
    state: DraftState
    exports: int
    filed_report_id: int | None
    filed_at: datetime | None
    written_follow_up_on: date | None
    channel: str  # how it was filed ("" before)
    reference: str
    written_follow_up_due: bool  # filed by phone, no written follow-up recorded yet
    investigation_opened: bool | None


# Entry kinds that are the worry as told, and whose words they are; meetings and decisions
# are what the school did (actions).
_WORRY_ENTRY_KINDS = {
    EntryKind.NOTE: WorrySource.REPORTER,
    EntryKind.OBSERVATION: WorrySource.REPORTER,
    EntryKind.PUPIL_WORDS: WorrySource.CHILD,
}
_ACTION_ENTRY_KINDS = {EntryKind.MEETING, EntryKind.DECISION}


# -- drafts -------------------------------------------------------------------------------


def start_draft(session: Session, actor: str, pupil_id: int, *, case_id: int | None = None) -> int:
    """Start a report about one child, from a case or from the pupil card.

    An open draft of the same pupil and case is returned instead of a second one (a
    counsellor pressing the key twice means the same report). Honour-related comes from the
    case, or from any open honour-related case of the pupil.

    Raises:
        NotFound: no such pupil or case.
        InvalidValue: the case belongs to another pupil.
    """
    if session.get(m.Pupil, pupil_id) is None:
        raise NotFound("pupil")
    case = _case_of(session, pupil_id, case_id)
    existing = session.exec(
        select(m.ReportDraft).where(
            m.ReportDraft.pupil_id == pupil_id,
            m.ReportDraft.case_id == case_id,
            col(m.ReportDraft.filed_report_id).is_(None),
        )
    ).first()
    if existing is not None:
        return stored_id(existing)
    honour = case.honour_related if case else _open_honour_case(session, pupil_id)
    draft = m.ReportDraft(
        pupil_id=pupil_id,
        case_id=case_id,
        honour_related=honour,
        guardians_informed=False if honour else None,
        created_by=actor,
    )
    session.add(draft)
    session.flush()
    return stored_id(draft)


def sibling_drafts(session: Session, actor: str, draft_id: int) -> list[int]:
    """One draft per sibling in the journal, from a family concern: the worry and since
    when as a start (each child's report is then written for that child), the
    honour-related setting carried across. A sibling who already has an unfiled draft keeps
    it (this family concern's own first, else the newest other: one open report per child);
    a filed report is never reused. Returns the siblings' draft ids, new and kept.

    Raises:
        NotFound: no such draft.
    """
    source = _draft(session, draft_id)
    card = pupil_card(session, source.pupil_id)
    ids = []
    for sibling in card.siblings:
        if sibling.pupil_id is None:
            continue  # a child at another school: named in the report, not reported from here
        existing = session.exec(
            select(m.ReportDraft)
            .where(
                m.ReportDraft.pupil_id == sibling.pupil_id,
                col(m.ReportDraft.filed_report_id).is_(None),
            )
            # This family concern's own draft first (False sorts first), then the newest.
            .order_by(
                col(m.ReportDraft.family_of_id).is_distinct_from(draft_id),
                col(m.ReportDraft.created_at).desc(),
                col(m.ReportDraft.id).desc(),
            )
        ).first()
        if existing is not None:
            ids.append(stored_id(existing))
            continue
        draft = m.ReportDraft(
            pupil_id=sibling.pupil_id,
            family_of_id=draft_id,
            honour_related=source.honour_related,
            worry=source.worry,
            since_when=source.since_when,
            acute_danger=source.acute_danger,
            guardians_informed=False if source.honour_related else None,
            created_by=actor,
        )
        session.add(draft)
        session.flush()
        ids.append(stored_id(draft))
    return ids


def update_draft(session: Session, draft_id: int, fields: DraftFields) -> None:
    """Keep what the counsellor wrote on the draft.

    Raises:
        NotFound: no such draft.
        InvalidValue: the draft is filed ("filed"), or guardians informed on an
            honour-related report ("guardians_informed", "honour_related").
    """
    draft = _open_draft(session, draft_id)
    if fields.honour_related and fields.guardians_informed:
        raise InvalidValue("guardians_informed", "honour_related")
    draft.worry = plain_text(fields.worry, "worry")
    draft.since_when = plain_text(fields.since_when, "since_when")
    draft.acute_danger = fields.acute_danger
    draft.honour_related = fields.honour_related
    draft.guardians_informed = False if fields.honour_related else fields.guardians_informed
    draft.child_informed = fields.child_informed
    session.add(draft)


def set_left_out(session: Session, draft_id: int, keys: set[str]) -> None:
    """Which items the counsellor chose not to include (item keys, storage.report_data).

    Raises:
        NotFound: no such draft.
        InvalidValue: the draft is filed.
    """
    draft = _open_draft(session, draft_id)
    draft.left_out = json.dumps(sorted(keys))
    session.add(draft)


def toggle_left_out(session: Session, draft_id: int, key: str) -> tuple[str, ...]:
    """Leave one item out, or take it back if it was left out; the keys left out now.

    Flipped inside one session (not a whole list sent from the screen), so two quick
    presses on two items both stick, whatever order they are written in.

    Raises:
        NotFound: no such draft.
        InvalidValue: the draft is filed.
    """
    draft = _open_draft(session, draft_id)
    keys = set(json.loads(draft.left_out or "[]")) ^ {key}
    draft.left_out = json.dumps(sorted(keys))
    session.add(draft)
    return tuple(sorted(keys))


def file_draft(
    session: Session,
    actor: str,
    draft_id: int,
    *,
    channel: str,
    recipient: str,
    reference: str,
    reported_at: datetime | None,
) -> int:
    """Record that the report was made to social services: how, to whom, their reference.
    The draft is then closed; returns the concern report's id.

    Raises:
        NotFound: no such draft.
        InvalidValue: already filed, an unknown channel, or a time in the future.
    """
    draft = _open_draft(session, draft_id)
    at = aware(reported_at) if reported_at else now()
    if at > now():
        raise InvalidValue("reported_at", "in_future")
    report = m.ConcernReport(
        pupil_id=draft.pupil_id,
        case_id=draft.case_id,
        reported_at=at,
        channel=choice(channel, m.ContactChannel, "channel"),
        recipient=plain_text(recipient, "recipient"),
        guardians_informed=False if draft.honour_related else draft.guardians_informed,
        child_informed=draft.child_informed,
        reference=plain_text(reference, "reference"),
        summary=draft.worry,
        reported_by=actor,
    )
    session.add(report)
    session.flush()
    draft.filed_report_id = stored_id(report)
    session.add(draft)
    return stored_id(report)


def after_filing(
    session: Session,
    report_id: int,
    *,
    reference: str,
    written_follow_up_on: date | None,
    investigation_opened: bool | None,
) -> None:
    """What happened after filing: social services' reference, the day a report made by
    phone was followed up in writing, whether they opened an investigation.

    Raises:
        NotFound: no such report.
        InvalidValue: a follow-up day in the future, or before the report was made.
    """
    report = session.get(m.ConcernReport, report_id)
    if report is None:
        raise NotFound("report")
    today = now().astimezone(SCHOOL_TIME_ZONE).date()
    if written_follow_up_on is not None:
        made = aware(report.reported_at).astimezone(SCHOOL_TIME_ZONE).date()
        if written_follow_up_on > today:
            raise InvalidValue("written_follow_up_on", "in_future")
        if written_follow_up_on < made:
            raise InvalidValue("written_follow_up_on", "before_report")
    report.reference = plain_text(reference, "reference")
    report.written_follow_up_on = written_follow_up_on
    report.investigation_opened = investigation_opened
    session.add(report)


def draft_row(session: Session, draft_id: int) -> ReportDraftRow:
    """One draft as a list shows it.

    Raises:
        NotFound: no such draft.
    """
    rows = drafts(session, draft_id=draft_id)
    if not rows:
        raise NotFound("report")
    return rows[0]


def drafts(
    session: Session, pupil_id: int | None = None, *, draft_id: int | None = None
) -> list[ReportDraftRow]:
    """Reports of concern, unfiled first, newest first; one pupil's or all (or one)."""
    query = select(m.ReportDraft, m.Pupil).join(
        m.Pupil, col(m.Pupil.id) == col(m.ReportDraft.pupil_id)
    )
    if pupil_id is not None:
        query = query.where(m.ReportDraft.pupil_id == pupil_id)
    if draft_id is not None:
        query = query.where(m.ReportDraft.id == draft_id)
    rows = session.exec(query).all()
    exports = _export_counts(session, [stored_id(d) for d, _ in rows])
    classes = people.pupil_rows(session, sorted({stored_id(p) for _, p in rows}))
    result = []
    for draft, pupil in rows:
        report = (
            session.get(m.ConcernReport, draft.filed_report_id) if draft.filed_report_id else None
        )
        count = exports.get(stored_id(draft), 0)
        state = DraftState.FILED if report else DraftState.EXPORTED if count else DraftState.DRAFT
        result.append(
            ReportDraftRow(
                id=stored_id(draft),
                pupil_id=stored_id(pupil),
                pupil_name=f"{pupil.first_name} {pupil.last_name}",
                class_name=classes[stored_id(pupil)].class_name or "",
                case_id=draft.case_id,
                family_of_id=draft.family_of_id,
                honour_related=draft.honour_related,
                created_at=aware(draft.created_at),
                state=state,
                exports=count,
                filed_report_id=draft.filed_report_id,
                filed_at=aware(report.reported_at) if report else None,
                written_follow_up_on=report.written_follow_up_on if report else None,
                channel=report.channel if report else "",
                reference=report.reference if report else "",
                written_follow_up_due=bool(
                    report
                    and report.channel == m.ContactChannel.PHONE
                    and report.written_follow_up_on is None
                ),
                investigation_opened=report.investigation_opened if report else None,
            )
        )
    return sorted(result, key=lambda r: (r.state == DraftState.FILED, -r.created_at.timestamp()))


def waiting_counts(session: Session) -> tuple[int, int]:
    """Reports of concern still waiting: drafts not filed, and reports made by phone with no
    written follow-up recorded yet (the counts of the list `drafts` shows)."""
    unfiled = session.exec(
        select(func.count())
        .select_from(m.ReportDraft)
        .where(col(m.ReportDraft.filed_report_id).is_(None))
    ).one()
    follow_up = session.exec(
        select(func.count())
        .select_from(m.ReportDraft)
        .join(m.ConcernReport, col(m.ConcernReport.id) == col(m.ReportDraft.filed_report_id))
        .where(
            m.ConcernReport.channel == m.ContactChannel.PHONE,
            col(m.ConcernReport.written_follow_up_on).is_(None),
        )
    ).one()
    return unfiled, follow_up


def _export_counts(session: Session, draft_ids: list[int]) -> dict[int, int]:
    rows = session.exec(
        select(m.ExportRecord.report_draft_id, func.count())
        .where(col(m.ExportRecord.report_draft_id).in_(draft_ids))
        .group_by(col(m.ExportRecord.report_draft_id))
    ).all()
    return {draft_id: count for draft_id, count in rows if draft_id is not None}


# -- the report as the journal has it -----------------------------------------------------


def report(
    session: Session,
    draft_id: int,
    *,
    folder=None,
    made_at: datetime | None = None,
    with_left_out: bool = False,
) -> ReportOfConcern:
    """The report of one draft, read from the journal now.

    `with_left_out`: keep the items the counsellor left out (the preview shows them, marked);
    an export never does. `folder` is the data folder (the school's own step words).

    Raises:
        NotFound: no such draft.
    """
    draft = _draft(session, draft_id)
    made = aware(made_at) if made_at else now()
    today = made.astimezone(SCHOOL_TIME_ZONE).date()
    left_out = tuple(json.loads(draft.left_out or "[]"))
    skip = set() if with_left_out else set(left_out)
    card = pupil_card(session, draft.pupil_id)
    items = chronology.pupil_chronology(session, draft.pupil_id, folder)
    corrected = {i.corrects_id for i in items if i.kind == ChronologyKind.ENTRY and i.corrects_id}
    worry_items = []
    actions = []
    for item in reversed(items):  # the chronology is newest first; a report reads forwards
        if item.kind == ChronologyKind.ENTRY and item.source_id in corrected:
            continue  # the correction says it now
        worry = _worry_item(item)
        if worry is not None and worry.key not in skip:
            worry_items.append(worry)
        worry_items.extend(sign for sign in _sign_items(item) if sign.key not in skip)
        action = _action(item)
        if action is not None and action.key not in skip:
            actions.append(action)
    siblings = tuple(s for s in _siblings(session, card, today, draft) if s.key not in skip)
    guardians = tuple(g for g in _guardians(card) if g.key not in skip)
    earlier = tuple(e for e in _earlier_reports(session, draft) if e.key not in skip)
    return ReportOfConcern(
        draft_id=draft_id,
        pupil_id=draft.pupil_id,
        case_id=draft.case_id,
        made_at=made,
        child=_child(card, today),
        siblings=siblings,
        guardians=guardians,
        worry=draft.worry,
        since_when=draft.since_when,
        acute_danger=draft.acute_danger,
        honour_related=draft.honour_related,
        worry_items=tuple(worry_items),
        whereabouts=_whereabouts(session, draft),
        actions=tuple(actions),
        guardians_informed=False if draft.honour_related else draft.guardians_informed,
        child_informed=draft.child_informed,
        earlier_reports=earlier,
        reporter=_reporter(session, card.pupil.school_name or ""),
        left_out=left_out,
    )


def _child(card, today: date) -> ReportChild:
    pupil = card.pupil
    parts = [pupil.street, " ".join(p for p in (pupil.postal_code, pupil.city) if p)]
    address = ", ".join(p for p in parts if p) or None
    if pupil.security_marking == m.SecurityMarking.PROTECTED:
        address = None  # never, whatever the card held
    number = pupil.identity_number
    return ReportChild(
        name=f"{pupil.first_name} {pupil.last_name}",
        identity_number=f"{number[:8]}-{number[8:]}" if len(number) == 12 else number,
        temporary_number=pupil.identity_kind == IdentityKind.TEMPORARY,
        birth_date=pupil.birth_date,
        age=_age(pupil.birth_date, today),
        address=address,
        protected_identity=pupil.security_marking == m.SecurityMarking.PROTECTED,
        school=pupil.school_name or "",
        class_name=pupil.class_name or "",
    )


def _age(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _siblings(session: Session, card, today: date, draft: m.ReportDraft) -> list[ReportSibling]:
    rows = []
    for s in card.siblings:
        if s.pupil_id is not None:
            sibling = session.get(m.Pupil, s.pupil_id)
            age = _age(sibling.birth_date if sibling else None, today)
            key = f"sibling:{s.pupil_id}"
            state = _sibling_report_state(session, s.pupil_id, draft)
        else:
            age = today.year - s.birth_year if s.birth_year else None
            key = f"link:{s.link_id}"
            state = ""
        rows.append(
            ReportSibling(
                key=key,
                name=s.name,
                age=age,
                school=s.school_name,
                class_name=s.class_name or "",
                report=state,
            )
        )
    return rows


def _sibling_report_state(
    session: Session, pupil_id: int, draft: m.ReportDraft
) -> DraftState | str:
    """Whether the sibling has a report of their own about this worry: filed, a draft, or
    none (""). A report filed before this draft was started is about an earlier worry (it
    may be years old), unless it is of this family concern; an unfiled draft is open now,
    whenever it was started (the one `sibling_drafts` reuses)."""
    since = aware(draft.created_at)
    family = {stored_id(draft), draft.family_of_id} - {None}
    own_drafts = session.exec(
        select(m.ReportDraft).where(m.ReportDraft.pupil_id == pupil_id)
    ).all()
    family_filed = {
        d.filed_report_id
        for d in own_drafts
        if d.filed_report_id is not None and (d.id in family or d.family_of_id in family)
    }
    reports = session.exec(
        select(m.ConcernReport).where(m.ConcernReport.pupil_id == pupil_id)
    ).all()
    if any(aware(r.reported_at) >= since or r.id in family_filed for r in reports):
        return DraftState.FILED
    if any(d.filed_report_id is None for d in own_drafts):
        return DraftState.DRAFT
    return ""


def _guardians(card) -> list[ReportGuardian]:
    protected_child = card.pupil.security_marking == m.SecurityMarking.PROTECTED
    rows = []
    for g in card.guardians:
        parts = [g.street, " ".join(p for p in (g.postal_code, g.city) if p)]
        address = ", ".join(p for p in parts if p) or None
        if protected_child or g.security_marking == m.SecurityMarking.PROTECTED:
            address = None  # a guardian's address would lead to the child
        phones = ", ".join(p for p in (g.phone, g.phone_other) if p)
        rows.append(
            ReportGuardian(
                key=f"guardian:{g.id}",
                name=f"{g.first_name} {g.last_name}",
                relation=g.relation,
                phone=phones,
                email=g.email,
                address=address,
                interpreter_needed=g.interpreter_needed,
                language=g.language,
            )
        )
    return rows


def _worry_item(item) -> WorryItem | None:
    if item.kind == ChronologyKind.ENTRY and item.code in _WORRY_ENTRY_KINDS:
        return WorryItem(
            key=f"entry:{item.source_id}",
            at=aware(item.when),
            source=_WORRY_ENTRY_KINDS[EntryKind(item.code)],
            by=item.who,
            text=item.text,
        )
    # What somebody reached told the counsellor: their words, not the reporter's.
    if item.kind == ChronologyKind.CONTACT and item.code == m.ContactOutcome.REACHED and item.text:
        return WorryItem(
            key=f"contact:{item.source_id}",
            at=aware(item.when),
            source=WorrySource.CHILD if item.after == m.Counterpart.PUPIL else WorrySource.OTHERS,
            by=item.counterpart,
            text=item.text,
            by_kind=item.after,
        )
    return None


def _sign_items(item) -> list[WorryItem]:
    """A warning sign is what the school saw or heard (the reporter's), and the pupil's own
    words with it, where given, are the child's: DOMAIN.md keeps the two apart, so the words
    are an item of their own (left out on their own too)."""
    if item.kind != ChronologyKind.WARNING_SIGN:
        return []
    items = [
        WorryItem(
            key=f"sign:{item.source_id}",
            at=aware(item.when),
            source=WorrySource.REPORTER,
            by=item.counterpart,
            text=item.text,
            sign_code=item.code,
            sign_label=item.label,
            observed_on=item.day,
        )
    ]
    if item.before:
        items.append(
            WorryItem(
                key=f"sign_words:{item.source_id}",
                at=aware(item.when),
                source=WorrySource.CHILD,
                by="",
                text=item.before,
                by_kind=m.Counterpart.PUPIL,
            )
        )
    return items


def _action(item) -> ReportAction | None:
    if item.kind == ChronologyKind.STEP:
        return ReportAction(
            key=f"step:{item.source_id}",
            at=aware(item.when),
            kind=ActionKind.STEP,
            code=item.code,
            counterpart=item.counterpart,
            outcome=STEP_NOT_APPLICABLE if item.after == STEP_NOT_APPLICABLE else "done",
            detail=item.text,
            by=item.who,
            title=item.label or item.sibling,
        )
    if item.kind == ChronologyKind.CONTACT:
        return ReportAction(
            key=f"contact:{item.source_id}",
            at=aware(item.when),
            kind=ActionKind.CONTACT,
            code=item.before,  # the channel
            counterpart=item.counterpart,
            outcome=item.code,
            detail=item.text,
            by=item.who,
            title=item.after,  # the counterpart's kind
        )
    if item.kind == ChronologyKind.CASE_EVENT:
        return ReportAction(
            key=f"case_event:{item.source_id}",
            at=aware(item.when),
            kind=ActionKind.CASE_EVENT,
            code=item.code,
            counterpart="",
            outcome=item.after,
            detail=item.text,
            by=item.who,
        )
    if item.kind == ChronologyKind.WATCH:
        taken_off = item.code == WATCH_TAKEN_OFF
        return ReportAction(
            key=f"{'watch_off' if taken_off else 'watch'}:{item.source_id}",
            at=aware(item.when),
            kind=ActionKind.WATCH,
            code=item.code,
            counterpart=item.counterpart,  # the break it concerns
            outcome="",
            detail=item.text,  # why put on, or why taken off
            by=item.who,
        )
    if item.kind == ChronologyKind.ENTRY and item.code in _ACTION_ENTRY_KINDS:
        return ReportAction(
            key=f"entry:{item.source_id}",
            at=aware(item.when),
            kind=ActionKind.MEETING,
            code=item.code,
            counterpart="",
            outcome="",
            detail=item.text,
            by=item.who,
        )
    return None


def _whereabouts(session: Session, draft: m.ReportDraft) -> ReportWhereabouts | None:
    case = session.get(m.Case, draft.case_id) if draft.case_id else None
    if case is None or case.kind != m.CaseKind.MISSING:
        return None
    # A moment, not words: the renderers word it (Swedish time) or give it in UTC (JSON).
    last_contact = aware(case.last_contact_at) if case.last_contact_at else None
    return ReportWhereabouts(
        missing=case.status == m.CaseStatus.OPEN,
        last_school_day=case.last_school_day,
        last_contact=last_contact,
        whereabouts=case.whereabouts,
        suspected_country=case.suspected_country,
        expected_return=case.expected_return,
        refused_leave=case.leave_refused,
        source=case.information_source,
    )


def _earlier_reports(session: Session, draft: m.ReportDraft) -> list[EarlierReport]:
    """The child's reports made before this one: before it was filed (a filed report
    exported again keeps saying what it said), or before now for a draft."""
    filed = session.get(m.ConcernReport, draft.filed_report_id) if draft.filed_report_id else None
    before = aware(filed.reported_at) if filed else now()
    rows = [
        r
        for r in session.exec(
            select(m.ConcernReport)
            .where(m.ConcernReport.pupil_id == draft.pupil_id)
            .where(col(m.ConcernReport.id) != (draft.filed_report_id or 0))
            .order_by(col(m.ConcernReport.reported_at))
        ).all()
        if aware(r.reported_at) < before
    ]
    return [
        EarlierReport(
            key=f"report:{stored_id(r)}",
            reported_at=aware(r.reported_at),
            channel=r.channel,
            recipient=r.recipient,
            reference=r.reference,
            investigation_opened=r.investigation_opened,
        )
        for r in rows
    ]


def _reporter(session: Session, school: str) -> Reporter:
    counsellor = session.exec(select(m.Counsellor)).first()
    if counsellor is None:
        return Reporter(name="", role="", school=school, phone="", email="")
    return Reporter(
        name=counsellor.name,
        role=counsellor.role,
        school=school,
        phone=counsellor.phone,
        email=counsellor.email,
    )


# -- rows ---------------------------------------------------------------------------------


def _draft(session: Session, draft_id: int) -> m.ReportDraft:
    draft = session.get(m.ReportDraft, draft_id)
    if draft is None:
        raise NotFound("report")
    return draft


def _open_draft(session: Session, draft_id: int) -> m.ReportDraft:
    draft = _draft(session, draft_id)
    if draft.filed_report_id is not None:
        raise InvalidValue("report", "filed")
    return draft


def _case_of(session: Session, pupil_id: int, case_id: int | None) -> m.Case | None:
    if case_id is None:
        return None
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFound("case")
    if case.pupil_id != pupil_id:
        raise InvalidValue("case_id", "another_pupil")
    return case


def _open_honour_case(session: Session, pupil_id: int) -> bool:
    return (
        session.exec(
            select(m.Case.id).where(
                m.Case.pupil_id == pupil_id,
                m.Case.status == m.CaseStatus.OPEN,
                col(m.Case.honour_related).is_(True),
            )
        ).first()
        is not None
    )
