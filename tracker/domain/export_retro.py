"""The retrospective export: one Markdown document for the post-go-live review meeting.

A pure function of the release's read model, "today" and the user's time zone. Sections: header,
In short (what went well, what to carry forward), Pre-production, Timeline (bulk changes as one
line), Post-deployment (phases with something due), Verification, Carry forward, and the monthly
"Review & Improve" prompts with the notes entered against them. All user text goes through
``escape_md_inline`` / ``escape_md_block`` (literal, escaped only where needed); names carry no
"@" (pasted into GitHub, a mention pings).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from tracker.domain.clock import local_date, to_local
from tracker.domain.enums import CheckOutcome, ItemStatus, TaskStatus
from tracker.domain.export_md import (
    CHECK_BADGES,
    NA_REASON_LABELS,
    STATUS_LABELS,
    _safe_url,
    escape_md_block,
    escape_md_inline,
    link_text,
)
from tracker.domain.md_inline import literal
from tracker.domain.models import (
    CheckResult,
    Evidence,
    ReleaseItem,
    ReleaseView,
    TaskOccurrence,
    is_drift,
)
from tracker.domain.progress import category_progress, item_progress, open_blocking
from tracker.domain.retro_summary import RetroFacts, in_short, timeline
from tracker.domain.schedule import is_overdue, lateness_days, phase_completion

SEED_MONTHLY_PROMPTS: tuple[str, ...] = (
    "Review incident reports",
    "Analyze cost trends",
    "Update documentation",
    "Conduct team retrospective",
    "Plan feature enhancements",
)
"""The seed checklist's monthly prompts, listed when the release has no monthly occurrences yet."""

STATUS_ACTION = "status"
MAX_EVENT_VALUE = 80
TASK_STATUS_LABELS: dict[TaskStatus, str] = {
    TaskStatus.TODO: "open",
    TaskStatus.DONE: "done",
    TaskStatus.SKIPPED: "skipped",
}


def release_to_retro_markdown(
    view: ReleaseView,
    *,
    today: date,
    tz: tzinfo,
    generated_at: datetime,
    monthly_phase_keys: Collection[str] | None = None,
    monthly_prompts: Sequence[str] = SEED_MONTHLY_PROMPTS,
) -> str:
    """The retrospective document (ends with a newline).

    ``today`` and every date shown are local to ``tz``. ``monthly_phase_keys`` names the
    template's monthly phases (the caller knows them from the template); when None, a phase whose
    key or title mentions "monthly" is taken as one. ``monthly_prompts`` are listed in the closing
    section when the release has no monthly occurrences yet (e.g. it has not gone live).
    """
    ctx = _Context(view, today, tz, _monthly_keys(view.occurrences, monthly_phase_keys))
    lines: list[str] = []
    facts = RetroFacts(view, today, tz, _done_at(view), _latest_checks(view))
    for section in (
        _header(ctx, generated_at),
        in_short(facts),
        _preproduction(ctx),
        _timeline(ctx),
        _postdeployment(ctx),
        _verification(ctx),
        _carry_forward(ctx),
        _monthly(ctx, monthly_prompts),
    ):
        if lines:
            lines.append("")
        lines += section
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class _Context:
    view: ReleaseView
    today: date
    tz: tzinfo
    monthly: frozenset[str]

    def owner(self, handle: str | None) -> str:
        if not handle:
            return "unassigned"
        handle = handle.strip().removeprefix("@")
        for o in self.view.owners:
            if o.handle == handle and o.name and o.name != handle:
                return f"{escape_md_inline(o.name)} ({escape_md_inline(handle)})"
        # No "@": pasted into GitHub, a mention would ping the person.
        return escape_md_inline(handle)

    def when(self, dt: datetime) -> str:
        return to_local(dt, self.tz).strftime("%Y-%m-%d %H:%M")


