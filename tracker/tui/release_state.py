"""What the release screen shows: the release's items as last stored or drawn, the filter, the
change token seen, and the edits in flight. Shared with the screen's controllers (which read it)
and changed only on the UI thread; no widgets here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from tracker.domain.models import Release, ReleaseItem, ReleaseView
from tracker.domain.progress import ItemFilter, filter_items
from tracker.tui.edits import WriteQueue


def _structure(view: ReleaseView) -> list[tuple[str, str, str, int]]:
    return [(i.key, i.group_key, i.category_key, i.position) for i in view.active_items]


@dataclass
class ReleaseState:
    view: ReleaseView
    token: int = 0
    items: dict[str, ReleaseItem] = field(default_factory=dict)
    item_filter: ItemFilter = field(default_factory=ItemFilter)
    writes: WriteQueue = field(default_factory=WriteQueue)

    def __post_init__(self) -> None:
        if not self.items:
            self.items = {i.key: i for i in self.view.active_items}

    @property
    def release(self) -> Release:
        return self.view.release

    def open(self, view: ReleaseView, token: int) -> None:
        """Another release, in place of this one (the filter is cleared)."""
        self.view, self.token = view, token
        self.items = {i.key: i for i in view.active_items}
        self.item_filter = ItemFilter()

    def visible(self, today: date) -> list[ReleaseItem]:
        return filter_items(self.items.values(), self.item_filter, today)

    def take(self, changed: Sequence[ReleaseItem]) -> None:
        """Hold these item states (stored, or drawn before they are)."""
        for item in changed:
            self.items[item.key] = item
        by_key = {i.key: i for i in changed}
        self.view = replace(self.view, items=tuple(by_key.get(i.key, i) for i in self.view.items))

    def newer(self, read: Iterable[ReleaseItem]) -> list[ReleaseItem]:
        """The items of a read that differ from those shown, never older than them (a read can
        overtake this screen's own newer write), nor of a line with an edit in flight (it is
        shown as the user changed it)."""
        return [
            item
            for item in read
            if item != self.items[item.key]
            and item.row_version >= self.items[item.key].row_version
            and item.key not in self.writes.pending
        ]

    def take_view(self, view: ReleaseView, token: int) -> list[ReleaseItem] | None:
        """A fresh read of the release: the changed items to draw, or None when the
        checklist's structure changed (then the whole view is taken: redraw everything)."""
        self.token = max(self.token, token)
        if _structure(view) != _structure(self.view):
            self.view = view
            self.items = {i.key: i for i in view.active_items}
            return None
        changed = self.newer(view.active_items)
        self.view = replace(view, items=tuple(self.items.get(i.key, i) for i in view.items))
        return changed

    def merge_checks(self, stored: Sequence[ReleaseItem]) -> list[ReleaseItem]:
        """Items stored by a verification run, unless this screen holds a newer version (a
        change made during the run): then only their check result is taken."""
        merged = []
        for item in stored:
            shown = self.items.get(item.key)
            if shown is None or item.archived:
                continue
            if item.row_version >= shown.row_version:
                merged.append(item)
            else:
                merged.append(replace(shown, latest_check=item.latest_check))
        return merged
