"""Choose an owner with completion from the registry, unassign, or add a new owner inline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, RadioSet
from textual.widgets.option_list import Option

from tracker.domain import validation
from tracker.domain.enums import OwnerKind
from tracker.domain.inert import one_line
from tracker.domain.models import Owner
from tracker.errors import TrackerError, ValidationError
from tracker.tui.screens.dialog import Dialog
from tracker.tui.screens.owner_edit_screen import (
    OwnerEdit,
    OwnerEditScreen,
    chosen_kind,
    kind_choice,
)
from tracker.tui.widgets.wrapped_options import WrappedOptionList

UNASSIGN = "\x00unassign"
NEW = "\x00new"


@dataclass(frozen=True, slots=True)
class NewOwner:
    name: str
    email: str | None = None
    team: str | None = None
    kind: OwnerKind = OwnerKind.PERSON


@dataclass(frozen=True, slots=True)
class OwnerChoice:
    handle: str | None
    """None: unassign."""
    new: NewOwner | None = None
    """Set when the owner must be added to the registry first."""


def matches(owner: Owner, needle: str) -> bool:
    needle = needle.strip().removeprefix("@").casefold()
    return not needle or any(
        needle in field.casefold() for field in (owner.handle, owner.name, owner.team or "")
    )


class OwnersLoaded(Message):
    """The registry as stored now (read in a worker after the dialog opened)."""

    def __init__(self, owners: Sequence[Owner]) -> None:
        super().__init__()
        self.owners = owners


class OwnerScreen(Dialog[OwnerChoice]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding(
            "f2",
            "edit_owner",
            "edit owner",
            tooltip="Edit or rename the highlighted owner (name, e-mail, team, person or team).",
        ),
    ]

    def __init__(
        self,
        owners: Sequence[Owner],
        load: Sequence[tuple[str, int]],
        *,
        current: str | None,
        title: str,
    ) -> None:
        super().__init__()
        self.owners = sorted(owners, key=lambda o: o.handle.casefold())
        self.load = dict(load)
        self.current = current
        self._title = title

    def title_text(self) -> str:
        return self._title

    def compose_body(self) -> ComposeResult:
        handles = [o.handle for o in self.owners]
        yield Input(
            placeholder="type a handle or name…",
            id="owner-input",
            suggester=SuggestFromList(handles, case_sensitive=False),
        )
        yield WrappedOptionList(id="owner-options")
        with Vertical(id="new-owner"):
            yield Label("", id="new-owner-title")
            yield Input(placeholder="full name", id="new-name")
            yield Input(placeholder="e-mail (optional)", id="new-email")
            yield Input(placeholder="team (optional)", id="new-team")
            yield kind_choice(OwnerKind.PERSON, id="new-kind")
            yield self.buttons(("Add and assign", "add-owner", "primary"))
        yield self.error_label()

    def on_mount(self) -> None:
        self.query_one("#new-owner").display = False
        self._fill("")
        self.query_one("#owner-input", Input).focus()

    @on(OwnersLoaded)
    def _owners_loaded(self, message: OwnersLoaded) -> None:
        """Others may have added owners since the release was read: take them in."""
        self.owners = sorted(message.owners, key=lambda o: o.handle.casefold())
        handles = [o.handle for o in self.owners]
        self.query_one("#owner-input", Input).suggester = SuggestFromList(
            handles, case_sensitive=False
        )
        self._fill(self.query_one("#owner-input", Input).value)

    def _typed_handle(self) -> str:
        return self.query_one("#owner-input", Input).value.strip().removeprefix("@")

    def _fill(self, needle: str) -> None:
        options: list[Option] = []
        for owner in self.owners:
            if matches(owner, needle):
                busy = self.load.get(owner.handle, 0)
                prompt = Content.assemble(
                    (f"@{owner.handle}".ljust(16), "bold" if owner.handle == self.current else ""),
                    one_line(owner.name) if owner.name != owner.handle else "",
                    (one_line(f" · {owner.team}") if owner.team else "", "$text-muted"),
                    (f" · {busy} open" if busy else "", "$text-muted"),
                    (" (current)" if owner.handle == self.current else "", "$text-muted"),
                )
                options.append(Option(prompt, id=owner.handle))
        typed = needle.strip().removeprefix("@")
        known = {o.handle.casefold() for o in self.owners}
        if typed and typed.casefold() not in known:
            options.append(
                Option(Content.styled(f"+ add @{typed} as a new owner", "$success"), id=NEW)
            )
        if self.current is not None and not typed:
            options.append(Option(Content.styled("— unassign", "$text-muted"), id=UNASSIGN))
        option_list = self.query_one("#owner-options", OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = 0

    @on(Input.Changed, "#owner-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#new-owner").display = False
        self.error("")
        self._fill(event.value)

    def action_move(self, delta: int) -> None:
        option_list = self.query_one("#owner-options", OptionList)
        if option_list.option_count:
            current = option_list.highlighted or 0
            option_list.highlighted = max(0, min(option_list.option_count - 1, current + delta))

    @on(Input.Submitted, "#owner-input")
    def _submitted(self) -> None:
        typed = self._typed_handle()
        for owner in self.owners:
            if owner.handle.casefold() == typed.casefold():
                self.dismiss(OwnerChoice(owner.handle))
                return
        option_list = self.query_one("#owner-options", OptionList)
        if option_list.highlighted is not None:
            self._choose(option_list.get_option_at_index(option_list.highlighted).id)

    @on(OptionList.OptionSelected, "#owner-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id == UNASSIGN:
            self.dismiss(OwnerChoice(None))
        elif option_id == NEW:
            self._show_new_owner_form()
        elif option_id is not None:
            self.dismiss(OwnerChoice(option_id))

    def _show_new_owner_form(self) -> None:
        handle = self._typed_handle()
        try:
            validation.handle(handle)
        except ValidationError as exc:
            self.error(str(exc))
            return
        self.query_one("#new-owner-title", Label).update(f"New owner @{handle}")
        self.query_one("#new-owner").display = True
        self.query_one("#new-name", Input).focus()

    @on(Input.Submitted, "#new-name, #new-email, #new-team")
    @on(Button.Pressed, "#add-owner")
    def _add(self) -> None:
        handle = self._typed_handle()
        name = " ".join(self.query_one("#new-name", Input).value.split()) or handle
        email = self.query_one("#new-email", Input).value.strip() or None
        team = self.query_one("#new-team", Input).value.strip() or None
        try:
            validation.handle(handle)
            validation.email(email)
        except ValidationError as exc:
            self.error(str(exc))
            return
        kind = chosen_kind(self.query_one("#new-kind", RadioSet))
        self.dismiss(OwnerChoice(handle, NewOwner(name, email, team, kind)))

    # --- edit or rename an owner of the registry ---
    def action_edit_owner(self) -> None:
        option_list = self.query_one("#owner-options", OptionList)
        if option_list.highlighted is None:
            return
        handle = option_list.get_option_at_index(option_list.highlighted).id
        owner = next((o for o in self.owners if o.handle == handle), None)
        if owner is None:
            self.error("Highlight an owner of the registry to edit it.")
            return

        def edited(edit: OwnerEdit | None) -> None:
            if edit is not None:
                self._save_owner(edit)

        self.app.push_screen(OwnerEditScreen(owner), edited)

    @work(thread=True, group="owner-edit", exit_on_error=False)
    def _save_owner(self, edit: OwnerEdit) -> None:
        service = self.app.ctx.service  # type: ignore[attr-defined]
        try:
            service.owners.edit_owner(
                edit.handle, name=edit.name, email=edit.email or "", team=edit.team or "",
                kind=edit.kind,
            )  # fmt: skip
            if edit.new_handle != edit.handle:
                service.owners.rename_owner(edit.handle, edit.new_handle)
            owners = service.owners.list_owners()
        except TrackerError as exc:
            self.app.call_from_thread(self.error, str(exc))
            return
        if self.current == edit.handle:
            self.current = edit.new_handle
        self.post_message(OwnersLoaded(owners))
        self.app.call_from_thread(
            self.notify, f"Saved owner @{edit.new_handle}", title="Owners", timeout=4
        )
