"""Read models: plain frozen dataclasses the services return and the TUI, CLI and exports consume.

They carry no database handles, so they are safe to pass between threads and cheap to build.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tracker.domain.enums import (
    CheckOutcome,
    ItemStatus,
    MLTestSection,
    NaReason,
    OwnerKind,
    PhaseRecurrence,
    Severity,
    TaskStatus,
)


@dataclass(frozen=True, slots=True)
class Owner:
    """Someone items can be assigned to: a person, a team or a service principal."""

    handle: str
    name: str
    email: str | None = None
    team: str | None = None
    kind: OwnerKind = OwnerKind.PERSON

    @property
    def label(self) -> str:
        return (
            f"{self.name} (@{self.handle})"
            if self.name and self.name != self.handle
            else f"@{self.handle}"
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """A link attached to an item or task as proof that it is done."""

    id: int
    url: str
    title: str
    added_by: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One append-only change record. ``item_key`` is None for release-level events."""

    id: int
    at: datetime
    actor: str
    action: str
    release_name: str
    item_key: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    occurrence_due: date | None = None
    """For a post-deployment task event: the due date of the occurrence it changed (the task
    key is ``item_key``), so history names "verify-feature-freshness (2026-12-09)"."""


DEFAULT_STALE_DAYS = 7
"""A check result older than this many days is stale (``TRACKER_STALE_DAYS`` overrides it)."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The stored outcome of one automated check run on one item."""

    id: int
    item_key: str
    check_id: str
    outcome: CheckOutcome
    message: str
    started_at: datetime
    actor: str
    duration_ms: int = 0
    link: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    run_id: str | None = None
    scheduled: bool = False


@dataclass(frozen=True, slots=True)
class ReleaseItem:
    """A release's own copy of a template item plus its state."""

    key: str
    text: str
    category_key: str
    category_title: str
    group_key: str
    group_title: str
    ml_section: MLTestSection
    position: int
    severity: Severity = Severity.BLOCKING
    optional: bool = False
    condition: str | None = None
    guidance: str | None = None
    check: dict[str, Any] | None = None
    status: ItemStatus = ItemStatus.TODO
    na_reason: NaReason | None = None
    na_note: str | None = None
    owner: str | None = None
    due_date: date | None = None
    notes: str | None = None
    evidence: tuple[Evidence, ...] = ()
    archived: bool = False
    row_version: int = 1
    updated_at: datetime | None = None
    updated_by: str | None = None
    latest_check: CheckResult | None = None
    depends_on: tuple[str, ...] = ()
    waived_until: date | None = None
    """Expiry of the approved, unexpired waiver covering the item (None: not waived)."""
    waiver_expired: date | None = None
    """Expiry of the item's last approved waiver once it has passed (the item reopened)."""
    waiting_on: tuple[str, ...] = ()
    """The dependencies that are still open (filled in with ``depends_on`` by the service)."""

    @property
    def is_blocking(self) -> bool:
        return self.severity is Severity.BLOCKING

    @property
    def waived(self) -> bool:
        """An approved, unexpired waiver covers the open item: it counts as closed, shown apart."""
        return self.waived_until is not None and not self.status.is_closed

    @property
    def is_open(self) -> bool:
        return not self.status.is_closed and not self.waived

    @property
    def drifted(self) -> bool:
        """Ticked done, but the latest automated check failed."""
        return is_drift(self, self.latest_check)


def check_ref_id(check: Mapping[str, Any] | None) -> str | None:
    """The id of a check reference (``sql`` for a declarative SQL check), None without one."""
    if check is None:
        return None
    return "sql" if "sql" in check else str(check.get("id") or "?")


def is_drift(item: ReleaseItem, latest: CheckResult | None) -> bool:
    """``item`` is ticked done but ``latest`` (its newest check result) failed."""
    return (
        item.status is ItemStatus.DONE
        and latest is not None
        and latest.outcome is CheckOutcome.FAIL
    )


@dataclass(frozen=True, slots=True)
class Release:
    """One release: its own copy of a checklist template, with variables and dates."""

    id: int
    name: str
    template_id: str
    template_version: int
    template_title: str
    environment: str | None = None
    target_date: date | None = None
    golive_date: date | None = None
    variables: dict[str, str] = field(default_factory=dict)
    profile: str | None = None
    created_at: datetime | None = None
    archived: bool = False
    golive_forced_reason: str | None = None


@dataclass(frozen=True, slots=True)
class TaskOccurrence:
    """One scheduled instance of a post-deployment task."""

    id: int
    task_key: str
    phase_key: str
    phase_title: str
    text: str
    due_date: date
    seq: int = 1
    status: TaskStatus = TaskStatus.TODO
    skip_reason: str | None = None
    owner: str | None = None
    notes: str | None = None
    evidence: tuple[Evidence, ...] = ()
    completed_by: str | None = None
    completed_at: datetime | None = None
    check: dict[str, Any] | None = None
    row_version: int = 1
    recurrence: PhaseRecurrence = PhaseRecurrence.ONCE
    guidance: str | None = None

    @property
    def key(self) -> str:
        """A stable, human-typable name for this occurrence: task key + due date."""
        return f"{self.task_key}@{self.due_date.isoformat()}"


@dataclass(frozen=True, slots=True)
class ReleaseView:
    """Everything about one release that screens and exports need, in template order."""

    release: Release
    items: tuple[ReleaseItem, ...]
    occurrences: tuple[TaskOccurrence, ...] = ()
    events: tuple[AuditEvent, ...] = ()
    check_history: tuple[CheckResult, ...] = ()
    owners: tuple[Owner, ...] = ()
    signoff_gaps: tuple[str, ...] = ()
    """Required sign-off roles that are missing or stale, e.g. ``("security (missing)",)``."""

    @property
    def active_items(self) -> tuple[ReleaseItem, ...]:
        """Items still in the release's template (archived ones keep history but don't count)."""
        return tuple(i for i in self.items if not i.archived)


@dataclass(frozen=True, slots=True)
class ReleaseSummary:
    """One row of the release list."""

    id: int
    name: str
    template_id: str
    template_version: int
    environment: str | None
    target_date: date | None
    golive_date: date | None
    total: int
    closed: int
    open_blocking: int
    archived: bool = False
    overdue_tasks: int = 0
