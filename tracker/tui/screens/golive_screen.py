"""Go live: the date, and a reason when blocking items are still open (a forced go-live)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label

from tracker.domain.models import Release, ReleaseItem
from tracker.errors import ValidationError
from tracker.tui.screens.dialog import Dialog

SHOWN_BLOCKING = 4


@dataclass(frozen=True, slots=True)
class GoLiveRequest:
    on: date
    force: bool = False
    reason: str | None = None


def parse_golive(value: str, today: date) -> date:
    """``YYYY-MM-DD``, ``today``, ``yesterday``, ``-3`` (days ago) or ``+2`` (days ahead);
    empty means today."""
    value = value.strip().lower()
    if value in ("", "today"):
        return today
    if value == "yesterday":
        return today - timedelta(days=1)
    relative = re.fullmatch(r"([+-])(\d{1,4})", value)
    if relative:
        days = int(relative.group(2))
        return today + timedelta(days=days if relative.group(1) == "+" else -days)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            f"not a date: {value!r} (use YYYY-MM-DD, today, yesterday, -3 for three days ago)"
        ) from None


def schedule_preview(golive: date) -> str:
    """When the post-deployment phases fall for this go-live date."""
    week1 = golive + timedelta(days=7)
    weeks = golive + timedelta(days=28)
    return (
        f"{golive:%A %d %B %Y} · week 1 due {week1:%b %d} · weeks 2-4 due {weeks:%b %d} · "
        f"monthly on day {golive.day}"
    )


class GoLiveScreen(Dialog[GoLiveRequest]):
    def __init__(
        self,
        release: Release,
        blocking: Sequence[ReleaseItem],
        today: date,
        unsigned: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.release, self.blocking, self.today = release, list(blocking), today
        self.unsigned = list(unsigned)  # sign-offs missing or stale: going live needs a reason

    @property
    def forced(self) -> bool:
        return bool(self.blocking or self.unsigned)

    def title_text(self) -> str:
        verb = "Change the go-live date of" if self.release.golive_date else "Go live:"
        return f"{verb} “{self.release.name}”"

    def compose_body(self) -> ComposeResult:
        live = self.release.golive_date
        if live is not None:
            yield Label(
                f"Live since {live.isoformat()}. A new date reschedules the open tasks; "
                "done and skipped ones stay as they are.",
                classes="dialog-hint",
            )
        yield Label("Go-live date (YYYY-MM-DD, today, yesterday, -3 for three days ago)")
        yield Input((live or self.today).isoformat(), placeholder="YYYY-MM-DD", id="golive-date")
        yield Label("", id="golive-preview", classes="dialog-hint")
        if self.blocking:
            names = ", ".join(i.key for i in self.blocking[:SHOWN_BLOCKING])
            more = len(self.blocking) - SHOWN_BLOCKING
            yield Label(
                f"{len(self.blocking)} blocking items are still open ({names}"
                f"{f' and {more} more' if more > 0 else ''}). Going live anyway is recorded "
                "with your reason and shown in the retrospective.",
                classes="dialog-warning",
                id="golive-blocking",
            )
        if self.unsigned:
            yield Label(
                "Sign-offs missing or stale: " + ", ".join(self.unsigned) + ".",
                classes="dialog-warning",
                id="golive-unsigned",
            )
        if self.forced:
            what = "open blocking items" if self.blocking else "sign-offs missing or stale"
            yield Label(f"Reason for going live with {what} (required)")
            yield Input(
                self.release.golive_forced_reason or "",
                placeholder="e.g. approved by the steering group",
                id="golive-reason",
            )
        yield self.error_label()
        verb = "Go live anyway" if self.forced else "Go live"
        yield self.buttons(
            (verb, "save", "error" if self.forced else "primary"),
            ("Cancel", "cancel", "default"),
        )

    def on_mount(self) -> None:
        self.query_one("#golive-date", Input).focus()
        self._preview(self.query_one("#golive-date", Input).value)

    @on(Input.Changed, "#golive-date")
    def _changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def _preview(self, value: str) -> None:
        label = self.query_one("#golive-preview", Label)
        try:
            label.update(schedule_preview(parse_golive(value, self.today)))
        except ValidationError:
            label.update("")

    def _reason(self) -> str:
        return " ".join(self.query_one("#golive-reason", Input).value.split())

    def problem(self) -> tuple[str, str] | None:
        try:
            parse_golive(self.query_one("#golive-date", Input).value, self.today)
        except ValidationError as exc:
            return "golive-date", str(exc)
        if self.forced and not self._reason():
            what = (
                f"{len(self.blocking)} blocking items are open"
                if self.blocking
                else "sign-offs are missing or stale"
            )
            return (
                "golive-reason",
                f"Not live: {what}. Give a reason to go live anyway, or finish them first.",
            )
        return None

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        if not self.valid():
            return
        on_date = parse_golive(self.query_one("#golive-date", Input).value, self.today)
        if self.forced:
            self.dismiss(GoLiveRequest(on_date, force=True, reason=self._reason()))
        else:
            self.dismiss(GoLiveRequest(on_date))
