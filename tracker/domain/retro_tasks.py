"""The retrospective's post-deployment sections: the phases with something due, what to carry
forward, and the monthly "Review & Improve" prompts with their notes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from tracker.domain.clock import local_date
from tracker.domain.enums import TaskStatus
from tracker.domain.export_md import (
    STATUS_LABELS,
    _safe_url,
    escape_md_block,
    escape_md_inline,
    link_text,
)
from tracker.domain.models import Evidence, TaskOccurrence
from tracker.domain.retro_context import RetroContext, cell, plural
from tracker.domain.schedule import is_overdue, lateness_days, phase_completion

TASK_STATUS_LABELS: dict[TaskStatus, str] = {
    TaskStatus.TODO: "open",
    TaskStatus.DONE: "done",
    TaskStatus.SKIPPED: "skipped",
}


def _occurrence_label(occ: TaskOccurrence, ctx: RetroContext, repeated: set[str]) -> str:
    text = f"**{escape_md_inline(occ.text)}**"
    if occ.phase_key in ctx.monthly:
        return f"{text} (month {occ.seq})"
    if occ.task_key in repeated:
        return f"{text} (day {occ.seq})"
    return text


def _occurrence_state(occ: TaskOccurrence, ctx: RetroContext) -> str:
    parts = [f"due {occ.due_date.isoformat()}"]
    if occ.status is TaskStatus.DONE:
        done = "done"
        if occ.completed_at is not None:
            done += f" {local_date(occ.completed_at, ctx.tz).isoformat()}"
            late = lateness_days(occ, ctx.today, ctx.tz)
            done += f" ({plural(late, 'day')} late)" if late else " (on time)"
        if occ.completed_by:
            done += f" by {escape_md_inline(occ.completed_by.removeprefix('@'))}"
        parts.append(done)
    elif occ.status is TaskStatus.SKIPPED:
        why = f": {escape_md_inline(occ.skip_reason)}" if occ.skip_reason else ""
        parts.append(f"skipped{why}")
    elif is_overdue(occ, ctx.today):
        parts.append(f"**missed**, {plural(lateness_days(occ, ctx.today), 'day')} overdue")
    else:
        parts.append("open")
    if occ.owner:
        parts.append(f"owner {ctx.owner(occ.owner)}")
    return ", ".join(parts)


def _evidence(ev: Evidence) -> str:
    title = link_text(ev.title or ev.url)
    url = _safe_url(ev.url)
    return f"[{title}]({url})" if url is not None else f"{title} ({link_text(ev.url)})"


def _occurrence_details(occ: TaskOccurrence, ctx: RetroContext, repeated: set[str]) -> list[str]:
    lines = [f"- {_occurrence_label(occ, ctx, repeated)} — {_occurrence_state(occ, ctx)}"]
    lines += [f"  - evidence: {_evidence(ev)}" for ev in occ.evidence]
    if occ.notes and occ.notes.strip():
        lines += ["", *("  " + q for q in escape_md_block(occ.notes).split("\n")), ""]
    return lines


def _repeated_tasks(occs: Iterable[TaskOccurrence]) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for o in occs:
        (repeated if o.task_key in seen else seen).add(o.task_key)
    return repeated


def postdeployment(ctx: RetroContext) -> list[str]:
    occs = ctx.view.occurrences
    lines = ["## Post-deployment"]
    if not occs:
        return [*lines, "", "No post-deployment tasks yet (the release has not gone live)."]
    lines += [
        "",
        "| Phase | Tasks | Done on time | Done late | Skipped | Missed | Open, not yet due |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    completions = phase_completion(occs, today=ctx.today, tz=ctx.tz)
    for c in completions:
        lines.append(
            f"| {cell(c.phase_title)} | {c.total} | {c.on_time} | {c.late} | {c.skipped} "
            f"| {c.missed} | {c.open - c.missed} |"
        )
    repeated = _repeated_tasks(occs)
    for c in completions:
        # Monthly phases have their own section below; a phase with nothing due yet has
        # nothing to say (its row in the table shows its open tasks).
        due = [o for o in occs if o.phase_key == c.phase_key and _is_due(o, ctx.today)]
        if c.phase_key in ctx.monthly or not due:
            continue
        lines += ["", f"### {escape_md_inline(c.phase_title)}", ""]
        noteworthy = [
            o
            for o in _in_order(occs)
            if o.phase_key == c.phase_key
            and (
                o.notes
                or o.evidence
                or o.status is TaskStatus.SKIPPED
                or lateness_days(o, ctx.today, ctx.tz)
            )
        ]
        if not noteworthy:
            lines.append(
                f"All {plural(len(due), 'task')} due so far done on time; no notes or evidence."
            )
        for o in noteworthy:
            lines += _occurrence_details(o, ctx, repeated)
    return _squeeze(lines)


def _is_due(occ: TaskOccurrence, today: date) -> bool:
    return occ.due_date <= today or occ.status is not TaskStatus.TODO


def _in_order(occs: Iterable[TaskOccurrence]) -> list[TaskOccurrence]:
    return sorted(occs, key=lambda o: (o.due_date, o.id))


def _squeeze(lines: list[str]) -> list[str]:
    """Drop repeated and trailing blank lines."""
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


# --- verification -----------------------------------------------------------------------------


def carry_forward(ctx: RetroContext) -> list[str]:
    lines = ["## Carry forward", "", "### Open items", ""]
    open_items = sorted((i for i in ctx.view.active_items if i.is_open), key=lambda i: i.position)
    if not open_items:
        lines.append("None.")
    else:
        lines += [
            "| Item | Category | Status | Severity | Owner | Due |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for item in open_items:
            due = "—"
            if item.due_date is not None:
                due = item.due_date.isoformat()
                if item.due_date < ctx.today:
                    due += f" ({plural((ctx.today - item.due_date).days, 'day')} overdue)"
            lines.append(
                f"| {cell(item.text)} | {cell(item.category_title)} | {STATUS_LABELS[item.status]} "
                f"| {item.severity.value} | {ctx.owner(item.owner)} | {due} |"
            )
    lines += ["", "### Open post-deployment tasks", ""]
    open_occs = _owed_and_next(ctx.view.occurrences, ctx.today)
    if not open_occs:
        lines.append("None.")
        return lines
    repeated = _repeated_tasks(ctx.view.occurrences)
    lines += ["Overdue or due today, and the next one of each task.", ""]
    lines += ["| Task | Phase | Due | Owner |", "| --- | --- | --- | --- |"]
    for o in open_occs:
        due = o.due_date.isoformat()
        if is_overdue(o, ctx.today):
            due += f" ({plural(lateness_days(o, ctx.today), 'day')} overdue)"
        lines.append(
            f"| {_occurrence_label(o, ctx, repeated)} | {cell(o.phase_title)} | {due} "
            f"| {ctx.owner(o.owner)} |"
        )
    return lines


def _owed_and_next(occs: Iterable[TaskOccurrence], today: date) -> list[TaskOccurrence]:
    """Open occurrences that are overdue or due today, plus each task's next upcoming one (the
    rest of a rolling monthly schedule is noise in a retrospective)."""
    out: list[TaskOccurrence] = []
    has_next: set[str] = set()
    for o in _in_order(occs):
        if o.status is not TaskStatus.TODO:
            continue
        if o.due_date <= today:
            out.append(o)
        elif o.task_key not in has_next:
            has_next.add(o.task_key)
            out.append(o)
    return out


# --- monthly ----------------------------------------------------------------------------------


def monthly_section(ctx: RetroContext, prompts: Sequence[str]) -> list[str]:
    lines = ["## Monthly: Review & Improve"]
    monthly = [o for o in ctx.view.occurrences if o.phase_key in ctx.monthly]
    if not monthly:
        lines += ["", "No monthly occurrences yet. Prompts for the first review:", ""]
        lines += [f"- **{escape_md_inline(p)}**" for p in prompts]
        return lines
    tasks: dict[str, list[TaskOccurrence]] = {}
    for o in monthly:
        tasks.setdefault(o.task_key, []).append(o)
    for task_occs in tasks.values():
        task_occs.sort(key=lambda o: o.seq)
        lines += ["", f"### {escape_md_inline(task_occs[0].text)}", ""]
        noted = [o for o in task_occs if (o.notes and o.notes.strip()) or o.evidence]
        for o in noted:
            lines.append(f"- month {o.seq} — {_occurrence_state(o, ctx)}")
            lines += [f"  - evidence: {_evidence(ev)}" for ev in o.evidence]
            if o.notes and o.notes.strip():
                lines += ["", *("  " + q for q in escape_md_block(o.notes).split("\n")), ""]
        if not noted:
            lines.append("No notes yet.")
        upcoming = [o for o in task_occs if o.status is TaskStatus.TODO and o.due_date >= ctx.today]
        if upcoming:
            lines += ["", f"Next due {upcoming[0].due_date.isoformat()} (month {upcoming[0].seq})."]
    return _squeeze(lines)
