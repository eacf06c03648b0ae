"""Task-occurrence changes as pure functions (issue 14, "Rules hide inside large methods")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.domain.enums import TaskStatus
from tracker.domain.occurrence_rules import OccurrenceFields, apply_occurrence_change
from tracker.errors import ValidationError

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
