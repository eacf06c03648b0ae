"""The command palette: its command entries, and (issue 10, item 11) jumps to items, releases
and owners."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.tui.conftest import settle, wait_until
from tracker.tui.app import TrackerApp


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
