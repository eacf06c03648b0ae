"""The rules of editing a post-deployment task occurrence, as pure functions.

Done and skipped record who closed it and when; skipping needs a one-line reason, which
reopening clears; owner and notes follow the item rules. The schedule service loads the
fields, calls ``apply_occurrence_change``, stores the result and appends the events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from tracker.domain import validation
from tracker.domain.enums import TaskStatus
from tracker.domain.item_rules import Event
from tracker.domain.models import TaskOccurrence
from tracker.domain.names import suggest
from tracker.errors import AmbiguousNameError, NotFoundError, ValidationError


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


def find_occurrence(
    occs: Sequence[TaskOccurrence], ref: str, on: date | None = None
) -> TaskOccurrence:
    """An occurrence of ``occs`` by id, ``task@YYYY-MM-DD``, or task key/text fragment (then the
    one due ``on``, else the earliest open one, else the earliest)."""
    if not occs:
        raise NotFoundError("task", ref, [])
    if ref.isdigit():
        for o in occs:
            if o.id == int(ref):
                return o
        raise NotFoundError("task occurrence", ref, [])
    if "@" in ref:
        ref, _, when = ref.partition("@")
        on = validation.iso_date(when)
    keys = {o.task_key: o.text for o in occs}
    matches = [k for k in keys if k == ref] or [
        k for k, t in keys.items() if ref.casefold() in (k + " " + t).casefold()
    ]
    if not matches:
        raise NotFoundError("task", ref, suggest(ref, list(keys) + list(keys.values())))
    if len(set(matches)) > 1:
        raise AmbiguousNameError("task", ref, matches)
    candidates = [o for o in occs if o.task_key == matches[0]]
    if on is not None:
        for o in candidates:
            if o.due_date == on:
                return o
        raise NotFoundError("occurrence", f"{matches[0]}@{on}", [o.key for o in candidates[:3]])
    open_ones = [o for o in candidates if o.status is TaskStatus.TODO]
    return (open_ones or candidates)[0]
