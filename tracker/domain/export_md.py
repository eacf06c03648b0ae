"""Export one release as GitHub-flavoured Markdown: a report a reviewer can read in a pull request.

User text (release names, notes, titles, owner handles, N/A notes, evidence titles) goes
through ``escape_md_inline`` or ``escape_md_block``, so it can never start a line, and can never
become a checkbox, heading, list item, table break, link or HTML. The only lines that start with
``- [`` are the items' own checkboxes, and the only headings are the ones written here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from urllib.parse import quote, urlsplit

from tracker.domain.enums import CheckOutcome, ItemStatus, NaReason
from tracker.domain.models import (
    DEFAULT_STALE_DAYS,
    CheckResult,
    Evidence,
    ReleaseItem,
    ReleaseView,
)
from tracker.domain.progress import (
    Progress,
    category_progress,
    item_progress,
    item_tree,
    open_blocking,
    status_counts,
)
from tracker.domain.verification import item_flags

# Markdown punctuation that can start or end inline or block syntax. "<", ">" and "&" become
# entities instead; "=" is escaped too, because a line of "=" under a line makes a heading.
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~=])")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}

STATUS_LABELS: dict[ItemStatus, str] = {
    ItemStatus.TODO: "To do",
    ItemStatus.IN_PROGRESS: "In progress",
    ItemStatus.BLOCKED: "Blocked",
    ItemStatus.DONE: "Done",
    ItemStatus.NA: "N/A",
}

NA_REASON_LABELS: dict[NaReason, str] = {
    NaReason.OUT_OF_SCOPE: "out of scope",
    NaReason.BUSINESS_PRIORITIES: "business priorities",
    NaReason.ARCHITECTURE_CONSTRAINTS: "architecture constraints",
    NaReason.OTHER: "other",
}

CHECK_BADGES: dict[CheckOutcome, str] = {
    CheckOutcome.PASS: "✅ PASS",
    CheckOutcome.FAIL: "❌ FAIL",
    CheckOutcome.ERROR: "⚠️ ERROR",
    CheckOutcome.SKIPPED: "⏭ SKIPPED",
    CheckOutcome.MANUAL_REVIEW: "👀 MANUAL_REVIEW",
}

BAR_CELLS = 10


def _escape_line(text: str) -> str:
    text = text.replace("\x00", "\ufffd")
    text = _PUNCTUATION.sub(r"\\\1", text)
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def escape_md_inline(text: str) -> str:
    """Make ``text`` literal inside one line of Markdown (a paragraph, list item, table cell).

    Markdown punctuation is backslash-escaped, ``<``, ``>`` and ``&`` become entities and line
    breaks collapse into spaces, so the text can neither end the current line nor start syntax.
    """
    return _escape_line(" ".join(_LINE_BREAKS.split(text.strip())))


def escape_md_block(text: str) -> str:
    """Render multi-line ``text`` as a blockquote whose every line is literal text.

    Each line is prefixed with ``> `` and escaped like ``escape_md_inline``; leading whitespace
    is dropped so that no line turns into an indented code block.
    """
    lines = [line.strip() for line in _LINE_BREAKS.split(text.strip())]
    return "\n".join(f"> {_escape_line(line)}" if line else ">" for line in lines)


def _safe_url(url: str) -> str | None:
    """The URL made safe for a link destination, or None if it is not http(s)."""
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    # Keep URL syntax; percent-encode what would end or break a Markdown link destination.
    return quote(url, safe="/:?#@!$&*+,;=%-._~'")


def _fmt_percent(progress: Progress) -> str:
    return f"{progress.percent}%"


def _bar(progress: Progress) -> str:
    filled = math.floor(progress.fraction * BAR_CELLS)
    return "█" * filled + "░" * (BAR_CELLS - filled)


def _owner(handle: str) -> str:
    return "@" + escape_md_inline(handle.strip().removeprefix("@"))


def _check_badge(result: CheckResult) -> str:
    return CHECK_BADGES.get(result.outcome, escape_md_inline(str(result.outcome)))


def _evidence_line(ev: Evidence) -> str:
    title = escape_md_inline(ev.title) or escape_md_inline(ev.url)
    url = _safe_url(ev.url)
    link = f"[{title}]({url})" if url is not None else f"{title} \\({escape_md_inline(ev.url)}\\)"
    by = f" by {_owner(ev.added_by)}" if ev.added_by.strip() else ""
    added = f" — added{by} on {ev.added_at.date().isoformat()}"
    # "🔗" keeps evidence bullets apart from checkboxes: only items' lines start with "- [".
    return f"- 🔗 {link}{added}"


def _item_metadata(item: ReleaseItem, now: datetime, stale_days: int) -> list[str]:
    meta: list[str] = []
    if item.status is ItemStatus.NA:
        na = "**N/A**"
        reason = NA_REASON_LABELS.get(item.na_reason) if item.na_reason else None
        note = escape_md_inline(item.na_note) if item.na_note else ""
        if reason and note:
            na += f" — {reason}: {note}"
        elif reason or note:
            na += f" — {reason or note}"
        meta.append(na)
    elif item.status in (ItemStatus.IN_PROGRESS, ItemStatus.BLOCKED):
        meta.append(f"*({STATUS_LABELS[item.status].lower()})*")
    if item.is_open and not item.archived:
        meta.append("**blocking**" if item.is_blocking else "*advisory*")
        if item.optional:
            cond = f": {escape_md_inline(item.condition)}" if item.condition else ""
            meta.append(f"*optional{cond}*")
    if item.owner:
        meta.append(_owner(item.owner))
    if item.due_date is not None:
        meta.append(f"due {item.due_date.isoformat()}")
    if item.latest_check is not None:
        meta.append(_check_badge(item.latest_check))
    flags = item_flags(item, now, stale_days)
    if flags.drift:
        meta.append("⚠️ **DRIFT**: ticked done, but the latest check failed")
    if flags.stale:
        meta.append(f"*verification older than {stale_days} days*")
    if flags.unverified:
        meta.append("*not verified yet*")
    return meta


def _item_lines(
    item: ReleaseItem, now: datetime, stale_days: int, *, where: str | None = None
) -> list[str]:
    box = "[x]" if item.status is ItemStatus.DONE else "[ ]"
    text = escape_md_inline(item.text) or "\\(untitled\\)"
    meta = _item_metadata(item, now, stale_days)
    if where:
        meta.insert(0, where)
    line = f"- {box} {text}"
    if meta:
        line += " — " + " · ".join(meta)
    lines = [line]
    lines.extend("  " + _evidence_line(ev) for ev in item.evidence)
    if item.notes and item.notes.strip():
        lines.extend("  " + q for q in escape_md_block(item.notes).split("\n"))
    return lines


def _header(view: ReleaseView, generated_at: datetime) -> list[str]:
    r = view.release

    def opt(value: str | None) -> str:
        return escape_md_inline(value) if value else "—"

    def day(value: date | None) -> str:
        return value.isoformat() if value is not None else "—"

    return [
        f"# Release {escape_md_inline(r.name)}",
        "",
        "| Field | Value |",
        "| --- | --- |",
        f"| Template | {escape_md_inline(r.template_title)} ({escape_md_inline(r.template_id)}"
        f" v{r.template_version}) |",
        f"| Environment | {opt(r.environment)} |",
        f"| Target go-live | {day(r.target_date)} |",
        f"| Actual go-live | {day(r.golive_date)} |",
        f"| Generated at | {generated_at.isoformat(timespec='seconds')} |",
    ]


def _summary(items: Iterable[ReleaseItem]) -> list[str]:
    items = list(items)
    total = item_progress(items)
    blocking = len(open_blocking(items))
    lines = [
        "",
        f"**{total.label} closed ({_fmt_percent(total)})** · {blocking} open blocking",
        "",
        "## Progress by category",
        "",
        "| Category | Done | N/A | Open | Progress | % |",
        "| --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for node in category_progress(items):
        p = node.progress
        lines.append(
            f"| {escape_md_inline(node.title)} | {p.done} | {p.na} | {p.open} "
            f"| {_bar(p)} | {_fmt_percent(p)} |"
        )
    lines += ["", "## Open blocking items", ""]
    open_items = open_blocking(items)
    if not open_items:
        lines.append("None.")
    for item in open_items:
        parts = [
            escape_md_inline(item.group_title),
            _owner(item.owner) if item.owner else "unassigned",
            STATUS_LABELS[item.status].lower(),
        ]
        lines.append(f"- **{escape_md_inline(item.text)}** — " + " · ".join(parts))
    lines += ["", "## Item status", ""]
    if not items:
        lines.append("No items.")
        return lines
    lines += ["```mermaid", "pie showData title Item status"]
    for status, count in status_counts(items).items():
        if count:
            lines.append(f'    "{STATUS_LABELS[status]}" : {count}')
    lines.append("```")
    return lines


def release_to_markdown(
    view: ReleaseView, *, generated_at: datetime, stale_days: int = DEFAULT_STALE_DAYS
) -> str:
    """The whole release as one Markdown document (ends with a newline)."""
    active = view.active_items
    lines = _header(view, generated_at)
    lines += _summary(active)
    for category in item_tree(active):
        lines += ["", f"## {escape_md_inline(category.title)}"]
        for group in category.groups:
            p = item_progress(group.items)
            lines += ["", f"### {escape_md_inline(group.title)} ({p.label})", ""]
            for item in group.items:
                lines += _item_lines(item, generated_at, stale_days)
    archived = sorted((i for i in view.items if i.archived), key=lambda i: i.position)
    if archived:
        lines += ["", "## Archived items (removed from the template)", ""]
        for item in archived:
            where = f"{escape_md_inline(item.category_title)} \u203a {escape_md_inline(item.group_title)}"
            lines += _item_lines(item, generated_at, stale_days, where=where)
    return "\n".join(lines) + "\n"
