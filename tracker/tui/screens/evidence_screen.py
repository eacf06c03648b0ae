"""Attach an evidence link (validated URL and a title) or remove one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from tracker.domain import validation
from tracker.domain.models import ReleaseItem, TaskOccurrence
from tracker.errors import ValidationError
from tracker.tui.screens.dialog import Dialog
from tracker.tui.widgets.wrapped_options import WrappedOptionList


@dataclass(frozen=True, slots=True)
class EvidenceRequest:
    url: str = ""
    title: str = ""
    remove_id: int | None = None


class EvidenceScreen(Dialog[EvidenceRequest]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,ctrl+d", "remove", "remove link", tooltip="Remove the highlighted link."),
        Binding("ctrl+o", "open", "open link", tooltip="Open the highlighted link in a browser."),
    ]

    def __init__(self, item: ReleaseItem | TaskOccurrence, *, removable: bool = True) -> None:
        """``item``: a checklist item or a post-deployment task (``removable``: whether links
        can be removed here)."""
        super().__init__()
        self.item = item
        self.removable = removable

    def title_text(self) -> str:
        return f"Evidence for “{self.item.text}”"

    def compose_body(self) -> ComposeResult:
        yield Label("URL (http or https)")
        yield Input(placeholder="https://…", id="evidence-url")
        yield Label("Title (optional)")
        yield Input(placeholder="what the link shows", id="evidence-title")
        yield self.error_label()
        yield self.buttons(("Add link", "add", "primary"), ("Close", "close", "default"))
        if self.item.evidence:
            yield Label(
                "Attached — select one and press delete to remove it, ctrl+o to open it"
                if self.removable
                else "Attached — select one and press ctrl+o to open it",
                classes="dialog-hint",
            )
            yield WrappedOptionList(
                *(
                    Option(
                        Content.assemble((ev.title, "bold"), ("  " + ev.url, "$text-muted")),
                        id=str(ev.id),
                    )
                    for ev in self.item.evidence
                ),
                id="evidence-list",
            )

    def on_mount(self) -> None:
        self.query_one("#evidence-url", Input).focus()

    def problem(self) -> tuple[str, str] | None:
        url = self.query_one("#evidence-url", Input).value
        try:
            clean = validation.evidence_url(url)
        except ValidationError as exc:
            return "evidence-url", str(exc)
        try:
            validation.evidence_title(self.query_one("#evidence-title", Input).value, clean)
        except ValidationError as exc:
            return "evidence-title", str(exc)
        return None

    @on(Input.Submitted, "#evidence-url, #evidence-title")
    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        if self.valid():
            url = validation.evidence_url(self.query_one("#evidence-url", Input).value)
            title = self.query_one("#evidence-title", Input).value.strip()
            self.dismiss(EvidenceRequest(url=url, title=title))

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)

    def _highlighted_id(self) -> int | None:
        lists = self.query("#evidence-list")
        if not lists:
            return None
        option_list = self.query_one("#evidence-list", OptionList)
        if option_list.highlighted is None:
            return None
        option_id = option_list.get_option_at_index(option_list.highlighted).id
        return int(option_id) if option_id else None

    def action_remove(self) -> None:
        if not self.removable:
            self.error("Links attached to a task stay (they are its record).")
            return
        evidence_id = self._highlighted_id()
        if evidence_id is None:
            self.error("Select a link in the list first.")
            return
        self.dismiss(EvidenceRequest(remove_id=evidence_id))

    def action_open(self) -> None:
        evidence_id = self._highlighted_id()
        for ev in self.item.evidence:
            if ev.id == evidence_id:
                self.app.open_url(ev.url)
