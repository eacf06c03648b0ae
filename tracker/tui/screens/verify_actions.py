"""The release screen's verification commands: check the item, its group or the whole release
against the Databricks workspace.

A run is a thread worker: the service runs the checks concurrently and calls back with each
result as it arrives; the worker posts one message per result (the item's badge changes at once,
from the unsaved result) and one final message with the stored items (the result ids, evidence
links the checks attached). Keys keep working meanwhile. Failures (no credentials, an unreachable
workspace, a database error) become notifications; an ERROR result is never shown as a pass.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from textual import on, work
from textual.message import Message

from tracker.domain.enums import CheckOutcome
from tracker.domain.models import CheckResult, ReleaseItem
from tracker.errors import TrackerError
from tracker.tui.screens.release_parts import ReleaseScreenParts
from tracker.tui.widgets.checklist_tree import NodeRef

if TYPE_CHECKING:
    from tracker.tui.widgets.verify_progress import VerifyProgress

log = logging.getLogger(__name__)


class _Result(Protocol):
    @property
    def outcome(self) -> CheckOutcome: ...
    @property
    def message(self) -> str: ...
    @property
    def link(self) -> str | None: ...
    @property
    def facts(self) -> dict[str, object]: ...


class _Run(Protocol):
    """What the service's ``on_result`` passes: one check's result (not stored yet)."""

    @property
    def item_key(self) -> str: ...
    @property
    def check_id(self) -> str: ...
    @property
    def result(self) -> _Result: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def duration_ms(self) -> int: ...


@dataclass(frozen=True, slots=True)
class VerifyOutcome:
    """A finished run: what was stored, or why nothing was."""

    counts: dict[CheckOutcome, int]
    duration_ms: int
    items: tuple[ReleaseItem, ...] = ()
    errors: tuple[str, ...] = ()
    """The messages of ERROR results."""
    failure: str | None = None
    not_reached: str | None = None
    """The one cause when the workspace was never reached (every check is ERROR with it)."""
    warnings: tuple[str, ...] = ()
    """Misconfigured release variables and what matched nothing (``variable_warnings``)."""


class VerifyStarted(Message):
    def __init__(self, run: int, total: int) -> None:
        super().__init__()
        self.run, self.total = run, total


class VerifyResult(Message):
    """One check's result, as it arrives (``result.id`` is 0: not stored yet)."""

    def __init__(self, run: int, release_id: int, result: CheckResult) -> None:
        super().__init__()
        self.run, self.release_id, self.result = run, release_id, result


class VerifyFinished(Message):
    def __init__(self, run: int, release_id: int, outcome: VerifyOutcome) -> None:
        super().__init__()
        self.run, self.release_id, self.outcome = run, release_id, outcome


class ChecksLoaded(Message):
    """An item's stored check results, oldest first (for the detail pane)."""

    def __init__(self, key: str, results: Sequence[CheckResult]) -> None:
        super().__init__()
        self.key, self.results = key, results


OUTCOME_WORDS = {
    CheckOutcome.PASS: "pass",
    CheckOutcome.FAIL: "FAIL",
    CheckOutcome.ERROR: "error",
    CheckOutcome.SKIPPED: "skipped",
    CheckOutcome.MANUAL_REVIEW: "to review",
}


def notice(outcome: VerifyOutcome) -> tuple[str, str, str]:
    """(title, message, severity) of the notification at the end of a run."""
    if outcome.failure is not None:
        return "Verification failed", outcome.failure, "error"
    if outcome.not_reached is not None:  # the same single line as `tracker verify` prints
        return "Workspace not reached", outcome.not_reached, "error"
    counts = outcome.counts
    total = sum(counts.values())
    parts = [f"{n} {OUTCOME_WORDS[o]}" for o, n in counts.items() if n]
    summary = f"{total} check{'' if total == 1 else 's'}: " + ", ".join(parts)
    errors = counts.get(CheckOutcome.ERROR, 0)
    if errors and errors == total and len(set(outcome.errors)) == 1:
        # Every check failed the same way: a credentials or network problem, say it plainly.
        return "Could not verify", outcome.errors[0], "error"
    if outcome.warnings:  # the same lines as `tracker release show` lists
        shown = "\n".join(f"! {w}" for w in outcome.warnings[:3])
        more = len(outcome.warnings) - 3
        summary += f"\n{shown}" + (
            f"\n… and {more} more (tracker release show)" if more > 0 else ""
        )
    if counts.get(CheckOutcome.FAIL, 0):
        return "Verification: some checks FAILED", summary, "error"
    if errors:
        common = Counter(outcome.errors).most_common(1)[0][0] if outcome.errors else ""
        return "Verification: some checks could not tell", f"{summary}\n{common}", "warning"
    if outcome.warnings:
        return "Verified, with configuration warnings", summary, "warning"
    return "Verified", summary, "information"


