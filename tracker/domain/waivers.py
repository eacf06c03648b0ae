"""Waivers: an accepted risk on one item, with a compensating control, an approver other than
the requester and an expiry date (pure rules: state machine, expiry, effect on items).

A waiver is in force from its approval until the start of its expiry date: on that day the item
reopens (it counts as open again and is flagged as an expired waiver).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tracker.domain.models import ReleaseItem
from tracker.errors import ValidationError

MAX_WAIVER_DAYS = 366
"""The longest a waiver may run: an exception is reviewed at least once a year."""
MAX_TEXT = 2000
"""The longest reason, compensating control or decision note, in characters."""


class WaiverState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVOKED = "revoked"


class WaiverAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REVOKE = "revoke"


_TRANSITIONS: dict[tuple[WaiverState, WaiverAction], WaiverState] = {
    (WaiverState.REQUESTED, WaiverAction.APPROVE): WaiverState.APPROVED,
    (WaiverState.REQUESTED, WaiverAction.REJECT): WaiverState.REJECTED,
    (WaiverState.REQUESTED, WaiverAction.REVOKE): WaiverState.REVOKED,
    (WaiverState.APPROVED, WaiverAction.REVOKE): WaiverState.REVOKED,
}


_PAST = {
    WaiverAction.APPROVE: "approved",
    WaiverAction.REJECT: "rejected",
    WaiverAction.REVOKE: "revoked",
}


@dataclass(frozen=True, slots=True)
class Waiver:
    id: int
    item_key: str
    state: WaiverState
    reason: str
    control: str
    approver: str
    expires_on: date
    requested_by: str
    requested_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None
    row_version: int = 1

    def in_force(self, today: date) -> bool:
        """Approved and not yet expired: the item counts as closed."""
        return self.state is WaiverState.APPROVED and today < self.expires_on

    def expired(self, today: date) -> bool:
        """Approved, and its expiry date has come: the item is open again."""
        return self.state is WaiverState.APPROVED and today >= self.expires_on

    def label(self, today: date) -> str:
        """``approved`` / ``expired`` / ``requested`` / ... as a list shows it."""
        return "expired" if self.expired(today) else self.state.value


def next_state(state: WaiverState, action: WaiverAction) -> WaiverState:
    """The state after ``action``, or a ``ValidationError`` naming what is allowed."""
    try:
        return _TRANSITIONS[(state, action)]
    except KeyError:
        raise ValidationError(f"the waiver is {state.value}; it can't be {_PAST[action]}") from None


def _same(a: str, b: str) -> bool:
    return a.strip().removeprefix("@").casefold() == b.strip().removeprefix("@").casefold()


def check_decider(waiver: Waiver, action: WaiverAction, actor: str) -> None:
    """Only the named approver approves or rejects, and never their own request; the requester
    or the approver may revoke."""
    if action is WaiverAction.REVOKE:
        if not (_same(actor, waiver.requested_by) or _same(actor, waiver.approver)):
            raise ValidationError(
                f"only the requester ({waiver.requested_by}) or the approver "
                f"(@{waiver.approver}) can revoke waiver {waiver.id}"
            )
        return
    if _same(actor, waiver.requested_by):
        raise ValidationError(f"{actor} requested waiver {waiver.id} and can't {action.value} it")
    if not _same(actor, waiver.approver):
        raise ValidationError(
            f"waiver {waiver.id} names @{waiver.approver} as approver, not {actor}"
        )


def clean_text(value: str | None, what: str) -> str:
    """A required free-text field: whitespace collapsed, not empty, at most ``MAX_TEXT``."""
    text = " ".join((value or "").split())
    if not text:
        raise ValidationError(f"a waiver needs a {what}")
    if len(text) > MAX_TEXT:
        raise ValidationError(f"the {what} is {len(text)} characters; the limit is {MAX_TEXT}")
    return text


def check_request(
    item: ReleaseItem,
    approver: str,
    requester: str,
    expires_on: date,
    today: date,
    existing: Sequence[Waiver],
) -> None:
    """A waiver can be requested for an open item with no pending or in-force waiver, for an
    approver other than the requester, expiring after today and within ``MAX_WAIVER_DAYS``."""
    if item.status.is_closed:
        raise ValidationError(f"item {item.key!r} is {item.status.value}: nothing to waive")
    for w in existing:
        if w.item_key == item.key and (w.state is WaiverState.REQUESTED or w.in_force(today)):
            raise ValidationError(
                f"item {item.key!r} already has waiver {w.id} ({w.state.value}); revoke it first"
            )
    if _same(approver, requester):
        raise ValidationError("the approver must be someone other than the requester")
    if expires_on <= today:
        raise ValidationError(f"the expiry date {expires_on} must be after today ({today})")
    if (expires_on - today).days > MAX_WAIVER_DAYS:
        raise ValidationError(
            f"a waiver may run at most {MAX_WAIVER_DAYS} days (expiry {expires_on})"
        )


def apply_waivers(
    items: Iterable[ReleaseItem], waivers: Iterable[Waiver], today: date
) -> list[ReleaseItem]:
    """Items with ``waived_until`` (a waiver in force) or ``waiver_expired`` (the newest
    approved waiver has expired) filled in."""
    newest: dict[str, Waiver] = {}
    for w in waivers:
        if w.state is not WaiverState.APPROVED:
            continue
        held = newest.get(w.item_key)
        if held is None or (w.decided_at or w.requested_at, w.id) > (
            held.decided_at or held.requested_at,
            held.id,
        ):
            newest[w.item_key] = w
    out: list[ReleaseItem] = []
    for item in items:
        last = newest.get(item.key)
        if last is None:
            out.append(item)
        elif last.in_force(today):
            out.append(dataclasses.replace(item, waived_until=last.expires_on))
        else:
            out.append(dataclasses.replace(item, waiver_expired=last.expires_on))
    return out


def expired_open(items: Iterable[ReleaseItem]) -> list[ReleaseItem]:
    """Items whose waiver expired and that are still open: flagged, listed as overdue."""
    return [i for i in items if i.waiver_expired is not None and i.is_open and not i.archived]
