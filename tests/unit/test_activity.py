"""The activity rules: newest first, by person, by day in the user's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tracker.domain.activity import ActivityFilter, activity, day_breaks, days, people
from tracker.domain.models import AuditEvent

BERLIN = timezone(timedelta(hours=1))


def ev(id: int, actor: str, at: datetime) -> AuditEvent:
    return AuditEvent(id=id, at=at, actor=actor, action="status", release_name="r", item_key="x")


EVENTS = [
    ev(1, "ana", datetime(2026, 12, 3, 9, 0, tzinfo=UTC)),
    ev(2, "bo", datetime(2026, 12, 3, 23, 30, tzinfo=UTC)),  # Dec 4 in Berlin
    ev(3, "ana", datetime(2026, 12, 4, 10, 0)),  # naive: UTC (how SQLite hands it back)
    ev(4, "cy", datetime(2026, 12, 5, 8, 0, tzinfo=UTC)),
]


@pytest.mark.parametrize(
    ("f", "tz", "ids"),
    [
        (ActivityFilter(), UTC, [4, 3, 2, 1]),
        (ActivityFilter(actor="ana"), UTC, [3, 1]),
        (ActivityFilter(actor="nobody"), UTC, []),
        (ActivityFilter(day=date(2026, 12, 3)), UTC, [2, 1]),
        (ActivityFilter(day=date(2026, 12, 3)), BERLIN, [1]),
        (ActivityFilter(day=date(2026, 12, 4)), BERLIN, [3, 2]),
        (ActivityFilter(actor="bo", day=date(2026, 12, 4)), BERLIN, [2]),
        (ActivityFilter(actor="bo", day=date(2026, 12, 4)), UTC, []),
    ],
    ids=[
        "all-newest-first",
        "person",
        "unknown-person",
        "day-utc",
        "day-in-the-users-zone",
        "late-utc-event-is-next-day",
        "person-and-day",
        "person-and-other-day",
    ],
)
def test_activity_filters(f: ActivityFilter, tz: timezone, ids: list[int]) -> None:
    assert [e.id for e in activity(reversed(EVENTS), f, tz)] == ids


def test_people_most_active_first_then_by_name() -> None:
    extra = ev(5, "Bo", datetime(2026, 12, 5, 9, 0, tzinfo=UTC))
    assert people([*EVENTS, extra]) == [("ana", 2), ("Bo", 1), ("bo", 1), ("cy", 1)]


def test_days_newest_first_in_the_users_zone() -> None:
    assert days(EVENTS, UTC) == [
        (date(2026, 12, 5), 1),
        (date(2026, 12, 4), 1),
        (date(2026, 12, 3), 2),
    ]
    assert days(EVENTS, BERLIN) == [
        (date(2026, 12, 5), 1),
        (date(2026, 12, 4), 2),
        (date(2026, 12, 3), 1),
    ]


def test_day_breaks_mark_where_each_day_starts() -> None:
    newest = activity(EVENTS, ActivityFilter(), UTC)
    assert day_breaks(newest, UTC) == [0, 1, 2]
    assert day_breaks([], UTC) == []
