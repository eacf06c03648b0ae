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

    @on(Input.Submitted, "#na-note")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        note = " ".join(self.query_one("#na-note", Input).value.split())
        if pressed is None or pressed.name is None:
            self.error("Pick a reason.")
            self.query_one(RadioSet).focus()
            return
        if not note:
            self.error("Say why the item does not apply.")
            self.query_one("#na-note", Input).focus()
            return
        self.dismiss((NaReason(pressed.name), note))
