"""The layout adapts from 80x24 to wide terminals."""

from __future__ import annotations

from tests.tui.conftest import settle
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen


async def test_small_terminal_stacks_the_detail_under_the_checklist(app: TrackerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        assert screen.has_class("-narrow")
        tree, detail = screen.checklist, screen.detail
        assert tree.region.width == 80 and tree.region.height >= 10
        assert detail.region.y >= tree.region.bottom and detail.region.height >= 6
        assert tree.virtual_size.width <= tree.size.width  # no sideways scrolling
        await pilot.press("down", "down", "enter")  # enter on an item: focus the detail
        await pilot.pause()
        assert detail.has_focus and detail.region.height > tree.region.height
        await pilot.press("escape")
        assert tree.has_focus


async def test_wide_terminal_puts_the_detail_beside_the_checklist(app: TrackerApp) -> None:
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        assert screen.has_class("-wide")
        assert screen.detail.region.x >= screen.checklist.region.right
        assert screen.checklist.virtual_size.width <= screen.checklist.size.width
