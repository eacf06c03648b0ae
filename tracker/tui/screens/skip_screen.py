"""Skip a post-deployment task occurrence: a sentence saying why (kept for the retrospective)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label

from tracker.domain.models import TaskOccurrence
from tracker.tui.screens.dialog import Dialog


class SkipScreen(Dialog[str]):
    """Dismisses with the reason."""

    def __init__(self, occurrence: TaskOccurrence) -> None:
        super().__init__()
        self.occurrence = occurrence

    def title_text(self) -> str:
        occ = self.occurrence
        return f"Skip “{occ.text}” (due {occ.due_date.isoformat()})"

    def compose_body(self) -> ComposeResult:
        yield Label("Why is it skipped? (required, shown in the retrospective)")
        yield Input(
            self.occurrence.skip_reason or "",
            placeholder="e.g. covered by the weekly review",
            id="skip-reason",
        )
        yield self.error_label()
        yield self.buttons(("Skip task", "save", "primary"), ("Cancel", "cancel", "default"))

    def on_mount(self) -> None:
        self.query_one("#skip-reason", Input).focus()

    @on(Input.Submitted, "#skip-reason")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        if self.valid():
            self.dismiss(self._reason())

    def _reason(self) -> str:
        return " ".join(self.query_one("#skip-reason", Input).value.split())

    def problem(self) -> tuple[str, str] | None:
        return None if self._reason() else ("skip-reason", "Say why the task is skipped.")
