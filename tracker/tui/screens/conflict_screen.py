"""Someone changed what you were editing: theirs next to yours, and you choose.

Nothing was written. ``r`` re-applies your change over theirs (as a new compare-and-set against
the value now shown), ``esc`` keeps theirs and discards yours; for notes ``e`` opens your text
again in the editor.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Static

from tracker.domain.models import AuditEvent
from tracker.tui.edits import Edit, Target, who_did
from tracker.tui.screens.dialog import Dialog

Choice = Literal["reapply", "edit"]


class ConflictScreen(Dialog[Choice]):
    DEFAULT_CSS = """
    #conflict-sides { height: auto; max-height: 16; }
    #conflict-sides > Vertical { width: 1fr; height: auto; padding: 0 1 0 0; }
    .conflict-side-title { text-style: bold; }
    .conflict-value { height: auto; max-height: 12; background: $boost; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reapply", "re-apply mine", tooltip="Store your value over theirs."),
        Binding("e", "edit", "edit mine", show=False, tooltip="Open your text again."),
    ]

    def __init__(self, edit: Edit, theirs: Target, last: AuditEvent | None, now: datetime) -> None:
        super().__init__()
        self.edit, self.theirs, self.last, self.now = edit, theirs, last, now

    def title_text(self) -> str:
        who = self.last.actor if self.last is not None else "Someone"
        return f"{who} changed “{self.theirs.text}” while you were editing"

    def compose_body(self) -> ComposeResult:
        theirs_text = self.edit.theirs(self.theirs)
        yield Label(
            who_did(self.last, _one_line(theirs_text), self.edit.label, self.now),
            id="conflict-who",
        )
        yield Label(
            "Nothing was saved. Keep theirs, or re-apply yours over it.", classes="dialog-hint"
        )
        with Horizontal(id="conflict-sides"):
            with Vertical():
                yield Label("theirs (stored)", classes="conflict-side-title")
                yield Static(
                    Content(theirs_text or "—"), id="conflict-theirs", classes="conflict-value"
                )
            with Vertical():
                yield Label("yours (not saved)", classes="conflict-side-title")
                yield Static(
                    Content(self.edit.mine or "—"), id="conflict-mine", classes="conflict-value"
                )
        buttons = [("Re-apply mine (r)", "reapply", "primary")]
        if self.edit.label == "notes":
            buttons.append(("Edit mine (e)", "edit", "default"))
        buttons.append(("Keep theirs (esc)", "cancel", "default"))
        yield self.buttons(*buttons)

    def on_mount(self) -> None:
        self.query_one("#reapply", Button).focus()

    @on(Button.Pressed, "#reapply")
    def action_reapply(self) -> None:
        self.dismiss("reapply")

    @on(Button.Pressed, "#edit")
    def action_edit(self) -> None:
        if self.edit.label == "notes":
            self.dismiss("edit")


def _one_line(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
