"""Verification use-cases: run a release's checks, store the results, the CI gate, history.

The workspace is reached only through ``tracker.databricks`` (built lazily, when a check needs
it) and ``tracker.checks``; ``databricks.sdk`` is never imported here. Tokens are never read,
stored or printed: the SDK resolves credentials from the profile or the environment.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from tracker.config import DEFAULT_PARALLEL
from tracker.db import queries, task_queries
from tracker.domain.enums import CheckOutcome, ItemStatus
from tracker.domain.models import CheckResult, Release, ReleaseItem
from tracker.domain.signoffs import RoleSignoff
from tracker.domain.verification import (
    NOT_FAILING,
    CheckArrived,
    CheckFinding,
    VerificationFlags,
    automated_item_keys,
    has_fresh_pass,
    item_flags,
    verify_exit_code,
)
from tracker.errors import ValidationError
from tracker.services.base import ServiceContext

if TYPE_CHECKING:
    from tracker.checks.model import CheckContext
    from tracker.checks.runner import CheckRun, CheckTarget

log = logging.getLogger(__name__)

ClientFactory = Callable[[str | None], Any]  # profile -> WorkspaceClient
MAX_FACTS_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class VerifiedItem:
    """One item's stored result in a verification run."""

    item_key: str
    item_text: str
    group_key: str
    check_title: str
    result: CheckResult
    ticked: bool = False

    @property
    def outcome(self) -> CheckOutcome:
        return self.result.outcome


@dataclass(frozen=True, slots=True)
class VerifyReport:
    release: str
    run_id: str
    started_at: datetime
    duration_ms: int
    profile: str | None
    scheduled: bool
    items: tuple[VerifiedItem, ...] = ()

    @property
    def counts(self) -> dict[CheckOutcome, int]:
        c = Counter(i.outcome for i in self.items)
        return {o: c.get(o, 0) for o in CheckOutcome}

    @property
    def ticked(self) -> tuple[str, ...]:
        return tuple(i.item_key for i in self.items if i.ticked)

    @property
    def exit_code(self) -> int:
        if self.not_reached:
            return 3
        return verify_exit_code(i.outcome for i in self.items)

    @property
    def not_reached(self) -> str | None:
        """The one cause when the workspace was never reached (every check that needed it is
        ERROR with it), else ``None``."""
        return next(
            (i.result.message for i in self.items if i.result.facts.get("workspace_not_reached")),
            None,
        )


@dataclass(frozen=True, slots=True)
class GateItem:
    item: ReleaseItem
    blocking: bool
    reason: str  # why it blocks, or its state when it does not


@dataclass(frozen=True, slots=True)
class GateReport:
    release: str
    require_verified: bool
    items: tuple[GateItem, ...] = field(default_factory=tuple)  # every blocking-severity item
    signoffs: tuple[RoleSignoff, ...] = ()  # every required role, fresh or not

    @property
    def blockers(self) -> tuple[GateItem, ...]:
        return tuple(g for g in self.items if g.blocking)

    @property
    def signoff_blockers(self) -> tuple[RoleSignoff, ...]:
        """Roles whose sign-off is missing or stale."""
        return tuple(s for s in self.signoffs if not s.ok)

    @property
    def passed(self) -> bool:
        return not self.blockers and not self.signoff_blockers

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1


