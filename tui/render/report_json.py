"""A report of concern as JSON: machine-readable, stable, language-free.

The shape (format "saknad.report_of_concern", version 1; a change that breaks a reader
raises the version):

    {
      "format": "saknad.report_of_concern", "format_version": 1,
      "draft_id": 12, "made_at": "2026-03-02T13:05:00+00:00",      # UTC, ISO 8601
      "confidentiality": "OSL",
      "child": {"name", "identity_number", "temporary_number", "birth_date", "age",
                "address", "school", "class_name"},
      "siblings": [{"name", "age", "school", "class_name", "report"}],   # report: "", draft, filed
      "guardians": [{"name", "relation", "phone", "email", "address",
                     "interpreter_needed", "language"}],
      "worry": {"text", "since_when", "acute_danger", "honour_related",
                "reporter_saw_or_heard": [item], "others_said": [item], "child_said": [item]},
                # item: {"at", "by", "by_kind", "text", "sign"}; by_kind: a Counterpart code
                # or ""; sign: null, or a warning sign {"code", "text", "observed_on"}
                # (text: the sign's words in the school's list)
      "whereabouts": null | {"missing", "last_school_day", "last_contact", "whereabouts",
                             "suspected_country", "expected_return", "refused_leave", "source"},
      "actions": [{"at", "kind", "code", "title", "counterpart", "outcome", "detail", "by"}],
                # title: a step's words in the school's template or its sibling, a
                # contact's counterpart kind; outcome: a contact's outcome code, a step's
                # "done" or "not_applicable", a closed case's outcome
      "guardians_informed": true | false | null,    # always false when honour_related
      "child_informed": true | false | null,
      "earlier_reports": [{"reported_at", "channel", "recipient", "reference",
                           "investigation_opened"}],
      "reporter": {"name", "role", "school", "phone", "email"}
    }

Codes stay codes (storage.codes: relation, channel, case action, entry kind, step code;
storage.report_data: ActionKind), dates are ISO dates, times ISO 8601 in UTC, unknown is null.
An address is null when unknown and always for protected identity (the child's, and then
the guardians' too); the file does not say which, so protected identity cannot be read
from it. Text is as written in the journal.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from storage.report_data import (
    ReportAction,
    ReportOfConcern,
    WorryItem,
    WorrySource,
)

FORMAT = "saknad.report_of_concern"
FORMAT_VERSION = 1


def render_json(report: ReportOfConcern) -> bytes:
    """The report as UTF-8 JSON (indented, keys in the documented order), ending in a newline."""
    text = json.dumps(report_document(report), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def report_document(report: ReportOfConcern) -> dict[str, Any]:
    """The report as plain JSON values, in the shape the module documents."""
    child = report.child
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "draft_id": report.draft_id,
        "made_at": _moment(report.made_at),
        "confidentiality": "OSL",
        "child": {
            "name": child.name,
            "identity_number": child.identity_number,
            "temporary_number": child.temporary_number,
            "birth_date": _day(child.birth_date),
            "age": child.age,
            "address": None if child.protected_identity else child.address,
            "school": child.school,
            "class_name": child.class_name,
        },
        "siblings": [
            {
                "name": sibling.name,
                "age": sibling.age,
                "school": sibling.school,
                "class_name": sibling.class_name,
                "report": sibling.report,
            }
            for sibling in report.siblings
        ],
        "guardians": [
            {
                "name": guardian.name,
                "relation": guardian.relation,
                "phone": guardian.phone,
                "email": guardian.email,
                # A protected child's guardians most often live where the child lives.
                "address": None if child.protected_identity else guardian.address,
                "interpreter_needed": guardian.interpreter_needed,
                "language": guardian.language,
            }
            for guardian in report.guardians
        ],
        "worry": {
            "text": report.worry,
            "since_when": report.since_when,
            "acute_danger": report.acute_danger,
            "honour_related": report.honour_related,
            "reporter_saw_or_heard": _items(report, WorrySource.REPORTER),
            "others_said": _items(report, WorrySource.OTHERS),
            "child_said": _items(report, WorrySource.CHILD),
        },
        "whereabouts": _whereabouts(report),
        "actions": [_action(action) for action in report.actions],
        "guardians_informed": False if report.honour_related else report.guardians_informed,
        "child_informed": report.child_informed,
        "earlier_reports": [
            {
                "reported_at": _moment(earlier.reported_at),
                "channel": earlier.channel,
                "recipient": earlier.recipient,
                "reference": earlier.reference,
                "investigation_opened": earlier.investigation_opened,
            }
            for earlier in report.earlier_reports
        ],
        "reporter": {
            "name": report.reporter.name,
            "role": report.reporter.role,
            "school": report.reporter.school,
            "phone": report.reporter.phone,
            "email": report.reporter.email,
        },
    }


def _moment(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _items(report: ReportOfConcern, source: WorrySource) -> list[dict[str, Any]]:
    return [_item(item) for item in report.worry_items if item.source == source]


def _item(item: WorryItem) -> dict[str, Any]:
    sign = None
    if item.sign_code:
        observed = item.observed_on.isoformat() if item.observed_on else None
        sign = {"code": item.sign_code, "text": item.sign_label, "observed_on": observed}
    return {
        "at": _moment(item.at),
        "by": item.by,
        "by_kind": item.by_kind,
        "text": item.text,
        "sign": sign,
    }


def _whereabouts(report: ReportOfConcern) -> dict[str, Any] | None:
    known = report.whereabouts
    if known is None:
        return None
    return {
        "missing": known.missing,
        "last_school_day": _day(known.last_school_day),
        "last_contact": _moment(known.last_contact) if known.last_contact else None,
        "whereabouts": known.whereabouts,
        "suspected_country": known.suspected_country,
        "expected_return": _day(known.expected_return),
        "refused_leave": known.refused_leave,
        "source": known.source,
    }


def _action(action: ReportAction) -> dict[str, Any]:
    return {
        "at": _moment(action.at),
        "kind": str(action.kind),
        "code": action.code,
        "title": action.title,
        "counterpart": action.counterpart,
        "outcome": action.outcome,
        "detail": action.detail,
        "by": action.by,
    }
