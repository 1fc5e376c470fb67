"""The last line of defence: no text on screen carries a terminal command.

Textual hands a widget's text to the terminal as it is: an ESC in a name from an old import,
an OSC 52 clipboard write, a title sequence or a right-to-left override would reach the
terminal. Every line every widget draws passes this filter, which drops those characters
(storage.text decides which), so whatever a widget was given, the terminal only ever gets
Saknad's own sequences.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from storage.text import control_character, without_invisible_controls


class ControlCharacterFilter(LineFilter):
    """Removes control and invisible direction characters from the text of every segment."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(without_invisible_controls(text), style, control)
            if control is None and control_character(text) is not None
            else Segment(text, style, control)
            for text, style, control in segments
        ]
