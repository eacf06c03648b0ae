"""The go-live rule: a release goes live with no blocking item open and every sign-off fresh,
or forced with a one-line reason that the retrospective shows."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.domain import validation
from tracker.domain.models import ReleaseItem
from tracker.domain.signoffs import RoleSignoff
from tracker.errors import ValidationError


def golive_problems(blocking: Sequence[ReleaseItem], unsigned: Sequence[RoleSignoff]) -> list[str]:
    """What stands in the way of going live, one phrase each (empty: nothing)."""
    problems: list[str] = []
    if blocking:
        names = ", ".join(i.key for i in blocking[:5]) + (" ..." if len(blocking) > 5 else "")
        problems.append(f"{len(blocking)} blocking items are still open ({names})")
    if unsigned:
        problems.append(
            "sign-offs missing or stale: "
            + ", ".join(f"{s.role.role} ({s.state.value})" for s in unsigned)
        )
    return problems


def forced_reason(problems: Sequence[str], *, force: bool, reason: str | None) -> str | None:
    """``None`` when nothing stands in the way; else the reason a forced go-live records.
    Refused without ``force``, or forced without a reason."""
    if not problems:
        return None
    if not force:
        raise ValidationError("; ".join(problems) + "; finish them or use --force --reason TEXT")
    text = validation.one_line(reason, "a go-live reason", validation.MAX_REASON) or ""
    if not text:
        raise ValidationError(
            "a forced go-live needs --reason TEXT (it is shown in the retrospective)"
        )
    return text
