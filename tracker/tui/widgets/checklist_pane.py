"""The checklist tree and the item detail beside it (``#body``): draws the release screen's
``ReleaseState``, as a whole (a filter, another release, a change of structure) or just the
lines of changed items, and the detail of the line under the cursor (its history is read once
the cursor rests there)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.timer import Timer
from textual.widgets import Tree

from tracker.domain.models import ReleaseItem
from tracker.tui.context import AppContext
from tracker.tui.labels import Palette
from tracker.tui.messages import DetailRedraw
from tracker.tui.release_state import ReleaseState
from tracker.tui.widgets.checklist_tree import ChecklistTree, NodeRef
from tracker.tui.widgets.item_detail import ItemDetail

HISTORY_DELAY = 0.05


class ChecklistPane(Container):
    """``load_history(key)`` reads an item's history (in a worker); ``show_counters(shown)``
    redraws the screen's header and status line (``None``: as many lines as the tree shows)."""

    def __init__(
        self,
        ctx: AppContext,
        state: ReleaseState,
        *,
        load_history: Callable[[str], object],
        show_counters: Callable[[int | None], None],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.ctx, self.state = ctx, state
        self.load_history, self.show_counters = load_history, show_counters
        self.palette = Palette()
        self.checklist = ChecklistTree(id="checklist")
        self.detail = ItemDetail(id="detail")
        self._history_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield self.checklist
        yield self.detail

    def render_all(self) -> None:
        """Rebuild the tree (filter change, new release, structural change)."""
        visible = self.state.visible(self.ctx.clock.today())
        self.checklist.show(
            list(self.state.items.values()),
            visible,
            today=self.ctx.clock.today(),
            palette=self.palette,
        )
        self.show_counters(len(visible))
        self.show_detail()

    def draw_items(self, changed: list[ReleaseItem], detail: DetailRedraw = "item") -> None:
        """Draw the lines of ``changed`` as the state holds them now (or rebuild the tree when
        they change what the filter shows); ``detail``: see ``ItemsChanged``."""
        items = self.state.items
        held = [items[i.key] for i in changed if i.key in items]
        if held:
            visible = [i.key for i in self.state.visible(self.ctx.clock.today())]
            if visible != self.checklist.visible_keys:
                self.render_all()
            else:
                self.checklist.update_items(held)
                self.show_counters(len(visible))
                if self.detail.item_key in {i.key for i in held}:
                    self.show_detail()
        if detail == "always" or (detail == "node" and self.detail.item_key is None):
            self.show_detail()

    def show_running(self, keys: frozenset[str], *, redraw: bool) -> None:
        """Mark the items whose checks run (``redraw``: the detail pane at once)."""
        self.checklist.set_running(keys)
        self.detail.running = keys
        if not redraw:
            return
        key = self.detail.item_key
        item = self.state.items.get(key) if key is not None else None
        if item is not None:
            self.detail.show_item(item, self.ctx.clock.today(), self.ctx.clock.tz)
        elif key is None:
            self.show_detail()  # a group or category: its verification counts

    def show_detail(self) -> None:
        ref = self.checklist.cursor_ref
        detail = self.detail
        if ref is None:
            detail.show_empty("Nothing matches the filter." if self.state.items else "No items.")
            return
        if ref.kind == "item":
            item = self.state.items[ref.key]
            detail.show_item(item, self.ctx.clock.today(), self.ctx.clock.tz)
            if self._history_timer is not None:
                self._history_timer.stop()
            self._history_timer = self.set_timer(HISTORY_DELAY, lambda: self.load_history(ref.key))
            return
        detail.show_node(self.checklist.node_title(ref), self.checklist.items_under(ref))

    @on(Tree.NodeHighlighted, "#checklist")
    def _cursor_moved(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        self.show_detail()

    @on(Tree.NodeSelected, "#checklist")
    def _node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        data = event.node.data
        if data is not None and data.kind == "item":
            self.detail.focus()
        else:
            event.node.toggle()
