"""Undo of go/no-go decisions (issue 12, "undo where it makes sense"): what ``tracker undo`` and
the app's ``u`` do when the acting user's last change is a sign-off or a waiver step.

- a sign-off: withdrawn (revoked, as if the signer had revoked it);
- revoking a sign-off: the sign-off is back as it was (it is stale if blocking items changed
  since it was signed: staleness is computed, never stored) unless the role was signed again;
- a waiver request: withdrawn (the waiver is revoked) while it is still only requested;
- approving or rejecting a waiver: it is requested again, while nobody decided otherwise since;
- revoking a waiver: it is back in the state it had (an approval with its approver and date).

Anything changed by someone else since is a conflict: nothing is written and the message says
what happened. Each undo is recorded like any undo: the same action, old and new swapped,
``undo_of`` naming the change it reverts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from tracker.domain.waivers import WaiverState
from tracker.errors import ConflictError

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.db.tables import SignoffRow, WaiverRow
    from tracker.services.base import ServiceContext

UNDOABLE = frozenset(
    {
        "signoff",
        "signoff.revoke",
        "waiver.request",
        "waiver.approve",
        "waiver.reject",
        "waiver.revoke",
    }
)


def revert_gonogo(
    ctx: ServiceContext, session: Session, release_id: int, ev: Any, undo_id: str
) -> None:
    """Revert one sign-off or waiver event (``ev.action`` in ``UNDOABLE``) and record it."""
    if ev.action.startswith("signoff"):
        _revert_signoff(ctx, session, release_id, ev)
    else:
        _revert_waiver(ctx, session, release_id, ev)
    ctx.audit(
        session,
        release_id,
        undo_id,
        ev.action,
        item_key=ev.item_key,
        old=ev.new_value,
        new=ev.old_value,
        undo_of=ev.change_id,
    )


def _signoffs(session: Session, release_id: int, role: str) -> list[SignoffRow]:
    """The role's sign-offs in this release, newest first (locked for the undo)."""
    from sqlmodel import col

    from tracker.db.tables import SignoffRow

    return list(
        session.execute(
            select(SignoffRow)
            .where(col(SignoffRow.release_id) == release_id, col(SignoffRow.role) == role)
            .order_by(col(SignoffRow.id).desc())
            .with_for_update()
        ).scalars()
    )


def _revert_signoff(ctx: ServiceContext, session: Session, release_id: int, ev: Any) -> None:
    if ev.action == "signoff":  # new: "ROLE @ DIGEST12[: comment]"
        role, _, rest = (ev.new_value or "").partition(" @ ")
        rows = _signoffs(session, release_id, role)
        row = next(
            (r for r in rows if r.signed_by == ev.actor and r.digest.startswith(rest[:12])), None
        )
        if row is None or row.revoked_at is not None:
            by = f" by {row.revoked_by}" if row is not None and row.revoked_by else ""
            raise ConflictError(f"can't undo: your sign-off of {role!r} was revoked{by} since")
        row.revoked_at, row.revoked_by = ctx.now(), ctx.actor
        return
    # signoff.revoke, old: "ROLE by SIGNER"
    role, _, signer = (ev.old_value or "").partition(" by ")
    rows = _signoffs(session, release_id, role)
    row = next((r for r in rows if r.signed_by == signer and r.revoked_by == ev.actor), None)
    if row is None or row.revoked_at is None:
        raise ConflictError(f"can't undo: the sign-off of {role!r} by {signer} is not revoked")
    newer = next((r for r in rows if r.id and row.id and r.id > row.id), None)
    if newer is not None:
        raise ConflictError(
            f"can't undo: {role!r} was signed again by {newer.signed_by} since; nothing written"
        )
    row.revoked_at, row.revoked_by = None, None


def _waiver_row(session: Session, release_id: int, text: str | None) -> WaiverRow:
    """The waiver an event names (its values start with ``#ID``), locked for the undo."""
    from tracker.db.tables import WaiverRow

    number = (text or "").split(" ", 1)[0].removeprefix("#")
    row = session.get(WaiverRow, int(number), with_for_update=True) if number.isdigit() else None
    if row is None or row.release_id != release_id:
        raise ConflictError(f"can't undo: waiver #{number} is gone")
    return row


_NOUN = {"request": "request", "approve": "approval", "reject": "rejection", "revoke": "revocation"}


def _refuse_unless(row: WaiverRow, state: WaiverState, undoing: str) -> None:
    if row.state != state.value:
        by = f" by {row.decided_by}" if row.decided_by else ""
        raise ConflictError(
            f"can't undo the {_NOUN[undoing]} of waiver #{row.id}: it was {row.state}{by} since; "
            "nothing written"
        )


def _revert_waiver(ctx: ServiceContext, session: Session, release_id: int, ev: Any) -> None:
    if ev.action == "waiver.request":
        row = _waiver_row(session, release_id, ev.new_value)
        _refuse_unless(row, WaiverState.REQUESTED, "request")
        row.state, row.decided_by, row.decided_at = WaiverState.REVOKED.value, ctx.actor, ctx.now()
        row.decision_note = "request withdrawn (undo)"
    else:
        row = _waiver_row(session, release_id, ev.old_value)
        verb = ev.action.split(".")[1]
        _refuse_unless(row, WaiverState(f"{verb}d"), verb)
        previous = WaiverState((ev.old_value or "").split(": ", 1)[0].split(" ")[-1])
        row.state = previous.value
        row.decided_by = row.decided_at = row.decision_note = None
        if previous is WaiverState.APPROVED:  # revoking an approval: the approval is back
            _restore_approval(session, release_id, row)
    row.row_version += 1


def _restore_approval(session: Session, release_id: int, row: WaiverRow) -> None:
    """Who approved the waiver, when and with what note: the approval's audit event."""
    from sqlmodel import col

    from tracker.db.tables import AuditEventRow

    approvals = session.execute(
        select(AuditEventRow)
        .where(
            col(AuditEventRow.release_id) == release_id,
            col(AuditEventRow.action) == "waiver.approve",
            col(AuditEventRow.undo_of).is_(None),
            col(AuditEventRow.new_value).startswith(f"#{row.id} approved"),
        )
        .order_by(col(AuditEventRow.id).desc())
        .limit(1)
    ).scalar_one_or_none()
    if approvals is not None:
        row.decided_by, row.decided_at = approvals.actor, approvals.at
        row.decision_note = (approvals.new_value or "").partition(": ")[2] or None
