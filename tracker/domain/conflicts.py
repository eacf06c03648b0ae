"""Compare-and-set rules: which fields of an edit went stale, and how a conflict reads.

An edit is checked against what its editor saw when it began (a dialog opened, a key pressed,
``tracker item set`` read the item). Only the fields the edit changes are compared, so two
people editing different fields of one item both succeed; the same field changed by someone
else in between is a conflict and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime

from tracker.domain.models import ReleaseItem, TaskOccurrence
from tracker.errors import FieldConflict

FieldValues = Mapping[str, str | None]

ITEM_FIELDS = ("status", "na_reason", "owner", "due_date", "notes")
OCCURRENCE_FIELDS = ("status", "skip_reason", "owner", "notes")
MAX_SHOWN = 40

_WORDS = {"na_reason": "the N/A reason", "due_date": "the due date", "skip_reason": "the reason"}


def na_value(reason: str | None, note: str | None) -> str | None:
    """The N/A reason as the audit log stores it: ``reason: note``."""
    return None if reason is None else f"{reason}: {note or ''}"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def item_values(item: ReleaseItem) -> dict[str, str | None]:
    """An item's editable fields as audit-log strings."""
    return {
        "status": item.status.value,
        "na_reason": na_value(item.na_reason.value if item.na_reason else None, item.na_note),
        "owner": item.owner,
        "due_date": _iso(item.due_date),
        "notes": item.notes,
    }


def occurrence_values(occ: TaskOccurrence) -> dict[str, str | None]:
    """A task occurrence's editable fields as audit-log strings."""
    return {
        "status": occ.status.value,
        "skip_reason": occ.skip_reason,
        "owner": occ.owner,
        "notes": occ.notes,
    }


def stale_fields(seen: FieldValues, current: FieldValues, fields: Iterable[str]) -> list[str]:
    """The ``fields`` whose stored value is no longer the one the editor saw."""
    return [f for f in fields if seen.get(f) != current.get(f)]


def occurrence_label(task_key: str, due: date | None) -> str:
    """How an occurrence is named to people: ``verify-feature-freshness (2026-12-09)``."""
    return task_key if due is None else f"{task_key} ({due.isoformat()})"


def ago(then: datetime, now: datetime) -> str:
    """``20 s ago``, ``5 min ago``, ``3 h ago``, ``2 d ago`` (``just now`` under a second)."""
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    seconds = int((now - then).total_seconds())
    if seconds < 1:
        return "just now"
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} d ago"


def shown(value: str | None) -> str:
    """A value on one line: whitespace folded, long text cut, nothing as ``(none)``."""
    if value is None or value == "":
        return "(none)"
    text = " ".join(value.split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def describe_theirs(conflict: FieldConflict, now: datetime) -> str:
    """``ana set status to blocked 20 s ago`` (or ``status is now blocked`` when the log does
    not say who)."""
    field = _WORDS.get(conflict.field, conflict.field)
    value = shown(conflict.theirs)
    if conflict.theirs is None and conflict.field == "evidence":
        value = "removed"
    if conflict.by is None:
        return f"{field} is now {value}"
    when = f" {ago(conflict.at, now)}" if conflict.at is not None else ""
    return f"{conflict.by} set {field} to {value}{when}"


def conflict_message(
    subject: str,
    conflicts: Sequence[FieldConflict],
    now: datetime,
    *,
    version: tuple[int, int] | None = None,
) -> str:
    """One line with theirs next to yours, e.g. ``uc-x changed since you read it: bo set status
    to blocked 20 s ago (yours: done); nothing written``. ``version`` is (expected, current)."""
    head = (
        f"{subject} is at version {version[1]}, not {version[0]}"
        if version is not None
        else f"{subject} changed since you read it"
    )
    parts = [
        f"{describe_theirs(c, now)} (yours: {shown(c.yours)})"
        if c.edited
        else describe_theirs(c, now)
        for c in conflicts
    ]
    body = "; ".join(parts) if parts else "someone else changed it"
    return f"{head}: {body}; nothing written"
