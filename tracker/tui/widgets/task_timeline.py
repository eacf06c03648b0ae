"""The post-deployment timeline: phase (week 1, weeks 2-4, monthly > month) > task occurrence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import ClassVar, Literal

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tracker.domain.enums import PhaseRecurrence, TaskStatus
from tracker.domain.models import TaskOccurrence
from tracker.tui.labels import Palette
from tracker.tui.task_labels import TASK_META_WIDTH, group_label, task_label

TaskNodeKind = Literal["phase", "month", "task"]
GUIDE_DEPTH = 3


@dataclass(frozen=True, slots=True)
class TaskRef:
    kind: TaskNodeKind
    key: str
    """The phase key, ``phase@YYYY-MM-DD`` for a month, or the occurrence id."""


def timeline_order(occs: Sequence[TaskOccurrence]) -> list[TaskOccurrence]:
    """Occurrences by due date; on the same day, in the given (template) order."""
    return sorted(occs, key=lambda o: o.due_date)


def phases(
    occs: Sequence[TaskOccurrence],
) -> list[tuple[str, str, PhaseRecurrence, list[TaskOccurrence]]]:
    """(phase key, title, recurrence, occurrences) in timeline order."""
    found: dict[str, tuple[str, PhaseRecurrence, list[TaskOccurrence]]] = {}
    for occ in timeline_order(occs):
        found.setdefault(occ.phase_key, (occ.phase_title, occ.recurrence, []))[2].append(occ)
    return [(key, title, rec, members) for key, (title, rec, members) in found.items()]


def _tree_bindings() -> list[BindingType]:
    # Space is the screen's "item: toggle done": drop Tree's own space binding.
    own: list[BindingType] = [
        b for b in Tree.BINDINGS if isinstance(b, Binding) and b.key != "space"
    ]
    return [
        *own,
        Binding("home", "first", "first line", show=False),
        Binding("end", "last", "last line", show=False),
    ]


class TaskTimeline(Tree[TaskRef], inherit_bindings=False):
    """Shows the occurrences it is given; keeps the cursor on the same occurrence on rebuilds."""

    BINDINGS: ClassVar[list[BindingType]] = _tree_bindings()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("post-deployment", id=id)
        self.show_root = False
        self.guide_depth = GUIDE_DEPTH
        self.auto_expand = False
        self._occs: dict[int, TaskOccurrence] = {}
        self._today = date.today()
        self.tz: tzinfo | None = None
        """The clock's time zone: a completion counts on its local date."""
        self._palette = Palette()
        self._task_nodes: dict[int, TreeNode[TaskRef]] = {}
        self._branch_nodes: dict[str, TreeNode[TaskRef]] = {}
        self._text_width = 40
        self._collapsed: set[str] = set()
        self._seen: set[str] = set()
        """Branches shown before: months whose tasks are all closed start folded, once."""
        self._pending = False
        self._wanted: int | None = None

    # --- reading ---
    @property
    def cursor_ref(self) -> TaskRef | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def cursor_occurrence(self) -> TaskOccurrence | None:
        ref = self.cursor_ref
        if ref is None or ref.kind != "task":
            return None
        return self._occs.get(int(ref.key))

    def occurrences_under(self, ref: TaskRef) -> list[TaskOccurrence]:
        if ref.kind == "task":
            occ = self._occs.get(int(ref.key))
            return [occ] if occ is not None else []
        return [
            o for o in self._occs.values() if self._branch_keys(o)[ref.kind == "month"] == ref.key
        ]

    @staticmethod
    def _branch_keys(occ: TaskOccurrence) -> tuple[str, str]:
        return occ.phase_key, f"{occ.phase_key}@{occ.due_date.isoformat()}"

    # --- showing ---
    class Built(Message):
        """The lines were (re)built: the cursor may be on another node."""

    def show(
        self,
        occs: Sequence[TaskOccurrence],
        *,
        today: date,
        palette: Palette,
        cursor_id: int | None = None,
    ) -> None:
        """Rebuild the timeline; the cursor goes to occurrence ``cursor_id``, else stays on the
        same occurrence or line. Built once laid out (a hidden timeline has no width yet)."""
        self._occs = {o.id: o for o in occs}
        self._wanted = cursor_id
        self._today, self._palette = today, palette
        for key, node in self._branch_nodes.items():
            if node.is_expanded:
                self._collapsed.discard(key)
            else:
                self._collapsed.add(key)
        if not self.size.width:
            self._pending = True
            return
        self._rebuild()

    def _rebuild(self) -> None:
        ref = self.cursor_ref
        old_line = self.cursor_line
        self.clear()
        self._task_nodes.clear()
        self._branch_nodes.clear()
        for key, title, recurrence, members in phases(list(self._occs.values())):
            pnode = self.root.add(
                self._group_label(key, title, members, depth=1),
                TaskRef("phase", key),
                expand=key not in self._collapsed,
            )
            self._branch_nodes[key] = pnode
            if recurrence is PhaseRecurrence.MONTHLY:
                months: dict[date, list[TaskOccurrence]] = {}
                for occ in members:
                    months.setdefault(occ.due_date, []).append(occ)
                for due, group in months.items():
                    month_key = f"{key}@{due.isoformat()}"
                    collapsed = month_key in self._collapsed or (
                        month_key not in self._seen
                        and all(o.status is not TaskStatus.TODO for o in group)
                    )
                    mnode = pnode.add(
                        self._month_label(month_key, due, group),
                        TaskRef("month", month_key),
                        expand=not collapsed,
                    )
                    self._branch_nodes[month_key] = mnode
                    for occ in group:
                        self._task_nodes[occ.id] = mnode.add_leaf(
                            self._task_label(occ, depth=3), TaskRef("task", str(occ.id))
                        )
            else:
                for occ in members:
                    self._task_nodes[occ.id] = pnode.add_leaf(
                        self._task_label(occ, depth=2), TaskRef("task", str(occ.id))
                    )
        self._seen = set(self._branch_nodes)
        _ = self._tree_lines
        node = None
        wanted, self._wanted = self._wanted, None
        if wanted is not None and self.select_occurrence(wanted):
            self.post_message(self.Built())
            return
        if ref is not None:
            node = (
                self._task_nodes.get(int(ref.key))
                if ref.kind == "task"
                else self._branch_nodes.get(ref.key)
            )
        if node is not None and node.line >= 0:
            self.move_cursor(node)
        elif self.last_line >= 0:
            self.cursor_line = max(0, min(old_line, self.last_line)) if old_line >= 0 else 0
        self.post_message(self.Built())

    def update_occurrence(self, occ: TaskOccurrence) -> None:
        """Re-render one occurrence and its phase (and month) lines, nothing else."""
        self._occs[occ.id] = occ
        node = self._task_nodes.get(occ.id)
        if node is not None:
            depth = 3 if node.parent is not None and node.parent.parent is not self.root else 2
            node.set_label(self._task_label(occ, depth=depth))
        phase_key, month_key = self._branch_keys(occ)
        pnode = self._branch_nodes.get(phase_key)
        if pnode is not None:
            members = [o for o in self._occs.values() if o.phase_key == phase_key]
            pnode.set_label(self._group_label(phase_key, occ.phase_title, members, depth=1))
        mnode = self._branch_nodes.get(month_key)
        if mnode is not None:
            group = [o for o in self._occs.values() if self._branch_keys(o)[1] == month_key]
            mnode.set_label(self._month_label(month_key, occ.due_date, group))

    def select_occurrence(self, occ_id: int) -> bool:
        node = self._task_nodes.get(occ_id)
        if node is None:
            return False
        parent = node.parent
        while parent is not None and parent is not self.root:
            parent.expand()
            parent = parent.parent
        _ = self._tree_lines
        self.move_cursor(node)
        return True

    # --- labels ---
    def _width(self, depth: int) -> int:
        # Branch lines have a fold icon (2 cells); deeper lines lose a guide each.
        return self._text_width + 3 + TASK_META_WIDTH + GUIDE_DEPTH * (3 - depth) - 2

    def _task_label(self, occ: TaskOccurrence, *, depth: int) -> Text:
        extra = GUIDE_DEPTH * (3 - depth) if depth < 3 else 0
        return task_label(occ, self._text_width + extra, self._today, self._palette, self.tz)

    def _group_label(
        self, key: str, title: str, members: Sequence[TaskOccurrence], *, depth: int
    ) -> Text:
        return group_label(title, members, self._today, self._width(depth), self._palette)

    def _month_label(self, key: str, due: date, group: Sequence[TaskOccurrence]) -> Text:
        return group_label(
            f"due {due:%a %d %b %Y}", group, self._today, self._width(2), self._palette
        )

    def get_label_width(self, node: TreeNode[TaskRef]) -> int:
        return node._label.cell_len + (2 if node._allow_expand else 0)

    # --- keys ---
    def action_first(self) -> None:
        self.cursor_line = 0
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_end(animate=False)

    # --- events ---
    def on_resize(self, event: events.Resize) -> None:
        width = max(16, event.size.width - 2 * GUIDE_DEPTH - 3 - TASK_META_WIDTH - 1)
        changed = width != self._text_width
        self._text_width = width
        if self._pending:
            self._pending = False
            self._rebuild()
        elif changed and self._occs:
            self._rebuild()
