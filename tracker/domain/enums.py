from __future__ import annotations

from enum import StrEnum


class ItemStatus(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    NA = "na"

    @property
    def is_closed(self) -> bool:
        """Done or N/A: nothing left to do."""
        return self in (ItemStatus.DONE, ItemStatus.NA)


class Severity(StrEnum):
    BLOCKING = "blocking"
    ADVISORY = "advisory"


class NaReason(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"
    BUSINESS_PRIORITIES = "business_priorities"
    ARCHITECTURE_CONSTRAINTS = "architecture_constraints"
    OTHER = "other"


class MLTestSection(StrEnum):
    """Breck et al. 2017, "The ML Test Score": the four sections of tests."""

    DATA = "data"
    MODEL = "model"
    INFRASTRUCTURE = "infrastructure"
    MONITORING = "monitoring"


class OwnerKind(StrEnum):
    PERSON = "person"
    TEAM = "team"


class CheckOutcome(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"
    ERROR = "ERROR"
    SKIPPED = "SKIPPED"
    MANUAL_REVIEW = "MANUAL_REVIEW"


class TaskStatus(StrEnum):
    TODO = "todo"
    DONE = "done"
    SKIPPED = "skipped"


class PhaseRecurrence(StrEnum):
    ONCE = "once"
    MONTHLY = "monthly"
