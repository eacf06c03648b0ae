"""The rules of editing an item, as pure functions over its editable fields.

``apply_item_change(fields, change, key=...)`` is what a status toggle, an N/A with its reason,
an owner, a due date or notes do to an item, and which audit events that writes; ``revert``
is what undoing one audit event does. The item service loads the fields, calls these, stores
the result and appends the events in one transaction (evidence links, which are rows of
their own, stay with the service).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from tracker.domain import validation
from tracker.domain.changes import ItemChange, Unset
from tracker.domain.conflicts import na_value
from tracker.domain.enums import ItemStatus, NaReason
from tracker.errors import ValidationError

Event = tuple[str, str | None, str | None]
"""One audit event: (action, old value, new value), values as the audit log stores them."""

REVERTIBLE = frozenset({"status", "na_reason", "owner", "due_date", "notes"})
"""The field events undo restores by value (evidence events are undone by the service)."""


@dataclass(frozen=True, slots=True)
class ItemFields:
    """An item's editable fields as stored (``owner`` is the owner's handle)."""

    status: str = ItemStatus.TODO.value
    na_reason: str | None = None
    na_note: str | None = None
    owner: str | None = None
    due_date: date | None = None
    notes: str | None = None

    def audit_value(self, action: str) -> str | None:
        """The field an audit event of ``action`` names, as the audit log writes it."""
        match action:
            case "status":
                return self.status
            case "na_reason":
                return na_value(self.na_reason, self.na_note)
            case "owner":
                return self.owner
            case "due_date":
                return iso(self.due_date)
            case "notes":
                return self.notes
        raise ValueError(f"not an item field event: {action!r}")


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def parse_na(value: str | None) -> tuple[str | None, str | None]:
    """The (reason, note) of an audited N/A value ``"reason: note"``."""
    if value is None:
        return None, None
    reason, _, note = value.partition(": ")
    return reason, note


def apply_status(fields: ItemFields, change: ItemChange, *, key: str) -> ItemFields:
    """The status, and the N/A rule: an item is N/A only with a reason and a one-line note;
    any other status has neither (a reason without status N/A is refused)."""
    status = fields.status if isinstance(change.status, Unset) else ItemStatus(change.status).value
    if status != ItemStatus.NA.value:
        if not isinstance(change.na_reason, Unset) or not isinstance(change.na_note, Unset):
            raise ValidationError("an N/A reason is only accepted together with status 'na'")
        return replace(fields, status=status, na_reason=None, na_note=None)
    reason = (
        fields.na_reason
        if isinstance(change.na_reason, Unset)
        else NaReason(change.na_reason).value
    )
    note = (
        fields.na_note
        if isinstance(change.na_note, Unset)
        else validation.one_line(change.na_note, "an N/A note", validation.MAX_REASON)
    )
    if reason is None:
        raise ValidationError(
            f"marking {key!r} N/A needs a reason: one of " + ", ".join(r.value for r in NaReason)
        )
    if not note:
        raise ValidationError(f"marking {key!r} N/A needs a note explaining why")
    return replace(fields, status=status, na_reason=reason, na_note=note)


def set_owner(fields: ItemFields, handle: str | None) -> ItemFields:
    """Assign to an owner's handle (as stored); ``None``, "" or "-" unassigns."""
    return replace(fields, owner=None if handle in (None, "", "-") else handle)


def set_due_date(fields: ItemFields, due: date | None) -> ItemFields:
    """A due date within the accepted range, or none."""
    if due is not None:
        validation.date_in_range(due, "due date")
    return replace(fields, due_date=due)


def set_notes(fields: ItemFields, notes: str | None) -> ItemFields:
    """Notes (validated; empty clears them)."""
    return replace(fields, notes=validation.notes(notes) if notes else None)


def append_note(notes: str | None, paragraph: str) -> str:
    """``paragraph`` after the stored notes, separated by a blank line."""
    text = paragraph.strip()
    return f"{notes.rstrip()}\n\n{text}" if notes and notes.strip() else text


def field_events(before: ItemFields, after: ItemFields) -> list[Event]:
    """One audit event per field that differs, in a fixed order."""
    return [
        (action, old, new)
        for action in ("status", "na_reason", "owner", "due_date", "notes")
        if (old := before.audit_value(action)) != (new := after.audit_value(action))
    ]


def apply_item_change(
    fields: ItemFields, change: ItemChange, *, key: str
) -> tuple[ItemFields, list[Event]]:
    """The item's fields after ``change`` and the audit events that records (evidence aside).

    ``change.owner`` must already be the owner's handle as stored (the service resolves what
    the user typed). Raises ``ValidationError`` for a change the rules refuse.
    """
    after = apply_status(fields, change, key=key)
    if not isinstance(change.owner, Unset):
        after = set_owner(after, change.owner)
    if not isinstance(change.due_date, Unset):
        after = set_due_date(after, change.due_date)
    if not isinstance(change.notes, Unset):
        after = set_notes(after, change.notes)
    if change.append_note and change.append_note.strip():
        after = set_notes(after, append_note(after.notes, change.append_note))
    return after, field_events(fields, after)


def revert(fields: ItemFields, action: str, old_value: str | None) -> ItemFields:
    """The fields with the value an audited field event replaced put back (undo)."""
    match action:
        case "status":
            return replace(fields, status=old_value or ItemStatus.TODO.value)
        case "na_reason":
            reason, note = parse_na(old_value)
            return replace(fields, na_reason=reason, na_note=note)
        case "owner":
            return replace(fields, owner=old_value)
        case "due_date":
            return replace(fields, due_date=date.fromisoformat(old_value) if old_value else None)
        case "notes":
            return replace(fields, notes=old_value)
    raise ValueError(f"not an item field event: {action!r}")
