"""One rounding rule for percentages (issue 10, point 8).

Pins the "Why" bullets "199/200 shows 100% in `tracker status` and the TUI, but 99% in the
Markdown export" and "2/129 shows 2% in the app and 1% in the export": every surface built from
the domain (Markdown, JSON, retrospective) shows 99% and 1%. The CLI and the TUI are pinned in
tests/cli/test_percent_cli.py and tests/tui/test_percent_header.py.
"""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import FIXED_NOW, make_items, make_view
from tracker.domain.enums import ItemStatus
from tracker.domain.export_json import release_to_json
from tracker.domain.export_md import release_to_markdown
from tracker.domain.export_retro import release_to_retro_markdown
from tracker.domain.models import ReleaseView
from tracker.domain.progress import item_progress, percent


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [
        (0, 0, 0),
        (0, 5, 0),
        (1, 1000, 1),  # something done is never 0%
        (2, 129, 1),
        (1, 3, 33),
        (2, 3, 66),
        (1, 2, 50),
        (199, 200, 99),  # not everything done is never 100%
        (999, 1000, 99),
        (200, 200, 100),
    ],
)
def test_percent_rule(done: int, total: int, expected: int) -> None:
    assert percent(done, total) == expected


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_percent_is_100_only_when_complete_and_0_only_when_nothing(done: int, total: int) -> None:
    done = min(done, total)
    p = percent(done, total)
    assert 0 <= p <= 100
    assert (p == 100) == (done == total)
    assert (p == 0) == (done == 0)


def view_with(closed: int, total: int) -> ReleaseView:
    items = make_items(closed, status=ItemStatus.DONE) + make_items(total - closed)
    return make_view(items)


CASES = [(199, 200, 99), (2, 129, 1)]


@pytest.mark.parametrize(("closed", "total", "expected"), CASES)
def test_progress_percent_uses_the_rule(closed: int, total: int, expected: int) -> None:
    assert item_progress(view_with(closed, total).items).percent == expected


@pytest.mark.parametrize(("closed", "total", "expected"), CASES)
def test_markdown_export(closed: int, total: int, expected: int) -> None:
    md = release_to_markdown(view_with(closed, total), generated_at=FIXED_NOW)
    assert f"**{closed}/{total} closed ({expected}%)**" in md


@pytest.mark.parametrize(("closed", "total", "expected"), CASES)
def test_json_export(closed: int, total: int, expected: int) -> None:
    data = json.loads(release_to_json(view_with(closed, total), generated_at=FIXED_NOW))
    assert data["progress"]["percent"] == expected


@pytest.mark.parametrize(("closed", "total", "expected"), CASES)
def test_retro_export(closed: int, total: int, expected: int) -> None:
    md = release_to_retro_markdown(
        view_with(closed, total),
        today=date(2025, 3, 14),
        tz=ZoneInfo("UTC"),
        generated_at=FIXED_NOW,
    )
    assert f"Progress: {expected}%." in md
