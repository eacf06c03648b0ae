"""Read-side queries for go/no-go (dependencies, sign-offs, waivers, milestones): Core selects
over ``tracker.db.schema`` returning domain read models (no ORM on the read path)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, case, exists, func, select

from tracker.db.schema import (
    audit_event,
    item_dependency,
    milestone,
    owner,
    release,
    release_item,
    signoff,
    signoff_role,
    waiver,
)
from tracker.domain.models import ReleaseItem
from tracker.domain.signoffs import (
    STATE_ACTIONS,
    RoleSignoff,
    Signoff,
    SignoffRole,
    blocking_digest,
    role_signoffs,
)
from tracker.domain.waivers import Waiver, WaiverState, apply_waivers

# The statements of an open release are built once (on first use, with bind parameters):
# building a select() and its cache key on every call cost more than the query.


@cache
def _dependencies_statement() -> Select[Any]:
    d = item_dependency.c
    return (
        select(d.item_key, d.depends_on)
        .where(d.release_id == bindparam("rid"), d.removed_at.is_(None))
        .order_by(d.item_key, d.depends_on)
    )


def dependencies(conn: Connection, release_id: int) -> dict[str, tuple[str, ...]]:
    """item key -> the keys it depends on (removed dependencies left out), sorted."""
    rows = conn.execute(_dependencies_statement(), {"rid": release_id}).all()
    out: dict[str, list[str]] = {}
    for item_key, dep in rows:
        out.setdefault(item_key, []).append(dep)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _signoff_roles_statement() -> Select[Any]:
    r = signoff_role.c
    return (
        select(r.role, r.title, r.position)
        .where(r.release_id == bindparam("rid"), r.removed_at.is_(None))
        .order_by(r.position, r.role)
    )


def signoff_roles(conn: Connection, release_id: int) -> list[SignoffRole]:
    rows = conn.execute(_signoff_roles_statement(), {"rid": release_id}).all()
    return [SignoffRole(role=x.role, title=x.title, position=x.position) for x in rows]


@cache
def _signoffs_statement() -> Select[Any]:
    s = signoff.c
    return (
        select(
            s.id,
            s.role,
            s.signed_by,
            s.signed_at,
            s.digest,
            s.comment,
            s.revoked_at,
            s.revoked_by,
            s.seen_event_id,
        )
        .where(s.release_id == bindparam("rid"))
        .order_by(s.signed_at, s.id)
    )


def signoffs(conn: Connection, release_id: int) -> list[Signoff]:
    """Every sign-off of the release (revoked ones included), oldest first."""
    rows = conn.execute(_signoffs_statement(), {"rid": release_id}).all()
    return [Signoff(**row._mapping) for row in rows]


@cache
def _last_blocking_change_statement() -> Select[Any]:
    a = audit_event.c
    return select(func.max(a.id)).where(
        a.release_id == bindparam("rid"),
        a.action.in_(sorted(STATE_ACTIONS)),
        a.item_key.in_(bindparam("keys", expanding=True)),
    )


def last_blocking_change(conn: Connection, release_id: int, keys: Sequence[str]) -> int:
    """The newest audit event id that changed the state of one of ``keys`` (0: none)."""
    if not keys:
        return 0
    value = conn.execute(
        _last_blocking_change_statement(), {"rid": release_id, "keys": list(keys)}
    ).scalar()
    return int(value or 0)


def role_status(
    conn: Connection, release_id: int, items: Sequence[ReleaseItem]
) -> list[RoleSignoff]:
    """Each required role with its current sign-off and whether it is fresh, for ``items``
    (decorated: waiver state included) of the release."""
    blocking = [i.key for i in items if i.is_blocking]
    return role_signoffs(
        signoff_roles(conn, release_id),
        signoffs(conn, release_id),
        blocking_digest(items),
        last_blocking_change(conn, release_id, blocking),
    )


def _waiver(row: Any) -> Waiver:
    data = dict(row._mapping)
    data.pop("release_id", None)
    data["state"] = WaiverState(data["state"])
    return Waiver(**data)


_WAIVER_COLUMNS = (
    waiver.c.id,
    waiver.c.item_key,
    waiver.c.state,
    waiver.c.reason,
    waiver.c.control,
    waiver.c.approver,
    waiver.c.expires_on,
    waiver.c.requested_by,
    waiver.c.requested_at,
    waiver.c.decided_by,
    waiver.c.decided_at,
    waiver.c.decision_note,
    waiver.c.row_version,
)


@cache
def _waivers_statement() -> Select[Any]:
    return (
        select(*_WAIVER_COLUMNS)
        .where(waiver.c.release_id == bindparam("rid"))
        .order_by(waiver.c.id)
    )


def waivers(conn: Connection, release_id: int) -> list[Waiver]:
    """Every waiver of the release, oldest first."""
    rows = conn.execute(_waivers_statement(), {"rid": release_id}).all()
    return [_waiver(r) for r in rows]


def waiver_by_id(conn: Connection, waiver_id: int) -> tuple[int, Waiver] | None:
    """(release id, waiver) of one waiver, or None."""
    row = conn.execute(
        select(waiver.c.release_id, *_WAIVER_COLUMNS).where(waiver.c.id == waiver_id)
    ).first()
    return (row.release_id, _waiver(row)) if row else None


def decorate_items(
    conn: Connection, release_id: int, items: Sequence[ReleaseItem], today: date
) -> list[ReleaseItem]:
    """``items`` with their dependencies and waiver state (as of ``today``) filled in."""
    deps = dependencies(conn, release_id)
    all_waivers = waivers(conn, release_id)
    with_deps = [
        dataclasses.replace(i, depends_on=deps[i.key]) if i.key in deps else i for i in items
    ]
    out = apply_waivers(with_deps, all_waivers, today)
    needed = {d for i in out for d in i.depends_on}
    if not needed:
        return out
    open_keys = {i.key for i in out if i.is_open and not i.archived}
    known = {i.key for i in out}
    missing = sorted(needed - known)
    if missing:  # dependencies outside the items asked for: read their state
        r = release_item.c
        rows = conn.execute(
            select(r.item_key, r.status, r.archived_at).where(
                r.release_id == release_id, r.item_key.in_(missing)
            )
        ).all()
        waived = {
            i.key
            for i in apply_waivers(
                [_bare(row.item_key, row.status) for row in rows], all_waivers, today
            )
            if i.waived
        }
        open_keys |= {
            row.item_key
            for row in rows
            if row.archived_at is None
            and row.status not in ("done", "na")
            and row.item_key not in waived
        }
    return [
        dataclasses.replace(i, waiting_on=tuple(d for d in i.depends_on if d in open_keys))
        if i.depends_on
        else i
        for i in out
    ]


def _bare(key: str, status: str) -> ReleaseItem:
    """A stand-in item (key and status only) to apply waivers to."""
    from tracker.domain.enums import ItemStatus, MLTestSection

    return ReleaseItem(
        key=key,
        text="",
        category_key="",
        category_title="",
        group_key="",
        group_title="",
        ml_section=MLTestSection.DATA,
        position=0,
        status=ItemStatus(status),
    )


def milestone_names(conn: Connection, release_id: int) -> list[tuple[str, datetime, str]]:
    """(name, created at, created by) of the release's milestones, oldest first."""
    m = milestone.c
    rows = conn.execute(
        select(m.name, m.created_at, m.created_by)
        .where(m.release_id == release_id)
        .order_by(m.created_at, m.id)
    ).all()
    return [(r.name, r.created_at, r.created_by) for r in rows]


