"""Mark an item not applicable: a reason from the list and a sentence saying why."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from tracker.domain.enums import NaReason
from tracker.domain.models import ReleaseItem
from tracker.tui.screens.dialog import Dialog

REASON_LABEL = {
    NaReason.OUT_OF_SCOPE: "Out of scope for this system",
    NaReason.BUSINESS_PRIORITIES: "Business priorities",
    NaReason.ARCHITECTURE_CONSTRAINTS: "Architecture constraints",
    NaReason.OTHER: "Other",
}


class NaScreen(Dialog[tuple[NaReason, str]]):
    def __init__(self, item: ReleaseItem) -> None:
        super().__init__()
        self.item = item

    def title_text(self) -> str:
        return f"Not applicable: “{self.item.text}”"

    def compose_body(self) -> ComposeResult:
        yield Label("Reason")
        with RadioSet(id="reason"):
            for reason, label in REASON_LABEL.items():
                yield RadioButton(label, value=reason is self.item.na_reason, name=reason.value)
        yield Label("Why (required)")
        yield Input(
            self.item.na_note or "",
            placeholder="e.g. batch only: no serving endpoint",
            id="na-note",
        )
        yield self.error_label()
        yield self.buttons(("Mark N/A", "save", "primary"), ("Cancel", "cancel", "default"))

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def _note(self) -> str:
        return " ".join(self.query_one("#na-note", Input).value.split())

    def problem(self) -> tuple[str, str] | None:
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or pressed.name is None:
            return "reason", "Pick a reason."
        if not self._note():
            return "na-note", "Say why the item does not apply."
        return None

    @on(Input.Submitted, "#na-note")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        if self.valid() and pressed is not None and pressed.name is not None:
            self.dismiss((NaReason(pressed.name), self._note()))
