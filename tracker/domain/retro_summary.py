"""Parts of the retrospective that summarise: "what went well / what to carry forward" from the
release's data, and a timeline in which a bulk change reads as one line. Pure."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from tracker.domain.clock import local_date, to_local
from tracker.domain.enums import CheckOutcome, ItemStatus, TaskStatus
from tracker.domain.events import describe_event, evidence_text
from tracker.domain.export_md import _safe_url, link_text
from tracker.domain.md_inline import literal
from tracker.domain.models import AuditEvent, CheckResult, ReleaseView, is_drift
from tracker.domain.progress import open_blocking
from tracker.domain.schedule import is_overdue, lateness_days

BULK_MIN = 3  # consecutive like events (same person, action, minute) shown as one line
BULK_KEYS_SHOWN = 3


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- what went well / what to carry forward ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetroFacts:
    view: ReleaseView
    today: date
    tz: tzinfo
    done_at: dict[str, datetime]  # item key -> when it was last marked done
    latest: dict[str, CheckResult]  # item key -> its latest check

    def on_time_items(self) -> tuple[int, int]:
        """(done by their due date, done with a due date)."""
        dated = [
            (i, self.done_at[i.key])
            for i in self.view.active_items
            if i.status is ItemStatus.DONE and i.due_date is not None and i.key in self.done_at
        ]
        on_time = sum(1 for i, at in dated if i.due_date and local_date(at, self.tz) <= i.due_date)
        return on_time, len(dated)

    def blocking_closed_before_golive(self) -> bool:
        golive = self.view.release.golive_date
        blocking = [i for i in self.view.active_items if i.is_blocking]
        if golive is None or not blocking:
            return False
        return all(
            i.status is ItemStatus.NA
            or (i.key in self.done_at and local_date(self.done_at[i.key], self.tz) <= golive)
            for i in blocking
        )


def _went_well(f: RetroFacts) -> list[str]:
    r = f.view.release
    out: list[str] = []
    if r.golive_date and r.target_date and r.golive_date <= r.target_date:
        early = (r.target_date - r.golive_date).days
        when = f"{_plural(early, 'day')} early" if early else "on the target date"
        out.append(f"Went live {when} ({r.golive_date.isoformat()}).")
    if f.blocking_closed_before_golive():
        out.append("Every blocking item was closed before go-live.")
    on_time, dated = f.on_time_items()
    if on_time:
        out.append(f"{on_time} of {_plural(dated, 'item')} with a due date finished on time.")
    passing = sum(1 for r in f.latest.values() if r.outcome is CheckOutcome.PASS)
    if passing:
        out.append(f"{passing} of {_plural(len(f.latest), 'automated check')} pass.")
    due = [
        o for o in f.view.occurrences if o.due_date <= f.today or o.status is not TaskStatus.TODO
    ]
    done_on_time = [
        o for o in due if o.status is TaskStatus.DONE and not lateness_days(o, f.today, f.tz)
    ]
    if done_on_time:
        out.append(
            f"{len(done_on_time)} of {_plural(len(due), 'post-deployment task')} due so far "
            "were done on time."
        )
    return out


def _carry(f: RetroFacts) -> list[str]:
    items = f.view.active_items
    out: list[str] = []
    if f.view.release.golive_forced_reason:
        out.append("Go-live was forced with blocking items open; see Pre-production.")
    blocking = open_blocking(items)
    if blocking:
        keys = ", ".join(f"`{i.key}`" for i in blocking[:BULK_KEYS_SHOWN])
        more = (
            f" and {len(blocking) - BULK_KEYS_SHOWN} more"
            if len(blocking) > BULK_KEYS_SHOWN
            else ""
        )
        out.append(f"{_plural(len(blocking), 'blocking item')} still open: {keys}{more}.")
    on_time, dated = f.on_time_items()
    if dated - on_time:
        out.append(f"{_plural(dated - on_time, 'item')} finished after the due date.")
    drift = [i for i in items if i.key in f.latest and is_drift(i, f.latest[i.key])]
    if drift:
        out.append(f"{_plural(len(drift), 'item')} ticked done but failing its check (drift).")
    missed = sum(1 for o in f.view.occurrences if is_overdue(o, f.today))
    skipped = sum(1 for o in f.view.occurrences if o.status is TaskStatus.SKIPPED)
    if missed:
        out.append(f"{_plural(missed, 'post-deployment task')} overdue.")
    if skipped:
        out.append(f"{_plural(skipped, 'post-deployment task')} skipped.")
    return out


def in_short(facts: RetroFacts) -> list[str]:
    """The "In short" section: what went well and what to carry forward, as plain facts."""
    well = _went_well(facts)
    carry = _carry(facts)
    lines = ["## In short", "", "### What went well", ""]
    lines += [f"- {line}" for line in well] or ["Nothing to report yet."]
    lines += ["", "### What to carry forward", ""]
    lines += [f"- {line}" for line in carry] or ["Nothing left open."]
    return lines


# --- timeline ---------------------------------------------------------------------------------


def event_markdown(e: AuditEvent) -> str:
    """One event in words, with an evidence URL as a clickable link."""
    text = " ".join(describe_event(e).split())
    value = e.new_value or e.old_value
    if e.action.startswith("evidence.") and value:
        tail = evidence_text(value)
        try:
            data = json.loads(value)
        except ValueError:
            data = None
        url = _safe_url(str(data.get("url") or "")) if isinstance(data, dict) else None
        if url is not None and isinstance(data, dict) and text.endswith(tail):
            title = str(data.get("title") or data.get("url"))
            return f"{literal(text[: -len(tail)].rstrip())} [{link_text(title)}]({url})"
    return literal(text)


def _bulk_line(events: Sequence[AuditEvent]) -> str:
    first = events[0]
    keys = [e.item_key or "the release" for e in events]
    shown = ", ".join(f"`{k}`" for k in keys[:BULK_KEYS_SHOWN])
    more = f" and {len(keys) - BULK_KEYS_SHOWN} more" if len(keys) > BULK_KEYS_SHOWN else ""
    values = {e.new_value for e in events}
    value = values.pop() if len(values) == 1 else None
    n = len(events)
    match first.action, value:
        case "owner", str(handle):
            what = f"assigned {n} items to {literal(handle)}"
        case "owner", None:
            what = f"changed the owner of {n} items"
        case "status", str(status):
            what = (
                f"marked {n} items {'N/A' if status == 'na' else literal(status.replace('_', ' '))}"
            )
        case "due_date", str(day):
            what = f"set {n} items due on {day}"
        case _:
            what = f"made {n} changes ({literal(first.action)})"
    return f"{what}: {shown}{more}"


_BULKABLE = frozenset({"owner", "status", "due_date", "na_reason"})


def _run_lines(run: Sequence[AuditEvent]) -> list[str]:
    """A run of item edits by one person in one minute: one line per kind of change when it
    touched at least ``BULK_MIN`` items (a bulk command), else one line per event."""
    if len({e.item_key for e in run}) < BULK_MIN:
        return [event_markdown(e) for e in run]
    by_action: dict[str, list[AuditEvent]] = {}
    for e in run:
        by_action.setdefault(e.action, []).append(e)
    if any(e.new_value == "na" for e in by_action.get("status", [])):
        by_action.pop("na_reason", None)  # "marked N items N/A" says it
    return [_bulk_line(group) for group in by_action.values()]


def timeline(events: Sequence[AuditEvent], tz: tzinfo, who: Callable[[str], str]) -> list[str]:
    """The timeline by local day; item edits by one person within one minute that touch several
    items (a bulk command) read as one line per kind of change."""
    lines: list[str] = []
    ordered = sorted(events, key=lambda e: (e.at, e.id))
    current: date | None = None
    k = 0
    while k < len(ordered):
        e = ordered[k]
        local = to_local(e.at, tz)
        minute = local.replace(second=0, microsecond=0)
        run = [e]
        while e.action in _BULKABLE and k + len(run) < len(ordered):
            nxt = ordered[k + len(run)]
            if (
                nxt.actor != e.actor
                or nxt.action not in _BULKABLE
                or to_local(nxt.at, tz).replace(second=0, microsecond=0) != minute
            ):
                break
            run.append(nxt)
        if local.date() != current:
            current = local.date()
            lines += ["", f"### {current.isoformat()}", ""]
        stamp = f"- {local.strftime('%H:%M')} {who(e.actor)}"
        lines += [f"{stamp} {text}" for text in _run_lines(run)]
        k += len(run)
    return lines
