"""Pick any status for an item."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tracker.domain.enums import ItemStatus
from tracker.domain.models import ReleaseItem
from tracker.tui.labels import STATUS_GLYPH, STATUS_LABEL
from tracker.tui.screens.dialog import Dialog

QUICK_KEYS = {
    ItemStatus.TODO: "t",
    ItemStatus.IN_PROGRESS: "p",
    ItemStatus.BLOCKED: "b",
    ItemStatus.DONE: "d",
    ItemStatus.NA: "n",
}


class StatusScreen(Dialog[ItemStatus]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"pick('{status.value}')", STATUS_LABEL[status], show=False)
        for status, key in QUICK_KEYS.items()
    ]

    def __init__(self, item: ReleaseItem) -> None:
        super().__init__()
        self.item = item

    def title_text(self) -> str:
        return f"Status of “{self.item.text}”"

    def compose_body(self) -> ComposeResult:
        options = [
            Option(
                Content.assemble(
                    f"{STATUS_GLYPH[s]} ",
                    (STATUS_LABEL[s].ljust(12), "bold" if s is self.item.status else ""),
                    (f"  {QUICK_KEYS[s]}", "$text-muted"),
                    ("  (current)" if s is self.item.status else "", "$text-muted"),
                ),
                id=s.value,
            )
            for s in ItemStatus
        ]
        yield OptionList(*options, id="statuses")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.highlighted = list(ItemStatus).index(self.item.status)
        option_list.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(ItemStatus(event.option.id))

    def action_pick(self, value: str) -> None:
        self.dismiss(ItemStatus(value))
