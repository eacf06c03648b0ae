"""Sign-offs: named roles approve go-live against the state they saw (pure rules).

A sign-off stores a digest of the blocking items' states at the moment it was given. When any
blocking item changes afterwards (status, N/A reason, a waiver starting or ending, an item added
or archived), the current digest differs and the sign-off is *stale*: it needs renewal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tracker.domain.models import ReleaseItem


@dataclass(frozen=True, slots=True)
class SignoffRole:
    """A role whose fresh sign-off go-live needs, e.g. ``ml-lead`` ("ML lead")."""

    role: str
    title: str
    position: int = 0


@dataclass(frozen=True, slots=True)
class Signoff:
    """One recorded sign-off (revoked ones keep their row and say who revoked them)."""

    id: int
    role: str
    signed_by: str
    signed_at: datetime
    digest: str
    comment: str | None = None
    seen_event_id: int = 0
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class SignoffState(StrEnum):
    FRESH = "fresh"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class RoleSignoff:
    """A role, its current sign-off (the newest one not revoked) and whether it still holds."""

    role: SignoffRole
    state: SignoffState
    signoff: Signoff | None = None

    @property
    def ok(self) -> bool:
        return self.state is SignoffState.FRESH

    @property
    def describe(self) -> str:
        """One line, e.g. ``ml-lead: fresh (ana, 2026-11-26 09:30)``."""
        s = self.signoff
        if s is None:
            return f"{self.role.role}: missing"
        when = s.signed_at.strftime("%Y-%m-%d %H:%M")
        extra = (
            "; blocking items changed since, renew it" if self.state is SignoffState.STALE else ""
        )
        return f"{self.role.role}: {self.state.value} ({s.signed_by}, {when}{extra})"


def item_state_token(item: ReleaseItem) -> str:
    """What a sign-off vouches for about one blocking item."""
    waived = item.waived_until.isoformat() if item.waived_until and item.waived else "-"
    return f"{item.key}\t{item.status.value}\t{item.na_reason or '-'}\t{waived}"


def blocking_digest(items: Iterable[ReleaseItem]) -> str:
    """SHA-256 over the states of the active blocking items, in key order."""
    tokens = sorted(item_state_token(i) for i in items if i.is_blocking and not i.archived)
    return hashlib.sha256("\n".join(tokens).encode("utf-8")).hexdigest()


STATE_ACTIONS = frozenset(
    {
        "status",
        "na_reason",
        "waiver.approve",
        "waiver.revoke",
        "item.add",
        "item.archive",
        "item.restore",
    }
)
"""Audit actions that change an item's state as a sign-off sees it."""


def role_signoffs(
    roles: Sequence[SignoffRole],
    signoffs: Iterable[Signoff],
    digest: str,
    last_change_id: int = 0,
) -> list[RoleSignoff]:
    """Each role with its newest unrevoked sign-off: fresh when it was given on ``digest`` and
    no blocking item changed since (``last_change_id``: the newest audit event id of such a
    change), so a change that is undone later still needs a renewed sign-off."""
    latest: dict[str, Signoff] = {}
    for s in signoffs:
        if s.revoked:
            continue
        held = latest.get(s.role)
        if held is None or (s.signed_at, s.id) > (held.signed_at, held.id):
            latest[s.role] = s
    out: list[RoleSignoff] = []
    for role in sorted(roles, key=lambda r: r.position):
        current = latest.get(role.role)
        if current is None:
            out.append(RoleSignoff(role, SignoffState.MISSING))
        else:
            fresh = current.digest == digest and last_change_id <= current.seen_event_id
            state = SignoffState.FRESH if fresh else SignoffState.STALE
            out.append(RoleSignoff(role, state, current))
    return out


def signoff_blockers(statuses: Iterable[RoleSignoff]) -> list[RoleSignoff]:
    """The roles whose sign-off is missing or stale."""
    return [s for s in statuses if not s.ok]
