"""Waiver use-cases: request, approve, reject, revoke and list exceptions on items; every step
is audited and compare-and-set on the waiver's ``row_version``."""

from __future__ import annotations

from datetime import date

from tracker.db import gonogo_queries, queries
from tracker.domain.models import ReleaseItem
from tracker.domain.names import suggest
from tracker.domain.waivers import (
    Waiver,
    WaiverAction,
    WaiverState,
    check_decider,
    check_request,
    clean_text,
    expired_open,
    next_state,
)
from tracker.errors import ConflictError, NotFoundError
from tracker.services.base import ServiceContext


class WaiverService:
    """Waivers of blocking items: request, decide, expiry."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list_waivers(self, release: str, *, item: str | None = None) -> list[Waiver]:
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            key = self.ctx.find_item(conn, rel.id, item).key if item else None
            return [w for w in gonogo_queries.waivers(conn, rel.id) if key in (None, w.item_key)]

    def expired_waiver_items(self, release: str) -> list[ReleaseItem]:
        """Open items whose waiver has expired: reopened and flagged."""
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = self.ctx.decorate(conn, rel.id, queries.items_for_release(conn, rel.id))
        return expired_open(items)

    def expired_waivers(
        self, release: str | None = None
    ) -> list[tuple[str, str, str, date, str | None]]:
        """(release, item, text, expiry, owner) of reopened items across live releases (or one
        release): what ``tracker tasks --overdue`` lists besides tasks."""
        with self.ctx.read() as conn:
            rid = self.ctx.find_release(conn, release).id if release else None
            return gonogo_queries.expired_waivers(conn, self.ctx.clock.today(), rid)

    def request_waiver(
        self,
        release: str,
        item_ref: str,
        *,
        reason: str,
        control: str,
        approver: str,
        expires_on: date,
    ) -> Waiver:
        """Ask ``approver`` (an owner other than the acting user) to accept an open item's risk
        until ``expires_on``."""
        from tracker.db.tables import WaiverRow

        why, how = clean_text(reason, "reason"), clean_text(control, "compensating control")
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            item = self.ctx.find_item(conn, rel.id, item_ref)
            existing = gonogo_queries.waivers(conn, rel.id)
            handles = [o.handle for o in queries.owners(conn)]
        wanted = approver.strip().removeprefix("@")
        handle = next((h for h in handles if h.casefold() == wanted.casefold()), None)
        if handle is None:
            raise NotFoundError("owner", wanted, suggest(wanted, handles))
        check_request(item, handle, self.ctx.actor, expires_on, self.ctx.clock.today(), existing)
        with self.ctx.write() as session:
            conn = session.connection()
            if gonogo_queries.waivers(conn, rel.id) != existing:  # compare-and-set
                raise ConflictError(
                    f"the waivers of {item.key!r} changed since you loaded them; try again"
                )
            row = WaiverRow(
                release_id=rel.id,
                item_key=item.key,
                state=WaiverState.REQUESTED.value,
                reason=why,
                control=how,
                approver=handle,
                expires_on=expires_on,
                requested_by=self.ctx.actor,
                requested_at=self.ctx.now(),
            )
            session.add(row)
            session.flush()
            self.ctx.audit(
                session,
                rel.id,
                self.ctx.new_change_id(),
                "waiver.request",
                item_key=item.key,
                new=f"#{row.id} until {expires_on} (approver @{handle}): {why}",
            )
            assert row.id is not None
            waiver_id = row.id
        return self._waiver(waiver_id)[1]

    def _waiver(self, waiver_id: int) -> tuple[int, Waiver]:
        with self.ctx.read() as conn:
            found = gonogo_queries.waiver_by_id(conn, waiver_id)
        if found is None:
            raise NotFoundError("waiver", str(waiver_id))
        return found

    def decide_waiver(
        self,
        release: str,
        waiver_id: int,
        action: WaiverAction,
        note: str | None = None,
        *,
        expected_version: int | None = None,
    ) -> Waiver:
        """Approve, reject or revoke a waiver (only the approver decides; never their own)."""
        from tracker.db.tables import WaiverRow

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
        release_id, waiver = self._waiver(waiver_id)
        if release_id != rel.id:
            raise NotFoundError("waiver", f"{waiver_id} in release {rel.name!r}")
        check_decider(waiver, action, self.ctx.actor)
        text = " ".join((note or "").split()) or None
        if text is not None:
            text = clean_text(text, "note")
        with self.ctx.write() as session:
            row = session.get(WaiverRow, waiver_id)
            assert row is not None
            seen = waiver.row_version if expected_version is None else expected_version
            if row.row_version != seen:
                raise ConflictError(
                    f"waiver {waiver_id} changed since you loaded it (now {row.state}); "
                    "showing the new state"
                )
            new = next_state(WaiverState(row.state), action)
            old = row.state
            row.state, row.decided_by, row.decided_at = new.value, self.ctx.actor, self.ctx.now()
            row.decision_note = text
            row.row_version += 1
            self.ctx.audit(
                session,
                rel.id,
                self.ctx.new_change_id(),
                f"waiver.{action.value}",
                item_key=row.item_key,
                old=f"#{waiver_id} {old}",
                new=f"#{waiver_id} {new.value}" + (f": {text}" if text else ""),
            )
        return self._waiver(waiver_id)[1]
