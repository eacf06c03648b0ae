"""Verification from the release screen: check an item, a group or the whole release against
the Databricks workspace.

A run is a thread worker: the service runs the checks concurrently and calls back with each
result as it arrives (``CheckArrived``, a domain type); the worker posts one message per result
(the item's badge changes at once, from the unsaved result) and one final message with the
stored items (the result ids, evidence links the checks attached). Keys keep working meanwhile.
Failures (no credentials, an unreachable workspace, a database error) become notifications; an
ERROR result is never shown as a pass. What the screen draws is posted up to it as
``RunningChanged`` and ``ItemsChanged``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message

from tracker.domain.enums import CheckOutcome
from tracker.domain.models import CheckResult, ReleaseItem
from tracker.errors import TrackerError
from tracker.tui.context import AppContext
from tracker.tui.controllers.base import Controller
from tracker.tui.messages import DetailRedraw, ItemsChanged, RunningChanged
from tracker.tui.release_state import ReleaseState
from tracker.tui.verify_outcome import VerifyOutcome, notice, short

if TYPE_CHECKING:
    from tracker.domain.verification import CheckArrived  # (its module is not on the start-up path)
    from tracker.tui.widgets.checklist_tree import ChecklistTree
    from tracker.tui.widgets.item_detail import ItemDetail
    from tracker.tui.widgets.verify_progress import VerifyProgress

log = logging.getLogger(__name__)


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


class ConfigWarnings(Message):
    """The release's configuration warnings (``variable_warnings``), to show before a run."""

    def __init__(self, release_id: int, warnings: tuple[str, ...]) -> None:
        super().__init__()
        self.release_id, self.warnings = release_id, warnings


def unstored_result(check: CheckArrived, actor: str) -> CheckResult:
    """A check's result as it arrives, before it is stored (id 0)."""
    found = check.result
    return CheckResult(
        id=0,
        item_key=check.item_key,
        check_id=check.check_id,
        outcome=found.outcome,
        message=found.message,
        started_at=check.started_at,
        actor=actor,
        duration_ms=check.duration_ms,
        link=found.link,
        facts=dict(found.facts),
    )


def mark_stale_results(ctx: AppContext, *widgets: ChecklistTree | ItemDetail) -> None:
    """Let the tree and the detail pane mark results older than the settings allow."""
    from tracker.config import stale_after_days

    days = stale_after_days()
    for widget in widgets:
        widget.now = ctx.clock.now
        widget.stale_days = days


