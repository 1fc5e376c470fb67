"""The footer of every screen and dialog: Textual's, showing only keys it has room for.

Textual's footer draws keys until the terminal ends, so at 80 columns a busy screen's last
keys were cut mid-word ("^b Dö"), the app's Hide among them. This footer leaves out whole
keys instead, from the right: first the app's Lock and Hide (home shows them, F1 lists them),
then the screen's last keys. F1 Help always shows: it lists every key of the screen, and
every key works whether it is shown or not.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS_SHOWN = "f1"
"""The key the footer never leaves out: Help, which names all the others."""

# A key's width in Textual's roomy footer: one space of padding each side of the key, one
# after its description (textual.widgets._footer.FooterKey's CSS). The palette key on the
# right, with its border, takes one column less than that (measured at 80 and 130 columns).
_KEY_PADDING = 3


def key_width(key: FooterKey) -> int:
    """Columns `key` takes in the footer."""
    return cell_len(key.key_display) + cell_len(key.description) + _KEY_PADDING


def keys_that_fit(keys: list[FooterKey], width: int) -> list[FooterKey]:
    """The keys to show in `width` columns, in their order: leave out from the right, never
    the Help key, until the rest fit."""
    shown = list(keys)
    droppable = [key for key in reversed(keys) if key.key != ALWAYS_SHOWN]
    while droppable and sum(key_width(key) for key in shown) > width:
        shown.remove(droppable.pop(0))
    return shown


class SaknadFooter(Footer):
    """Textual's footer, leaving out whole keys it has no room for (keys_that_fit)."""

    _composed_for: int | None = None  # the width the keys were last chosen for

    def compose(self) -> ComposeResult:
        # Read whole before anything is yielded, so Textual's key groups (`with KeyGroup()`)
        # would lose their grouping; Saknad binds no groups.
        composed = list(super().compose())
        width = self.size.width
        if not width:
            yield from composed  # not laid out yet: composed again once it is
            return
        keys = [key for key in composed if isinstance(key, FooterKey)]
        palette = [key for key in keys if key.has_class("-command-palette")]
        keys = [key for key in keys if key not in palette]
        room = width - sum(key_width(key) for key in palette)
        shown = set(keys_that_fit(keys, room))
        yield from (widget for widget in composed if widget in palette or widget in shown)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._composed_for:
            self._composed_for = event.size.width
            self.call_after_refresh(self.recompose)
