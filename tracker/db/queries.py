"""Read-side queries in SQLAlchemy Core, returning domain read models.

The read path deliberately avoids the ORM and SQLModel (whose import alone costs ~0.3 s) so that
``tracker status``, ``tracker export`` and the TUI's first paint stay fast.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, text

from tracker.domain.enums import (
    CheckOutcome,
    ItemStatus,
    MLTestSection,
    NaReason,
    OwnerKind,
    PhaseRecurrence,
    Severity,
    TaskStatus,
)
from tracker.domain.models import (
    AuditEvent,
    CheckResult,
    Evidence,
    Owner,
    Release,
    ReleaseItem,
    ReleaseSummary,
    TaskOccurrence,
)


def as_utc(value: Any) -> datetime | None:
    """Stored datetimes are naive UTC (SQLite returns strings, PostgreSQL datetimes)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
    return value.astimezone(UTC)  # type: ignore[no-any-return]


def as_utc_required(value: Any) -> datetime:
    result = as_utc(value)
    if result is None:
        raise ValueError("timestamp is missing")
    return result


def as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value  # type: ignore[no-any-return]


def _release(row: Any) -> Release:
    return Release(
        id=row.id,
        name=row.name,
        template_id=row.template_id,
        template_version=row.template_version,
        template_title=row.template_title,
        environment=row.environment,
        target_date=as_date(row.target_date),
        golive_date=as_date(row.golive_date),
        variables=json.loads(row.variables_json or "{}"),
        profile=row.profile,
        created_at=as_utc(row.created_at),
        archived=row.archived_at is not None,
        golive_forced_reason=row.golive_forced_reason,
    )


_RELEASE_COLUMNS = (
    "id, name, template_id, template_version, template_title, environment, target_date, "
    "golive_date, golive_forced_reason, variables_json, profile, created_at, archived_at"
)


def release_by_name(conn: Connection, name: str) -> Release | None:
    row = conn.execute(
        text(f"SELECT {_RELEASE_COLUMNS} FROM release WHERE name = :name"), {"name": name}
    ).first()
    return _release(row) if row else None


def release_names(conn: Connection, include_archived: bool = True) -> list[str]:
    sql = "SELECT name FROM release" + ("" if include_archived else " WHERE archived_at IS NULL")
    return [r[0] for r in conn.execute(text(sql + " ORDER BY name"))]


def release_summaries(
    conn: Connection, *, include_archived: bool, today: date
) -> list[ReleaseSummary]:
    rows = conn.execute(
        text(
            """
            SELECT r.id, r.name, r.template_id, r.template_version, r.environment, r.target_date,
                   r.golive_date, r.archived_at,
                   COUNT(i.id) AS total,
                   SUM(CASE WHEN i.status IN ('done', 'na') THEN 1 ELSE 0 END) AS closed,
                   SUM(CASE WHEN i.status NOT IN ('done', 'na') AND i.severity = 'blocking'
                       THEN 1 ELSE 0 END) AS open_blocking
            FROM release r LEFT JOIN release_item i
                 ON i.release_id = r.id AND i.archived_at IS NULL
            WHERE (:all = 1 OR r.archived_at IS NULL)
            GROUP BY r.id, r.name, r.template_id, r.template_version, r.environment,
                     r.target_date, r.golive_date, r.archived_at
            ORDER BY r.archived_at IS NOT NULL, r.target_date IS NULL, r.target_date, r.name
            """
        ),
        {"all": 1 if include_archived else 0},
    ).all()
    overdue: dict[int, int] = dict(
        conn.execute(
            text(
                """
                SELECT t.release_id, COUNT(o.id) FROM task_occurrence o
                JOIN release_task t ON t.id = o.release_task_id
                WHERE o.status = 'todo' AND o.due_date < :today
                GROUP BY t.release_id
                """
            ),
            {"today": today},
        ).all()
    )
    return [
        ReleaseSummary(
            id=r.id,
            name=r.name,
            template_id=r.template_id,
            template_version=r.template_version,
            environment=r.environment,
            target_date=as_date(r.target_date),
            golive_date=as_date(r.golive_date),
            total=int(r.total or 0),
            closed=int(r.closed or 0),
            open_blocking=int(r.open_blocking or 0),
            archived=r.archived_at is not None,
            overdue_tasks=int(overdue.get(r.id, 0)),
        )
        for r in rows
    ]


_ITEM_SQL = """
    SELECT i.id, i.item_key, i.text, i.category_key, i.category_title, i.group_key, i.group_title,
           i.ml_section, i.position, i.severity, i.optional, i.condition, i.guidance, i.check_json,
           i.status, i.na_reason, i.na_note, o.handle AS owner, i.due_date, i.notes, i.archived_at,
           i.row_version, i.updated_at, i.updated_by
    FROM release_item i LEFT JOIN owner o ON o.id = i.owner_id
"""