class Verifier(Controller):
    """Runs one verification at a time; ``mount_progress`` puts its progress bar on screen
    (made on first use). Keeps the release's configuration warnings in ``detail``."""

    def __init__(
        self,
        ctx: AppContext,
        state: ReleaseState,
        mount_progress: Callable[[VerifyProgress], Awaitable[object]],
        detail: ItemDetail,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state
        self.mount_progress = mount_progress
        self.detail = detail
        self._progress: VerifyProgress | None = None
        self.run_number = 0
        self.active = False
        """A run is in progress (until its results are stored and shown)."""
        self.running: frozenset[str] = frozenset()
        self.warnings: tuple[str, ...] = ()
        """The open release's configuration warnings, as last read (before and after runs)."""
        self._warned_for: tuple[object, ...] = ()

    def on_mount(self) -> None:
        self.set_interval(self.ctx.poll_interval, self.check_variables, name="warnings")
        # After the first paint: the check registry it reads (~80 modules) would hold the GIL
        # while the first frame of a new database is drawn.
        self.call_after_refresh(self.check_variables)

    # --- configuration warnings: shown before a run, not only in its closing notice ---
    def check_variables(self) -> None:
        """Read the warnings again when another release is open or its variables changed
        (here or in another process: the screen's poll brings them into ``state``)."""
        release = self.state.release
        seen = (release.id, sorted(release.variables.items()))
        if seen != self._warned_for:
            if self._warned_for and self._warned_for[0] != release.id:
                self._show_warnings(())  # not the previous release's while reading
            self._warned_for = seen
            self._warnings_worker(release.id, release.name)

    def _show_warnings(self, warnings: tuple[str, ...]) -> None:
        self.warnings = self.detail.config_warnings = warnings
        self.post_message(ItemsChanged([], detail="always"))  # the screen redraws the detail

    @work(thread=True, exclusive=True, group="verify-warnings", exit_on_error=False)
    def _warnings_worker(self, release_id: int, release: str) -> None:
        try:
            warnings = tuple(self.ctx.service.verification.variable_warnings(release))
        except TrackerError:
            return
        self.post_message(ConfigWarnings(release_id, warnings))

    @on(ConfigWarnings)
    def _warnings_read(self, message: ConfigWarnings) -> None:
        message.stop()
        if message.release_id == self.state.release.id:  # not read for another release
            self._show_warnings(message.warnings)

    # --- what to verify ---
    async def verify_at(self, tree: ChecklistTree, *, group: bool = False) -> None:
        """The item, group or category under ``tree``'s cursor (``group``: an item's group)."""
        ref = tree.cursor_group() if group else tree.cursor_ref
        if ref is not None and ref.kind != "item":
            await self.verify_node(tree.node_title(ref), ref.key, tree.items_under(ref))
        elif ref is not None and ref.key in self.state.items:
            await self.verify_item(self.state.items[ref.key])

    async def verify_item(self, item: ReleaseItem) -> None:
        if item.check is None:
            self.notify(
                f"“{item.text}” has no automated check: tick it by hand, with evidence.",
                timeout=4,
            )
            return
        await self.start([item.key], f"“{short(item.text)}”", item_refs=(item.key,))

    async def verify_node(self, title: str, key: str, members: Sequence[ReleaseItem]) -> None:
        """The items of group or category ``key`` (``members``) that have a check."""
        if not members:
            return
        keys = [i.key for i in members if i.check is not None]
        if not keys:
            self.notify(f"No item of “{title}” has an automated check.", timeout=4)
            return
        await self.start(keys, f"“{short(title)}”", group=key)

    async def verify_release(self) -> None:
        keys = [i.key for i in self.state.items.values() if i.check is not None]
        if not keys:
            self.notify("No item of this release has an automated check.", timeout=4)
            return
        await self.start(keys, self.state.release.name)

    async def start(
        self,
        keys: Sequence[str],
        what: str,
        *,
        item_refs: Sequence[str] = (),
        group: str | None = None,
    ) -> None:
        if self.active:
            self.notify("A verification is already running; it goes on while you work.", timeout=3)
            return
        if self.warnings:  # before the run: the closing notice repeats what still holds
            self.notify(
                "\n".join(f"! {w}" for w in self.warnings[:3])
                + (f"\n… and {len(self.warnings) - 3} more" if len(self.warnings) > 3 else ""),
                title="Verifying with configuration warnings",
                severity="warning",
                timeout=6,
            )
        self.run_number += 1
        self.active = True
        self._set_running(frozenset(keys), redraw=True)
        (await self.progress()).start(what, len(keys))
        release = self.state.release
        self._verify_worker(self.run_number, release.id, release.name, tuple(item_refs), group)

    async def progress(self) -> VerifyProgress:
        if self._progress is None:
            from tracker.tui.widgets.verify_progress import VerifyProgress  # on first use

            self._progress = VerifyProgress(id="verify-progress")
            await self.mount_progress(self._progress)
        return self._progress

    def _show(self, items: list[ReleaseItem], detail: DetailRedraw) -> None:
        """Hold the items' new states at once; the screen draws them on ``ItemsChanged``."""
        self.state.take(items)
        self.post_message(ItemsChanged(items, detail=detail))

    def _set_running(self, keys: frozenset[str], *, redraw: bool = False) -> None:
        self.running = keys
        self.post_message(RunningChanged(keys, redraw_detail=redraw))

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
        actor = self.ctx.actor

        def arrived(check: CheckArrived) -> None:
            self.post_message(VerifyResult(run, release_id, unstored_result(check, actor)))

        try:
            outcome = self._run(release_id, release, item_refs, group, run, arrived)
        except TrackerError as exc:
            outcome = VerifyOutcome({}, 0, failure=str(exc))
        except Exception as exc:  # never crash the app: say what happened
            log.exception("verification of %s failed", release)
            outcome = VerifyOutcome({}, 0, failure=f"{type(exc).__name__}: {exc}")
        self.post_message(VerifyFinished(run, release_id, outcome))

    def _run(
        self,
        release_id: int,
        release: str,
        item_refs: tuple[str, ...],
        group: str | None,
        run: int,
        arrived: Callable[[CheckArrived], None],
    ) -> VerifyOutcome:
        """Verify and read back what was stored (in the worker's thread)."""
        service = self.ctx.service

        def started(total: int) -> None:
            self.post_message(VerifyStarted(run, total))

        report = service.verification.verify(
            release, item_refs=item_refs, group=group, on_start=started, on_result=arrived
        )
        stored = service.items.items_by_keys(release_id, [v.item_key for v in report.items])
        warnings = tuple(service.verification.variable_warnings(release))
        return VerifyOutcome(
            counts=dict(report.counts),
            duration_ms=report.duration_ms,
            items=tuple(stored),
            errors=tuple(v.result.message for v in report.items if v.outcome is CheckOutcome.ERROR),
            not_reached=report.not_reached,
            warnings=warnings,
        )

    @on(VerifyStarted)
    async def _verify_started(self, message: VerifyStarted) -> None:
        message.stop()
        if message.run == self.run_number:
            (await self.progress()).begin(message.total)

    @on(VerifyResult)
    async def _verify_result(self, message: VerifyResult) -> None:
        message.stop()
        if message.run != self.run_number:
            return
        result = message.result
        (await self.progress()).advance(result.outcome)
        if message.release_id != self.state.release.id:
            return  # another release was opened meanwhile
        self._set_running(self.running - {result.item_key})
        item = self.state.items.get(result.item_key)
        if item is not None:
            self._show([replace(item, latest_check=result)], "node")

    @on(VerifyFinished)
    async def _verify_finished(self, message: VerifyFinished) -> None:
        message.stop()
        if message.run != self.run_number:
            return
        outcome = message.outcome
        failed = outcome.failure is not None
        (await self.progress()).finish(None if failed else outcome.counts, outcome.duration_ms)
        self.active = False
        self._set_running(frozenset(), redraw=True)
        if message.release_id == self.state.release.id:
            # ``always``: also reads the item's result history again.
            self._show(self.state.merge_checks(outcome.items), "always")
            if not failed:
                self._show_warnings(outcome.warnings)
        title, text, severity = notice(outcome)
        self.notify(text, title=title, severity=severity, timeout=8 if failed else 6)  # type: ignore[arg-type]
