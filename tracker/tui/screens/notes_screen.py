"""Edit an item's notes (several lines)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Label, TextArea

from tracker.domain.models import ReleaseItem, TaskOccurrence
from tracker.tui.screens.dialog import Dialog


class NotesScreen(Dialog[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save", tooltip="Save the notes."),
    ]

    def __init__(self, item: ReleaseItem | TaskOccurrence, *, draft: str | None = None) -> None:
        super().__init__()
        self.item = item
        self.draft = draft

    def title_text(self) -> str:
        return f"Notes for “{self.item.text}”"

    def compose_body(self) -> ComposeResult:
        if self.draft is not None:
            yield Label(
                f"{_changed_by(self.item)} changed this item meanwhile; your text is "
                "below, the stored notes are in the detail pane. Save to replace them.",
                classes="dialog-warning",
            )
        text = self.draft if self.draft is not None else (self.item.notes or "")
        yield TextArea(text, id="notes", soft_wrap=True, show_line_numbers=False)
        yield Label("ctrl+s saves · esc discards", classes="dialog-hint")
        yield self.buttons(("Save", "save", "primary"), ("Cancel", "cancel", "default"))

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.rstrip())


def _changed_by(item: ReleaseItem | TaskOccurrence) -> str:
    return (item.updated_by if isinstance(item, ReleaseItem) else None) or "Someone"