def _item(row: Any, evidence: Sequence[Evidence], latest: CheckResult | None) -> ReleaseItem:
    return ReleaseItem(
        key=row.item_key,
        text=row.text,
        category_key=row.category_key,
        category_title=row.category_title,
        group_key=row.group_key,
        group_title=row.group_title,
        ml_section=MLTestSection(row.ml_section),
        position=row.position,
        severity=Severity(row.severity),
        optional=bool(row.optional),
        condition=row.condition,
        guidance=row.guidance,
        check=json.loads(row.check_json) if row.check_json else None,
        status=ItemStatus(row.status),
        na_reason=NaReason(row.na_reason) if row.na_reason else None,
        na_note=row.na_note,
        owner=row.owner,
        due_date=as_date(row.due_date),
        notes=row.notes,
        evidence=tuple(evidence),
        archived=row.archived_at is not None,
        row_version=row.row_version,
        updated_at=as_utc(row.updated_at),
        updated_by=row.updated_by,
        latest_check=latest,
    )


def _evidence(row: Any) -> Evidence:
    return Evidence(
        id=row.id,
        url=row.url,
        title=row.title,
        added_by=row.added_by,
        added_at=as_utc_required(row.added_at),
    )


def _check_result(row: Any) -> CheckResult:
    return CheckResult(
        id=row.id,
        item_key=row.item_key,
        check_id=row.check_id,
        outcome=CheckOutcome(row.outcome),
        message=row.message,
        started_at=as_utc_required(row.started_at),
        actor=row.actor,
        duration_ms=row.duration_ms,
        link=row.link,
        facts=json.loads(row.facts_json or "{}"),
        run_id=row.run_id,
        scheduled=bool(row.scheduled),
    )


def items_for_release(
    conn: Connection, release_id: int, *, item_keys: Iterable[str] | None = None
) -> list[ReleaseItem]:
    """The release's items in template order, with evidence and the latest check result."""
    params: dict[str, Any] = {"rid": release_id}
    sql = _ITEM_SQL + " WHERE i.release_id = :rid"
    stmt = text(sql + " ORDER BY i.position")
    if item_keys is not None:
        params["keys"] = list(item_keys)
        stmt = text(sql + " AND i.item_key IN :keys ORDER BY i.position").bindparams(
            bindparam("keys", expanding=True)
        )
    rows = conn.execute(stmt, params).all()
    if not rows:
        return []
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    ev_sql = (
        "SELECT e.id, e.release_item_id, e.url, e.title, e.added_by, e.added_at FROM evidence e "
    )
    if item_keys is None:
        ev_stmt = text(
            ev_sql + "JOIN release_item i ON i.id = e.release_item_id "
            "WHERE i.release_id = :rid ORDER BY e.id"
        )
        ev_params: dict[str, Any] = {"rid": release_id}
    else:
        ev_stmt = text(ev_sql + "WHERE e.release_item_id IN :ids ORDER BY e.id").bindparams(
            bindparam("ids", expanding=True)
        )
        ev_params = {"ids": [r.id for r in rows]}
    for ev in conn.execute(ev_stmt, ev_params):
        evidence[ev.release_item_id].append(_evidence(ev))
    latest = latest_check_results(
        conn, release_id, None if item_keys is None else [r.item_key for r in rows]
    )
    return [_item(r, evidence.get(r.id, ()), latest.get(r.item_key)) for r in rows]


_CHECK_COLUMNS = (
    "id, item_key, check_id, outcome, message, link, facts_json, duration_ms, run_id, actor, "
    "started_at, scheduled"
)


def latest_check_results(
    conn: Connection, release_id: int, item_keys: Sequence[str] | None = None
) -> dict[str, CheckResult]:
    sql = f"""
        SELECT {_CHECK_COLUMNS} FROM check_result c
        WHERE c.release_id = :rid AND c.occurrence_id IS NULL AND c.id = (
            SELECT MAX(c2.id) FROM check_result c2
            WHERE c2.release_id = c.release_id AND c2.item_key = c.item_key
              AND c2.occurrence_id IS NULL)
    """
    params: dict[str, Any] = {"rid": release_id}
    stmt = text(sql)
    if item_keys is not None:
        stmt = text(sql + " AND c.item_key IN :keys").bindparams(bindparam("keys", expanding=True))
        params["keys"] = list(item_keys)
    return {r.item_key: _check_result(r) for r in conn.execute(stmt, params)}


