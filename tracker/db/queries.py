"""Read-side queries: SQLAlchemy Core ``select()`` over the one schema (``tracker.db.schema``),
returning domain read models.

The read path deliberately avoids the ORM and SQLModel (whose import alone costs 0.2-0.4 s) so
that ``tracker status``, ``tracker export`` and the TUI's first paint stay fast. Column types do
the conversions (``UtcDateTime`` gives aware UTC datetimes, ``Date`` dates, ``Boolean`` bools).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, bindparam, case, func, select

from tracker.db.schema import (
    check_result,
    evidence,
    owner,
    release,
    release_item,
    release_task,
    task_occurrence,
)
from tracker.domain.enums import (
    CheckOutcome,
    ItemStatus,
    MLTestSection,
    NaReason,
    OwnerKind,
    Severity,
    TaskStatus,
)
from tracker.domain.models import (
    CheckResult,
    Evidence,
    Owner,
    Release,
    ReleaseItem,
    ReleaseSummary,
)

_CLOSED = (ItemStatus.DONE.value, ItemStatus.NA.value)
AnyRow = Row[*tuple[Any, ...]]
"""A result row of any shape (columns are read by name)."""


def _release(row: AnyRow) -> Release:
    return Release(
        id=row.id,
        name=row.name,
        template_id=row.template_id,
        template_version=row.template_version,
        template_title=row.template_title,
        environment=row.environment,
        target_date=row.target_date,
        golive_date=row.golive_date,
        variables=json.loads(row.variables_json or "{}"),
        profile=row.profile,
        created_at=row.created_at,
        archived=row.archived_at is not None,
        golive_forced_reason=row.golive_forced_reason,
    )


_RELEASE_COLUMNS = (
    release.c.id,
    release.c.name,
    release.c.template_id,
    release.c.template_version,
    release.c.template_title,
    release.c.environment,
    release.c.target_date,
    release.c.golive_date,
    release.c.golive_forced_reason,
    release.c.variables_json,
    release.c.profile,
    release.c.created_at,
    release.c.archived_at,
)


# Hot-path statements are built once: building a select() and its cache key on every call
# cost more than the query itself (toggle and open-release latency).
_RELEASE_BY_NAME = select(*_RELEASE_COLUMNS).where(release.c.name == bindparam("name"))


def release_by_name(conn: Connection, name: str) -> Release | None:
    row = conn.execute(_RELEASE_BY_NAME, {"name": name}).first()
    return _release(row) if row else None


def release_names(conn: Connection, include_archived: bool = True) -> list[str]:
    stmt = select(release.c.name).order_by(release.c.name)
    if not include_archived:
        stmt = stmt.where(release.c.archived_at.is_(None))
    return list(conn.execute(stmt).scalars())


_SUMMARY_KEY = (
    release.c.id,
    release.c.name,
    release.c.template_id,
    release.c.template_version,
    release.c.environment,
    release.c.target_date,
    release.c.golive_date,
    release.c.archived_at,
)


def _summary_statement() -> Select[Any]:
    """Each release with its active items counted: all, closed, open and blocking."""
    is_open = release_item.c.status.not_in(_CLOSED)
    blocking = release_item.c.severity == Severity.BLOCKING.value
    return (
        select(
            *_SUMMARY_KEY,
            func.count(release_item.c.id).label("total"),
            func.sum(case((release_item.c.status.in_(_CLOSED), 1), else_=0)).label("closed"),
            func.sum(case((and_(is_open, blocking), 1), else_=0)).label("open_blocking"),
        )
        .select_from(
            release.outerjoin(
                release_item,
                and_(
                    release_item.c.release_id == release.c.id,
                    release_item.c.archived_at.is_(None),
                ),
            )
        )
        .group_by(*_SUMMARY_KEY)
        .order_by(
            release.c.archived_at.is_not(None),
            release.c.target_date.is_(None),
            release.c.target_date,
            release.c.name,
        )
    )


def release_summaries(
    conn: Connection, *, include_archived: bool, today: date
) -> list[ReleaseSummary]:
    stmt = _summary_statement()
    if not include_archived:
        stmt = stmt.where(release.c.archived_at.is_(None))
    rows = conn.execute(stmt).all()
    overdue = overdue_tasks_by_release(conn, today)
    return [
        ReleaseSummary(
            id=r.id,
            name=r.name,
            template_id=r.template_id,
            template_version=r.template_version,
            environment=r.environment,
            target_date=r.target_date,
            golive_date=r.golive_date,
            total=int(r.total or 0),
            closed=int(r.closed or 0),
            open_blocking=int(r.open_blocking or 0),
            archived=r.archived_at is not None,
            overdue_tasks=int(overdue.get(r.id, 0)),
        )
        for r in rows
    ]


_ITEM_COLUMNS = (
    release_item.c.id,
    release_item.c.item_key,
    release_item.c.text,
    release_item.c.category_key,
    release_item.c.category_title,
    release_item.c.group_key,
    release_item.c.group_title,
    release_item.c.ml_section,
    release_item.c.position,
    release_item.c.severity,
    release_item.c.optional,
    release_item.c.condition,
    release_item.c.guidance,
    release_item.c.check_json,
    release_item.c.status,
    release_item.c.na_reason,
    release_item.c.na_note,
    owner.c.handle.label("owner"),
    release_item.c.due_date,
    release_item.c.notes,
    release_item.c.archived_at,
    release_item.c.row_version,
    release_item.c.updated_at,
    release_item.c.updated_by,
)


def _item(row: AnyRow, evidence: Sequence[Evidence], latest: CheckResult | None) -> ReleaseItem:
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
        optional=row.optional,
        condition=row.condition,
        guidance=row.guidance,
        check=json.loads(row.check_json) if row.check_json else None,
        status=ItemStatus(row.status),
        na_reason=NaReason(row.na_reason) if row.na_reason else None,
        na_note=row.na_note,
        owner=row.owner,
        due_date=row.due_date,
        notes=row.notes,
        evidence=tuple(evidence),
        archived=row.archived_at is not None,
        row_version=row.row_version,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        latest_check=latest,
    )


EVIDENCE_COLUMNS = (
    evidence.c.id,
    evidence.c.release_item_id,
    evidence.c.occurrence_id,
    evidence.c.url,
    evidence.c.title,
    evidence.c.added_by,
    evidence.c.added_at,
)


def evidence_of(row: AnyRow) -> Evidence:
    """An evidence read model from a row of ``EVIDENCE_COLUMNS``."""
    return Evidence(
        id=row.id, url=row.url, title=row.title, added_by=row.added_by, added_at=row.added_at
    )


_CHECK_COLUMNS = (
    check_result.c.id,
    check_result.c.item_key,
    check_result.c.check_id,
    check_result.c.outcome,
    check_result.c.message,
    check_result.c.link,
    check_result.c.facts_json,
    check_result.c.duration_ms,
    check_result.c.run_id,
    check_result.c.actor,
    check_result.c.started_at,
    check_result.c.scheduled,
)


def _check_result(row: AnyRow) -> CheckResult:
    return CheckResult(
        id=row.id,
        item_key=row.item_key,
        check_id=row.check_id,
        outcome=CheckOutcome(row.outcome),
        message=row.message,
        started_at=row.started_at,
        actor=row.actor,
        duration_ms=row.duration_ms,
        link=row.link,
        facts=json.loads(row.facts_json or "{}"),
        run_id=row.run_id,
        scheduled=row.scheduled,
    )


_ITEMS = (
    select(*_ITEM_COLUMNS)
    .select_from(release_item.outerjoin(owner, owner.c.id == release_item.c.owner_id))
    .where(release_item.c.release_id == bindparam("rid"))
    .order_by(release_item.c.position)
)
_ITEMS_BY_KEY = _ITEMS.where(release_item.c.item_key.in_(bindparam("keys", expanding=True)))
_EVIDENCE_OF_RELEASE = (
    select(*EVIDENCE_COLUMNS)
    .join(release_item, release_item.c.id == evidence.c.release_item_id)
    .where(release_item.c.release_id == bindparam("rid"))
    .order_by(evidence.c.id)
)
_EVIDENCE_OF_ITEMS = (
    select(*EVIDENCE_COLUMNS)
    .where(evidence.c.release_item_id.in_(bindparam("ids", expanding=True)))
    .order_by(evidence.c.id)
)


def items_for_release(
    conn: Connection, release_id: int, *, item_keys: Iterable[str] | None = None
) -> list[ReleaseItem]:
    """The release's items in template order, with evidence and the latest check result."""
    if item_keys is None:
        rows = conn.execute(_ITEMS, {"rid": release_id}).all()
    else:
        rows = conn.execute(_ITEMS_BY_KEY, {"rid": release_id, "keys": list(item_keys)}).all()
    if not rows:
        return []
    if item_keys is None:
        evs = conn.execute(_EVIDENCE_OF_RELEASE, {"rid": release_id})
    else:
        evs = conn.execute(_EVIDENCE_OF_ITEMS, {"ids": [r.id for r in rows]})
    by_item: dict[int, list[Evidence]] = defaultdict(list)
    for ev in evs:
        by_item[ev.release_item_id].append(evidence_of(ev))
    latest = latest_check_results(
        conn, release_id, None if item_keys is None else [r.item_key for r in rows]
    )
    return [_item(r, by_item.get(r.id, ()), latest.get(r.item_key)) for r in rows]


