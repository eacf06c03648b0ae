"""Search and filters: each one, combined, and the status line that describes them."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, Select, SelectionList

from tests.tui.conftest import settle
from tracker.domain.enums import ItemStatus
from tracker.domain.progress import ItemFilter
from tracker.tui.app import TrackerApp
from tracker.tui.screens.filter_screen import FilterScreen
from tracker.tui.screens.release_screen import ReleaseScreen


def screen_of(app: TrackerApp) -> ReleaseScreen:
    screen = app.screen
    assert isinstance(screen, ReleaseScreen)
    return screen


def shown(app: TrackerApp) -> list[str]:
    return screen_of(app).checklist.visible_keys


def status_line(app: TrackerApp) -> str:
    return str(screen_of(app).query_one("#status-line").render())


async def search(pilot: Pilot[Any], text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await settle(pilot)


async def test_search_matches_text_ids_and_notes(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert status_line(app).startswith("all 129 items")
        await search(pilot, "lineage")
        assert "uc-data-lineage" in shown(app) and len(shown(app)) < 10
        assert "showing" in status_line(app) and "'lineage'" in status_line(app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(shown(app)) == 129
        await search(pilot, "ml-42")  # in a note
        assert shown(app) == ["uc-production-catalog"]
        await pilot.press("escape")
        await search(pilot, "uc-service")  # an id
        assert shown(app) == ["uc-service-principals"]


async def test_filter_mine_toggles(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("at")
        await settle(pilot)
        assert shown(app) == ["uc-production-catalog"]  # the app runs as @ana
        assert "owner=@ana" in status_line(app)
        await pilot.press("at")
        await settle(pilot)
        assert len(shown(app)) == 129


async def open_filter(pilot: Pilot[Any]) -> FilterScreen:
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FilterScreen)
    return screen


async def test_each_filter_from_the_dialog(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        dialog = await open_filter(pilot)
        dialog.query_one("#filter-owner", Select).value = "bo"
        await pilot.click("#apply")
        await settle(pilot)
        assert shown(app) == ["uc-domain-schemas"]

        dialog = await open_filter(pilot)
        dialog.query_one("#filter-owner", Select).clear()
        dialog.query_one("#filter-status", SelectionList).select(ItemStatus.BLOCKED.value)
        await pilot.click("#apply")
        await settle(pilot)
        assert shown(app) == ["uc-service-principals"]
        assert "status=blocked" in status_line(app)

        dialog = await open_filter(pilot)
        dialog.query_one("#filter-status", SelectionList).deselect_all()
        dialog.query_one("#overdue", Checkbox).value = True
        await pilot.click("#apply")
        await settle(pilot)
        assert shown(app) == ["uc-domain-schemas"]  # due Nov 20, today Nov 26
        assert "overdue" in status_line(app)

        dialog = await open_filter(pilot)
        dialog.query_one("#overdue", Checkbox).value = False
        dialog.query_one("#blocking", Checkbox).value = True
        await pilot.click("#apply")
        await settle(pilot)
        items = screen_of(app).items
        assert shown(app) and all(items[k].is_blocking for k in shown(app))

        dialog = await open_filter(pilot)
        dialog.query_one("#blocking", Checkbox).value = False
        dialog.query_one("#hide-optional", Checkbox).value = True
        await pilot.click("#apply")
        await settle(pilot)
        assert "network-vnet-injection" not in shown(app)
        assert all(not items[k].optional for k in shown(app))
        assert "no optional" in status_line(app)


async def test_filters_combine_with_search(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        dialog = await open_filter(pilot)
        dialog.query_one("#blocking", Checkbox).value = True
        dialog.query_one("#hide-closed", Checkbox).value = True
        await pilot.click("#apply")
        await settle(pilot)
        await search(pilot, "uc-")
        assert shown(app) == ["uc-domain-schemas", "uc-service-principals"]
        assert status_line(app) == (
            "showing 2 of 129 · filter: blocking · open only · 'uc-' · esc clears"
        )
        assert screen_of(app).item_filter == ItemFilter(
            text="uc-", blocking_only=True, hide_closed=True
        )
        await pilot.press("escape")
        await settle(pilot)
        assert not screen_of(app).item_filter.is_active()
        assert len(shown(app)) == 129


async def test_cursor_stays_on_its_item_across_filters(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.checklist.select_key("uc-service-principals")
        await search(pilot, "principals")
        assert screen.checklist.cursor_item() is not None
        await pilot.press("escape")
        await settle(pilot)
        item = screen.checklist.cursor_item()
        assert item is not None and item.key == "uc-service-principals"
