"""Undo: revert the acting user's last change in a release, itself recorded as a change."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from tracker.domain.conflicts import conflict_message
from tracker.domain.item_rules import REVERTIBLE, revert
from tracker.domain.models import AuditEvent
from tracker.errors import ConflictError, FieldConflict, ValidationError
from tracker.services.base import ServiceContext
from tracker.services.item_rows import locked_item_row, store_fields, stored_fields

if TYPE_CHECKING:
    from sqlmodel import Session


class UndoService:
    """Undo the acting user's last change in a release."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def undo_last(self, release: str) -> list[AuditEvent]:
        """Revert the acting user's last change in this release (itself recorded as a change)."""
        from sqlmodel import col

        from tracker.db.tables import AuditEventRow

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
        with self.ctx.write() as session:
            undone = {
                u
                for u in session.execute(
                    select(col(AuditEventRow.undo_of)).where(
                        col(AuditEventRow.release_id) == rel.id,
                        col(AuditEventRow.undo_of).is_not(None),
                    )
                ).scalars()
            }
            rows = list(
                session.execute(
                    select(AuditEventRow)
                    .where(
                        col(AuditEventRow.release_id) == rel.id,
                        col(AuditEventRow.actor) == self.ctx.actor,
                        col(AuditEventRow.undo_of).is_(None),
                    )
                    .order_by(col(AuditEventRow.id).desc())
                    .limit(500)
                ).scalars()
            )
            target = next((r.change_id for r in rows if r.change_id not in undone), None)
            if target is None:
                raise ValidationError(f"nothing of yours to undo in release {rel.name!r}")
            events = [r for r in rows if r.change_id == target]
            undo_id = self.ctx.new_change_id()
            for ev in events:  # newest first
                self._revert(session, rel.id, ev, undo_id)
            reverted = [
                AuditEvent(
                    id=e.id or 0,
                    at=e.at,
                    actor=e.actor,
                    action=e.action,
                    release_name=rel.name,
                    item_key=e.item_key,
                    old_value=e.old_value,
                    new_value=e.new_value,
                )
                for e in events
            ]
        return reverted

    def _revert(self, session: Session, release_id: int, ev: Any, undo_id: str) -> None:
        """Undo one audit event: a field gets its old value back (``item_rules.revert``) unless
        someone changed it since (a conflict); an evidence link is removed or restored; a
        sign-off or waiver step is reverted by ``undo_gonogo``."""
        from tracker.db.tables import EvidenceRow
        from tracker.services.undo_gonogo import UNDOABLE, revert_gonogo

        if ev.action in UNDOABLE:  # a sign-off or a waiver step
            revert_gonogo(self.ctx, session, release_id, ev, undo_id)
            return
        if ev.item_key is None or not (
            ev.action in REVERTIBLE or ev.action.startswith("evidence.")
        ):
            raise ValidationError(f"the last change ({ev.action}) can't be undone")
        row = locked_item_row(session, release_id, ev.item_key)
        if ev.action in REVERTIBLE:
            before = stored_fields(session, row)
            current = before.audit_value(ev.action)
            if current != ev.new_value:
                by, at = self.ctx.last_changes(session, release_id, ev.item_key, None).get(
                    ev.action, (None, None)
                )
                conflict = FieldConflict(ev.action, current, ev.old_value, ev.new_value, by, at)
                raise ConflictError(
                    "can't undo: " + conflict_message(ev.item_key, [conflict], self.ctx.now()),
                    subject=ev.item_key,
                    conflicts=[conflict],
                    current_version=row.row_version,
                )
            store_fields(session, row, before, revert(before, ev.action, ev.old_value))
        elif ev.action == "evidence.add":
            ev_row = session.get(EvidenceRow, json.loads(ev.new_value)["id"])
            if ev_row is not None:
                session.delete(ev_row)
        elif ev.action == "evidence.remove":
            data = json.loads(ev.old_value)
            session.add(
                EvidenceRow(
                    release_item_id=row.id,
                    url=data["url"],
                    title=data["title"],
                    added_by=self.ctx.actor,
                    added_at=self.ctx.now(),
                )
            )
        row.row_version += 1
        row.updated_at = self.ctx.now()
        row.updated_by = self.ctx.actor
        self.ctx.audit(
            session,
            release_id,
            undo_id,
            ev.action,
            item_key=ev.item_key,
            old=ev.new_value,
            new=ev.old_value,
            undo_of=ev.change_id,
        )
