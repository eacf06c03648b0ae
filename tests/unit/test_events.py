from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.domain.events import describe_event
from tracker.domain.models import AuditEvent

AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def ev(
    action: str, old: str | None = None, new: str | None = None, item: str | None = "uc-x"
) -> AuditEvent:
    return AuditEvent(
        id=1,
        at=AT,
        actor="ana",
        action=action,
        release_name="r",
        item_key=item,
        old_value=old,
        new_value=new,
    )


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (ev("status", "todo", "done"), "marked uc-x done"),
        (ev("status", "todo", "na"), "marked uc-x N/A"),
        (ev("status", "done", "todo"), "moved uc-x from done to todo"),
        (ev("na_reason", None, "other: because"), "gave uc-x the N/A reason other: because"),
        (ev("na_reason", "other: x", None), "cleared the N/A reason of uc-x"),
        (ev("owner", None, "ana"), "assigned uc-x to @ana"),
        (ev("owner", "bo", "ana"), "assigned uc-x to @ana (was @bo)"),
        (ev("owner", "bo", None), "unassigned uc-x (was @bo)"),
        (ev("due_date", None, "2026-12-01"), "set uc-x due on 2026-12-01"),
        (ev("notes", "a", None), "cleared the notes of uc-x"),
        (
            ev("evidence.add", None, '{"id": 1, "url": "https://e.x/a", "title": "Run"}'),
            "attached evidence to uc-x: Run <https://e.x/a>",
        ),
        (
            ev("evidence.remove", '{"id": 1, "url": "https://e.x/a", "title": "Run"}', None),
            "removed evidence from uc-x: Run <https://e.x/a>",
        ),
        (ev("release.create", None, "tpl v1", item=None), "created the release from tpl v1"),
        (ev("golive", None, "2026-11-20", item=None), "recorded go-live on 2026-11-20"),
        (
            ev("golive", "2026-11-19", "2026-11-20", item=None),
            "recorded go-live on 2026-11-20 (was 2026-11-19)",
        ),
        (ev("mystery", "a", "b"), "changed mystery of uc-x: a → b"),
    ],
)
def test_describe_event(event: AuditEvent, expected: str) -> None:
    assert describe_event(event) == expected


def test_long_values_are_shortened() -> None:
    text = describe_event(ev("notes", None, "word " * 100))
    assert len(text) < 140 and text.endswith("…")
