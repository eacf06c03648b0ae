"""The detail pane of the post-deployment view: one task occurrence, or a phase's summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from tracker.domain.clock import to_local
from tracker.domain.enums import PhaseRecurrence, TaskStatus
from tracker.domain.models import TaskOccurrence, check_ref_id
from tracker.domain.schedule import is_overdue
from tracker.tui.detail_text import action_link, evidence_section, inert, notes_section
from tracker.tui.task_labels import STATUS_ACTIONS, TASK_GLYPH, due_state, task_counts

STATE_STYLE = {
    "error": "bold $error",
    "warning": "bold $warning",
    "success": "$success",
    "muted": "$text-muted",
    "": "",
}
STATUS_STYLE = {
    TaskStatus.TODO: "",
    TaskStatus.DONE: "$success",
    TaskStatus.SKIPPED: "$text-muted",
}


def occurrence_text(
    occ: TaskOccurrence, today: date, tz: tzinfo, golive: date | None = None
) -> Content:
    """Everything about one occurrence, as the detail pane shows it."""
    state, state_style = due_state(occ, today, tz)
    if occ.recurrence is PhaseRecurrence.MONTHLY:
        kind = f"month {occ.seq} after go-live"
    elif golive is not None:
        kind = f"day {(occ.due_date - golive).days} after go-live"
    else:
        kind = ""
    parts: list[Content | str | tuple[str, str | Style]] = [
        (occ.text, "bold"),
        "\n",
        (occ.key, "$text-muted"),
        "  ·  ",
        occ.phase_title,
        "  ·  ",
        (kind, "$text-muted"),
        "\n\n",
        ("Status  ", "bold"),
        (f"{TASK_GLYPH[occ.status]} {occ.status.value}", STATUS_STYLE[occ.status]),
        *(
            part
            for label, action in STATUS_ACTIONS[occ.status]
            for part in (" ", action_link(label, action))
        ),
        "\n",
        ("Due     ", "bold"),
        (
            f"{occ.due_date:%a %d %b %Y}",
            "bold $error" if is_overdue(occ, today) else "",
        ),
        "  ",
        (state, STATE_STYLE[state_style]),
        "\n",
        ("Owner   ", "bold"),
        (f"@{occ.owner}" if occ.owner else "unassigned", "" if occ.owner else "$text-muted"),
        " ",
        action_link("assign", "assign_owner"),
    ]
    if occ.completed_at is not None and occ.status is not TaskStatus.TODO:
        when = to_local(occ.completed_at, tz).strftime("%Y-%m-%d %H:%M")
        verb = "done" if occ.status is TaskStatus.DONE else "skipped"
        parts += ["\n", (f"{verb} {when} by {occ.completed_by or '?'}", "$text-muted")]
    if occ.status is TaskStatus.SKIPPED:
        parts += ["\n", ("Reason  ", "bold"), occ.skip_reason or "—"]
    if occ.check is not None:
        check = check_ref_id(occ.check)
        parts += ["\n", ("Check   ", "bold"), (f"automated: {check}", "$text-muted")]
    parts += ["\n\n", notes_section(occ.notes), "\n\n", evidence_section(occ.evidence)]
    if occ.guidance:
        parts += ["\n\n", ("Guidance", "bold"), "\n", occ.guidance.strip()]
    return Content.assemble(*parts)


def group_text(title: str, occs: Sequence[TaskOccurrence], today: date) -> Content:
    """A phase or month: counts and what is overdue."""
    counts = task_counts(occs, today)
    done = sum(1 for o in occs if o.status is TaskStatus.DONE)
    skipped = sum(1 for o in occs if o.status is TaskStatus.SKIPPED)
    parts: list[Content | str | tuple[str, str]] = [
        (title, "bold"),
        "\n",
        (f"{counts.closed}/{counts.total} closed", "$text-muted"),
        "\n\n",
        f"done {done} · skipped {skipped} · open {counts.total - counts.closed}",
    ]
    overdue = [o for o in occs if is_overdue(o, today)]
    if overdue:
        parts += ["\n\n", (f"Overdue ({len(overdue)})", "bold $error")]
        for occ in overdue:
            state, _ = due_state(occ, today)
            parts += [
                "\n",
                f"{TASK_GLYPH[occ.status]} {occ.text}",
                (f"  {state}", "$error"),
                (f"  @{occ.owner}" if occ.owner else "", "$text-muted"),
            ]
    return Content.assemble(*parts)


class TaskDetail(VerticalScroll, can_focus=True):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.occurrence_id: int | None = None
        self._shown: Content | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="task-detail-body")

    def _set(self, content: Content) -> None:
        shown = inert(content)
        content = shown if isinstance(shown, Content) else Content(shown)
        if content != self._shown:
            self._shown = content
            self.query_one("#task-detail-body", Static).update(content)

    def show_occurrence(
        self, occ: TaskOccurrence, today: date, tz: tzinfo, golive: date | None = None
    ) -> None:
        if occ.id != self.occurrence_id:
            self.scroll_home(animate=False)
        self.occurrence_id = occ.id
        self._set(occurrence_text(occ, today, tz, golive))

    def show_group(self, title: str, occs: Sequence[TaskOccurrence], today: date) -> None:
        self.occurrence_id = None
        self._set(group_text(title, occs, today))

    def show_message(self, message: Content) -> None:
        self.occurrence_id = None
        self._set(message)
