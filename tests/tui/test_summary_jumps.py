"""Issue 10, "Summary is read-only": from "what blocks go-live" or an owner's open items the user
could not get to the item. Enter on a blocking item now puts the checklist cursor on it (its
detail shown; filters that hide it cleared, folded groups unfolded); enter on an owner filters
the checklist to that owner's open items. At 160x48 and 80x24.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.tui.conftest import settle, wait_until
from tracker.domain.progress import ItemFilter
from tracker.tui import navigation
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.screens.summary_screen import SummaryScreen

SIZES = [(160, 48), (80, 24)]


async def open_summary(pilot: Pilot[Any]) -> SummaryScreen:
    await pilot.press("S")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen))
    screen = pilot.app.screen
    assert isinstance(screen, SummaryScreen)
    await wait_until(
        pilot, lambda: screen.query_one("#summary-blocking-list", OptionList).option_count > 0
    )
    await settle(pilot)
    return screen


def release_screen(app: TrackerApp) -> ReleaseScreen:
    screen = app.screen
    assert isinstance(screen, ReleaseScreen)
    return screen


def test_the_app_and_release_screen_are_what_a_jump_needs(app: TrackerApp) -> None:
    # mypy checks these: navigation names the screen and the app by protocol (no import cycle)
    navigator: navigation.Navigator = app
    view: navigation.ChecklistView | None = app.release_screen
    assert navigator is app and view is None


def blocking_keys(summary: SummaryScreen) -> list[str | None]:
    options = summary.query_one("#summary-blocking-list", OptionList)
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


@pytest.mark.parametrize("size", SIZES)
async def test_enter_on_a_blocking_item_puts_the_cursor_on_it(
    app: TrackerApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        summary = await open_summary(pilot)
        # ranked: the overdue item first, then the blocked one
        assert blocking_keys(summary)[:2] == ["uc-domain-schemas", "uc-service-principals"]
        assert isinstance(summary.focused, OptionList)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))
        screen = release_screen(app)
        await wait_until(pilot, lambda: screen.detail.item_key == "uc-service-principals")
        ref = screen.checklist.cursor_ref
        assert ref is not None and ref.key == "uc-service-principals"
        assert screen.checklist.has_focus
        node = screen.checklist.cursor_node
        assert node is not None
        # the line is on screen
        top = screen.checklist.scroll_offset.y
        assert top <= node.line < top + screen.checklist.scrollable_content_region.height


async def test_a_hidden_or_folded_item_is_shown_first(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = release_screen(app)
        # a filter that hides the blocking item, and its category folded
        screen.set_filter(ItemFilter(owner="ana"))
        await settle(pilot)
        assert "uc-service-principals" not in screen.checklist.visible_keys
        summary = await open_summary(pilot)
        options = summary.query_one("#summary-blocking-list", OptionList)
        options.highlighted = blocking_keys(summary).index("uc-service-principals")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.detail.item_key == "uc-service-principals")
        assert screen.item_filter == ItemFilter()
        assert "uc-service-principals" in screen.checklist.visible_keys
        ref = screen.checklist.cursor_ref
        assert ref is not None and ref.key == "uc-service-principals"

        # folded: the category is unfolded to show the line
        await pilot.press("left", "left")  # to the group, then fold it
        await settle(pilot)
        ref = screen.checklist.cursor_ref
        assert ref is not None and ref.kind != "item"
        await pilot.press("home")
        summary = await open_summary(pilot)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))
        await settle(pilot)
        ref = screen.checklist.cursor_ref
        assert ref is not None and ref.key == "uc-service-principals"


@pytest.mark.parametrize("size", SIZES)
async def test_enter_on_an_owner_filters_the_checklist(
    app: TrackerApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        summary = await open_summary(pilot)
        owners = summary.query_one("#summary-owners-list", OptionList)
        ids = [owners.get_option_at_index(i).id for i in range(owners.option_count)]
        assert ids == ["unassigned", "bo"]  # ana's one item is done
        owners.focus()
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))
        screen = release_screen(app)
        await settle(pilot)
        assert screen.item_filter.owner == "bo"
        assert screen.checklist.visible_keys == ["uc-domain-schemas"]
        assert "owner=@bo" in str(screen.query_one("#status-line").render())

        # the unassigned row: the open items nobody owns
        summary = await open_summary(pilot)
        summary.query_one("#summary-owners-list", OptionList).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))
        await settle(pilot)
        shown = [screen.items[k] for k in screen.checklist.visible_keys]
        assert shown and all(i.owner is None and i.is_open for i in shown)
        await pilot.press("escape")  # esc shows everything again
        await settle(pilot)
        assert screen.item_filter == ItemFilter()
