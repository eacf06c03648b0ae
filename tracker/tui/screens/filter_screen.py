"""Filter the checklist: by owner and status; blocking only, overdue, hide optional or closed."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, Select, SelectionList

from tracker.domain.enums import ItemStatus
from tracker.domain.progress import UNASSIGNED, ItemFilter
from tracker.tui.labels import STATUS_GLYPH, STATUS_LABEL
from tracker.tui.screens.dialog import Dialog


class FilterScreen(Dialog[ItemFilter]):
    TITLE_TEXT = "Filter the checklist"

    def __init__(self, current: ItemFilter, owners: Sequence[str]) -> None:
        super().__init__()
        self.current = current
        self.owners = sorted(owners, key=str.casefold)

    def compose_body(self) -> ComposeResult:
        owner_options = [("(nobody: unassigned)", UNASSIGNED)] + [(f"@{h}", h) for h in self.owners]
        with Horizontal(id="filter-columns"):
            with Vertical():
                yield Label("Owner")
                yield Select(
                    owner_options,
                    prompt="anyone",
                    value=self.current.owner or Select.NULL,
                    id="filter-owner",
                )
                yield Checkbox("Blocking items only", self.current.blocking_only, id="blocking")
                yield Checkbox("Overdue only", self.current.overdue_only, id="overdue")
                yield Checkbox(
                    "Hide optional items", self.current.hide_optional, id="hide-optional"
                )
                yield Checkbox("Hide done and N/A", self.current.hide_closed, id="hide-closed")
            with Vertical():
                yield Label("Status (none ticked: any)")
                yield SelectionList[str](
                    *(
                        (
                            f"{STATUS_GLYPH[s]} {STATUS_LABEL[s]}",
                            s.value,
                            s in self.current.statuses,
                        )
                        for s in ItemStatus
                    ),
                    id="filter-status",
                )
        yield self.buttons(
            ("Apply", "apply", "primary"),
            ("Show all", "reset", "default"),
            ("Cancel", "cancel", "default"),
        )

    def on_mount(self) -> None:
        self.query_one("#filter-owner", Select).focus()

    def chosen_filter(self) -> ItemFilter:
        owner = self.query_one("#filter-owner", Select).value
        statuses = self.query_one("#filter-status", SelectionList).selected
        return ItemFilter(
            owner=owner if isinstance(owner, str) else None,
            statuses=frozenset(ItemStatus(s) for s in statuses),
            blocking_only=self.query_one("#blocking", Checkbox).value,
            overdue_only=self.query_one("#overdue", Checkbox).value,
            hide_optional=self.query_one("#hide-optional", Checkbox).value,
            hide_closed=self.query_one("#hide-closed", Checkbox).value,
        )

    @on(Button.Pressed, "#apply")
    def _apply(self) -> None:
        self.dismiss(self.chosen_filter())

    @on(Button.Pressed, "#reset")
    def _reset(self) -> None:
        self.dismiss(ItemFilter())
