"""The command palette: its command entries, and (issue 10, item 11) jumps to items, releases
and owners."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.tui.conftest import RELEASE, settle, wait_until
from tracker.domain.progress import ItemFilter
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.screens.summary_screen import SummaryScreen

if TYPE_CHECKING:
    from tracker.domain.template import Template


async def open_palette(pilot: Pilot[Any], query: str) -> OptionList:
    await settle(pilot)
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*query)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    return palette.query_one("CommandList", OptionList)


def prompts(commands: OptionList) -> list[str]:
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def test_searching_for_the_search_command_does_not_crash(app: TrackerApp) -> None:
    # its key "/" made the hit's help "[/]": a closing markup tag, and the app died
    async with app.run_test(size=(160, 48)) as pilot:
        commands = await open_palette(pilot, "filter: search")
        await wait_until(pilot, lambda: any("filter: search" in p for p in prompts(commands)))
        assert app.is_running


async def choose(pilot: Pilot[Any], query: str, wanted: str) -> None:
    """Type ``query`` in the palette, wait for a hit starting with ``wanted`` to rank first,
    and run it."""
    commands = await open_palette(pilot, query)
    await wait_until(
        pilot, lambda: bool(prompts(commands)) and prompts(commands)[0].startswith(wanted)
    )
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))
    await settle(pilot)


def release_screen(app: TrackerApp) -> ReleaseScreen:
    screen = app.screen
    assert isinstance(screen, ReleaseScreen)
    return screen


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_the_palette_finds_an_item_by_text_and_goes_to_it(
    app: TrackerApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await choose(pilot, "schemas organized", "item: Schemas organized by domain")
        screen = release_screen(app)
        await wait_until(pilot, lambda: screen.detail.item_key == "uc-domain-schemas")
        ref = screen.checklist.cursor_ref
        assert ref is not None and ref.key == "uc-domain-schemas"
        assert app.ui_thread_guard.violations == []  # type: ignore[attr-defined]


async def test_the_palette_finds_an_item_by_id_even_when_filtered_out(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = release_screen(app)
        screen.set_filter(ItemFilter(owner="ana"))
        await settle(pilot)
        await pilot.press("S")  # from the summary too: the palette closes it
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await choose(pilot, "uc-service-principals", "item: Service principals")
        assert app.screen is screen
        await wait_until(pilot, lambda: screen.detail.item_key == "uc-service-principals")
        assert screen.item_filter == ItemFilter()


async def test_the_palette_finds_an_owner_and_filters_by_them(app: TrackerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot, "@bo", "owner: @bo")
        screen = release_screen(app)
        assert screen.item_filter.owner == "bo"
        assert screen.checklist.visible_keys == ["uc-domain-schemas"]
        await choose(pilot, "Ana Lima", "owner: @ana")  # by name too
        assert screen.item_filter.owner == "ana"


async def test_the_palette_finds_a_release_and_opens_it(
    app: TrackerApp, other: TrackerService, template: Template
) -> None:
    other.releases.create_release("Fraud Q1", template, environment="staging")
    async with app.run_test(size=(160, 48)) as pilot:
        await choose(pilot, "fraud", "release: Fraud Q1")
        screen = release_screen(app)
        await wait_until(pilot, lambda: screen.release.name == "Fraud Q1")
        # and back, by the name of the first one
        await choose(pilot, "churn", f"release: {RELEASE}")
        await wait_until(pilot, lambda: screen.release.name == RELEASE)
        assert app.ui_thread_guard.violations == []  # type: ignore[attr-defined]
