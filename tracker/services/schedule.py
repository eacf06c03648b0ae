"""Post-deployment use-cases: go-live, the task schedule, the retrospective (occurrences:
``tracker.services.occurrences``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from tracker.db import queries
from tracker.domain import validation
from tracker.domain.enums import PhaseRecurrence, TaskStatus
from tracker.domain.golive import forced_reason, golive_problems
from tracker.domain.item_rules import iso
from tracker.domain.models import Release
from tracker.domain.progress import open_blocking
from tracker.domain.schedule import (
    DEFAULT_HORIZON_MONTHS,
    ExistingOccurrence,
    PlannedOccurrence,
    plan_occurrences,
    reconcile,
)
from tracker.services.base import ServiceContext
from tracker.services.releases import ReleaseService

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.db.tables import ReleaseTaskRow
    from tracker.domain.template import Phase


@dataclass(frozen=True, slots=True)
class GoLiveReport:
    release: Release
    created: int
    rescheduled: int
    removed: int
    forced: bool


def _phases_from_rows(rows: Sequence[ReleaseTaskRow]) -> list[Phase]:
    """Rebuild the release's own copy of the template phases (not the current template)."""
    from tracker.domain.template import Phase, Task

    by_phase: dict[str, list[ReleaseTaskRow]] = {}
    for r in sorted(rows, key=lambda r: (r.phase_position, r.position)):
        by_phase.setdefault(r.phase_key, []).append(r)
    phases: list[Phase] = []
    for key, tasks in by_phase.items():
        first = tasks[0]
        phases.append(
            Phase(
                id=key,
                title=first.phase_title,
                recurrence=PhaseRecurrence(first.recurrence),
                start_day=first.start_day,
                end_day=first.end_day,
                tasks=[Task(id=t.task_key, text=t.text, daily=t.daily) for t in tasks],
            )
        )
    return phases


