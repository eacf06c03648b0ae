"""The item rules as pure functions (issue 14, "Rules hide inside large methods": marking an
item N/A, owner, due date, notes and undo had no function named for them)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.changes import ItemChange
from tracker.domain.enums import ItemStatus, NaReason
from tracker.domain.item_rules import (
    ItemFields,
    append_note,
    apply_item_change,
    apply_status,
    field_events,
    parse_na,
    revert,
)
from tracker.errors import ValidationError

TODO = ItemFields()
NA = ItemFields(status="na", na_reason="out_of_scope", na_note="batch only")
OWNED = ItemFields(owner="ana", due_date=date(2026, 12, 1), notes="first")


@pytest.mark.parametrize(
    ("before", "change", "after", "events"),
    [
        (TODO, ItemChange(), TODO, []),
        (
            TODO,
            ItemChange(status=ItemStatus.DONE),
            ItemFields(status="done"),
            [("status", "todo", "done")],
        ),
        (
            TODO,
            ItemChange(status=ItemStatus.NA, na_reason=NaReason.OUT_OF_SCOPE, na_note="batch only"),
            NA,
            [("status", "todo", "na"), ("na_reason", None, "out_of_scope: batch only")],
        ),
        (
            NA,
            ItemChange(status=ItemStatus.TODO),
            TODO,
            [("status", "na", "todo"), ("na_reason", "out_of_scope: batch only", None)],
        ),
        (
            NA,
            ItemChange(na_note="streaming only"),
            ItemFields(status="na", na_reason="out_of_scope", na_note="streaming only"),
            [("na_reason", "out_of_scope: batch only", "out_of_scope: streaming only")],
        ),
        (TODO, ItemChange(owner="ana"), ItemFields(owner="ana"), [("owner", None, "ana")]),
        (
            OWNED,
            ItemChange(owner="-"),
            ItemFields(due_date=date(2026, 12, 1), notes="first"),
            [("owner", "ana", None)],
        ),
        (OWNED, ItemChange(owner="ana"), OWNED, []),
        (
            OWNED,
            ItemChange(due_date=None),
            ItemFields(owner="ana", notes="first"),
            [("due_date", "2026-12-01", None)],
        ),
        (
            OWNED,
            ItemChange(notes=""),
            ItemFields(owner="ana", due_date=date(2026, 12, 1)),
            [("notes", "first", None)],
        ),
        (
            OWNED,
            ItemChange(append_note="  second  "),
            ItemFields(owner="ana", due_date=date(2026, 12, 1), notes="first\n\nsecond"),
            [("notes", "first", "first\n\nsecond")],
        ),
        (
            TODO,
            ItemChange(status=ItemStatus.DONE, owner="bo", notes="n"),
            ItemFields(status="done", owner="bo", notes="n"),
            [("status", "todo", "done"), ("owner", None, "bo"), ("notes", None, "n")],
        ),
    ],
    ids=[
        "nothing",
        "done",
        "na-with-reason",
        "na-cleared-by-status",
        "na-note-only",
        "owner",
        "unassign",
        "same-owner-no-event",
        "clear-due",
        "clear-notes",
        "append-note",
        "several-in-order",
    ],
)
def test_apply_item_change(
    before: ItemFields,
    change: ItemChange,
    after: ItemFields,
    events: list[tuple[str, str | None, str | None]],
) -> None:
    assert apply_item_change(before, change, key="k") == (after, events)


@pytest.mark.parametrize(
    ("before", "change", "message"),
    [
        (TODO, ItemChange(status=ItemStatus.NA, na_note="why"), "needs a reason"),
        (TODO, ItemChange(status=ItemStatus.NA, na_reason=NaReason.OTHER), "needs a note"),
        (TODO, ItemChange(status=ItemStatus.DONE, na_reason=NaReason.OTHER), "only accepted"),
        (TODO, ItemChange(na_note="stray"), "only accepted"),
        (TODO, ItemChange(due_date=date(1999, 1, 1)), "due date"),
        (TODO, ItemChange(notes="x" * 20_001), "notes"),
    ],
    ids=[
        "na-without-reason",
        "na-without-note",
        "reason-without-na",
        "note-alone",
        "old-date",
        "long-notes",
    ],
)
def test_refused_changes(before: ItemFields, change: ItemChange, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        apply_item_change(before, change, key="k")


def test_an_na_note_is_one_line() -> None:
    change = ItemChange(status=ItemStatus.NA, na_reason=NaReason.OTHER, na_note=" a\n  b ")
    assert apply_status(TODO, change, key="k").na_note == "a b"


@pytest.mark.parametrize(
    ("fields", "action", "old", "expected"),
    [
        (ItemFields(status="done"), "status", "todo", TODO),
        (NA, "na_reason", None, ItemFields(status="na")),
        (TODO, "na_reason", "other: because", ItemFields(na_reason="other", na_note="because")),
        (ItemFields(owner="bo"), "owner", "ana", ItemFields(owner="ana")),
        (TODO, "due_date", "2026-12-01", ItemFields(due_date=date(2026, 12, 1))),
        (ItemFields(notes="new"), "notes", None, TODO),
    ],
    ids=["status", "na-cleared", "na-restored", "owner", "due-date", "notes"],
)
def test_revert(fields: ItemFields, action: str, old: str | None, expected: ItemFields) -> None:
    assert revert(fields, action, old) == expected


@pytest.mark.parametrize("action", ["status", "na_reason", "owner", "due_date", "notes"])
def test_revert_undoes_apply(action: str) -> None:
    """Undoing every event of a change gives back the fields before it."""
    change = ItemChange(
        status=ItemStatus.NA,
        na_reason=NaReason.OTHER,
        na_note="n",
        owner="ana",
        due_date=date(2026, 12, 1),
        notes="x",
    )
    after, events = apply_item_change(TODO, change, key="k")
    for act, old, _new in reversed(events):
        after = revert(after, act, old)
    assert after == TODO
    assert field_events(TODO, after) == []


def test_helpers() -> None:
    assert parse_na("other: a: b") == ("other", "a: b")
    assert parse_na(None) == (None, None)
    assert append_note(None, " p ") == "p"
    assert append_note("a\n", "p") == "a\n\np"
    with pytest.raises(ValueError):
        TODO.audit_value("evidence.add")
