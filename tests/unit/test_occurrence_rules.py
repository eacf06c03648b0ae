"""Task-occurrence changes as pure functions (issue 14, "Rules hide inside large methods")."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tracker.domain.enums import TaskStatus
from tracker.domain.models import TaskOccurrence
from tracker.domain.occurrence_rules import (
    OccurrenceFields,
    apply_occurrence_change,
    find_occurrence,
)
from tracker.errors import AmbiguousNameError, NotFoundError, ValidationError

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
OPEN = OccurrenceFields()
DONE = OccurrenceFields(status="done", completed_by="ana", completed_at=NOW)
SKIPPED = OccurrenceFields(
    status="skipped", skip_reason="holiday", completed_by="ana", completed_at=NOW
)


def change(
    fields: OccurrenceFields,
    status: TaskStatus | None = None,
    skip_reason: str | None = None,
    owner: str | bool | None = False,
    notes: str | bool | None = False,
) -> tuple[OccurrenceFields, list[tuple[str, str | None, str | None]]]:
    return apply_occurrence_change(
        fields,
        status=status,
        skip_reason=skip_reason,
        owner=owner,
        notes=notes,
        actor="ana",
        now=NOW,
    )


@pytest.mark.parametrize(
    ("before", "kwargs", "after", "events"),
    [
        (OPEN, {}, OPEN, []),
        (OPEN, {"status": TaskStatus.DONE}, DONE, [("status", "todo", "done")]),
        (
            OPEN,
            {"status": TaskStatus.SKIPPED, "skip_reason": " public\nholiday "},
            OccurrenceFields(
                status="skipped", skip_reason="public holiday", completed_by="ana", completed_at=NOW
            ),
            [("status", "todo", "skipped"), ("skip_reason", None, "public holiday")],
        ),
        (SKIPPED, {"status": TaskStatus.TODO}, OPEN, [("status", "skipped", "todo")]),
        (DONE, {"status": TaskStatus.DONE}, DONE, []),
        (OPEN, {"owner": "bo"}, OccurrenceFields(owner="bo"), [("owner", None, "bo")]),
        (OccurrenceFields(owner="bo"), {"owner": None}, OPEN, [("owner", "bo", None)]),
        (OPEN, {"notes": "n"}, OccurrenceFields(notes="n"), [("notes", None, "n")]),
        (OccurrenceFields(notes="n"), {"notes": ""}, OPEN, [("notes", "n", None)]),
    ],
    ids=[
        "nothing",
        "done",
        "skipped",
        "reopened",
        "same-status",
        "owner",
        "unassign",
        "notes",
        "clear-notes",
    ],
)
def test_apply_occurrence_change(
    before: OccurrenceFields,
    kwargs: dict[str, object],
    after: OccurrenceFields,
    events: list[tuple[str, str | None, str | None]],
) -> None:
    assert change(before, **kwargs) == (after, events)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": TaskStatus.SKIPPED}, "needs a reason"),
        ({"status": TaskStatus.SKIPPED, "skip_reason": "  "}, "needs a reason"),
        ({"skip_reason": "why"}, "goes with --status skipped"),
    ],
    ids=["skip-without-reason", "blank-reason", "reason-alone"],
)
def test_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        change(OPEN, **kwargs)  # type: ignore[arg-type]


def _occ(id_: int, key: str, day: int, status: TaskStatus = TaskStatus.TODO) -> TaskOccurrence:
    return TaskOccurrence(
        id=id_,
        task_key=key,
        phase_key="p",
        phase_title="P",
        text=f"check {key}",
        due_date=date(2026, 12, day),
        seq=day,
        status=status,
    )


OCCS = [
    _occ(1, "freshness", 1, TaskStatus.DONE),
    _occ(2, "freshness", 2),
    _occ(3, "drift", 2),
]


@pytest.mark.parametrize(
    ("ref", "on", "expected"),
    [
        ("3", None, 3),
        ("freshness", None, 2),
        ("freshness@2026-12-01", None, 1),
        ("fresh", date(2026, 12, 1), 1),
        ("check drift", None, 3),
    ],
    ids=["id", "earliest-open", "at-date", "fragment-on", "text"],
)
def test_find_occurrence(ref: str, on: date | None, expected: int) -> None:
    assert find_occurrence(OCCS, ref, on).id == expected


@pytest.mark.parametrize(
    ("ref", "error"),
    [
        ("9", NotFoundError),
        ("nothing", NotFoundError),
        ("check", AmbiguousNameError),
        ("drift@2026-12-05", NotFoundError),
    ],
    ids=["unknown-id", "unknown-task", "ambiguous", "no-such-day"],
)
def test_find_occurrence_refuses(ref: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        find_occurrence(OCCS, ref)
