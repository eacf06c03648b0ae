"""Read-side queries of post-deployment task occurrences (SQLAlchemy Core over
``tracker.db.schema``, like ``tracker.db.queries``)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, select

from tracker.db.queries import EVIDENCE_COLUMNS, AnyRow, evidence_of
from tracker.db.schema import evidence, owner, release_task, task_occurrence
from tracker.domain.enums import PhaseRecurrence, TaskStatus
from tracker.domain.models import Evidence, TaskOccurrence


def occurrences_for_release(conn: Connection, release_id: int) -> list[TaskOccurrence]:
    return occurrences_for_releases(conn, [release_id]).get(release_id, [])


def _occurrence(row: AnyRow, evidence: Sequence[Evidence]) -> TaskOccurrence:
    return TaskOccurrence(
        id=row.id,
        task_key=row.task_key,
        phase_key=row.phase_key,
        phase_title=row.phase_title,
        text=row.text,
        due_date=row.due_date,
        seq=row.seq,
        status=TaskStatus(row.status),
        skip_reason=row.skip_reason,
        owner=row.owner,
        notes=row.notes,
        evidence=tuple(evidence),
        completed_by=row.completed_by,
        completed_at=row.completed_at,
        check=json.loads(row.check_json) if row.check_json else None,
        row_version=row.row_version,
        recurrence=PhaseRecurrence(row.recurrence),
        guidance=row.guidance,
    )


# Built once, on first use (a release's view reads them every time it is opened or refreshed).
@cache
def _occurrences_statement() -> Select[Any]:
    occ, task = task_occurrence, release_task
    return (
        select(
            occ.c.id,
            task.c.release_id,
            task.c.task_key,
            task.c.phase_key,
            task.c.phase_title,
            task.c.text,
            occ.c.due_date,
            occ.c.seq,
            occ.c.status,
            occ.c.skip_reason,
            owner.c.handle.label("owner"),
            occ.c.notes,
            occ.c.completed_by,
            occ.c.completed_at,
            task.c.check_json,
            occ.c.row_version,
            task.c.recurrence,
            task.c.guidance,
        )
        .select_from(
            occ.join(task, task.c.id == occ.c.release_task_id).outerjoin(
                owner, owner.c.id == func.coalesce(occ.c.owner_id, task.c.owner_id)
            )
        )
        .where(task.c.release_id.in_(bindparam("ids", expanding=True)))
        .order_by(occ.c.due_date, task.c.phase_position, task.c.position, occ.c.seq)
    )


@cache
def _occurrence_evidence_statement() -> Select[Any]:
    occ, task = task_occurrence, release_task
    return (
        select(*EVIDENCE_COLUMNS)
        .join(occ, occ.c.id == evidence.c.occurrence_id)
        .join(task, task.c.id == occ.c.release_task_id)
        .where(task.c.release_id.in_(bindparam("ids", expanding=True)))
        .order_by(evidence.c.id)
    )


def occurrences_for_releases(
    conn: Connection, release_ids: Sequence[int]
) -> dict[int, list[TaskOccurrence]]:
    """The occurrences of some releases in two queries, by release id (releases without any
    are left out), each release's in schedule order."""
    if not release_ids:
        return {}
    ids = {"ids": list(release_ids)}
    rows = conn.execute(_occurrences_statement(), ids).all()
    if not rows:
        return {}
    by_occurrence: dict[int, list[Evidence]] = defaultdict(list)
    for ev in conn.execute(_occurrence_evidence_statement(), ids):
        by_occurrence[ev.occurrence_id].append(evidence_of(ev))
    result: dict[int, list[TaskOccurrence]] = defaultdict(list)
    for r in rows:
        result[r.release_id].append(_occurrence(r, by_occurrence.get(r.id, ())))
    return dict(result)
