"""The rules of editing a post-deployment task occurrence, as pure functions.

Done and skipped record who closed it and when; skipping needs a one-line reason, which
reopening clears; owner and notes follow the item rules. The schedule service loads the
fields, calls ``apply_occurrence_change``, stores the result and appends the events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from tracker.domain import validation
from tracker.domain.enums import TaskStatus
from tracker.domain.item_rules import Event
from tracker.errors import ValidationError


@dataclass(frozen=True, slots=True)
class OccurrenceFields:
    """An occurrence's editable fields as stored (``owner`` is the owner's handle)."""

    status: str = TaskStatus.TODO.value
    skip_reason: str | None = None
    owner: str | None = None
    notes: str | None = None
    completed_by: str | None = None
    completed_at: datetime | None = None


def apply_occurrence_status(
    fields: OccurrenceFields,
    status: TaskStatus | None,
    skip_reason: str | None,
    *,
    actor: str,
    now: datetime,
) -> tuple[OccurrenceFields, list[Event]]:
    """A new status: reopening clears who closed it and why it was skipped; closing records
    ``actor`` and ``now``; skipping needs a reason (a reason without skipping is refused)."""
    if status is None:
        if skip_reason is not None:
            raise ValidationError("--reason goes with --status skipped")
        return fields, []
    if status.value == fields.status:
        return fields, []
    if status is TaskStatus.SKIPPED and not (skip_reason and skip_reason.strip()):
        raise ValidationError("skipping a task needs a reason")
    events: list[Event] = [("status", fields.status, status.value)]
    if status is TaskStatus.TODO:
        after = replace(
            fields, status=status.value, completed_by=None, completed_at=None, skip_reason=None
        )
    elif status is TaskStatus.SKIPPED:
        reason = validation.one_line(skip_reason, "a skip reason", validation.MAX_REASON)
        after = replace(
            fields, status=status.value, completed_by=actor, completed_at=now, skip_reason=reason
        )
        events.append(("skip_reason", None, reason))
    else:
        after = replace(fields, status=status.value, completed_by=actor, completed_at=now)
    return after, events


def apply_occurrence_change(
    fields: OccurrenceFields,
    *,
    status: TaskStatus | None,
    skip_reason: str | None,
    owner: str | bool | None,
    notes: str | bool | None,
    actor: str,
    now: datetime,
) -> tuple[OccurrenceFields, list[Event]]:
    """The occurrence after a change, and its audit events. ``owner``/``notes`` ``False``
    leave them as they are; ``owner`` must be the handle as stored (None, "" or "-" unassign).
    """
    after, events = apply_occurrence_status(fields, status, skip_reason, actor=actor, now=now)
    if owner is not False:
        handle = None if owner in (None, "", "-") else str(owner)
        if handle != after.owner:
            events.append(("owner", after.owner, handle))
            after = replace(after, owner=handle)
    if notes is not False:
        text = validation.notes(str(notes)) if notes else None
        if text != after.notes:
            events.append(("notes", after.notes, text))
            after = replace(after, notes=text)
    return after, events
