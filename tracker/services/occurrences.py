"""Post-deployment task occurrences: reading them (one release or every live one, by due
bucket and owner), naming one, and changing one by the occurrence rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from tracker.db import queries, task_queries
from tracker.domain import validation
from tracker.domain.conflicts import occurrence_label, occurrence_values
from tracker.domain.enums import TaskStatus
from tracker.domain.item_rules import Event
from tracker.domain.models import TaskOccurrence
from tracker.domain.occurrence_rules import (
    OccurrenceFields,
    apply_occurrence_change,
    find_occurrence,
)
from tracker.domain.schedule import filter_occurrences
from tracker.errors import NotFoundError, ValidationError
from tracker.services.base import ServiceContext
from tracker.services.owners import handle_of_owner, owner_id_by_handle

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.db.tables import TaskOccurrenceRow

Due = Literal["today", "week", "overdue"]


@dataclass(frozen=True, slots=True)
class DueTask:
    """An occurrence with the release it belongs to (``tracker tasks`` lists across releases)."""

    release: str
    occurrence: TaskOccurrence


class OccurrenceService:
    """Post-deployment task occurrences."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reads ---
    def occurrences(self, release: str) -> list[TaskOccurrence]:
        with self.ctx.read() as conn:
            return task_queries.occurrences_for_release(
                conn, self.ctx.find_release(conn, release).id
            )

    def due_tasks(
        self,
        release: str | None = None,
        *,
        due: Due | None = None,
        owner: str | None = None,
        include_closed: bool = False,
    ) -> list[DueTask]:
        """Open occurrences across live releases (or one), filtered by due bucket and owner."""
        today = self.ctx.clock.today()
        with self.ctx.read() as conn:
            if release is not None:
                rel = self.ctx.find_release(conn, release)
                names = {rel.id: rel.name}
            else:
                names = {
                    r.id: r.name
                    for r in queries.release_summaries(conn, include_archived=False, today=today)
                    if r.golive_date is not None
                }
            by_release = task_queries.occurrences_for_releases(conn, list(names))
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
        return find_occurrence(self.occurrences(release), ref, on)

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
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
        change = self.ctx.new_change_id()
        with self.ctx.write() as session:
            row = session.get(TaskOccurrenceRow, occ.id, with_for_update=True)
            if row is None:
                raise NotFoundError("task occurrence", occ.key)
            fields, yours = _occurrence_change(status, skip_reason, owner, notes)
            self._refuse_stale_occurrence(
                session, rel.id, occ, row, fields, yours, seen, expected_version
            )
            before = self._occurrence_fields(session, row)
            after, events = apply_occurrence_change(
                before,
                status=status,
                skip_reason=skip_reason,
                owner=self._stored_handle(session, owner),
                notes=notes,
                actor=self.ctx.actor,
                now=self.ctx.now(),
            )
            self._store_occurrence_fields(session, row, before, after)
            events += self._add_occurrence_evidence(session, row, evidence)
            if not events:
                raise ValidationError("nothing to change")
            row.row_version += 1
            self._audit_events(session, rel.id, change, occ, events)
        return self.occurrence(release, str(occ.id))

    def _audit_events(
        self,
        session: Session,
        release_id: int,
        change_id: str,
        occ: TaskOccurrence,
        events: list[Event],
    ) -> None:
        for action, old, new in events:
            self.ctx.audit(
                session,
                release_id,
                change_id,
                action,
                item_key=occ.task_key,
                occurrence_id=occ.id,
                old=old,
                new=new,
            )

    def _refuse_stale_occurrence(
        self,
        session: Session,
        release_id: int,
        occ: TaskOccurrence,
        row: TaskOccurrenceRow,
        fields: list[str],
        yours: dict[str, str | None],
        seen: TaskOccurrence | None,
        expected_version: int | None,
    ) -> None:
        """Compare-and-set on the locked row (see ``ServiceContext.refuse_if_stale``)."""
        self.ctx.refuse_if_stale(
            session,
            release_id,
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

    def _add_occurrence_evidence(
        self, session: Session, row: TaskOccurrenceRow, links: Sequence[tuple[str, str | None]]
    ) -> list[Event]:
        """Attach evidence links (url, title) to the occurrence; their "evidence.add" events."""
        events: list[Event] = []
        for url, title in links:
            clean = validation.evidence_url(url)
            ev = self.ctx.add_evidence(
                session, clean, validation.evidence_title(title, clean), occurrence_id=row.id
            )
            events.append(("evidence.add", None, self.ctx.evidence_json(ev)))
        return events

    def _occurrence_fields(self, session: Session, row: TaskOccurrenceRow) -> OccurrenceFields:
        return OccurrenceFields(
            status=row.status,
            skip_reason=row.skip_reason,
            owner=handle_of_owner(session, row.owner_id),
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
            row.owner_id = None if after.owner is None else owner_id_by_handle(session, after.owner)

    def _stored_handle(self, session: Session, owner: str | bool | None) -> str | bool | None:
        """The owner handle as stored for what the user typed (False and unassigning pass)."""
        if owner is False or owner is None or owner in ("", "-"):
            return owner
        return handle_of_owner(session, owner_id_by_handle(session, str(owner)))


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