def _monthly_keys(occs: Iterable[TaskOccurrence], given: Collection[str] | None) -> frozenset[str]:
    if given is not None:
        return frozenset(given)
    return frozenset(
        o.phase_key
        for o in occs
        if "monthly" in o.phase_key.lower() or "monthly" in o.phase_title.lower()
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _item_ref(item: ReleaseItem) -> str:
    return f"**{escape_md_inline(item.text)}** ({escape_md_inline(item.key)})"


def _cell(text: str) -> str:
    # escape_md_inline escapes "|", so user text cannot break a table row.
    return escape_md_inline(text) or "—"


# --- header -----------------------------------------------------------------------------------


def _golive_difference(target: date, actual: date) -> str:
    days = (actual - target).days
    if days > 0:
        return f"{_plural(days, 'day')} late"
    if days < 0:
        return f"{_plural(-days, 'day')} early"
    return "on target"


def _header(ctx: _Context, generated_at: datetime) -> list[str]:
    r = ctx.view.release
    actual = "not set"
    if r.golive_date is not None:
        actual = r.golive_date.isoformat()
        if r.target_date is not None:
            actual += f" ({_golive_difference(r.target_date, r.golive_date)})"
        if r.golive_forced_reason:
            actual += " — **forced**, see Pre-production"
    if r.golive_date is None:
        live = "not live yet"
    elif r.golive_date > ctx.today:
        live = f"goes live in {_plural((r.golive_date - ctx.today).days, 'day')}"
    else:
        live = _plural((ctx.today - r.golive_date).days, "day")
    gen = to_local(generated_at, ctx.tz)
    return [
        f"# Retrospective: {literal(r.name, table=True, heading=True)}",
        "",
        f"- **Template:** {escape_md_inline(r.template_title)} "
        f"({escape_md_inline(r.template_id)} v{r.template_version})",
        f"- **Environment:** {escape_md_inline(r.environment) if r.environment else '—'}",
        f"- **Target go-live:** {r.target_date.isoformat() if r.target_date else 'not set'}",
        f"- **Actual go-live:** {actual}",
        f"- **Days live:** {live}",
        f"- **Generated:** {gen.strftime('%Y-%m-%d %H:%M')} {escape_md_inline(gen.tzname() or '')}".rstrip(),
    ]


# --- pre-production ---------------------------------------------------------------------------


def _done_at(view: ReleaseView) -> dict[str, datetime]:
    """When each item was last set to done, from the audit trail."""
    done: dict[str, datetime] = {}
    for e in sorted(view.events, key=lambda e: (e.at, e.id)):
        if e.item_key and e.action == STATUS_ACTION and e.new_value == ItemStatus.DONE.value:
            done[e.item_key] = e.at
    return done


def _preproduction(ctx: _Context) -> list[str]:
    items = ctx.view.active_items
    total = item_progress(items)
    lines = ["## Pre-production", ""]
    reason = ctx.view.release.golive_forced_reason
    if reason:
        lines += [
            "> **Go-live was forced** with blocking items still open. Reason given:",
            ">",
            *escape_md_block(reason).split("\n"),
            "",
        ]
    lines += [
        f"**{total.closed}/{total.total} items closed** ({total.done} done, {total.na} N/A); "
        f"{total.open} open, {len(open_blocking(items))} of them blocking. "
        f"Progress: {total.percent}%.",
        "",
        "| Category | Items | Done | N/A | Open | Open blocking |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for node in category_progress(items):
        p = node.progress
        lines.append(
            f"| {_cell(node.title)} | {p.total} | {p.done} | {p.na} | {p.open} | {node.open_blocking} |"
        )

    lines += ["", "### Not applicable", ""]
    na_items = sorted((i for i in items if i.status is ItemStatus.NA), key=lambda i: i.position)
    if not na_items:
        lines.append("None.")
    for item in na_items:
        reason_label = NA_REASON_LABELS.get(item.na_reason) if item.na_reason else None
        why = " — ".join(
            part
            for part in (reason_label, escape_md_inline(item.na_note) if item.na_note else None)
            if part
        )
        lines.append(f"- {_item_ref(item)}: {why or 'no reason given'}")

    lines += ["", "### Finished late", ""]
    done_at = _done_at(ctx.view)
    late: list[str] = []
    for item in sorted(items, key=lambda i: i.position):
        at = done_at.get(item.key)
        if item.status is not ItemStatus.DONE or item.due_date is None or at is None:
            continue
        days = (local_date(at, ctx.tz) - item.due_date).days
        if days > 0:
            late.append(
                f"- {_item_ref(item)}: due {item.due_date.isoformat()}, done "
                f"{local_date(at, ctx.tz).isoformat()} ({_plural(days, 'day')} late), "
                f"owner {ctx.owner(item.owner)}"
            )
    lines += late or ["None."]
    return lines


# --- timeline ---------------------------------------------------------------------------------


def _value(value: str | None) -> str:
    if value is None or not value.strip():
        return "—"
    text = " ".join(value.split())
    if len(text) > MAX_EVENT_VALUE:
        text = text[: MAX_EVENT_VALUE - 1] + "…"
    return escape_md_inline(text)


def _timeline(ctx: _Context) -> list[str]:
    lines = ["## Timeline"]
    if not ctx.view.events:
        return [*lines, "", "No recorded changes."]
    return lines + timeline(
        ctx.view.events, ctx.tz, lambda actor: escape_md_inline(actor.strip().removeprefix("@"))
    )


# --- post-deployment --------------------------------------------------------------------------


def _occurrence_label(occ: TaskOccurrence, ctx: _Context, repeated: set[str]) -> str:
    text = f"**{escape_md_inline(occ.text)}**"
    if occ.phase_key in ctx.monthly:
        return f"{text} (month {occ.seq})"
    if occ.task_key in repeated:
        return f"{text} (day {occ.seq})"
    return text


def _occurrence_state(occ: TaskOccurrence, ctx: _Context) -> str:
    parts = [f"due {occ.due_date.isoformat()}"]
    if occ.status is TaskStatus.DONE:
        done = "done"
        if occ.completed_at is not None:
            done += f" {local_date(occ.completed_at, ctx.tz).isoformat()}"
            late = lateness_days(occ, ctx.today, ctx.tz)
            done += f" ({_plural(late, 'day')} late)" if late else " (on time)"
        if occ.completed_by:
            done += f" by {escape_md_inline(occ.completed_by.removeprefix('@'))}"
        parts.append(done)
    elif occ.status is TaskStatus.SKIPPED:
        why = f": {escape_md_inline(occ.skip_reason)}" if occ.skip_reason else ""
        parts.append(f"skipped{why}")
    elif is_overdue(occ, ctx.today):
        parts.append(f"**missed**, {_plural(lateness_days(occ, ctx.today), 'day')} overdue")
    else:
        parts.append("open")
    if occ.owner:
        parts.append(f"owner {ctx.owner(occ.owner)}")
    return ", ".join(parts)


def _evidence(ev: Evidence) -> str:
    title = link_text(ev.title or ev.url)
    url = _safe_url(ev.url)
    return f"[{title}]({url})" if url is not None else f"{title} ({link_text(ev.url)})"


def _occurrence_details(occ: TaskOccurrence, ctx: _Context, repeated: set[str]) -> list[str]:
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


def _postdeployment(ctx: _Context) -> list[str]:
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
            f"| {_cell(c.phase_title)} | {c.total} | {c.on_time} | {c.late} | {c.skipped} "
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
                f"All {_plural(len(due), 'task')} due so far done on time; no notes or evidence."
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


def _latest_checks(view: ReleaseView) -> dict[str, CheckResult]:
    latest: dict[str, CheckResult] = {}
    for r in sorted(view.check_history, key=lambda r: (r.started_at, r.id)):
        latest[r.item_key] = r
    for item in view.items:
        if item.latest_check is not None:
            held = latest.get(item.key)
            if held is None or (item.latest_check.started_at, item.latest_check.id) >= (
                held.started_at,
                held.id,
            ):
                latest[item.key] = item.latest_check
    return latest


def _verification(ctx: _Context) -> list[str]:
    lines = ["## Verification", ""]
    latest = _latest_checks(ctx.view)
    checked = [
        i for i in sorted(ctx.view.active_items, key=lambda i: i.position) if i.key in latest
    ]
    if not checked:
        return [*lines, "No automated checks were run."]
    runs: dict[str, list[CheckResult]] = {}
    for r in ctx.view.check_history:
        runs.setdefault(r.item_key, []).append(r)
    drift = [i for i in checked if is_drift(i, latest[i.key])]
    if drift:
        lines += [
            f"**{_plural(len(drift), 'item')} drifted**: ticked done, but the latest check fails.",
            "",
        ]
        for item in drift:
            r = latest[item.key]
            lines.append(
                f"- **DRIFT** {_item_ref(item)}: {escape_md_inline(r.check_id)} failed "
                f"{ctx.when(r.started_at)} — {escape_md_inline(r.message)}"
            )
        lines.append("")
    lines += [
        "| Item | Status | Check | Latest result | Run | Runs (pass/fail) | Message |",
        "| --- | --- | --- | --- | --- | ---: | --- |",
    ]
    for item in checked:
        r = latest[item.key]
        history = runs.get(item.key, [r])
        passed = sum(1 for h in history if h.outcome is CheckOutcome.PASS)
        failed = sum(1 for h in history if h.outcome is CheckOutcome.FAIL)
        badge = CHECK_BADGES.get(r.outcome, escape_md_inline(str(r.outcome)))
        if is_drift(item, r):
            badge += " **DRIFT**"
        lines.append(
            f"| {_cell(item.text)} | {STATUS_LABELS[item.status]} | {_cell(r.check_id)} | {badge} "
            f"| {ctx.when(r.started_at)} | {len(history)} ({passed}/{failed}) | {_cell(r.message)} |"
        )
    return lines


# --- carry forward ----------------------------------------------------------------------------


def _carry_forward(ctx: _Context) -> list[str]:
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
                    due += f" ({_plural((ctx.today - item.due_date).days, 'day')} overdue)"
            lines.append(
                f"| {_cell(item.text)} | {_cell(item.category_title)} | {STATUS_LABELS[item.status]} "
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
            due += f" ({_plural(lateness_days(o, ctx.today), 'day')} overdue)"
        lines.append(
            f"| {_occurrence_label(o, ctx, repeated)} | {_cell(o.phase_title)} | {due} "
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


def _monthly(ctx: _Context, prompts: Sequence[str]) -> list[str]:
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
