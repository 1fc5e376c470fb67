"""How a warning sign reads: our translation of a built-in sign's code (the list in
storage/templates/warning_signs.toml), else the school's own text as written, else the code.

Gender-neutral, as the list is: nothing assumes the pupil is a girl.
"""

from __future__ import annotations

from tui.i18n import N_, _  # not tui.bindings: the renderers use this without textual

SIGN_TEXT: dict[str, str] = {
    "fear_of_trip_abroad": N_("Is afraid of being taken abroad over a break"),
    "controlled_free_time": N_("Free time is rigidly controlled"),
    "guardians_avoid_school": N_("Guardians avoid contact with the school"),
    "recurring_absence": N_("Recurring absence"),
    "excused_from_teaching": N_(
        "Asks to be excused from parts of teaching (e.g. swimming, sex education)"
    ),
    "lgbtqi_controlling_family": N_("Is an LGBTQI young person in a controlling family"),
    "engagement_or_marriage": N_("Talk of an engagement or a marriage"),
    "sibling_taken_abroad": N_("A sibling was taken abroad"),
    "asks_for_help": N_("Asks for help or says they are afraid"),
    "other": N_("Other (said in the note)"),
}


def sign_text(code: str, written: str = "") -> str:
    """A sign as the counsellor reads it: our translation of a built-in code, else the
    school's own text as written, else the code."""
    known = SIGN_TEXT.get(code)
    return _(known) if known else (written or code)
