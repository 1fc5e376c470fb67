"""The "guardians must not be contacted" marker's reason: the watch list's own reason is kept
as a code and worded in the person's language wherever it is shown, and a reason shown in
those words and saved again stays the code."""

from __future__ import annotations

import pytest

from storage.watch_list import MARKER_REASON
from tui.i18n import set_language
from tui.widgets.contact_marker import marker_reason, stored_reason


@pytest.mark.parametrize(
    ("language", "words"), [("sv", "på bevakningslistan"), ("en", "on the watch list")]
)
def test_the_watch_lists_reason_is_worded_and_kept_as_its_code(language, words):
    set_language(language)
    try:
        assert marker_reason(MARKER_REASON) == words
        assert stored_reason(marker_reason(MARKER_REASON)) == MARKER_REASON
        assert stored_reason("Hedersrelaterad oro") == "Hedersrelaterad oro"
        assert marker_reason("[bold]x[/]") == "[bold]x[/]"  # a reason as written
    finally:
        set_language("en")
