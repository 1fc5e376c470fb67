"""Screens name the journal's codes through storage.codes, never by re-typing the strings."""

from __future__ import annotations

import re
from pathlib import Path

from storage.codes import IdentityKind, Relation, SchoolType, SecurityMarking, SiblingSource

TUI = Path(__file__).resolve().parent.parent / "tui"
# Codes whose value is also an ordinary English word ("other", "none", "unknown") are left
# out: the scan would find them in sentences.
CODES = sorted(
    {
        str(c)
        for kind in (IdentityKind, Relation, SchoolType, SecurityMarking, SiblingSource)
        for c in kind
    }
    - {"other", "none", "unknown"}
)


def test_no_screen_or_dialog_retypes_a_code():
    alternatives = "|".join(map(re.escape, CODES))
    pattern = re.compile(rf"""["']({alternatives})["']""")
    found = [
        f"{path.relative_to(TUI)}:{number}: {match.group(0)}"
        for path in sorted(TUI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in pattern.finditer(line)
    ]
    assert found == []


def test_the_forms_offer_every_code():
    from tui.dialogs.guardian_form import RELATIONS, relation_label
    from tui.dialogs.sibling_form import SCHOOL_TYPES, school_type_label

    assert set(RELATIONS) == set(Relation) and set(SCHOOL_TYPES) == set(SchoolType)
    assert all(relation_label(r) != str(r) or r == "other" for r in Relation)
    assert all(school_type_label(t) != str(t) for t in SchoolType)