def _default_client_factory(profile: str | None) -> Any:
    from tracker.databricks import ClientOptions, make_client

    return make_client(ClientOptions(profile=profile))


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
        runs = _Runs.execute(
            self.ctx,
            rel,
            targets,
            profile=profile,
            parallel=parallel,
            client_factory=client_factory,
            on_start=on_start,
            on_result=on_result,
        )
        stored = self._store(rel, targets_items, runs, tick=tick, scheduled=scheduled)
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
        from tracker.db.tables import TaskOccurrenceRow

        today = self.ctx.clock.today()
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            occurrences = task_queries.occurrences_for_release(conn, rel.id)
        due: dict[str, Any] = {}
        for occ in occurrences:  # ordered by due date: the latest due one wins
            if occ.check and occ.status.value == "todo" and occ.due_date <= today:
                due[occ.task_key] = occ
        if not due:
            raise ValidationError(
                f"nothing to verify: release {rel.name!r} has no post-deployment task with an "
                "automated check due today or overdue (has it gone live?)"
            )
        targets = [
            CheckTarget(
                item_key=o.task_key, check=o.check, variables=dict(rel.variables), release=rel.name
            )
            for o in due.values()
        ]
        runs = _Runs.execute(
            self.ctx,
            rel,
            targets,
            profile=profile,
            parallel=parallel,
            client_factory=client_factory,
            on_start=on_start,
            on_result=on_result,
        )
        verifier = f"{self.ctx.actor} (verifier)"
        change_id = self.ctx.new_change_id()
        out: list[VerifiedItem] = []
        with self.ctx.write() as session:
            rows = []
            for run in runs.runs:
                occ = due[run.item_key]
                res = run.result
                row = runs.result_row(run, occurrence_id=occ.id, scheduled=scheduled)
                session.add(row)
                self.ctx.audit(
                    session,
                    rel.id,
                    change_id,
                    "verify",
                    item_key=occ.task_key,
                    occurrence_id=occ.id,
                    new=res.outcome.value,
                    actor=verifier,
                )
                ticked = False
                if tick and res.outcome is CheckOutcome.PASS:
                    occ_row = session.get(TaskOccurrenceRow, occ.id)
                    if occ_row is not None and occ_row.status == "todo":
                        occ_row.status = "done"
                        occ_row.completed_by, occ_row.completed_at = verifier, self.ctx.now()
                        occ_row.row_version += 1
                        self.ctx.audit(
                            session,
                            rel.id,
                            change_id,
                            "status",
                            item_key=occ.task_key,
                            occurrence_id=occ.id,
                            old="todo",
                            new="done",
                            actor=verifier,
                        )
                        ticked = True
                rows.append((run, occ, row, ticked))
            session.flush()
            for run, occ, row, ticked in rows:
                out.append(
                    _verified(run, row, occ.key, occ.text, occ.phase_key, self.ctx.actor, ticked)
                )
        return runs.report(out, scheduled=scheduled)

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

    def _store(
        self,
        rel: Release,
        items: list[ReleaseItem],
        runs: _Runs,
        *,
        tick: bool,
        scheduled: bool,
    ) -> list[VerifiedItem]:
        from sqlmodel import col

        from tracker.db.tables import ReleaseItemRow

        by_key = {i.key: i for i in items}
        verifier = f"{self.ctx.actor} (verifier)"
        change_id = self.ctx.new_change_id()
        out: list[VerifiedItem] = []
        pending: list[tuple[CheckRun, ReleaseItem, Any, bool]] = []
        with self.ctx.write() as session:
            # One query for the item rows, one flush for the results: a release has ~80 checks.
            item_rows = {
                r.item_key: r
                for r in session.execute(
                    select(ReleaseItemRow).where(col(ReleaseItemRow.release_id) == rel.id)
                ).scalars()
            }
            for run in runs.runs:
                item = by_key[run.item_key]
                res = run.result
                row = runs.result_row(run, scheduled=scheduled)
                session.add(row)
                previous = item.latest_check.outcome.value if item.latest_check else None
                self.ctx.audit(
                    session,
                    rel.id,
                    change_id,
                    "verify",
                    item_key=item.key,
                    old=previous,
                    new=res.outcome.value,
                    actor=verifier,
                )
                item_row = item_rows[item.key]
                changed = False
                if (
                    res.outcome is CheckOutcome.PASS  # evidence says what happened: only a PASS
                    and res.link
                    and _evidence_url_ok(res.link)
                    and not any(e.url == res.link for e in item.evidence)  # one copy, ever
                ):
                    ev = self.ctx.add_evidence(
                        session,
                        res.link,
                        f"Check passed: {run.title}"[:300],
                        release_item_id=item_row.id,
                        added_by=verifier,
                    )
                    self.ctx.audit(
                        session,
                        rel.id,
                        change_id,
                        "evidence.add",
                        item_key=item.key,
                        new=self.ctx.evidence_json(ev),
                        actor=verifier,
                    )
                    changed = True
                ticked = False
                if (
                    tick
                    and res.outcome is CheckOutcome.PASS
                    and not ItemStatus(item_row.status).is_closed
                ):
                    self.ctx.audit(
                        session,
                        rel.id,
                        change_id,
                        "status",
                        item_key=item.key,
                        old=item_row.status,
                        new=ItemStatus.DONE.value,
                        actor=verifier,
                    )
                    item_row.status = ItemStatus.DONE.value
                    ticked = changed = True
                if changed:
                    item_row.row_version += 1
                    item_row.updated_at = self.ctx.now()
                    item_row.updated_by = verifier
                pending.append((run, item, row, ticked))
            session.flush()
            for run, item, row, ticked in pending:
                out.append(
                    _verified(run, row, item.key, item.text, item.group_key, self.ctx.actor, ticked)
                )
        return out

    # --- gate ---
    def gate(self, release: str, *, require_verified: bool = False) -> GateReport:
        """Go/no-go: every blocking item done or N/A (and, with ``require_verified``, a fresh PASS
        for every done item that has a check)."""
        from tracker.config import stale_after_days
        from tracker.db.gonogo_queries import role_status
        from tracker.domain.dependencies import unblock_order

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


