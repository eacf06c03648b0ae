"""The line under the checklist: what the filters show, in words."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tracker.domain.progress import ItemFilter


def status_text(item_filter: ItemFilter, shown: int, total: int) -> str:
    """E.g. ``showing 3 of 129 · filter: owner=@ana · blocking · 'uc'``."""
    if not item_filter.is_active():
        return f"all {total} items · / search · f filter · @ mine"
    return f"showing {shown} of {total} · filter: {item_filter.describe()} · esc clears"


class StatusLine(Static):
    """One line (fixed height): updates never need a layout pass."""

    _shown = ""

    def show(self, item_filter: ItemFilter, shown: int, total: int) -> None:
        text = status_text(item_filter, shown, total)
        if text == self._shown:
            return
        self._shown = text
        self.set_class(item_filter.is_active(), "-filtered")
        style = "bold" if item_filter.is_active() else "$text-muted"
        self.update(Content.styled(text, style), layout=False)
