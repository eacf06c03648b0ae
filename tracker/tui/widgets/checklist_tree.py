"""The release's items as a tree: category > group > item, with per-node progress."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color as TColor
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tracker.domain.models import ReleaseItem
from tracker.domain.progress import item_progress, item_tree
from tracker.tui.labels import META_WIDTH, Palette, item_label, node_label

NodeKind = Literal["category", "group", "item"]
GUIDE_DEPTH = 3


@dataclass(frozen=True, slots=True)
class NodeRef:
    """What a tree line stands for: a category, group or item, by key."""

    kind: NodeKind
    key: str


def _title(ref: NodeRef, members: Sequence[ReleaseItem]) -> str:
    if not members:
        return ref.key
    first = members[0]
    return {"item": first.text, "group": first.group_title}.get(ref.kind, first.category_title)


# Space is the screen's "item: toggle done" command: drop Tree's own space binding so the
# key reaches the screen (and the footer shows it) while the tree has focus.
def _tree_bindings() -> list[BindingType]:
    own = [b for b in Tree.BINDINGS if isinstance(b, Binding) and b.key != "space"] + [
        Binding("left", "fold", "fold", show=False),
        Binding("right", "unfold", "unfold", show=False),
        Binding("home", "first", "first line", show=False),
        Binding("end", "last", "last line", show=False),
    ]
    keys = {b.key for b in own} | {"space"}
    scrolling = [
        b for b in ScrollableContainer.BINDINGS if isinstance(b, Binding) and b.key not in keys
    ]
    return [*own, *scrolling]


PEER_FLASH = 4.0
"""Seconds a line someone else changed stays highlighted."""


class ChecklistTree(Tree[NodeRef], inherit_bindings=False):
    """Shows the items it is given; keeps cursor, expansion and scroll across rebuilds."""

    BINDINGS: ClassVar[list[BindingType]] = _tree_bindings()

    class ItemToggled(Message):
        """The user clicked an item's status glyph."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("checklist"), id=id)  # a str label would load rich's markup
        self.show_root = False
        self.guide_depth = GUIDE_DEPTH
        self.auto_expand = False
        self._items: dict[str, ReleaseItem] = {}
        self._visible: list[ReleaseItem] = []
        self._today = date.today()
        self._palette = Palette()
        self._item_nodes: dict[str, TreeNode[NodeRef]] = {}
        self._branch_nodes: dict[str, TreeNode[NodeRef]] = {}
        self._text_width = 50
        self._collapsed: set[str] = set()
        self._awaiting_layout = False
        """Built before the first layout (start-up): the first resize corrects the width."""
        self.now: Callable[[], datetime] | None = None
        """The clock's ``now``: check results older than ``stale_days`` show as stale."""
        self.stale_days: int | None = None
        self._checks_running: frozenset[str] = frozenset()
        self._peer_changed: frozenset[str] = frozenset()
        """Items someone else just changed: their lines are highlighted for a moment."""
        self._pass_style: Style | None = None

    # --- reading ---
    @property
    def cursor_ref(self) -> NodeRef | None:
        node = self.cursor_node
        return node.data if node is not None else None

    @property
    def visible_keys(self) -> list[str]:
        return [i.key for i in self._visible]

    def cursor_item(self) -> ReleaseItem | None:
        ref = self.cursor_ref
        return self._items.get(ref.key) if ref is not None and ref.kind == "item" else None

    def cursor_group(self) -> NodeRef | None:
        """The group or category under the cursor; on an item, the item's group."""
        ref = self.cursor_ref
        if ref is not None and ref.kind == "item":
            item = self._items.get(ref.key)
            return NodeRef("group", item.group_key) if item is not None else None
        return ref

    def items_under(self, ref: NodeRef) -> list[ReleaseItem]:
        """All (unfiltered) items of a category or group, or the item itself."""
        if ref.kind == "item":
            return [self._items[ref.key]] if ref.key in self._items else []
        attr = "group_key" if ref.kind == "group" else "category_key"
        return [i for i in self._items.values() if getattr(i, attr) == ref.key]

    def node_title(self, ref: NodeRef) -> str:
        """A category's or group's title (an item's text); the key if nothing is under it."""
        return _title(ref, self.items_under(ref))

    # --- showing ---
    def show(
        self,
        items: Sequence[ReleaseItem],
        visible: Sequence[ReleaseItem],
        *,
        today: date,
        palette: Palette,
        cursor_key: str | None = None,
    ) -> None:
        """Rebuild the tree with ``visible`` (a filtered subset of ``items``).

        The cursor stays on the same item (or ``cursor_key``), falling back to the nearest
        visible line; collapsed nodes stay collapsed; the scroll position is kept.
        """
        ref = self.cursor_ref
        wanted = cursor_key or (ref.key if ref is not None else None)
        old_line, scroll_y = self.cursor_line, self.scroll_y
        for key, node in self._branch_nodes.items():
            if node.is_expanded:
                self._collapsed.discard(key)
            else:
                self._collapsed.add(key)
        self._items = {i.key: i for i in items}
        self._visible = list(visible)
        self._today, self._palette = today, palette
        if not self.size.width:
            # Not laid out yet (start-up): build now, at the width the layout will most likely
            # give, so that the very first frame shows the checklist. The first resize
            # relabels if the guess was wrong.
            self._text_width = self._text_width_for(self._expected_width())
            self._awaiting_layout = True
        self._build_nodes(wanted, old_line, scroll_y)

    def _expected_width(self) -> int:
        # app.tcss: 3fr of the row beside the detail pane's 2fr; the whole row when narrow
        # (the screen has its breakpoint class from the start: see TrackerApp).
        width = self.app.size.width
        return width if self.screen.has_class("-narrow") else width * 3 // 5

    @staticmethod
    def _text_width_for(tree_width: int) -> int:
        # Item text takes what the fixed columns and the guides leave.
        return max(16, tree_width - 2 * GUIDE_DEPTH - 3 - META_WIDTH - 1)

    def _build_nodes(self, wanted: str | None, old_line: int, scroll_y: float) -> None:
        self.clear()
        self._item_nodes.clear()
        self._branch_nodes.clear()
        for category in item_tree(self._visible):
            cnode = self.root.add(
                self._branch_label(NodeRef("category", category.key)),
                NodeRef("category", category.key),
                expand=category.key not in self._collapsed,
            )
            self._branch_nodes[category.key] = cnode
            for group in category.groups:
                gnode = cnode.add(
                    self._branch_label(NodeRef("group", group.key)),
                    NodeRef("group", group.key),
                    expand=group.key not in self._collapsed,
                )
                self._branch_nodes[group.key] = gnode
                for item in group.items:
                    self._item_nodes[item.key] = gnode.add_leaf(
                        self._item_label(item), NodeRef("item", item.key)
                    )
        self._restore_cursor(wanted, old_line, scroll_y)

    def _restore_cursor(self, key: str | None, old_line: int, scroll_y: float) -> None:
        _ = self._tree_lines  # build lines so nodes know their line numbers
        node = self._item_nodes.get(key) or self._branch_nodes.get(key) if key else None
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        if node is not None and node.line >= 0:
            self.move_cursor(node)
        elif self.last_line >= 0:
            self.cursor_line = max(0, min(old_line, self.last_line))
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        if self.cursor_node is not None:
            self.scroll_to_node(self.cursor_node, animate=False)

    def update_items(self, changed: Iterable[ReleaseItem]) -> None:
        """Re-render the given items and their group and category lines, nothing else."""
        branches: set[str] = set()
        for item in changed:
            self._items[item.key] = item
            self._visible = [item if v.key == item.key else v for v in self._visible]
            node = self._item_nodes.get(item.key)
            if node is not None:
                self._relabel(node, self._item_label(item))
            branches.update((item.group_key, item.category_key))
        for key in branches:
            node = self._branch_nodes.get(key)
            if node is not None and node.data is not None:
                self._relabel(node, self._branch_label(node.data))

    def _relabel(self, node: TreeNode[NodeRef], label: Text) -> None:
        """``set_label`` that repaints the node's own line only.

        ``TreeNode.set_label`` repaints every visible line under the node (a whole category
        for its progress count); labels don't depend on their parents, so one line is enough.
        """
        node._updates += 1
        node._label = self.process_label(label)
        if node._line >= 0:
            self._refresh_line(node._line)

    def relabel(self, *, palette: Palette | None = None, today: date | None = None) -> None:
        """Re-render every line (after a theme change, a resize or a new day)."""
        self._palette = palette or self._palette
        self._today = today or self._today
        for key, node in self._item_nodes.items():
            node.set_label(self._item_label(self._items[key]))
        for node in self._branch_nodes.values():
            assert node.data is not None
            node.set_label(self._branch_label(node.data))

    def set_running(self, keys: Iterable[str]) -> None:
        """Mark the items whose checks are being run (their badge shows ``⋯ run``)."""
        running = frozenset(keys)
        changed, self._checks_running = running ^ self._checks_running, running
        for key in changed:
            node = self._item_nodes.get(key)
            item = self._items.get(key)
            if node is not None and item is not None:
                self._relabel(node, self._item_label(item))

    def flash(self, keys: Iterable[str], seconds: float = PEER_FLASH) -> None:
        """Highlight the lines of items someone else changed, for a few seconds."""
        added = frozenset(keys) - self._peer_changed
        self._peer_changed |= added
        self._relabel_keys(added)
        self.set_timer(seconds, lambda: self._unflash(added))

    def _unflash(self, keys: frozenset[str]) -> None:
        self._peer_changed -= keys
        self._relabel_keys(keys)

    def _relabel_keys(self, keys: Iterable[str]) -> None:
        for key in keys:
            node = self._item_nodes.get(key)
            item = self._items.get(key)
            if node is not None and item is not None:
                self._relabel(node, self._item_label(item))

    def select_key(self, key: str) -> bool:
        node = self._item_nodes.get(key) or self._branch_nodes.get(key)
        if node is None:
            return False
        parent = node.parent
        while parent is not None and parent is not self.root:
            if not parent.is_expanded:  # a folded category or group: unfold it to show the line
                parent.expand()
            parent = parent.parent
        _ = self._tree_lines
        self.move_cursor(node)
        return True

    # --- labels ---
    def _item_label(self, item: ReleaseItem) -> Text:
        label = item_label(
            item,
            self._text_width,
            self._today,
            self._palette,
            now=self.now() if self.now is not None and item.latest_check is not None else None,
            stale_days=self.stale_days,
            running=item.key in self._checks_running,
        )
        if item.key in self._peer_changed:
            label = label.copy()
            label.stylize(f"on {TColor.parse(self._palette.accent).darken(0.45).hex}")
        return label

    def _branch_label(self, ref: NodeRef) -> Text:
        """A category line (with a progress bar) or a group line (indented one guide deeper)."""
        members = self.items_under(ref)
        group = ref.kind == "group"
        return node_label(
            _title(ref, members),
            item_progress(members),
            sum(1 for i in members if i.is_open and i.is_blocking),
            self._text_width + META_WIDTH + 3 - (GUIDE_DEPTH if group else 0),
            self._palette,
            bar=not group,
        )

    def process_label(self, label: str | Text) -> Text:
        # Tree keeps a label's first line, copying it: ours are built as one line already.
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Tree.render_line asks for the widget's rich_style (a walk up the DOM) once per
        # line: once per pass is enough (a cold first frame renders every visible line).
        self._pass_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    def render_line(self, y: int) -> Strip:
        style = self._pass_style if self._pass_style is not None else self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, style)

    def get_label_width(self, node: TreeNode[NodeRef]) -> int:
        # Labels are padded to fixed widths (see labels.py): no need to render each one, for
        # every line, each time the tree's lines are rebuilt.
        return node._label.cell_len + (2 if node._allow_expand else 0)

    # --- keys ---
    def action_fold(self) -> None:
        """Fold the node under the cursor, or go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_unfold(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand and not node.is_expanded:
            node.expand()

    def action_first(self) -> None:
        self.cursor_line = 0
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_end(animate=False)

    # --- events ---
    def on_resize(self, event: events.Resize) -> None:
        width = self._text_width_for(event.size.width)
        changed = width != self._text_width
        self._text_width = width
        if changed:
            self.relabel()
        self._awaiting_layout = False
        # The cursor line stays on screen whatever the new height (a smaller terminal).
        self.call_after_refresh(self._keep_cursor_visible)

    def _keep_cursor_visible(self) -> None:
        if self.cursor_node is not None and self.is_mounted:
            self.scroll_to_node(self.cursor_node, animate=False)

    async def _on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        line = meta.get("line")
        if isinstance(line, int) and not meta.get("toggle", False):
            node = self.get_node_at_line(line)
            if node is not None and node.data is not None and node.data.kind == "item":
                # The status glyph is the first cell after the guides.
                glyph_x = 2 * GUIDE_DEPTH - int(self.scroll_x)
                if event.x - self.gutter.left in (glyph_x, glyph_x + 1):
                    self.cursor_line = line
                    self.post_message(self.ItemToggled(node.data.key))
                    return
        await super()._on_click(event)
