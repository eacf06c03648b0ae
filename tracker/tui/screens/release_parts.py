"""What the release screen's action mixins may rely on; ``ReleaseScreen`` provides it."""

from __future__ import annotations

from textual.screen import Screen

from tracker.domain.models import Release, ReleaseItem, ReleaseView
from tracker.tui.context import AppContext
from tracker.tui.widgets.checklist_tree import ChecklistTree
from tracker.tui.widgets.item_detail import ItemDetail


class ReleaseScreenParts(Screen[None]):
    """Declared once so the item, verify and schedule mixins type-check against one contract."""

    ctx: AppContext
    view: ReleaseView
    items: dict[str, ReleaseItem]

    @property
    def release(self) -> Release:
        raise NotImplementedError

    @property
    def checklist(self) -> ChecklistTree:
        raise NotImplementedError

    @property
    def detail(self) -> ItemDetail:
        raise NotImplementedError

    def apply_items(self, changed: list[ReleaseItem]) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def _show_detail(self) -> None:
        raise NotImplementedError