class VerifyActions(ReleaseScreenParts):
    """Base of ``ReleaseScreen``: the verify commands and the badges' freshness settings."""

    _verify_run = 0
    _verify_active = False
    _running_keys: frozenset[str] = frozenset()

    # --- set-up ---
    def setup_verification(self) -> None:
        """Let the tree and the detail pane mark stale results (called once, on mount)."""
        from tracker.config import stale_after_days

        days = stale_after_days()
        for widget in (self.checklist, self.detail):
            widget.now = self.ctx.clock.now
            widget.stale_days = days

    @property
    def verifying(self) -> bool:
        """A verification run is in progress (until its results are stored and shown)."""
        return self._verify_active

    # --- commands ---
    async def action_verify_item(self) -> None:
        ref = self.checklist.cursor_ref
        if ref is None:
            return
        if ref.kind != "item":
            await self._verify_node(ref)
            return
        item = self.items.get(ref.key)
        if item is None:
            return
        if item.check is None:
            self.notify(
                f"“{item.text}” has no automated check: tick it by hand, with evidence.",
                timeout=4,
            )
            return
        await self.start_verification([item.key], f"“{_short(item.text)}”", item_refs=(item.key,))

    async def action_verify_group(self) -> None:
        ref = self.checklist.cursor_ref
        if ref is None:
            return
        if ref.kind == "item":
            item = self.items.get(ref.key)
            if item is None:
                return
            ref = NodeRef("group", item.group_key)
        await self._verify_node(ref)

    async def _verify_node(self, ref: NodeRef) -> None:
        members = self.checklist.items_under(ref)
        if not members:
            return
        title, key = self.checklist.node_title(ref), ref.key
        keys = [i.key for i in members if i.check is not None]
        if not keys:
            self.notify(f"No item of “{title}” has an automated check.", timeout=4)
            return
        await self.start_verification(keys, f"“{_short(title)}”", group=key)

    async def action_verify_release(self) -> None:
        keys = [i.key for i in self.items.values() if i.check is not None]
        if not keys:
            self.notify("No item of this release has an automated check.", timeout=4)
            return
        await self.start_verification(keys, self.release.name)

    async def start_verification(
        self,
        keys: Sequence[str],
        what: str,
        *,
        item_refs: Sequence[str] = (),
        group: str | None = None,
    ) -> None:
        if self._verify_active:
            self.notify("A verification is already running; it goes on while you work.", timeout=3)
            return
        self._verify_run += 1
        self._verify_active = True
        self._set_running(keys)
        progress = await self._progress()
        progress.start(what, len(keys))
        self._verify_worker(
            self._verify_run, self.release.id, self.release.name, tuple(item_refs), group
        )

    async def _progress(self) -> VerifyProgress:
        from tracker.tui.widgets.verify_progress import VerifyProgress

        found = self.query(VerifyProgress)
        if found:
            return found.first()
        progress = VerifyProgress(id="verify-progress")
        await self.mount(progress, before="#status-line")
        return progress

    def _set_running(self, keys: Sequence[str]) -> None:
        self._running_keys = frozenset(keys)
        self.checklist.set_running(self._running_keys)
        self.detail.running = self._running_keys
        self._refresh_detail_item()

    def _refresh_detail_item(self) -> None:
        key = self.detail.item_key
        item = self.items.get(key) if key is not None else None
        if item is not None:
            self.detail.show_item(item, self.ctx.clock.today(), self.ctx.clock.tz)
        elif key is None:
            self._show_detail()  # a group or category: its verification counts

    # --- the run ---
    @work(thread=True, exclusive=True, group="verify", exit_on_error=False)
    def _verify_worker(
        self,
        run: int,
        release_id: int,
        release: str,
        item_refs: tuple[str, ...],
        group: str | None,
    ) -> None:
        service = self.ctx.service
        actor = self.ctx.actor

        def started(total: int) -> None:
            self.post_message(VerifyStarted(run, total))

        def arrived(check: _Run) -> None:
            res = check.result
            self.post_message(
                VerifyResult(
                    run,
                    release_id,
                    CheckResult(
                        id=0,
                        item_key=check.item_key,
                        check_id=check.check_id,
                        outcome=res.outcome,
                        message=res.message,
                        started_at=check.started_at,
                        actor=actor,
                        duration_ms=check.duration_ms,
                        link=res.link,
                        facts=dict(res.facts),
                    ),
                )
            )

        try:
            report = service.verify(
                release,
                item_refs=item_refs,
                group=group,
                on_start=started,
                on_result=arrived,
            )
            keys = [v.item_key for v in report.items]
            stored = service.items_by_keys(release_id, keys)
            warnings = tuple(service.variable_warnings(release))
        except TrackerError as exc:
            outcome = VerifyOutcome({}, 0, failure=str(exc))
        except Exception as exc:  # never crash the app: say what happened
            log.exception("verification of %s failed", release)
            outcome = VerifyOutcome({}, 0, failure=f"{type(exc).__name__}: {exc}")
        else:
            outcome = VerifyOutcome(
                counts=dict(report.counts),
                duration_ms=report.duration_ms,
                items=tuple(stored),
                errors=tuple(
                    v.result.message for v in report.items if v.outcome is CheckOutcome.ERROR
                ),
                not_reached=report.not_reached,
                warnings=warnings,
            )
        self.post_message(VerifyFinished(run, release_id, outcome))

    @on(VerifyStarted)
    async def _verify_started(self, message: VerifyStarted) -> None:
        if message.run == self._verify_run:
            (await self._progress()).begin(message.total)

    @on(VerifyResult)
    async def _verify_result(self, message: VerifyResult) -> None:
        if message.run != self._verify_run:
            return
        result = message.result
        (await self._progress()).advance(result.outcome)
        if message.release_id != self.release.id:
            return  # another release was opened meanwhile
        self._running_keys = self._running_keys - {result.item_key}
        self.checklist.set_running(self._running_keys)
        self.detail.running = self._running_keys
        item = self.items.get(result.item_key)
        if item is not None:
            self.apply_items([replace(item, latest_check=result)])
            if self.detail.item_key is None:
                self._show_detail()

    @on(VerifyFinished)
    async def _verify_finished(self, message: VerifyFinished) -> None:
        if message.run != self._verify_run:
            return
        outcome = message.outcome
        failed = outcome.failure is not None
        (await self._progress()).finish(None if failed else outcome.counts, outcome.duration_ms)
        self._verify_active = False
        self._set_running(())
        if message.release_id == self.release.id:
            self.apply_items(self._merge(outcome.items))
            self._show_detail()  # also reloads the item's result history
        title, text, severity = notice(outcome)
        self.notify(text, title=title, severity=severity, timeout=8 if failed else 6)  # type: ignore[arg-type]

    def _merge(self, stored: Sequence[ReleaseItem]) -> list[ReleaseItem]:
        """Stored items, unless this screen holds a newer version (a change made during the
        run): then only their check result and evidence are taken."""
        merged = []
        for item in stored:
            shown = self.items.get(item.key)
            if shown is None or item.archived:
                continue
            if item.row_version >= shown.row_version:
                merged.append(item)
            else:
                merged.append(replace(shown, latest_check=item.latest_check))
        return merged

    # --- the detail pane's result history ---
    @on(ChecksLoaded)
    def _checks_loaded(self, message: ChecksLoaded) -> None:
        self.detail.show_check_history(message.key, message.results, self.ctx.clock.tz)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
