"""Dialogs of the go/no-go view: sign off a role, request a waiver, name a milestone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label, OptionList

from tracker.domain.models import ReleaseItem
from tracker.domain.signoffs import RoleSignoff
from tracker.tui.screens.dialog import Dialog


@dataclass(frozen=True, slots=True)
class SignoffRequest:
    role: str
    comment: str | None


class SignoffDialog(Dialog[SignoffRequest]):
    """Pick a role (missing and stale ones first) and add an optional comment."""

    TITLE_TEXT = "Sign off go-live"

    def __init__(self, roles: Sequence[RoleSignoff]) -> None:
        super().__init__()
        self.roles = sorted(roles, key=lambda r: (r.ok, r.role.position))

    def compose_body(self) -> ComposeResult:
        yield Label("Sign as (you vouch for the blocking items as they are now):")
        yield OptionList(
            *(f"{r.role.title} ({r.role.role}) — {r.state.value}" for r in self.roles),
            id="signoff-role",
        )
        yield Input(placeholder="comment (optional)", id="signoff-comment")
        yield self.error_label()
        yield self.buttons(("Sign off", "save", "primary"), ("Cancel", "cancel", "default"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0 if self.roles else None
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.query_one("#signoff-comment", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.roles:
            self.error("Pick a role.")
            return
        comment = self.query_one("#signoff-comment", Input).value.strip() or None
        self.dismiss(SignoffRequest(self.roles[index].role.role, comment))


@dataclass(frozen=True, slots=True)
class WaiverDraft:
    reason: str
    control: str
    approver: str
    expires_on: date


class WaiverDialog(Dialog[WaiverDraft]):
    """Request a waiver on one item: reason, compensating control, approver, expiry."""

    def __init__(self, item: ReleaseItem, today: date) -> None:
        super().__init__()
        self.item, self.today = item, today

    def title_text(self) -> str:
        return f"Request a waiver for “{self.item.text}”"

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="reason: the risk accepted, and why", id="waiver-reason")
        yield Input(placeholder="compensating control in place", id="waiver-control")
        yield Input(placeholder="approver: an owner handle other than you", id="waiver-approver")
        yield Input(
            placeholder="expires on YYYY-MM-DD (the item reopens then)", id="waiver-expires"
        )
        yield self.error_label()
        yield self.buttons(("Request", "save", "primary"), ("Cancel", "cancel", "default"))

    def on_mount(self) -> None:
        self.query_one("#waiver-reason", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        values = {
            k: self.query_one(f"#waiver-{k}", Input).value.strip()
            for k in ("reason", "control", "approver", "expires")
        }
        missing = [k for k, v in values.items() if not v]
        if missing:
            self.error("Fill in: " + ", ".join(missing))
            return
        try:
            expires = date.fromisoformat(values["expires"])
        except ValueError:
            self.error("The expiry is a date: YYYY-MM-DD")
            return
        if expires <= self.today:
            self.error(f"The expiry must be after today ({self.today})")
            return
        self.dismiss(WaiverDraft(values["reason"], values["control"], values["approver"], expires))


class MilestoneDialog(Dialog[str]):
    """Name a milestone (the release's state is frozen under it)."""

    TITLE_TEXT = "Freeze a milestone"

    def compose_body(self) -> ComposeResult:
        yield Label("Name (e.g. go-no-go meeting):")
        yield Input(id="milestone-name")
        yield self.error_label()
        yield self.buttons(("Freeze", "save", "primary"), ("Cancel", "cancel", "default"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        name = " ".join(self.query_one(Input).value.split())
        if not name or "@" in name:
            self.error("A name, without '@'.")
            return
        self.dismiss(name)
