"""How post-deployment task occurrences read on screen: glyphs, due states, timeline labels.

Pure functions of read models, "today" and a ``Palette``; tests call them directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from rich.text import Text

from tracker.domain.enums import TaskStatus
from tracker.domain.models import TaskOccurrence
from tracker.domain.schedule import due_bucket, lateness_days
from tracker.tui.labels import OWNER_WIDTH, Palette, fit, text_bar

TASK_GLYPH: dict[TaskStatus, str] = {
    TaskStatus.TODO: "○",
    TaskStatus.DONE: "✓",
    TaskStatus.SKIPPED: "↷",
}
DUE_WIDTH = 10
STATE_WIDTH = 14
TASK_META_WIDTH = 1 + OWNER_WIDTH + 1 + 3 + 1 + DUE_WIDTH + 1 + STATE_WIDTH
"""Cells after a task's text: owner, evidence count, due date, state."""


@dataclass(frozen=True, slots=True)
class TaskCounts:
    total: int
    closed: int
    overdue: int
    due_today: int

    @property
    def fraction(self) -> float:
        return self.closed / self.total if self.total else 0.0


STATUS_ACTIONS: dict[TaskStatus, tuple[tuple[str, str], ...]] = {
    TaskStatus.TODO: (("done", "toggle_done"), ("skip", "skip_task")),
    TaskStatus.DONE: (("reopen", "toggle_done"),),  # space on a done task reopens it
    TaskStatus.SKIPPED: (("done", "toggle_done"), ("reopen", "skip_task")),  # k reopens it
}
"""The status changes a task in each state offers, as (link label, screen action): only what
the action does from there (a done task is not offered ``[done]``)."""


def task_counts(occs: Sequence[TaskOccurrence], today: date) -> TaskCounts:
    buckets = [due_bucket(o, today) for o in occs]
    return TaskCounts(
        total=len(occs),
        closed=buckets.count("closed"),
        overdue=buckets.count("overdue"),
        due_today=buckets.count("today"),
    )


def due_state(occ: TaskOccurrence, today: date, tz: tzinfo | None = None) -> tuple[str, str]:
    """(words, style name) for an occurrence's state: ``3 d overdue`` (error), ``due today``
    (warning), ``in 4 d``, ``done``, ``done 2 d late``, ``skipped`` (muted). A completion
    counts on its local date in ``tz`` (as in the retrospective)."""
    if occ.status is TaskStatus.SKIPPED:
        return "skipped", "muted"
    if occ.status is TaskStatus.DONE:
        late = lateness_days(occ, today, tz)
        return (f"done {late} d late", "warning") if late else ("done", "success")
    bucket = due_bucket(occ, today)
    days = (occ.due_date - today).days
    if bucket == "overdue":
        return f"{-days} d overdue", "error"
    if bucket == "today":
        return "due today", "warning"
    return f"in {days} d", "" if bucket == "week" else "muted"


def _color(palette: Palette, name: str) -> str:
    return {
        "error": f"bold {palette.error}",
        "warning": f"bold {palette.warning}",
        "success": palette.success,
        "muted": palette.muted,
    }.get(name, "")


def task_label(
    occ: TaskOccurrence,
    text_width: int,
    today: date,
    palette: Palette,
    tz: tzinfo | None = None,
) -> Text:
    """One timeline line: status glyph, overdue mark, text, owner, evidence, due date, state."""
    state, state_style = due_state(occ, today, tz)
    overdue = state_style == "error"
    closed = occ.status is not TaskStatus.TODO
    label = Text(no_wrap=True, overflow="ellipsis")
    glyph_style = {
        TaskStatus.TODO: f"bold {palette.error}" if overdue else "",
        TaskStatus.DONE: palette.success,
        TaskStatus.SKIPPED: palette.muted,
    }[occ.status]
    label.append(TASK_GLYPH[occ.status], style=glyph_style)
    label.append("!" if overdue else " ", style=f"bold {palette.error}")
    label.append(" ")
    text_style = palette.muted if closed else ("bold" if overdue else "")
    if occ.status is TaskStatus.SKIPPED:
        text_style = f"strike {palette.muted}"
    label.append(fit(occ.text, text_width), style=text_style)
    label.append(" ")
    owner = f"@{occ.owner}" if occ.owner else "—"
    label.append(fit(owner, OWNER_WIDTH), style="" if occ.owner else palette.muted)
    label.append(" ")
    count = len(occ.evidence)
    label.append(f"↗{count}".ljust(3) if count else "   ", style=palette.accent)
    label.append(" ")
    due_style = _color(palette, state_style) if overdue else palette.muted
    label.append(occ.due_date.strftime("%a %b %d").ljust(DUE_WIDTH), style=due_style)
    label.append(" ")
    label.append(fit(state, STATE_WIDTH), style=_color(palette, state_style))
    return label


def group_label(
    title: str, occs: Sequence[TaskOccurrence], today: date, width: int, palette: Palette
) -> Text:
    """A phase (or month) line: title, bar, closed count, overdue and due-today counts."""
    counts = task_counts(occs, today)
    tail = Text(no_wrap=True)
    tail.append(text_bar(counts.fraction, 10), style=palette.success)
    done = f"{counts.closed}/{counts.total}"
    tail.append(f" {done:>7}", style=palette.success if counts.closed == counts.total else "")
    if counts.overdue:
        tail.append(f"  !{counts.overdue} overdue".ljust(15), style=f"bold {palette.error}")
    elif counts.due_today:
        tail.append(f"  {counts.due_today} due today".ljust(15), style=f"bold {palette.warning}")
    else:
        tail.append(" " * 15)
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(fit(title, max(8, width - tail.cell_len - 1)), style="bold")
    label.append(" ")
    label.append_text(tail)
    return label