def _latest_checks_statement() -> Select[Any]:
    newer = check_result.alias("newer")
    newest_id = (
        select(func.max(newer.c.id))
        .where(
            newer.c.release_id == check_result.c.release_id,
            newer.c.item_key == check_result.c.item_key,
            newer.c.occurrence_id.is_(None),
        )
        .scalar_subquery()
    )
    return select(*_CHECK_COLUMNS).where(
        check_result.c.release_id == bindparam("rid"),
        check_result.c.occurrence_id.is_(None),
        check_result.c.id == newest_id,
    )


_LATEST_CHECKS = _latest_checks_statement()
_LATEST_CHECKS_BY_KEY = _LATEST_CHECKS.where(
    check_result.c.item_key.in_(bindparam("keys", expanding=True))
)


def latest_check_results(
    conn: Connection, release_id: int, item_keys: Sequence[str] | None = None
) -> dict[str, CheckResult]:
    """Each item's newest check result (of the item itself, not of a task occurrence)."""
    if item_keys is None:
        rows = conn.execute(_LATEST_CHECKS, {"rid": release_id})
    else:
        rows = conn.execute(_LATEST_CHECKS_BY_KEY, {"rid": release_id, "keys": list(item_keys)})
    return {r.item_key: _check_result(r) for r in rows}


