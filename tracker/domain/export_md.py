"""Export one release as GitHub-flavoured Markdown: a report a reviewer can read in a pull request.

The raw file reads cleanly: user text is escaped only where its context needs it (``md_inline``),
so ``churn-2026-q4`` and ``Infrastructure & Security`` stay as typed. Item texts keep their
inline Markdown (links, code, emphasis) when it is safe; names, notes and titles are literal.
Nothing a user typed can open a checkbox, heading, table row, raw HTML or a non-http(s) link, or
close the mermaid block: the only lines that start with ``- [`` are the items' own checkboxes.

Owners are plain names unless ``mentions`` (``@ana`` pings people when pasted into GitHub). N/A
items are closed boxes, like done ones, so GitHub's task count matches the release's progress.
``summary`` gives a one-screen version for a PR description, with the full list in
``<details>``. ``md_import`` reads this document back (``md_format`` is their shared vocabulary).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from urllib.parse import quote, urlsplit

from tracker.domain import md_format as fmt
from tracker.domain.enums import CheckOutcome, ItemStatus
from tracker.domain.md_format import NA_REASON_LABELS, STATUS_LABELS
from tracker.domain.md_inline import literal, one_line, safe_inline
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

__all__ = [
    "CHECK_BADGES",
    "NA_REASON_LABELS",
    "STATUS_LABELS",
    "escape_md_block",
    "escape_md_inline",
    "release_to_markdown",
]

CHECK_BADGES: dict[CheckOutcome, str] = {
    CheckOutcome.PASS: "✅ PASS",
    CheckOutcome.FAIL: "❌ FAIL",
    CheckOutcome.ERROR: "⚠️ ERROR",
    CheckOutcome.SKIPPED: "⏭ SKIPPED",
    CheckOutcome.MANUAL_REVIEW: "👀 MANUAL_REVIEW",
}

BAR_CELLS = 10
SUMMARY_OPEN_BLOCKING = 10  # open blocking items listed in --summary before "… and N more"
_LINK_TEXT_SPECIAL = re.compile(r"([\\`*_\[\]<>!~|&])")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def escape_md_inline(text: str) -> str:
    """``text`` as literal Markdown on one line, safe in a table cell too (``|`` escaped)."""
    return literal(text, table=True)


def escape_md_block(text: str) -> str:
    """Multi-line ``text`` as a blockquote whose every line is literal text.

    Leading whitespace is dropped so that no line turns into an indented code block; bare URLs
    stay bare, so GitHub makes them clickable.
    """
    lines = [line.strip() for line in _LINE_BREAKS.split(text.strip())]
    return "\n".join(f"> {literal(line, table=True)}" if line else ">" for line in lines)


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


def link_text(text: str) -> str:
    """Literal text inside ``[...]``: brackets and markup escaped, nothing else."""
    text = one_line(text)
    return _LINK_TEXT_SPECIAL.sub(r"\\\1", text) if _LINK_TEXT_SPECIAL.search(text) else text


def _heading(text: str) -> str:
    out = safe_inline(text)
    return literal(text, heading=True) if out.rstrip().endswith("#") else out


def _bar(progress: Progress) -> str:
    filled = int(progress.fraction * BAR_CELLS)
    return "█" * filled + "░" * (BAR_CELLS - filled)


def _owner(handle: str, mentions: bool) -> str:
    name = literal(handle.strip().removeprefix("@"), table=True)
    return f"@{name}" if mentions else name


def _check_badge(result: CheckResult) -> str:
    return CHECK_BADGES.get(result.outcome, literal(str(result.outcome)))


def _evidence_line(ev: Evidence, mentions: bool) -> str:
    url = _safe_url(ev.url)
    title = link_text(ev.title or ev.url)
    link = f"[{title}]({url})" if url is not None else f"{title} ({link_text(ev.url)})"
    by = f" by {_owner(ev.added_by, mentions)}" if ev.added_by.strip() else ""
    # "🔗" keeps evidence bullets apart from checkboxes: only items' lines start with "- [".
    return f"- 🔗 {link} — added{by} on {ev.added_at.date().isoformat()}"


def _na_part(item: ReleaseItem) -> str:
    reason = NA_REASON_LABELS.get(item.na_reason) if item.na_reason else None
    part = fmt.NA_MARK + (f" ({reason})" if reason else "")
    if item.na_note and item.na_note.strip():
        part += f": {literal(item.na_note)}"
    return part


def _item_metadata(item: ReleaseItem, now: datetime, stale_days: int, mentions: bool) -> list[str]:
    meta: list[str] = []
    if item.status in (ItemStatus.IN_PROGRESS, ItemStatus.BLOCKED):
        meta.append(f"*({STATUS_LABELS[item.status].lower()})*")
    if item.is_open and not item.archived:
        meta.append(fmt.BLOCKING_MARK if item.is_blocking else fmt.ADVISORY_MARK)
        if item.optional:
            cond = f": {literal(item.condition)}" if item.condition else ""
            meta.append(f"*optional{cond}*")
    if item.owner:
        meta.append(f"owner {_owner(item.owner, mentions)}")
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
    if item.status is ItemStatus.NA:
        meta.append(_na_part(item))  # last: its note is free text
    return meta


def _item_lines(
    item: ReleaseItem,
    now: datetime,
    stale_days: int,
    mentions: bool,
    *,
    where: str | None = None,
) -> list[str]:
    # N/A is closed, like done: GitHub's task count then matches the release's progress.
    box = "[x]" if item.status in (ItemStatus.DONE, ItemStatus.NA) else "[ ]"
    text = safe_inline(item.text) or "(untitled)"
    # The id first: people refer to items by it, and the importer keeps it.
    meta = [f"`{item.key}`", *_item_metadata(item, now, stale_days, mentions)]
    if where:
        meta.insert(0, where)
    lines = [f"- {box} {text}{fmt.META_SEPARATOR}{fmt.PART_SEPARATOR.join(meta)}"]
    lines.extend("  " + _evidence_line(ev, mentions) for ev in item.evidence)
    if item.notes and item.notes.strip():
        lines.extend("  " + q for q in escape_md_block(item.notes).split("\n"))
    return lines


def _header(view: ReleaseView, generated_at: datetime) -> list[str]:
    r = view.release

    def opt(value: str | None) -> str:
        return literal(value, table=True) if value else "—"

    def day(value: date | None) -> str:
        return value.isoformat() if value is not None else "—"

    return [
        f"# Release {literal(r.name, heading=True)}",
        "",
        "| Field | Value |",
        "| --- | --- |",
        f"| Template | {literal(r.template_title, table=True)} ({literal(r.template_id, table=True)}"
        f" v{r.template_version}) |",
        f"| Environment | {opt(r.environment)} |",
        f"| Target go-live | {day(r.target_date)} |",
        f"| Actual go-live | {day(r.golive_date)} |",
        f"| Generated at | {generated_at.isoformat(timespec='seconds')} |",
    ]


def _open_blocking_line(item: ReleaseItem, mentions: bool) -> str:
    owner = f"owner {_owner(item.owner, mentions)}" if item.owner else "unassigned"
    due = f" · due {item.due_date.isoformat()}" if item.due_date else ""
    status = STATUS_LABELS[item.status].lower()
    # The id first (a code span), so no text can turn the bullet into a checkbox.
    return f"- `{item.key}` {safe_inline(item.text)} — {owner}{due} · {status}"


def _overview(items: list[ReleaseItem], mentions: bool, limit: int | None) -> list[str]:
    total = item_progress(items)
    blocking = open_blocking(items)
    lines = [
        "",
        f"**{total.label} closed ({total.percent}%)** · {len(blocking)} open blocking",
        "",
        "## Progress by category",
        "",
        "| Category | Done | N/A | Open | Progress | % |",
        "| --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for node in category_progress(items):
        p = node.progress
        lines.append(
            f"| {safe_inline(node.title, table=True)} | {p.done} | {p.na} | {p.open} "
            f"| {_bar(p)} | {p.percent}% |"
        )
    lines += ["", "## Open blocking items", ""]
    if not blocking:
        lines.append("None.")
    shown = blocking if limit is None else blocking[:limit]
    lines += [_open_blocking_line(item, mentions) for item in shown]
    if len(shown) < len(blocking):
        lines.append(f"- … and {len(blocking) - len(shown)} more (in the full checklist)")
    return lines


def _status_pie(items: list[ReleaseItem]) -> list[str]:
    lines = ["", "## Item status", ""]
    if not items:
        return [*lines, "No items."]
    lines += ["```mermaid", "pie showData title Item status"]
    for status, count in status_counts(items).items():
        if count:
            lines.append(f'    "{STATUS_LABELS[status]}" : {count}')
    return [*lines, "```"]


def _checklist(
    view: ReleaseView, active: Iterable[ReleaseItem], now: datetime, stale_days: int, mentions: bool
) -> list[str]:
    lines: list[str] = []
    for category in item_tree(active):
        lines += ["", f"## {_heading(category.title)}"]
        for group in category.groups:
            p = item_progress(group.items)
            lines += ["", f"### {_heading(group.title)} ({p.label})", ""]
            for item in group.items:
                lines += _item_lines(item, now, stale_days, mentions)
    archived = sorted((i for i in view.items if i.archived), key=lambda i: i.position)
    if archived:
        lines += ["", f"## {fmt.ARCHIVED_SECTION}", ""]
        for item in archived:
            where = f"{literal(item.category_title)} \u203a {literal(item.group_title)}"
            lines += _item_lines(item, now, stale_days, mentions, where=where)
    return lines


def release_to_markdown(
    view: ReleaseView,
    *,
    generated_at: datetime,
    stale_days: int = DEFAULT_STALE_DAYS,
    mentions: bool = False,
    summary: bool = False,
    gonogo: str = "",
) -> str:
    """The whole release as one Markdown document (ends with a newline).

    ``mentions`` writes owners as ``@handle``; ``summary`` keeps the first screen short (the
    first open blocking items, no chart) and folds the checklist into ``<details>``. ``gonogo``
    (the sign-off and waiver sections) goes after the overview in a summary, else at the end.
    """
    extra = ["", gonogo.strip("\n")] if gonogo.strip() else []
    active = list(view.active_items)
    lines = _header(view, generated_at)
    lines += _overview(active, mentions, SUMMARY_OPEN_BLOCKING if summary else None)
    checklist = _checklist(view, active, generated_at, stale_days, mentions)
    if summary:
        count = len(view.items)
        lines += [*extra, "", f"<details><summary>Full checklist ({count} items)</summary>"]
        lines += [*checklist, "", "</details>"]
    else:
        lines += [*_status_pie(active), *checklist, *extra]
    return "\n".join(lines) + "\n"
