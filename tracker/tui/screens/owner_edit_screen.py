"""Edit or rename an owner of the registry (from the owner dialog, ``f2``)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from tracker.domain import validation
from tracker.domain.enums import OwnerKind
from tracker.domain.models import Owner
from tracker.errors import ValidationError
from tracker.tui.screens.dialog import Dialog


@dataclass(frozen=True, slots=True)
class OwnerEdit:
    """What to store for owner ``handle``: ``new_handle`` differs for a rename."""

    handle: str
    new_handle: str
    name: str
    email: str | None
    team: str | None
    kind: OwnerKind


def kind_choice(kind: OwnerKind, *, id: str) -> RadioSet:
    """Person or team, as two radio buttons."""
    return RadioSet(
        RadioButton("person", value=kind is OwnerKind.PERSON, name=OwnerKind.PERSON.value),
        RadioButton("team", value=kind is OwnerKind.TEAM, name=OwnerKind.TEAM.value),
        id=id,
    )


def chosen_kind(radio: RadioSet) -> OwnerKind:
    pressed = radio.pressed_button
    return OwnerKind(pressed.name) if pressed is not None and pressed.name else OwnerKind.PERSON


class OwnerEditScreen(Dialog[OwnerEdit]):
    def __init__(self, owner: Owner) -> None:
        super().__init__()
        self.owner = owner

    def title_text(self) -> str:
        return f"Edit owner @{self.owner.handle}"

    def compose_body(self) -> ComposeResult:
        yield Label("Handle (a new one renames; history keeps the old one)")
        yield Input(self.owner.handle, id="edit-handle")
        yield Label("Name")
        yield Input(self.owner.name, id="edit-name")
        yield Input(self.owner.email or "", placeholder="e-mail (optional)", id="edit-email")
        yield Input(self.owner.team or "", placeholder="team (optional)", id="edit-team")
        yield kind_choice(self.owner.kind, id="edit-kind")
        yield self.error_label()
        yield self.buttons(("Save", "save-owner", "primary"), ("Cancel", "cancel", "default"))

    def on_mount(self) -> None:
        self.query_one("#edit-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save-owner")
    def _save(self) -> None:
        handle = self.query_one("#edit-handle", Input).value.strip().removeprefix("@")
        name = " ".join(self.query_one("#edit-name", Input).value.split())
        email = self.query_one("#edit-email", Input).value.strip() or None
        team = self.query_one("#edit-team", Input).value.strip() or None
        try:
            validation.handle(handle)
            validation.email(email)
            if not name:
                raise ValidationError("an owner name can't be empty")
        except ValidationError as exc:
            self.error(str(exc))
            return
        kind = chosen_kind(self.query_one("#edit-kind", RadioSet))
        self.dismiss(OwnerEdit(self.owner.handle, handle, name, email, team, kind))