def _evidence_url_ok(url: str) -> bool:
    from tracker.domain import validation

    try:
        validation.evidence_url(url)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class _Runs:
    """One verification run of a release: its checks' results, id, timing and profile."""

    ctx: ServiceContext
    release: Release
    profile: str | None
    started: datetime
    runs: list[CheckRun]
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def execute(
        cls,
        ctx: ServiceContext,
        release: Release,
        targets: list[CheckTarget],
        *,
        profile: str | None,
        parallel: int,
        client_factory: ClientFactory | None,
        on_start: Callable[[int], None] | None,
        on_result: Callable[[CheckArrived], None] | None,
    ) -> _Runs:
        """Run the checks with ``profile``, else the release's remembered one, else the SDK's
        default credentials."""
        from tracker.checks.runner import run_checks

        use_profile = profile or release.profile
        context_factory = _context_factory(
            client_factory, use_profile, release.variables.get("cloud")
        )
        if on_start is not None:
            on_start(len(targets))
        started = ctx.now()
        arrived = None if on_result is None else _arrived_to(on_result)
        runs = run_checks(
            targets, context_factory, parallel=parallel, on_result=arrived, now=ctx.now
        )
        return cls(ctx, release, use_profile, started, runs)

    def result_row(
        self, run: CheckRun, *, scheduled: bool, occurrence_id: int | None = None
    ) -> Any:
        """The ``CheckResultRow`` to store for one check's result."""
        from tracker.db.tables import CheckResultRow

        res = run.result
        return CheckResultRow(
            release_id=self.release.id,
            item_key=run.item_key,
            occurrence_id=occurrence_id,
            check_id=run.check_id,
            outcome=res.outcome.value,
            message=res.message,
            link=res.link,
            facts_json=_facts_json(res.facts),
            duration_ms=run.duration_ms,
            run_id=self.run_id,
            actor=self.ctx.actor,
            started_at=run.started_at,
            scheduled=scheduled,
        )

    def report(self, stored: Sequence[VerifiedItem], *, scheduled: bool) -> VerifyReport:
        duration_ms = int((self.ctx.now() - self.started).total_seconds() * 1000)
        log.info(
            "verified %d check(s) of %s in %d ms (run %s)",
            len(self.runs),
            self.release.name,
            duration_ms,
            self.run_id,
        )
        return VerifyReport(
            release=self.release.name,
            run_id=self.run_id,
            started_at=self.started,
            duration_ms=duration_ms,
            profile=self.profile,
            scheduled=scheduled,
            items=tuple(stored),
        )


def _facts_json(facts: dict[str, Any]) -> str:
    text = json.dumps(facts, default=str, sort_keys=True)
    if len(text) > MAX_FACTS_CHARS:
        text = json.dumps({"truncated": True, "keys": sorted(facts)}, sort_keys=True)
    return text


def _context_factory(
    client_factory: ClientFactory | None, profile: str | None, cloud: str | None
) -> Callable[[], CheckContext]:
    """Builds the run context (and its WorkspaceClient) only when a check needs it."""
    factory = client_factory or _default_client_factory

    def build() -> CheckContext:
        from tracker.checks.context import RunContext

        return RunContext.for_client(factory(profile), cloud_override=cloud)

    return build


def _verified(
    run: CheckRun, row: Any, key: str, text: str, group_key: str, actor: str, ticked: bool
) -> VerifiedItem:
    """The read model of one stored result (``row`` is a flushed ``CheckResultRow``)."""
    assert row.id is not None
    return VerifiedItem(
        item_key=key,
        item_text=text,
        group_key=group_key,
        check_title=run.title,
        ticked=ticked,
        result=CheckResult(
            id=row.id,
            item_key=row.item_key,
            check_id=run.check_id,
            outcome=run.result.outcome,
            message=run.result.message,
            started_at=run.started_at,
            actor=actor,
            duration_ms=run.duration_ms,
            link=run.result.link,
            facts=json.loads(row.facts_json),
            run_id=row.run_id,
            scheduled=row.scheduled,
        ),
    )


def _arrived_to(on_result: Callable[[CheckArrived], None]) -> Callable[[CheckRun], None]:
    """The runner's callback: each check's run passed on as the domain's ``CheckArrived``."""

    def arrived(run: CheckRun) -> None:
        res = run.result
        on_result(
            CheckArrived(
                item_key=run.item_key,
                check_id=run.check_id,
                title=run.title,
                result=CheckFinding(res.outcome, res.message, res.link, dict(res.facts)),
                started_at=run.started_at,
                duration_ms=run.duration_ms,
            )
        )

    return arrived