def milestone_snapshot(conn: Connection, release_id: int, name: str) -> str | None:
    m = milestone.c
    value = conn.execute(
        select(m.snapshot_json).where(m.release_id == release_id, m.name == name)
    ).scalar()
    return None if value is None else str(value)


def expired_waivers(
    conn: Connection, today: date, release_id: int | None = None
) -> list[tuple[str, str, str, date, str | None]]:
    """(release, item key, item text, expiry, owner) of open items of unarchived releases
    whose last approved waiver has expired (none in force), oldest expiry first."""
    w, i = waiver.c, release_item.c
    later = waiver.alias("later")
    in_force = exists().where(
        later.c.release_id == w.release_id,
        later.c.item_key == w.item_key,
        later.c.state == WaiverState.APPROVED.value,
        later.c.expires_on > today,
    )
    expiry = func.max(w.expires_on)
    stmt = (
        select(release.c.name, w.item_key, i.text, expiry.label("expires_on"), owner.c.handle)
        .select_from(
            waiver.join(release, release.c.id == w.release_id)
            .join(release_item, and_(i.release_id == w.release_id, i.item_key == w.item_key))
            .outerjoin(owner, owner.c.id == i.owner_id)
        )
        .where(
            w.state == WaiverState.APPROVED.value,
            w.expires_on <= today,
            release.c.archived_at.is_(None),
            i.archived_at.is_(None),
            i.status.not_in(("done", "na")),
            ~in_force,
        )
        .group_by(release.c.name, w.item_key, i.text, owner.c.handle)
        .order_by(expiry, release.c.name, w.item_key)
    )
    if release_id is not None:
        stmt = stmt.where(w.release_id == release_id)
    return [(r[0], r[1], r[2], r[3], r[4]) for r in conn.execute(stmt).all()]


def waived_counts(conn: Connection, today: date) -> dict[int, tuple[int, int]]:
    """release id -> (open items under a waiver in force, of which blocking): what the release
    list adds to "closed" and takes from "open blocking"."""
    w, i = waiver.c, release_item.c
    rows = conn.execute(
        select(
            w.release_id,
            func.count(func.distinct(i.id)),
            func.count(func.distinct(case((i.severity == "blocking", i.id)))),
        )
        .select_from(
            waiver.join(release_item, and_(i.release_id == w.release_id, i.item_key == w.item_key))
        )
        .where(
            w.state == WaiverState.APPROVED.value,
            w.expires_on > today,
            i.archived_at.is_(None),
            i.status.not_in(("done", "na")),
        )
        .group_by(w.release_id)
    ).all()
    return {r[0]: (int(r[1]), int(r[2])) for r in rows}
