"""The checklist's search input: mounted on first use (start-up time), it waits for a pause in
typing before asking for the search (``SearchBox.Search``)."""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

SEARCH_DELAY = 0.12
"""Seconds of typing pause before the search re-filters the tree."""


class SearchBox(Input):
    class Search(Message):
        """Search for ``text`` (``submitted``: enter was pressed, go back to the list)."""

        def __init__(self, text: str, *, submitted: bool = False) -> None:
            super().__init__()
            self.text, self.submitted = text, submitted

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="search item text, ids, notes… (enter: to the list, esc: clear)", id=id
        )
        self._timer: Timer | None = None

    def cancel(self) -> None:
        """Forget a search still waiting for the typing pause."""
        if self._timer is not None:
            self._timer.stop()

    def clear_and_hide(self) -> None:
        self.value = ""
        self.display = False

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.cancel()
        value = event.value
        self._timer = self.set_timer(SEARCH_DELAY, lambda: self.post_message(self.Search(value)))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.cancel()
        self.post_message(self.Search(event.value, submitted=True))
        if not event.value:
            self.display = False
