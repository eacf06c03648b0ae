"""What a verification run and the CI gate report (``tracker verify``, ``tracker gate``, the
app's verify jobs)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from tracker.domain.enums import CheckOutcome
from tracker.domain.models import CheckResult, ReleaseItem
from tracker.domain.signoffs import RoleSignoff
from tracker.domain.verification import verify_exit_code


@dataclass(frozen=True, slots=True)
class VerifiedItem:
    """One item's stored result in a verification run."""

    item_key: str
    item_text: str
    group_key: str
    check_title: str
    result: CheckResult
    ticked: bool = False

    @property
    def outcome(self) -> CheckOutcome:
        return self.result.outcome


@dataclass(frozen=True, slots=True)
class VerifyReport:
    release: str
    run_id: str
    started_at: datetime
    duration_ms: int
    profile: str | None
    scheduled: bool
    items: tuple[VerifiedItem, ...] = ()

    @property
    def counts(self) -> dict[CheckOutcome, int]:
        c = Counter(i.outcome for i in self.items)
        return {o: c.get(o, 0) for o in CheckOutcome}

    @property
    def ticked(self) -> tuple[str, ...]:
        return tuple(i.item_key for i in self.items if i.ticked)

    @property
    def exit_code(self) -> int:
        if self.not_reached:
            return 3
        return verify_exit_code(i.outcome for i in self.items)

    @property
    def not_reached(self) -> str | None:
        """The one cause when the workspace was never reached (every check that needed it is
        ERROR with it), else ``None``."""
        return next(
            (i.result.message for i in self.items if i.result.facts.get("workspace_not_reached")),
            None,
        )


@dataclass(frozen=True, slots=True)
class GateItem:
    item: ReleaseItem
    blocking: bool
    reason: str  # why it blocks, or its state when it does not


@dataclass(frozen=True, slots=True)
class GateReport:
    release: str
    require_verified: bool
    items: tuple[GateItem, ...] = field(default_factory=tuple)  # every blocking-severity item
    signoffs: tuple[RoleSignoff, ...] = ()  # every required role, fresh or not

    @property
    def blockers(self) -> tuple[GateItem, ...]:
        return tuple(g for g in self.items if g.blocking)

    @property
    def signoff_blockers(self) -> tuple[RoleSignoff, ...]:
        """Roles whose sign-off is missing or stale."""
        return tuple(s for s in self.signoffs if not s.ok)

    @property
    def passed(self) -> bool:
        return not self.blockers and not self.signoff_blockers

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1
