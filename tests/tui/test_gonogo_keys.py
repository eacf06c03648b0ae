"""The go/no-go keys are in the footer (issue 12: "The TUI shows the sign-off panel in the
summary with a key to sign"; waivers "the same in the TUI"): ``G go/no-go`` and ``W waiver`` are
shown like every other release key, while at 80x24 help, quit and the palette still fit."""

from __future__ import annotations

from tests.tui.conftest import settle
from tracker.tui.app import TrackerApp
from tracker.tui.widgets.key_bar import KeyBar


def footer(app: TrackerApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_go_no_go_and_waiver_keys_are_in_the_footer_at_160_columns(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        bar = footer(app)
        assert " G go/no-go" in bar and " W waiver" in bar, bar
        assert "? help" in bar and "q quit" in bar and "palette" in bar


async def test_help_and_quit_still_fit_at_80x24(app: TrackerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = footer(app)
        assert "? help" in bar and "q quit" in bar and "palette" in bar
        assert len(bar) <= 80