class ScheduleService:
    """Go-live, the post-deployment schedule and the retrospective."""

    def __init__(self, ctx: ServiceContext, releases: ReleaseService) -> None:
        self.ctx = ctx
        self.releases = releases

    horizon_months: int = DEFAULT_HORIZON_MONTHS

    # --- go-live and the schedule ---
    def golive(
        self,
        release: str,
        on: date | None = None,
        *,
        force: bool = False,
        reason: str | None = None,
    ) -> GoLiveReport:
        """Record go-live and create (or reschedule) the post-deployment occurrences.

        Refused while blocking items are open, unless forced with a reason (kept for the retro).
        """
        from tracker.db.gonogo_queries import role_status
        from tracker.db.tables import ReleaseRow
        from tracker.domain.signoffs import signoff_blockers

        golive_on = validation.date_in_range(on or self.ctx.clock.today(), "go-live date")
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = self.ctx.decorate(conn, rel.id, queries.items_for_release(conn, rel.id))
            unsigned = signoff_blockers(role_status(conn, rel.id, items))
        problems = golive_problems(open_blocking(items), unsigned)
        forced = forced_reason(problems, force=force, reason=reason)
        change = self.ctx.new_change_id()
        with self.ctx.write() as session:
            row = session.get(ReleaseRow, rel.id, with_for_update=True)
            assert row is not None
            old = row.golive_date
            row.golive_date = golive_on
            if forced:
                row.golive_forced_reason = forced
            self.ctx.audit(
                session, rel.id, change, "golive", old=iso(old), new=golive_on.isoformat()
            )
            if forced:
                self.ctx.audit(
                    session,
                    rel.id,
                    change,
                    "golive.forced",
                    old="; ".join(problems),
                    new=forced,
                )
            created, moved, removed = self._reconcile(session, rel.id, golive_on, change)
        return GoLiveReport(
            self.releases.get_release(rel.name), created, moved, removed, bool(forced)
        )

    def extend_schedules(self) -> int:
        """Roll every live release's monthly horizon forward to today; returns occurrences added.

        The plan is made in one read; a release is written to only when it has occurrences to
        create (and re-planned there, so a concurrent extend adds nothing twice)."""
        from sqlmodel import Session

        from tracker.db.tables import ReleaseRow

        to_extend: list[int] = []
        with self.ctx.read() as conn, Session(bind=conn) as reader:
            for summary in queries.release_summaries(
                conn, include_archived=False, today=self.ctx.clock.today()
            ):
                if summary.golive_date is None:
                    continue
                planned, existing = self._plan(reader, summary.id, summary.golive_date)
                # Only extend: a go-live change is the one to reschedule or remove.
                if reconcile(existing, planned).create:
                    to_extend.append(summary.id)
        added = 0
        for release_id in to_extend:
            with self.ctx.write() as session:
                row = session.get(ReleaseRow, release_id)
                if row is None or row.golive_date is None:
                    continue
                created, _, _ = self._reconcile(
                    session, release_id, row.golive_date, self.ctx.new_change_id(), only_create=True
                )
                added += created
        return added

    def _plan(
        self, session: Session, release_id: int, golive_on: date
    ) -> tuple[list[PlannedOccurrence], list[ExistingOccurrence]]:
        from sqlmodel import col

        from tracker.db.tables import EvidenceRow, ReleaseTaskRow, TaskOccurrenceRow

        tasks = list(
            session.execute(
                select(ReleaseTaskRow).where(
                    col(ReleaseTaskRow.release_id) == release_id,
                    col(ReleaseTaskRow.archived_at).is_(None),
                )
            ).scalars()
        )
        planned = plan_occurrences(
            _phases_from_rows(tasks), golive_on, self.ctx.clock.today(), self.horizon_months
        )
        task_ids = {t.id: t.task_key for t in tasks}
        occ_rows = (
            list(
                session.execute(
                    select(TaskOccurrenceRow).where(
                        col(TaskOccurrenceRow.release_task_id).in_(list(task_ids))
                    )
                ).scalars()
            )
            if task_ids
            else []
        )
        with_evidence = (
            {
                e
                for e in session.execute(
                    select(col(EvidenceRow.occurrence_id)).where(
                        col(EvidenceRow.occurrence_id).in_([o.id for o in occ_rows])
                    )
                ).scalars()
            }
            if occ_rows
            else set()
        )
        existing = [
            ExistingOccurrence(
                id=o.id,
                task_key=task_ids[o.release_task_id],
                seq=o.seq,
                due_date=o.due_date,
                status=TaskStatus(o.status),
                has_user_input=bool(o.notes) or o.id in with_evidence,
            )
            for o in occ_rows
        ]
        return planned, existing

    def _reconcile(
        self,
        session: Session,
        release_id: int,
        golive_on: date,
        change: str,
        *,
        only_create: bool = False,
    ) -> tuple[int, int, int]:
        from sqlmodel import col

        from tracker.db.tables import ReleaseTaskRow, TaskOccurrenceRow

        planned, existing = self._plan(session, release_id, golive_on)
        changes = reconcile(existing, planned)
        task_rows = {
            t.task_key: t
            for t in session.execute(
                select(ReleaseTaskRow).where(col(ReleaseTaskRow.release_id) == release_id)
            ).scalars()
        }
        for p in changes.create:
            task = task_rows[p.task_key]
            session.add(
                TaskOccurrenceRow(
                    release_task_id=task.id,
                    seq=p.seq,
                    due_date=p.due_date,
                    status="todo",
                    owner_id=task.owner_id,
                    row_version=1,
                )
            )
        if only_create:
            if changes.create:
                self.ctx.audit(
                    session, release_id, change, "schedule.extend", new=str(len(changes.create))
                )
            return len(changes.create), 0, 0
        for occ_id, new_due in changes.reschedule:
            occ = session.get(TaskOccurrenceRow, occ_id)
            assert occ is not None
            occ.due_date = new_due
            occ.row_version += 1
        for occ_id in changes.remove:
            occ = session.get(TaskOccurrenceRow, occ_id)
            if occ is not None:
                session.delete(occ)
        if changes.create or changes.reschedule or changes.remove:
            self.ctx.audit(
                session,
                release_id,
                change,
                "schedule",
                new=f"{len(changes.create)} created, {len(changes.reschedule)} rescheduled, "
                f"{len(changes.remove)} removed",
            )
        return len(changes.create), len(changes.reschedule), len(changes.remove)

    # --- retrospective ---
    def retro_markdown(self, release: str) -> str:
        from tracker.domain.export_retro import release_to_retro_markdown

        view = self.releases.release_view(release, with_events=True, with_history=True)
        monthly = {o.phase_key for o in view.occurrences if o.recurrence is PhaseRecurrence.MONTHLY}
        return release_to_retro_markdown(
            view,
            today=self.ctx.clock.today(),
            tz=self.ctx.clock.tz,
            generated_at=self.ctx.clock.now(),
            monthly_phase_keys=monthly or None,
        )