def check_history(
    conn: Connection, release_id: int, item_key: str | None = None
) -> list[CheckResult]:
    sql = f"SELECT {_CHECK_COLUMNS} FROM check_result WHERE release_id = :rid"
    params: dict[str, Any] = {"rid": release_id}
    if item_key is not None:
        sql += " AND item_key = :key"
        params["key"] = item_key
    return [_check_result(r) for r in conn.execute(text(sql + " ORDER BY id"), params)]


def events_for_release(
    conn: Connection,
    release_id: int,
    release_name: str,
    *,
    item_key: str | None = None,
    limit: int | None = None,
) -> list[AuditEvent]:
    sql = (
        "SELECT id, at, actor, action, item_key, old_value, new_value FROM audit_event "
        "WHERE release_id = :rid"
    )
    params: dict[str, Any] = {"rid": release_id}
    if item_key is not None:
        sql += " AND item_key = :key"
        params["key"] = item_key
    sql += " ORDER BY id DESC" if limit else " ORDER BY id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = list(conn.execute(text(sql), params).all())
    if limit:
        rows.reverse()
    return [
        AuditEvent(
            id=r.id,
            at=as_utc_required(r.at),
            actor=r.actor,
            action=r.action,
            release_name=release_name,
            item_key=r.item_key,
            old_value=r.old_value,
            new_value=r.new_value,
        )
        for r in rows
    ]


def last_event_id(conn: Connection, release_id: int | None = None) -> int:
    """A cheap change token: grows with every change (all writes append an audit event)."""
    if release_id is None:
        return int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM audit_event")).scalar() or 0)
    return int(
        conn.execute(
            text("SELECT COALESCE(MAX(id), 0) FROM audit_event WHERE release_id = :rid"),
            {"rid": release_id},
        ).scalar()
        or 0
    )


def owners(conn: Connection) -> list[Owner]:
    rows = conn.execute(text("SELECT handle, name, email, team, kind FROM owner ORDER BY handle"))
    return [
        Owner(handle=r.handle, name=r.name, email=r.email, team=r.team, kind=OwnerKind(r.kind))
        for r in rows
    ]


def occurrences_for_release(conn: Connection, release_id: int) -> list[TaskOccurrence]:
    return occurrences_for_releases(conn, [release_id]).get(release_id, [])


def occurrences_for_releases(
    conn: Connection, release_ids: Sequence[int]
) -> dict[int, list[TaskOccurrence]]:
    """The occurrences of some releases in two queries, by release id (releases without any
    are left out), each release's in schedule order."""
    if not release_ids:
        return {}
    rows = conn.execute(
        text(
            """
            SELECT o.id, t.release_id, t.task_key, t.phase_key, t.phase_title, t.text,
                   o.due_date, o.seq, o.status, o.skip_reason, ow.handle AS owner, o.notes,
                   o.completed_by, o.completed_at, t.check_json, o.row_version, t.recurrence,
                   t.guidance
            FROM task_occurrence o
            JOIN release_task t ON t.id = o.release_task_id
            LEFT JOIN owner ow ON ow.id = COALESCE(o.owner_id, t.owner_id)
            WHERE t.release_id IN :rids
            ORDER BY o.due_date, t.phase_position, t.position, o.seq
            """
        ).bindparams(bindparam("rids", expanding=True)),
        {"rids": list(release_ids)},
    ).all()
    if not rows:
        return {}
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    ev_rows = conn.execute(
        text(
            "SELECT e.id, e.occurrence_id, e.url, e.title, e.added_by, e.added_at FROM evidence e "
            "JOIN task_occurrence o ON o.id = e.occurrence_id "
            "JOIN release_task t ON t.id = o.release_task_id WHERE t.release_id IN :rids "
            "ORDER BY e.id"
        ).bindparams(bindparam("rids", expanding=True)),
        {"rids": list(release_ids)},
    )
    for ev in ev_rows:
        evidence[ev.occurrence_id].append(_evidence(ev))
    result: dict[int, list[TaskOccurrence]] = defaultdict(list)
    for r in rows:
        result[r.release_id].append(
            TaskOccurrence(
                id=r.id,
                task_key=r.task_key,
                phase_key=r.phase_key,
                phase_title=r.phase_title,
                text=r.text,
                due_date=as_date(r.due_date) or date.min,
                seq=r.seq,
                status=TaskStatus(r.status),
                skip_reason=r.skip_reason,
                owner=r.owner,
                notes=r.notes,
                evidence=tuple(evidence.get(r.id, ())),
                completed_by=r.completed_by,
                completed_at=as_utc(r.completed_at),
                check=json.loads(r.check_json) if r.check_json else None,
                row_version=r.row_version,
                recurrence=PhaseRecurrence(r.recurrence),
                guidance=r.guidance,
            )
        )
    return dict(result)
