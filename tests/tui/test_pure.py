"""The TUI's pure helpers: labels, due-date parsing, the burn-down, blocking-item ranking."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.factories import make_item
from tracker.domain.enums import ItemStatus, Severity
from tracker.domain.models import AuditEvent
from tracker.domain.progress import ItemFilter
from tracker.errors import ValidationError
from tracker.tui.burndown import BurndownPoint, burndown, resample
from tracker.tui.labels import Palette, fit, item_label, text_bar
from tracker.tui.screens.due_date_screen import parse_due
from tracker.tui.screens.summary_screen import ranked_blocking
from tracker.tui.widgets.burndown_chart import column_chart
from tracker.tui.widgets.status_line import status_text

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [("abc", 5, "abc  "), ("abcdef", 4, "abc…"), ("a  b", 3, "a b"), ("x", 0, "")],
)
def test_fit(text: str, width: int, expected: str) -> None:
    assert fit(text, width) == expected


@pytest.mark.parametrize(
    ("fraction", "expected"), [(0.0, "    "), (1.0, "████"), (0.5, "██  "), (2.0, "████")]
)
def test_text_bar(fraction: float, expected: str) -> None:
    assert text_bar(fraction, 4) == expected


def test_item_label_has_fixed_width_columns() -> None:
    item = make_item(text="A rather long item text that will not fit", owner="ana")
    a = item_label(item, 20, TODAY, Palette())
    b = item_label(make_item(text="short"), 20, TODAY, Palette())
    assert a.cell_len == b.cell_len
    assert a.plain.startswith("○! A rather long item")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("+7", date(2026, 12, 3)),
        ("+2w", date(2026, 12, 10)),
        ("today", TODAY),
        ("", None),
        (" none ", None),
    ],
)
def test_parse_due(value: str, expected: date | None) -> None:
    assert parse_due(value, TODAY) == expected


def test_parse_due_refuses_nonsense() -> None:
    with pytest.raises(ValidationError):
        parse_due("next tuesday", TODAY)


def _event(n: int, day: int, key: str, old: str, new: str) -> AuditEvent:
    return AuditEvent(
        id=n,
        at=datetime(2026, 11, day, 12, tzinfo=UTC),
        actor="ana",
        action="status",
        release_name="r",
        item_key=key,
        old_value=old,
        new_value=new,
    )


def test_burndown_replays_status_changes_backwards() -> None:
    items = [
        make_item(key="a", status=ItemStatus.DONE),
        make_item(key="b", status=ItemStatus.NA, severity=Severity.ADVISORY),
        make_item(key="c"),
    ]
    events = [_event(1, 24, "a", "todo", "done"), _event(2, 25, "b", "todo", "na")]
    points = burndown(items, events, TODAY, UTC, start=date(2026, 11, 23))
    assert points == [
        BurndownPoint(date(2026, 11, 23), 2, 1),
        BurndownPoint(date(2026, 11, 24), 1, 1),
        BurndownPoint(date(2026, 11, 25), 1, 0),
        BurndownPoint(date(2026, 11, 26), 1, 0),
    ]


def test_resample_keeps_the_end_of_each_bucket() -> None:
    points = [BurndownPoint(date(2026, 1, d), d, 0) for d in range(1, 11)]
    assert [p.blocking for p in resample(points, 5)] == [2, 4, 6, 8, 10]
    assert resample(points, 20) == points


def test_column_chart_scales_to_the_height() -> None:
    assert column_chart([0, 4, 8], 1, 8) == [" ▄█"]
    assert column_chart([16], 2, 16) == ["█", "█"]


def test_blocking_items_rank_overdue_then_blocked_first() -> None:
    late = make_item(key="late", due_date=date(2026, 11, 1))
    blocked = make_item(key="blocked", status=ItemStatus.BLOCKED)
    plain = make_item(key="plain")
    advisory = make_item(key="adv", severity=Severity.ADVISORY)
    assert [i.key for i in ranked_blocking([plain, blocked, late, advisory], TODAY)] == [
        "late",
        "blocked",
        "plain",
    ]


def test_status_text() -> None:
    assert status_text(ItemFilter(), 129, 129).startswith("all 129 items")
    assert status_text(ItemFilter(blocking_only=True), 3, 129) == (
        "showing 3 of 129 · filter: blocking · esc clears"
    )
