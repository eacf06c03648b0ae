"""Create a release (a dialog over the current screen)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from tracker.tui.screens.dialog import Dialog
from tracker.tui.widgets.new_release_form import NewReleaseForm


class NewReleaseScreen(Dialog[None]):
    """The app creates the release when the form is submitted, then closes this dialog."""

    TITLE_TEXT = "New release"

    def compose_body(self) -> ComposeResult:
        yield NewReleaseForm(id="new-release-form")

    @property
    def accepts_keys(self) -> bool:
        """Keys typed while the templates load wait for the form (type_ahead.py)."""
        return self.query_one(NewReleaseForm).ready

    @on(NewReleaseForm.Cancelled)
    def _cancelled(self) -> None:
        self.dismiss(None)
