"""The retrospective export: one Markdown document for the post-go-live review meeting.

A pure function of the release's read model, "today" and the user's time zone. Sections: header,
In short (what went well, what to carry forward), Pre-production, Timeline (bulk changes as one
line), Post-deployment (phases with something due), Verification, Carry forward, and the monthly
"Review & Improve" prompts with the notes entered against them. All user text goes through
``escape_md_inline`` / ``escape_md_block`` (literal, escaped only where needed); names carry no
"@" (pasted into GitHub, a mention pings).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, tzinfo

from tracker.domain.clock import local_date, to_local
from tracker.domain.enums import CheckOutcome, ItemStatus
from tracker.domain.export_md import (
    CHECK_BADGES,
    NA_REASON_LABELS,
    STATUS_LABELS,
    escape_md_block,
    escape_md_inline,
)
from tracker.domain.md_inline import literal
from tracker.domain.models import CheckResult, ReleaseView, is_drift
from tracker.domain.progress import category_progress, item_progress, open_blocking
from tracker.domain.retro_context import RetroContext, cell, item_ref, monthly_keys, plural
from tracker.domain.retro_summary import RetroFacts, in_short, timeline
from tracker.domain.retro_tasks import carry_forward, monthly_section, postdeployment

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
    ctx = RetroContext(view, today, tz, monthly_keys(view.occurrences, monthly_phase_keys))
    lines: list[str] = []
    facts = RetroFacts(view, today, tz, _done_at(view), _latest_checks(view))
    for section in (
        _header(ctx, generated_at),
        in_short(facts),
        _preproduction(ctx),
        _timeline(ctx),
        postdeployment(ctx),
        _verification(ctx),
        carry_forward(ctx),
        monthly_section(ctx, monthly_prompts),
    ):
        if lines:
            lines.append("")
        lines += section
    return "\n".join(lines) + "\n"


def _golive_difference(target: date, actual: date) -> str:
    days = (actual - target).days
    if days > 0:
        return f"{plural(days, 'day')} late"
    if days < 0:
        return f"{plural(-days, 'day')} early"
    return "on target"


def _header(ctx: RetroContext, generated_at: datetime) -> list[str]:
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
        live = f"goes live in {plural((r.golive_date - ctx.today).days, 'day')}"
    else:
        live = plural((ctx.today - r.golive_date).days, "day")
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


def _preproduction(ctx: RetroContext) -> list[str]:
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
            f"| {cell(node.title)} | {p.total} | {p.done} | {p.na} | {p.open} | {node.open_blocking} |"
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
        lines.append(f"- {item_ref(item)}: {why or 'no reason given'}")

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
                f"- {item_ref(item)}: due {item.due_date.isoformat()}, done "
                f"{local_date(at, ctx.tz).isoformat()} ({plural(days, 'day')} late), "
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


def _timeline(ctx: RetroContext) -> list[str]:
    lines = ["## Timeline"]
    if not ctx.view.events:
        return [*lines, "", "No recorded changes."]
    return lines + timeline(
        ctx.view.events, ctx.tz, lambda actor: escape_md_inline(actor.strip().removeprefix("@"))
    )


# --- post-deployment --------------------------------------------------------------------------


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


def _verification(ctx: RetroContext) -> list[str]:
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
            f"**{plural(len(drift), 'item')} drifted**: ticked done, but the latest check fails.",
            "",
        ]
        for item in drift:
            r = latest[item.key]
            lines.append(
                f"- **DRIFT** {item_ref(item)}: {escape_md_inline(r.check_id)} failed "
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
            f"| {cell(item.text)} | {STATUS_LABELS[item.status]} | {cell(r.check_id)} | {badge} "
            f"| {ctx.when(r.started_at)} | {len(history)} ({passed}/{failed}) | {cell(r.message)} |"
        )
    return lines


# --- carry forward ----------------------------------------------------------------------------
