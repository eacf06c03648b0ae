"""Read-side queries of the audit log (SQLAlchemy Core over ``tracker.db.schema``)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from tracker.db.schema import audit_event, release, task_occurrence
from tracker.domain.models import AuditEvent


def events_for_release(
    conn: Connection,
    release_id: int,
    release_name: str,
    *,
    item_key: str | None = None,
    limit: int | None = None,
) -> list[AuditEvent]:
    # The occurrence's due date names which day of a recurring task an event changed.
    stmt = (
        select(
            audit_event.c.id,
            audit_event.c.at,
            audit_event.c.actor,
            audit_event.c.action,
            audit_event.c.item_key,
            audit_event.c.old_value,
            audit_event.c.new_value,
            task_occurrence.c.due_date.label("occurrence_due"),
        )
        .select_from(
            audit_event.outerjoin(
                task_occurrence, task_occurrence.c.id == audit_event.c.occurrence_id
            )
        )
        .where(audit_event.c.release_id == release_id)
    )
    if item_key is not None:
        stmt = stmt.where(audit_event.c.item_key == item_key)
    if limit:
        stmt = stmt.order_by(audit_event.c.id.desc()).limit(int(limit))
    else:
        stmt = stmt.order_by(audit_event.c.id)
    rows = list(conn.execute(stmt).all())
    if limit:
        rows.reverse()
    return [
        AuditEvent(
            id=r.id,
            at=r.at,
            actor=r.actor,
            action=r.action,
            release_name=release_name,
            item_key=r.item_key,
            old_value=r.old_value,
            new_value=r.new_value,
            occurrence_due=r.occurrence_due,
        )
        for r in rows
    ]


def last_event_id(conn: Connection, release_id: int | None = None) -> int:
    """A cheap change token: grows with every change (all writes append an audit event)."""
    stmt = select(func.coalesce(func.max(audit_event.c.id), 0))
    if release_id is not None:
        stmt = stmt.where(audit_event.c.release_id == release_id)
    return int(conn.execute(stmt).scalar() or 0)


def recent_release_names(conn: Connection, limit: int) -> list[str]:
    """Unarchived releases, the most recently changed (latest audit event) first."""
    latest = func.coalesce(func.max(audit_event.c.id), 0)
    stmt = (
        select(release.c.name)
        .select_from(release.outerjoin(audit_event, audit_event.c.release_id == release.c.id))
        .where(release.c.archived_at.is_(None))
        .group_by(release.c.id, release.c.name)
        .order_by(latest.desc(), release.c.name)
        .limit(int(limit))
    )
    return list(conn.execute(stmt).scalars())
