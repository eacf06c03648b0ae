"""An item's row inside a write: locked, read as the item rules' fields, written back, and
its evidence links checked (shared by items, undo and verification)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from tracker.domain.conflicts import conflict_message
from tracker.domain.item_rules import ItemFields
from tracker.errors import ConflictError, FieldConflict, NotFoundError
from tracker.services.owners import handle_of_owner, owner_id_by_handle

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.db.tables import ReleaseItemRow


def locked_item_row(session: Session, release_id: int, key: str) -> ReleaseItemRow:
    """An item's row, locked for this write."""
    from sqlmodel import col

    from tracker.db.tables import ReleaseItemRow

    # FOR UPDATE: on PostgreSQL concurrent read-modify-writes of one item serialise (the
    # audit's old value is always the previous new value); SQLite writers already do.
    row: ReleaseItemRow | None = session.execute(
        select(ReleaseItemRow)
        .where(
            col(ReleaseItemRow.release_id) == release_id,
            col(ReleaseItemRow.item_key) == key,
        )
        .with_for_update()
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError("item", key)
    return row


def stored_fields(session: Session, row: ReleaseItemRow) -> ItemFields:
    """The row's editable fields, as the item rules see them."""
    return ItemFields(
        status=row.status,
        na_reason=row.na_reason,
        na_note=row.na_note,
        owner=handle_of_owner(session, row.owner_id),
        due_date=row.due_date,
        notes=row.notes,
    )


def store_fields(
    session: Session, row: ReleaseItemRow, before: ItemFields, after: ItemFields
) -> None:
    """Write the item rules' ``after`` fields to the row (the owner by handle)."""
    row.status, row.na_reason, row.na_note = after.status, after.na_reason, after.na_note
    if after.owner != before.owner:
        row.owner_id = None if after.owner is None else owner_id_by_handle(session, after.owner)
    row.due_date, row.notes = after.due_date, after.notes


def has_evidence(session: Session, row: ReleaseItemRow, evidence_id: int) -> bool:
    from tracker.db.tables import EvidenceRow

    ev_row = session.get(EvidenceRow, evidence_id)
    return ev_row is not None and ev_row.release_item_id == row.id


def refuse_removed_evidence(
    session: Session, release_id: int, row: ReleaseItemRow, evidence_id: int, now: datetime
) -> None:
    """Evidence someone already removed from this item is a conflict (who, when); evidence
    this item never had is unknown."""
    from sqlmodel import col

    from tracker.db.tables import AuditEventRow

    removals = session.execute(
        select(col(AuditEventRow.actor), col(AuditEventRow.at), col(AuditEventRow.old_value))
        .where(
            col(AuditEventRow.release_id) == release_id,
            col(AuditEventRow.item_key) == row.item_key,
            col(AuditEventRow.occurrence_id).is_(None),
            col(AuditEventRow.action) == "evidence.remove",
        )
        .order_by(col(AuditEventRow.id).desc())
    ).all()
    for actor, at, old in removals:
        if json.loads(old or "{}").get("id") == evidence_id:
            conflict = FieldConflict(
                "evidence", None, f"remove #{evidence_id}", f"#{evidence_id}", actor, at
            )
            raise ConflictError(
                conflict_message(row.item_key, [conflict], now),
                subject=row.item_key,
                conflicts=[conflict],
                current_version=row.row_version,
            )
    raise NotFoundError("evidence", str(evidence_id))
