"""Item use-cases: status, N/A with reason, owner, due date, notes, evidence, bulk, undo."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from tracker.db import audit_queries, queries
from tracker.domain import validation
from tracker.domain.changes import UNSET, ItemChange, Unset
from tracker.domain.conflicts import item_values
from tracker.domain.enums import ItemStatus, NaReason
from tracker.domain.item_rules import apply_item_change
from tracker.domain.models import AuditEvent, ReleaseItem
from tracker.errors import NotFoundError, ValidationError
from tracker.services.base import ServiceContext
from tracker.services.item_rows import (
    has_evidence,
    locked_item_row,
    refuse_removed_evidence,
    store_fields,
    stored_fields,
)
from tracker.services.owners import handle_of_owner, owner_id_by_handle

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.db.tables import ReleaseItemRow


@dataclass(frozen=True, slots=True)
class BulkResult:
    scope: str
    changed: list[str] = field(default_factory=list)


class ItemService:
    """Checklist items: reads, compare-and-set edits, bulk edits, evidence."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reads ---
    def item(self, release: str, ref: str) -> ReleaseItem:
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            found = self.ctx.find_item(conn, rel.id, ref)
            return self.ctx.decorate(conn, rel.id, [found])[0]

    def item_history(self, release: str, item_key: str) -> list[AuditEvent]:
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            return audit_queries.events_for_release(conn, rel.id, rel.name, item_key=item_key)

    def release_history(self, release: str, limit: int | None = None) -> list[AuditEvent]:
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            return audit_queries.events_for_release(conn, rel.id, rel.name, limit=limit)

    # --- item writes ---
    def update_item(
        self,
        release: str,
        ref: str,
        change: ItemChange,
        *,
        expected_version: int | None = None,
        seen: ReleaseItem | None = None,
    ) -> ReleaseItem:
        """Apply ``change`` to one item in one transaction with one audit change id.

        Compare-and-set: with ``seen`` (the item as the editor saw it when the edit began) the
        fields the change sets must still hold the values seen; with ``expected_version`` the
        whole item must still be at that version. Otherwise ``ConflictError`` (theirs next to
        yours) and nothing is written.
        """
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            item = self.ctx.find_item(conn, rel.id, ref)
        return self.update_item_by_key(
            rel.id, item.key, change, expected_version=expected_version, seen=seen
        )

    def set_status(
        self,
        release: str,
        ref: str,
        status: ItemStatus,
        *,
        na_reason: NaReason | None = None,
        na_note: str | None = None,
        expected_version: int | None = None,
        seen: ReleaseItem | None = None,
    ) -> ReleaseItem:
        change = ItemChange(
            status=status,
            na_reason=na_reason if na_reason is not None else UNSET,
            na_note=na_note if na_note is not None else UNSET,
        )
        return self.update_item(release, ref, change, expected_version=expected_version, seen=seen)

    def assign_owner(
        self,
        release: str,
        ref: str,
        owner: str | None,
        *,
        expected_version: int | None = None,
        seen: ReleaseItem | None = None,
    ) -> ReleaseItem:
        return self.update_item(
            release, ref, ItemChange(owner=owner), expected_version=expected_version, seen=seen
        )

    def set_due_date(
        self,
        release: str,
        ref: str,
        due: date | None,
        *,
        expected_version: int | None = None,
        seen: ReleaseItem | None = None,
    ) -> ReleaseItem:
        return self.update_item(
            release, ref, ItemChange(due_date=due), expected_version=expected_version, seen=seen
        )

    def set_notes(
        self,
        release: str,
        ref: str,
        notes: str | None,
        *,
        expected_version: int | None = None,
        seen: ReleaseItem | None = None,
    ) -> ReleaseItem:
        return self.update_item(
            release, ref, ItemChange(notes=notes), expected_version=expected_version, seen=seen
        )

    def add_evidence(
        self,
        release: str,
        ref: str,
        url: str,
        title: str | None = None,
        *,
        expected_version: int | None = None,
    ) -> ReleaseItem:
        return self.update_item(
            release,
            ref,
            ItemChange(add_evidence=((url, title),)),
            expected_version=expected_version,
        )

    def remove_evidence(
        self, release: str, ref: str, evidence_id: int, *, expected_version: int | None = None
    ) -> ReleaseItem:
        """Remove one evidence link; one already removed by someone else is a conflict."""
        return self.update_item(
            release,
            ref,
            ItemChange(remove_evidence=(evidence_id,)),
            expected_version=expected_version,
        )

    def bulk_update(
        self,
        release: str,
        scope: str,
        change: ItemChange,
        *,
        seen: Sequence[ReleaseItem] | None = None,
    ) -> BulkResult:
        """Apply one change to every active item of a group or category, in one transaction.

        With ``seen`` (the items as the editor saw them) every item of the scope is checked as
        ``update_item`` checks one; one stale item refuses the whole change.
        """
        if change.add_evidence or change.remove_evidence:
            raise ValidationError("evidence can't be added in bulk")
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = [i for i in queries.items_for_release(conn, rel.id) if not i.archived]
        key, targets = self.ctx.resolve_scope(items, scope)
        seen_by_key = {i.key: i for i in seen} if seen is not None else {}
        result = BulkResult(scope=key)
        change_id = self.ctx.new_change_id()
        with self.ctx.write() as session:
            for item in targets:
                row = locked_item_row(session, rel.id, item.key)
                if seen is not None:
                    self._check_item(
                        session, rel.id, row, change, seen=seen_by_key.get(item.key, item)
                    )
                if self._apply(session, rel.id, row, change, change_id):
                    result.changed.append(item.key)
        return result

    def _check_item(
        self,
        session: Session,
        release_id: int,
        row: ReleaseItemRow,
        change: ItemChange,
        *,
        seen: ReleaseItem | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Compare-and-set on the locked row: refuse a stale edit before anything is written."""
        current = self._row_values(session, row)
        for evidence_id in change.remove_evidence:
            if not has_evidence(session, row, evidence_id):
                refuse_removed_evidence(session, release_id, row, evidence_id, self.ctx.now())
        self.ctx.refuse_if_stale(
            session,
            release_id,
            subject=row.item_key,
            item_key=row.item_key,
            occurrence_id=None,
            fields=change.fields(),
            current=current,
            yours=change.values(),
            seen=item_values(seen) if seen is not None else None,
            expected_version=expected_version,
            row_version=row.row_version,
        )

    def _row_values(self, session: Session, row: ReleaseItemRow) -> dict[str, str | None]:
        fields = stored_fields(session, row)
        return {
            a: fields.audit_value(a) for a in ("status", "na_reason", "owner", "due_date", "notes")
        }

    def _stored_owner(self, session: Session, change: ItemChange) -> ItemChange:
        """``change`` with the owner handle as stored (what the user typed may differ in case
        or carry an "@"); an unknown owner is refused here."""
        if isinstance(change.owner, Unset) or change.owner in (None, "", "-"):
            return change
        owner_id = owner_id_by_handle(session, change.owner)
        return replace(change, owner=handle_of_owner(session, owner_id))

    def _apply(
        self,
        session: Session,
        release_id: int,
        row: ReleaseItemRow,
        change: ItemChange,
        change_id: str,
    ) -> bool:
        """Apply a change to a row by the item rules (``tracker.domain.item_rules``) plus the
        evidence links, appending one audit event per field changed."""
        from tracker.db.tables import EvidenceRow

        before = stored_fields(session, row)
        after, events = apply_item_change(
            before, self._stored_owner(session, change), key=row.item_key
        )
        store_fields(session, row, before, after)
        for url, title in change.add_evidence:
            clean = validation.evidence_url(url)
            ev = self.ctx.add_evidence(
                session,
                clean,
                validation.evidence_title(title, clean),
                release_item_id=row.id,
            )
            events.append(("evidence.add", None, self.ctx.evidence_json(ev)))
        for evidence_id in change.remove_evidence:
            ev_row = session.get(EvidenceRow, evidence_id)
            if ev_row is None or ev_row.release_item_id != row.id:
                raise NotFoundError("evidence", str(evidence_id))
            events.append(("evidence.remove", self.ctx.evidence_json(ev_row), None))
            session.delete(ev_row)
        if not events:
            return False
        row.row_version += 1
        row.updated_at = self.ctx.now()
        row.updated_by = self.ctx.actor
        for action, old, new in events:
            self.ctx.audit(
                session, release_id, change_id, action, item_key=row.item_key, old=old, new=new
            )
        return True

    # --- lean paths for the TUI (it holds the release id and exact item keys) ---
    def item_by_key(self, release_id: int, key: str) -> ReleaseItem:
        """One item of a release by its exact key, read alone (no name resolution)."""
        with self.ctx.read() as conn:
            items = self.ctx.decorate(
                conn, release_id, queries.items_for_release(conn, release_id, item_keys=[key])
            )
        if not items or items[0].archived:
            raise NotFoundError("item", key)
        return items[0]

    def items_by_keys(self, release_id: int, keys: list[str]) -> list[ReleaseItem]:
        """Some items of a release by exact key, in one read (archived ones included)."""
        with self.ctx.read() as conn:
            return self.ctx.decorate(
                conn, release_id, queries.items_for_release(conn, release_id, item_keys=keys)
            )

    def update_item_by_key(
        self,
        release_id: int,
        key: str,
        change: ItemChange,
        *,
        expected_version: int | None = None,
        seen: ReleaseItem | None = None,
    ) -> ReleaseItem:
        """``update_item`` for a caller that already holds the release id and the item key.

        Same validation, audit events and optimistic check, but no name resolution and a
        one-item read back: ~1 ms instead of ~15 ms on a 129-item release, so a keypress in the
        TUI is stored and re-rendered within one frame.
        """
        change_id = self.ctx.new_change_id()
        with self.ctx.write() as session:
            row = locked_item_row(session, release_id, key)
            if row.archived_at is not None:
                raise NotFoundError("item", key)
            self._check_item(
                session, release_id, row, change, seen=seen, expected_version=expected_version
            )
            self._apply(session, release_id, row, change, change_id)
        return self.item_by_key(release_id, key)