def check_history(
    conn: Connection, release_id: int, item_key: str | None = None
) -> list[CheckResult]:
    stmt = (
        select(*_CHECK_COLUMNS)
        .where(check_result.c.release_id == release_id)
        .order_by(check_result.c.id)
    )
    if item_key is not None:
        stmt = stmt.where(check_result.c.item_key == item_key)
    return [_check_result(r) for r in conn.execute(stmt)]


_OWNERS = select(owner.c.handle, owner.c.name, owner.c.email, owner.c.team, owner.c.kind).order_by(
    owner.c.handle
)


def owners(conn: Connection) -> list[Owner]:
    return [
        Owner(handle=r.handle, name=r.name, email=r.email, team=r.team, kind=OwnerKind(r.kind))
        for r in conn.execute(_OWNERS)
    ]


def overdue_tasks_by_release(conn: Connection, today: date) -> dict[int, int]:
    """How many open occurrences are past their due date, by release id (none: left out)."""
    stmt = (
        select(release_task.c.release_id, func.count(task_occurrence.c.id))
        .select_from(
            task_occurrence.join(
                release_task, release_task.c.id == task_occurrence.c.release_task_id
            )
        )
        .where(
            task_occurrence.c.status == TaskStatus.TODO.value,
            task_occurrence.c.due_date < today,
        )
        .group_by(release_task.c.release_id)
    )
    return {rid: n for rid, n in conn.execute(stmt)}
