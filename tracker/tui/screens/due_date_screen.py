"""Set or clear an item's due date: YYYY-MM-DD, +N days, "today", or empty to clear."""

from __future__ import annotations

import re
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label

from tracker.domain.models import ReleaseItem
from tracker.errors import ValidationError
from tracker.tui.screens.dialog import Dialog


class DueDateUnchanged:
    """Dismissed without a decision."""


def parse_due(value: str, today: date) -> date | None:
    """``2026-03-01``, ``+7`` (days from today), ``+2w``, ``today``, ``tomorrow``; empty clears."""
    value = value.strip().lower()
    if value in ("", "-", "none"):
        return None
    if value == "today":
        return today
    if value == "tomorrow":
        return today + timedelta(days=1)
    relative = re.fullmatch(r"\+(\d{1,4})([dw]?)", value)
    if relative:
        days = int(relative.group(1)) * (7 if relative.group(2) == "w" else 1)
        return today + timedelta(days=days)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            f"not a date: {value!r} (use YYYY-MM-DD, +7, +2w, today; empty clears)"
        ) from None


class DueDateScreen(Dialog["date | None | DueDateUnchanged"]):
    def __init__(self, item: ReleaseItem, today: date) -> None:
        super().__init__()
        self.item, self.today = item, today

    def title_text(self) -> str:
        return f"Due date of “{self.item.text}”"

    def compose_body(self) -> ComposeResult:
        current = self.item.due_date.isoformat() if self.item.due_date else ""
        yield Label("YYYY-MM-DD, +7 (days), +2w (weeks), today · empty clears")
        yield Input(current, placeholder="YYYY-MM-DD", id="due")
        yield Label("", id="due-preview", classes="dialog-hint")
        yield self.error_label()
        yield self.buttons(("Set", "save", "primary"), ("Cancel", "cancel", "default"))

    def on_mount(self) -> None:
        self.query_one("#due", Input).focus()
        self._preview(self.query_one("#due", Input).value)

    @on(Input.Changed, "#due")
    def _changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def _preview(self, value: str) -> None:
        label = self.query_one("#due-preview", Label)
        try:
            due = parse_due(value, self.today)
        except ValidationError:
            label.update("")
            return
        if due is None:
            label.update("no due date")
        else:
            days = (due - self.today).days
            label.update(f"{due:%A %d %B %Y} ({days:+d} days)")

    def problem(self) -> tuple[str, str] | None:
        try:
            parse_due(self.query_one("#due", Input).value, self.today)
        except ValidationError as exc:
            return "due", str(exc)
        return None

    @on(Input.Submitted, "#due")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        if self.valid():
            self.dismiss(parse_due(self.query_one("#due", Input).value, self.today))

    def action_cancel(self) -> None:
        self.dismiss(DueDateUnchanged())
