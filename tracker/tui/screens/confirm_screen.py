"""A yes/no question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Static

from tracker.tui.screens.dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def title_text(self) -> str:
        return "Are you sure?"

    def compose_body(self) -> ComposeResult:
        yield Static(self.question, id="question")
        yield self.buttons((self.yes, "yes", "error"), ("Cancel", "no", "default"))

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
