"""Verification use-cases: run a release's checks, store the results, the CI gate, history.

A run itself (the checks, the rows to store, the report) is ``tracker.services.verify_runs``,
imported when a run starts. Tokens are never read, stored or printed: the SDK resolves
credentials from the profile or the environment.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select

from tracker.config import DEFAULT_PARALLEL
from tracker.db import queries, task_queries
from tracker.domain.enums import ItemStatus
from tracker.domain.models import CheckResult, Release, ReleaseItem, TaskOccurrence
from tracker.domain.verification import (
    NOT_FAILING,
    CheckArrived,
    VerificationFlags,
    automated_item_keys,
    has_fresh_pass,
    item_flags,
)
from tracker.errors import ValidationError
from tracker.services.base import ServiceContext

if TYPE_CHECKING:
    from tracker.services.verify_reports import GateItem, GateReport, VerifyReport
    from tracker.services.verify_runs import ClientFactory


class VerificationService:
    """Automated checks against a workspace, their history, and the release gate."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reads ---
    def automated_items(self, release: str) -> frozenset[str]:
        """Items that score a full ML Test Score point: their check PASSED in a scheduled run
        within the freshness window (``TRACKER_STALE_DAYS``) and still passes."""
        from tracker.config import stale_after_days

        with self.ctx.read() as conn:
            history = queries.check_history(conn, self.ctx.find_release(conn, release).id)
        return automated_item_keys(history, self.ctx.clock.now(), stale_after_days())

    def check_history(self, release: str, item: str | None = None) -> list[CheckResult]:
        """Every stored result of a release (or of one item), oldest first."""
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            key = None
            if item is not None:
                key = self.ctx.find_item(conn, rel.id, item).key
            return queries.check_history(conn, rel.id, key)

    def verification_flags(self, release: str) -> dict[str, VerificationFlags]:
        """Drift / stale / unverified per item that has a check."""
        from tracker.config import stale_after_days

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = queries.items_for_release(conn, rel.id)
        now, days = self.ctx.now(), stale_after_days()
        return {
            i.key: item_flags(i, now, days) for i in items if i.check is not None and not i.archived
        }

    def variable_warnings(self, release: str) -> list[str]:
        """Misconfiguration, one line each: release variables that are empty, unused or invalid
        (before a run), and the regexes and names that matched nothing in each item's latest
        result ("`prod_cluster_regex` matched 0 clusters")."""
        from tracker.checks.variables import variable_problems
        from tracker.db import schema

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = [i for i in queries.items_for_release(conn, rel.id) if not i.archived]
            task_checks = [
                json.loads(text)
                for text in conn.execute(
                    select(schema.release_task.c.check_json).where(
                        schema.release_task.c.release_id == rel.id,
                        schema.release_task.c.archived_at.is_(None),
                        schema.release_task.c.check_json.is_not(None),
                    )
                ).scalars()
            ]
        checks = [dict(i.check) for i in items if i.check is not None] + task_checks
        lines = [p.message for p in variable_problems(rel.variables, checks)]
        for item in items:
            latest = item.latest_check
            unmatched = latest.facts.get("unmatched") if latest is not None else None
            if isinstance(unmatched, list):
                lines.extend(f"{line} ({item.key}, last run)" for line in unmatched)
        return list(dict.fromkeys(lines))

    # --- verify ---
    def verify(
        self,
        release: str,
        *,
        item_refs: Sequence[str] = (),
        group: str | None = None,
        profile: str | None = None,
        parallel: int = DEFAULT_PARALLEL,
        tick: bool = False,
        scheduled: bool = False,
        client_factory: ClientFactory | None = None,
        on_result: Callable[[CheckArrived], None] | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> VerifyReport:
        """Run the checks of a release's items (all, some, or one group) and store the results.

        ``profile`` (else the release's remembered profile, else the SDK's default resolution)
        selects the credentials; a profile given here is remembered on the release.
        ``on_start(n)`` is told how many checks will run; ``on_result`` gets each result as it
        arrives (from the calling thread).
        """
        from tracker.checks.runner import CheckTarget
        from tracker.services.verify_runs import CheckRuns
        from tracker.services.verify_store import VerifyStore

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = [i for i in queries.items_for_release(conn, rel.id) if not i.archived]
        targets_items = self._select(rel, items, item_refs, group)
        if profile and profile != rel.profile:
            self._remember_profile(rel, profile)
        targets = [
            CheckTarget(
                item_key=i.key,
                check=i.check or {},
                variables=dict(rel.variables),
                optional=i.optional,
                release=rel.name,
            )
            for i in targets_items
        ]
        runs = CheckRuns.execute(
            self.ctx,
            rel,
            targets,
            profile=profile,
            parallel=parallel,
            client_factory=client_factory,
            on_start=on_start,
            on_result=on_result,
        )
        stored = VerifyStore(self.ctx).item_results(
            rel, targets_items, runs, tick=tick, scheduled=scheduled
        )
        return runs.report(stored, scheduled=scheduled)

    def verify_tasks(
        self,
        release: str,
        *,
        profile: str | None = None,
        parallel: int = DEFAULT_PARALLEL,
        tick: bool = False,
        scheduled: bool = False,
        client_factory: ClientFactory | None = None,
        on_result: Callable[[CheckArrived], None] | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> VerifyReport:
        """Run the checks of the post-deployment tasks that are due: each task's open occurrence
        due today or earlier (the latest one), e.g. the daily feature-freshness SQL check.
        Results are stored against the occurrence; ``tick`` marks PASSED occurrences done."""
        from tracker.checks.runner import CheckTarget
        from tracker.services.verify_runs import CheckRuns
        from tracker.services.verify_store import VerifyStore

        rel, due = self._due_task_checks(release)
        targets = [
            CheckTarget(
                item_key=o.task_key,
                check=o.check or {},
                variables=dict(rel.variables),
                release=rel.name,
            )
            for o in due.values()
        ]
        runs = CheckRuns.execute(
            self.ctx,
            rel,
            targets,
            profile=profile,
            parallel=parallel,
            client_factory=client_factory,
            on_start=on_start,
            on_result=on_result,
        )
        out = VerifyStore(self.ctx).task_results(rel, due, runs, tick=tick, scheduled=scheduled)
        return runs.report(out, scheduled=scheduled)

    def _due_task_checks(self, release: str) -> tuple[Release, dict[str, TaskOccurrence]]:
        """Per task with a check: its latest open occurrence due today or earlier."""
        today = self.ctx.clock.today()
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            occurrences = task_queries.occurrences_for_release(conn, rel.id)
        due: dict[str, TaskOccurrence] = {}
        for occ in occurrences:  # ordered by due date: the latest due one wins
            if occ.check and occ.status.value == "todo" and occ.due_date <= today:
                due[occ.task_key] = occ
        if not due:
            raise ValidationError(
                f"nothing to verify: release {rel.name!r} has no post-deployment task with an "
                "automated check due today or overdue (has it gone live?)"
            )
        return rel, due

    def _select(
        self, rel: Release, items: list[ReleaseItem], item_refs: Sequence[str], group: str | None
    ) -> list[ReleaseItem]:
        selected = items
        if group:
            _, selected = self.ctx.resolve_scope(items, group)
        if item_refs:
            wanted = {self.ctx.pick_item(items, ref).key for ref in item_refs}
            without = sorted(
                k for k in wanted if next(i for i in items if i.key == k).check is None
            )
            if without:
                raise ValidationError(f"item(s) without an automated check: {', '.join(without)}")
            selected = [i for i in selected if i.key in wanted]
        targets = [i for i in selected if i.check is not None]
        if not targets:
            scope = f" in {group!r}" if group else ""
            raise ValidationError(
                f"nothing to verify: release {rel.name!r} has no items with an automated check{scope}"
            )
        return targets

    def _remember_profile(self, rel: Release, profile: str) -> None:
        from tracker.db.tables import ReleaseRow

        with self.ctx.write() as session:
            row = session.get(ReleaseRow, rel.id)
            assert row is not None
            old, row.profile = row.profile, profile
            self.ctx.audit(
                session, rel.id, self.ctx.new_change_id(), "release.profile", old=old, new=profile
            )

    # --- gate ---
    def gate(self, release: str, *, require_verified: bool = False) -> GateReport:
        """Go/no-go: every blocking item done or N/A (and, with ``require_verified``, a fresh PASS
        for every done item that has a check)."""
        from tracker.config import stale_after_days
        from tracker.db.gonogo_queries import role_status
        from tracker.domain.dependencies import unblock_order
        from tracker.services.verify_reports import GateItem, GateReport

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            all_items = self.ctx.decorate(conn, rel.id, queries.items_for_release(conn, rel.id))
            roles = role_status(conn, rel.id, all_items)
        items = [i for i in all_items if not i.archived]
        now, days = self.ctx.now(), stale_after_days()
        gated: list[GateItem] = []
        for item in items:
            if not item.is_blocking:
                continue
            if item.is_open:
                why = f"status {item.status.value}"
                if item.waiver_expired is not None:
                    why += f" (waiver expired {item.waiver_expired})"
                gated.append(GateItem(item, True, why))
                continue
            if item.waived_until is not None and item.waived:
                gated.append(GateItem(item, False, f"waived until {item.waived_until}"))
                continue
            if require_verified and item.status is ItemStatus.DONE and item.check is not None:
                latest = item.latest_check
                if not has_fresh_pass(item, now, days):
                    if latest is None:
                        why = "never verified"
                    elif latest.outcome not in NOT_FAILING:
                        why = f"latest check {latest.outcome.value}: {latest.message}"
                    else:
                        why = f"last verification is older than {days} days"
                    gated.append(GateItem(item, True, why))
                    continue
                gated.append(GateItem(item, False, "done, verified"))
                continue
            gated.append(GateItem(item, False, item.status.value))
        rank = {i.key: n for n, i in enumerate(unblock_order(items))}
        gated.sort(key=lambda g: rank[g.item.key])  # what unblocks the most comes first
        return GateReport(
            release=rel.name,
            require_verified=require_verified,
            items=tuple(gated),
            signoffs=tuple(roles),
        )
