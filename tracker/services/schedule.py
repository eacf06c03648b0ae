"""Post-deployment use-cases: go-live, the task schedule, occurrences, the retrospective."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select

from tracker.db import queries
from tracker.domain import validation
from tracker.domain.conflicts import occurrence_label, occurrence_values
from tracker.domain.enums import PhaseRecurrence, TaskStatus
from tracker.domain.item_rules import iso
from tracker.domain.models import Release, TaskOccurrence
from tracker.domain.names import suggest
from tracker.domain.occurrence_rules import OccurrenceFields, apply_occurrence_change
from tracker.domain.progress import open_blocking
from tracker.domain.schedule import (
    DEFAULT_HORIZON_MONTHS,
    ExistingOccurrence,
    PlannedOccurrence,
    filter_occurrences,
    plan_occurrences,
    reconcile,
)
from tracker.errors import NotFoundError, ValidationError
from tracker.services.items import ItemOps
from tracker.services.releases import ReleaseOps

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.db.tables import ReleaseTaskRow, TaskOccurrenceRow
    from tracker.domain.template import Phase

Due = Literal["today", "week", "overdue"]


@dataclass(frozen=True, slots=True)
class GoLiveReport:
    release: Release
    created: int
    rescheduled: int
    removed: int
    forced: bool


@dataclass(frozen=True, slots=True)
class DueTask:
    """An occurrence with the release it belongs to (``tracker tasks`` lists across releases)."""

    release: str
    occurrence: TaskOccurrence


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


class ScheduleOps(ItemOps, ReleaseOps):
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

        golive_on = validation.date_in_range(on or self.clock.today(), "go-live date")
        with self._read() as conn:
            rel = self._release(conn, release)
            items = self._decorate(conn, rel.id, queries.items_for_release(conn, rel.id))
            unsigned = signoff_blockers(role_status(conn, rel.id, items))
        blocking = open_blocking(items)
        problems: list[str] = []
        if blocking:
            names = ", ".join(i.key for i in blocking[:5]) + (" ..." if len(blocking) > 5 else "")
            problems.append(f"{len(blocking)} blocking items are still open ({names})")
        if unsigned:
            problems.append(
                "sign-offs missing or stale: "
                + ", ".join(f"{s.role.role} ({s.state.value})" for s in unsigned)
            )
        forced_reason: str | None = None
        if problems:
            if not force:
                raise ValidationError(
                    "; ".join(problems) + "; finish them or use --force --reason TEXT"
                )
            forced_reason = (
                validation.one_line(reason, "a go-live reason", validation.MAX_REASON) or ""
            )
            if not forced_reason:
                raise ValidationError(
                    "a forced go-live needs --reason TEXT (it is shown in the retrospective)"
                )
        change = self._new_change_id()
        with self._write() as session:
            row = session.get(ReleaseRow, rel.id)
            assert row is not None
            old = row.golive_date
            row.golive_date = golive_on
            if forced_reason:
                row.golive_forced_reason = forced_reason
            self._audit(session, rel.id, change, "golive", old=iso(old), new=golive_on.isoformat())
            if forced_reason:
                self._audit(
                    session,
                    rel.id,
                    change,
                    "golive.forced",
                    old="; ".join(problems),
                    new=forced_reason,
                )
            created, moved, removed = self._reconcile(session, rel.id, golive_on, change)
        return GoLiveReport(
            self.get_release(rel.name), created, moved, removed, bool(forced_reason)
        )

    def extend_schedules(self) -> int:
        """Roll every live release's monthly horizon forward to today; returns occurrences added.

        The plan is made in one read; a release is written to only when it has occurrences to
        create (and re-planned there, so a concurrent extend adds nothing twice)."""
        from sqlmodel import Session

        from tracker.db.tables import ReleaseRow

        to_extend: list[int] = []
        with self._read() as conn, Session(bind=conn) as reader:
            for summary in queries.release_summaries(
                conn, include_archived=False, today=self.clock.today()
            ):
                if summary.golive_date is None:
                    continue
                planned, existing = self._plan(reader, summary.id, summary.golive_date)
                # Only extend: a go-live change is the one to reschedule or remove.
                if reconcile(existing, planned).create:
                    to_extend.append(summary.id)
        added = 0
        for release_id in to_extend:
            with self._write() as session:
                row = session.get(ReleaseRow, release_id)
                if row is None or row.golive_date is None:
                    continue
                created, _, _ = self._reconcile(
                    session, release_id, row.golive_date, self._new_change_id(), only_create=True
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
            _phases_from_rows(tasks), golive_on, self.clock.today(), self.horizon_months
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
                self._audit(
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
            self._audit(
                session,
                release_id,
                change,
                "schedule",
                new=f"{len(changes.create)} created, {len(changes.reschedule)} rescheduled, "
                f"{len(changes.remove)} removed",
            )
        return len(changes.create), len(changes.reschedule), len(changes.remove)

    # --- reads ---
    def occurrences(self, release: str) -> list[TaskOccurrence]:
        with self._read() as conn:
            return queries.occurrences_for_release(conn, self._release(conn, release).id)

    def due_tasks(
        self,
        release: str | None = None,
        *,
        due: Due | None = None,
        owner: str | None = None,
        include_closed: bool = False,
    ) -> list[DueTask]:
        """Open occurrences across live releases (or one), filtered by due bucket and owner."""
        today = self.clock.today()
        with self._read() as conn:
            if release is not None:
                rel = self._release(conn, release)
                names = {rel.id: rel.name}
            else:
                names = {
                    r.id: r.name
                    for r in queries.release_summaries(conn, include_archived=False, today=today)
                    if r.golive_date is not None
                }
            by_release = queries.occurrences_for_releases(conn, list(names))
        result: list[DueTask] = []
        for release_id, occs in by_release.items():
            if not include_closed:
                occs = [o for o in occs if o.status is TaskStatus.TODO]
            for occ in filter_occurrences(occs, due=due, owner=owner, today=today):
                result.append(DueTask(names[release_id], occ))
        result.sort(key=lambda d: (d.occurrence.due_date, d.release, d.occurrence.task_key))
        return result

    def occurrence(self, release: str, ref: str, on: date | None = None) -> TaskOccurrence:
        """An occurrence by id, ``task@YYYY-MM-DD``, or task key/text (then the earliest open one)."""
        occs = self.occurrences(release)
        if not occs:
            raise NotFoundError("task", ref, [])
        if ref.isdigit():
            for o in occs:
                if o.id == int(ref):
                    return o
            raise NotFoundError("task occurrence", ref, [])
        if "@" in ref:
            ref, _, when = ref.partition("@")
            on = validation.iso_date(when)
        keys = {o.task_key: o.text for o in occs}
        matches = [k for k in keys if k == ref] or [
            k for k, t in keys.items() if ref.casefold() in (k + " " + t).casefold()
        ]
        if not matches:
            raise NotFoundError("task", ref, suggest(ref, list(keys) + list(keys.values())))
        if len(set(matches)) > 1:
            from tracker.errors import AmbiguousNameError

            raise AmbiguousNameError("task", ref, matches)
        candidates = [o for o in occs if o.task_key == matches[0]]
        if on is not None:
            for o in candidates:
                if o.due_date == on:
                    return o
            raise NotFoundError("occurrence", f"{matches[0]}@{on}", [o.key for o in candidates[:3]])
        open_ones = [o for o in candidates if o.status is TaskStatus.TODO]
        return (open_ones or candidates)[0]

    # --- occurrence writes ---
    def update_occurrence(
        self,
        release: str,
        ref: str,
        *,
        on: date | None = None,
        status: TaskStatus | None = None,
        skip_reason: str | None = None,
        owner: str | bool | None = False,
        notes: str | bool | None = False,
        evidence: Sequence[tuple[str, str | None]] = (),
        expected_version: int | None = None,
        seen: TaskOccurrence | None = None,
    ) -> TaskOccurrence:
        """Change one occurrence; ``owner``/``notes`` False means "leave as is".

        Compare-and-set as ``update_item``: the fields this change sets must still hold what
        the editor ``seen`` (and the row be at ``expected_version``), else ``ConflictError``
        naming the occurrence (task and due date) and nothing is written.
        """
        from tracker.db.tables import TaskOccurrenceRow

        occ = self.occurrence(release, ref, on)
        with self._read() as conn:
            rel = self._release(conn, release)
        change = self._new_change_id()
        with self._write() as session:
            row = session.get(TaskOccurrenceRow, occ.id, with_for_update=True)
            if row is None:
                raise NotFoundError("task occurrence", occ.key)
            fields, yours = _occurrence_change(status, skip_reason, owner, notes)
            self._refuse_if_stale(
                session,
                rel.id,
                subject=occurrence_label(occ.task_key, occ.due_date),
                item_key=occ.task_key,
                occurrence_id=occ.id,
                fields=fields,
                current=self._occurrence_values(session, row),
                yours=yours,
                seen=occurrence_values(seen) if seen is not None else None,
                expected_version=expected_version,
                row_version=row.row_version,
            )
            before = self._occurrence_fields(session, row)
            after, events = apply_occurrence_change(
                before,
                status=status,
                skip_reason=skip_reason,
                owner=self._stored_handle(session, owner),
                notes=notes,
                actor=self.actor,
                now=self._now(),
            )
            self._store_occurrence_fields(session, row, before, after)
            for url, title in evidence:
                clean = validation.evidence_url(url)
                ev = self._add_evidence(
                    session,
                    clean,
                    validation.evidence_title(title, clean),
                    occurrence_id=row.id,
                )
                events.append(("evidence.add", None, self._evidence_json(ev)))
            if not events:
                raise ValidationError("nothing to change")
            row.row_version += 1
            for action, old, new in events:
                self._audit(
                    session,
                    rel.id,
                    change,
                    action,
                    item_key=occ.task_key,
                    occurrence_id=occ.id,
                    old=old,
                    new=new,
                )
        return self.occurrence(release, str(occ.id))

    def _occurrence_fields(self, session: Session, row: TaskOccurrenceRow) -> OccurrenceFields:
        return OccurrenceFields(
            status=row.status,
            skip_reason=row.skip_reason,
            owner=self._owner_handle(session, row.owner_id),
            notes=row.notes,
            completed_by=row.completed_by,
            completed_at=row.completed_at,
        )

    def _occurrence_values(self, session: Session, row: TaskOccurrenceRow) -> dict[str, str | None]:
        """What compare-and-set compares, as the audit log writes it."""
        fields = self._occurrence_fields(session, row)
        return {
            "status": fields.status,
            "skip_reason": fields.skip_reason,
            "owner": fields.owner,
            "notes": fields.notes,
        }

    def _store_occurrence_fields(
        self,
        session: Session,
        row: TaskOccurrenceRow,
        before: OccurrenceFields,
        after: OccurrenceFields,
    ) -> None:
        row.status, row.skip_reason, row.notes = after.status, after.skip_reason, after.notes
        row.completed_by, row.completed_at = after.completed_by, after.completed_at
        if after.owner != before.owner:
            row.owner_id = None if after.owner is None else self._owner_id(session, after.owner)

    def _stored_handle(self, session: Session, owner: str | bool | None) -> str | bool | None:
        """The owner handle as stored for what the user typed (False and unassigning pass)."""
        if owner is False or owner is None or owner in ("", "-"):
            return owner
        return self._owner_handle(session, self._owner_id(session, str(owner)))

    # --- retrospective ---
    def retro_markdown(self, release: str) -> str:
        from tracker.domain.export_retro import release_to_retro_markdown

        view = self.release_view(release, with_events=True, with_history=True)
        monthly = {o.phase_key for o in view.occurrences if o.recurrence is PhaseRecurrence.MONTHLY}
        return release_to_retro_markdown(
            view,
            today=self.clock.today(),
            tz=self.clock.tz,
            generated_at=self.clock.now(),
            monthly_phase_keys=monthly or None,
        )


def _occurrence_change(
    status: TaskStatus | None,
    skip_reason: str | None,
    owner: str | bool | None,
    notes: str | bool | None,
) -> tuple[list[str], dict[str, str | None]]:
    """The occurrence fields a change sets and the values it would store (``False``: untouched)."""
    fields: list[str] = []
    yours: dict[str, str | None] = {}
    if status is not None:
        fields += ["status", "skip_reason"]
        yours["status"] = status.value
        yours["skip_reason"] = skip_reason if status is TaskStatus.SKIPPED else None
    if owner is not False:
        fields.append("owner")
        yours["owner"] = None if owner is None else str(owner).strip().removeprefix("@")
    if notes is not False:
        fields.append("notes")
        yours["notes"] = None if notes is None else str(notes)
    return fields, yours
