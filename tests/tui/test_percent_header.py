"""The TUI header uses the one rounding rule (issue 10, point 8): pins the "Why" bullet
"199/200 shows 100% in `tracker status` and the TUI" (and 2/129 shows 1%, not 2%)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from tests.factories import FIXED_TODAY, make_items, make_release
from tracker.domain.enums import ItemStatus
from tracker.tui.widgets.release_header import ReleaseHeader


class HeaderApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ReleaseHeader(id="release-header")


@pytest.mark.parametrize(("closed", "total", "expected"), [(199, 200, 99), (2, 129, 1)])
async def test_header_percent(closed: int, total: int, expected: int) -> None:
    items = make_items(closed, status=ItemStatus.DONE) + make_items(total - closed)
    app = HeaderApp()
    async with app.run_test(size=(160, 5)) as pilot:
        header = app.query_one(ReleaseHeader)
        header.show(make_release(), items, FIXED_TODAY)
        await pilot.pause()
        assert f"{closed}/{total} ({expected}%)" in str(header.render())
