"""The detail pane beside the checklist: the item's text, state, evidence, guidance, history."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from tracker.domain.clock import to_local
from tracker.domain.enums import ItemStatus
from tracker.domain.events import event_subject, evidence_text
from tracker.domain.models import AuditEvent, CheckResult, ReleaseItem
from tracker.domain.progress import is_overdue, item_progress, open_blocking
from tracker.tui.check_text import (
    check_history,
    check_section,
    checks_summary,
    config_warnings_text,
    warnings_for,
)
from tracker.tui.detail_text import action_link, evidence_section, inert, notes_section
from tracker.tui.labels import STATUS_GLYPH, STATUS_LABEL

if TYPE_CHECKING:
    from textual.widgets import Markdown

STATUS_STYLE = {
    ItemStatus.TODO: "",
    ItemStatus.IN_PROGRESS: "$warning",
    ItemStatus.BLOCKED: "bold $error",
    ItemStatus.DONE: "$success",
    ItemStatus.NA: "$text-muted",
}
GUIDANCE_DELAY = 0.06
"""Seconds the cursor must rest before guidance is rendered (Markdown is the costly part)."""


def history_line(event: AuditEvent, tz: tzinfo) -> Content:
    """``2025-03-14 09:30  ana  status: todo → done``."""
    when = to_local(event.at, tz).strftime("%Y-%m-%d %H:%M")
    old = event.old_value if event.old_value is not None else "—"
    new = event.new_value if event.new_value is not None else "—"
    what = event.action.replace("evidence.", "evidence ")
    if event.occurrence_due is not None:  # a task event: name the day it changed
        what = f"{event_subject(event)} {what}"
    if event.action == "evidence.add":
        change = f"+ {evidence_text(event.new_value)}"
    elif event.action == "evidence.remove":
        change = f"− {evidence_text(event.old_value)}"  # noqa: RUF001
    else:
        change = f"{old} → {new}"
    if len(change) > 120:
        change = change[:119] + "…"
    return Content.assemble(
        (when, "$text-muted"),
        "  ",
        (event.actor, "bold"),
        "  ",
        (what, "$accent"),
        ": ",
        change,
    )


def _rows(content: Content | str, width: int) -> int | None:
    """Rows the text takes at ``width``, or None when a line would wrap (then only a layout
    pass knows)."""
    text = content.plain if isinstance(content, Content) else content
    if not text:
        return 0
    lines = text.split("\n")
    if width <= 0 or any(cell_len(line) > width for line in lines):
        return None
    return len(lines)


def _with_warnings(section: Content, warnings: Sequence[str]) -> Content:
    if not warnings:
        return section
    shown = config_warnings_text(warnings)
    return Content("\n\n").join([section, shown]) if section.plain else shown


class ItemDetail(VerticalScroll, can_focus=True):
    """Shows one item, or a summary of a group or category. Reads only what it is given."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._guidance: Markdown | None = None
        self._guidance_timer: Timer | None = None
        self._pending_guidance: str | None = None
        self._guidance_lock = asyncio.Lock()
        self._shown_guidance: str | None = None
        self.item_key: str | None = None
        self._shown: dict[str, Content | str] = {}
        self.now: Callable[[], datetime] | None = None
        """The clock's ``now`` and the freshness window: stale results are marked."""
        self.stale_days: int | None = None
        self.running: frozenset[str] = frozenset()
        """Items whose checks are running now."""
        self.config_warnings: tuple[str, ...] = ()
        """The release's configuration warnings: with the verification part, before any run."""

    def _set(self, name: str, content: Content | str) -> None:
        """Update one part only if it changed; re-layout only if its line count changed.

        Keeps a toggle's repaint to the few lines that differ (see bench/bench_tui.py).
        """
        content = inert(content)
        previous = self._shown.get(name)
        if previous is not None and type(previous) is type(content) and previous == content:
            return
        self._shown[name] = content
        static = self.query_one(f"#detail-{name}", Static)
        width = static.content_region.width
        rows = _rows(content, width)
        same_height = previous is not None and rows is not None and rows == _rows(previous, width)
        static.update(content, layout=not same_height)

    def compose(self) -> ComposeResult:
        yield Static(id="detail-head")
        yield Static(id="detail-fields")
        yield Static(id="detail-check")
        yield Static(id="detail-check-history")
        yield Static(id="detail-evidence")
        yield Static(id="detail-notes")
        yield Static(id="detail-guidance-title", classes="detail-section")
        yield Static(id="detail-history-title", classes="detail-section")
        yield Static(id="detail-history")

    # --- items ---
    def show_item(self, item: ReleaseItem, today: date, tz: tzinfo) -> None:
        changed_item = item.key != self.item_key
        self.item_key = item.key
        self._set("head", self._head(item))
        self._set("fields", self._fields(item, today, tz))
        section = check_section(
            item,
            tz,
            now=self.now() if self.now is not None else None,
            stale_days=self.stale_days,
            running=item.key in self.running,
        )
        self._set_check("check", _with_warnings(section, warnings_for(item, self.config_warnings)))
        if changed_item or item.latest_check is None:
            self._set_check("check-history", "")
        self._set("evidence", evidence_section(item.evidence))
        self._set("notes", notes_section(item.notes))
        self._set("guidance-title", Content.styled("Guidance", "bold") if item.guidance else "")
        self._set("history-title", Content.styled("History", "bold"))
        if changed_item:
            self._set("history", Content.styled("…", "$text-muted"))
            self.scroll_home(animate=False)
        self._schedule_guidance(item.guidance or "")

    def _set_check(self, name: str, content: Content | str) -> None:
        """A verification part: hidden (no blank margin) when empty."""
        self._set(name, content)
        static = self.query_one(f"#detail-{name}", Static)
        shown = bool(content.plain if isinstance(content, Content) else content)
        if static.display != shown:
            static.display = shown

    def show_check_history(self, key: str, results: Sequence[CheckResult], tz: tzinfo) -> None:
        """The item's stored check results, newest first (loaded after the cursor rests)."""
        if key == self.item_key:
            self._set_check("check-history", check_history(results, tz) if len(results) > 1 else "")

    def show_history(self, key: str, events: Sequence[AuditEvent], tz: tzinfo) -> None:
        if key != self.item_key:
            return
        lines = [history_line(e, tz) for e in reversed(events)] or [
            Content.styled("no changes yet", "$text-muted")
        ]
        self._set("history", Content("\n").join(lines))

    def _head(self, item: ReleaseItem) -> Content:
        severity = (
            Content.styled("blocking", "bold $error")
            if item.is_blocking
            else Content.styled("advisory", "$text-muted")
        )
        parts: list[Content | str | tuple[str, str]] = [
            (item.text, "bold"),
            "\n",
            (item.key, "$text-muted"),
            "  ·  ",
            f"{item.category_title} › {item.group_title}",  # noqa: RUF001
            "  ·  ",
            severity,
        ]
        if item.optional:
            parts += ["  ·  ", ("optional", "italic $warning")]
            if item.condition:
                parts += [" ", (f"({item.condition})", "$text-muted")]
        return Content.assemble(*parts)

    def _fields(self, item: ReleaseItem, today: date, tz: tzinfo) -> Content:
        status = Content.styled(
            f"{STATUS_GLYPH[item.status]} {STATUS_LABEL[item.status]}", STATUS_STYLE[item.status]
        )
        rows: list[Content | str | tuple[str, str]] = [
            ("Status  ", "bold"),
            status,
            " ",
            action_link("change", "set_status"),
            "\n",
        ]
        if item.status is ItemStatus.NA and item.na_reason is not None:
            reason = item.na_reason.value.replace("_", " ")
            rows += [("N/A     ", "bold"), f"{reason}: {item.na_note or ''}", "\n"]
        owner = f"@{item.owner}" if item.owner else "unassigned"
        rows += [
            ("Owner   ", "bold"),
            (owner, "" if item.owner else "$text-muted"),
            " ",
            action_link("assign", "assign_owner"),
            "\n",
        ]
        if item.due_date is None:
            due: Content | str | tuple[str, str] = ("none", "$text-muted")
        elif is_overdue(item, today):
            due = (f"{item.due_date.isoformat()} (overdue)", "bold $error")
        else:
            due = item.due_date.isoformat()
        rows += [("Due     ", "bold"), due, " ", action_link("set", "set_due_date")]
        if item.updated_by and item.updated_at:
            when = to_local(item.updated_at, tz).strftime("%Y-%m-%d %H:%M")
            rows += [
                "\n",
                (f"changed {when} by {item.updated_by} · v{item.row_version}", "$text-muted"),
            ]
        return Content.assemble(*rows)

    # --- groups and categories ---
    def show_node(self, title: str, items: Sequence[ReleaseItem]) -> None:
        self.item_key = None
        progress = item_progress(items)
        blocking = open_blocking(items)
        self._set(
            "head",
            Content.assemble((title, "bold"), "\n", (f"{progress.label} closed", "$text-muted")),
        )
        lines: list[Content | str | tuple[str, str]] = [
            f"done {progress.done} · N/A {progress.na} · in progress {progress.in_progress} · "
            f"blocked {progress.blocked} · todo {progress.todo}",
        ]
        if blocking:
            lines += ["\n\n", (f"Open blocking ({len(blocking)})", "bold $error")]
            for item in blocking:
                lines += [
                    "\n",
                    f"{STATUS_GLYPH[item.status]} {item.text}",
                    (f"  @{item.owner}" if item.owner else "", "$text-muted"),
                ]
        self._set("fields", Content.assemble(*lines))
        self._set_check("check", _with_warnings(checks_summary(items), self.config_warnings))
        self._set_check("check-history", "")
        for name in ("evidence", "notes", "guidance-title", "history-title", "history"):
            self._set(name, "")
        self._schedule_guidance("")

    def show_empty(self, message: str) -> None:
        self.item_key = None
        self._set("head", Content.styled(message, "$text-muted"))
        self._set_check("check", "")
        self._set_check("check-history", "")
        for name in ("fields", "evidence", "notes", "guidance-title", "history-title", "history"):
            self._set(name, "")
        self._schedule_guidance("")

    # --- guidance (Markdown, rendered lazily) ---
    def _schedule_guidance(self, markdown: str) -> None:
        self._pending_guidance = markdown
        if self._guidance_timer is not None:
            self._guidance_timer.stop()
        self._guidance_timer = self.set_timer(GUIDANCE_DELAY, self._render_guidance)

    async def _render_guidance(self) -> None:
        # One at a time: a second call while the first awaits the Markdown's mount would
        # update a widget that is not mounted yet.
        async with self._guidance_lock:
            text = self._pending_guidance or ""
            if text == self._shown_guidance:
                return
            self._shown_guidance = text
            if self._guidance is None:
                if not text:
                    return
                # Imported on first use: Markdown and its highlighter cost start-up time.
                from textual.widgets import Markdown

                self._guidance = Markdown(id="detail-guidance")
                await self.mount(self._guidance, after="#detail-guidance-title")
            if not self._guidance.is_mounted:
                return  # the app is closing: the mount did not happen
            self._guidance.display = bool(text)
            await self._guidance.update(text)

    def flush_guidance(self) -> None:
        """Render pending guidance now (tests and snapshots)."""
        if self._guidance_timer is not None:
            self._guidance_timer.stop()
        self.call_later(self._render_guidance)
