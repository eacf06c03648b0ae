"""80x24, quitting and the detail pane (issue 10, "Why": *at 80x24 the footer loses ``? help``
and most keys, the header loses the go-live date and environment, and after a resize the cursor
row can sit off-screen*; *``q`` does nothing; ``ctrl+q`` appears in neither the footer, ``?``,
nor the docs*)."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import make_app, select, settle, wait_until
from tracker.domain.clock import FixedClock
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.commands import keys_markdown
from tracker.tui.screens.confirm_screen import ConfirmScreen
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.release_header import ReleaseHeader

SMALL = (80, 24)


def footer(app: TrackerApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_help_and_quit_stay_in_the_footer_at_80x24(app: TrackerApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        bar = footer(app)
        assert "? help" in bar and "q quit" in bar and "palette" in bar
        assert len(bar) <= 80


async def test_the_header_keeps_go_live_and_environment_at_80x24(app: TrackerApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one(ReleaseHeader).render())
        assert "2026-12-15" in header and "prod" in header and "Churn Q4" in header
        assert len(header.rstrip()) <= 78


async def test_the_header_shortens_only_when_it_must(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one(ReleaseHeader).render())
        assert (
            "blocking open" in header
            and "(in 19 d)" in header
            and "2/129" in header
            and "db test.db" in header
        )


async def test_the_cursor_stays_visible_after_a_resize(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "audit-change-management")  # far down the list
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        tree = screen.checklist
        await pilot.resize_terminal(*SMALL)

        def cursor_on_screen() -> bool:
            top = tree.scroll_offset.y
            return top <= tree.cursor_line < top + tree.scrollable_content_region.height

        await wait_until(pilot, cursor_on_screen)
        await pilot.resize_terminal(160, 48)
        await wait_until(pilot, cursor_on_screen)


async def test_q_quits_when_nothing_is_in_flight(app: TrackerApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await wait_until(pilot, lambda: app.return_code is not None)


async def test_q_and_ctrl_q_ask_while_a_change_is_being_saved(app: TrackerApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        screen.writes.ticket("uc-data-lineage")  # a write still in flight
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "still being saved" in str(app.screen.query_one("#question").render())
        await pilot.press("escape")
        assert app.return_code is None
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.click("#yes")
        await wait_until(pilot, lambda: app.return_code is not None)


def test_quit_is_in_the_help_and_the_docs() -> None:
    assert "`q` or `ctrl+q` | app: quit" in keys_markdown()
    docs = (Path(__file__).parents[2] / "docs" / "tui.md").read_text()
    assert "`q` or `ctrl+q`" in docs


async def test_the_detail_pane_can_be_hidden(
    seeded: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        before = screen.checklist.size.height
        await pilot.press("i")
        await wait_until(pilot, lambda: screen.checklist.size.height > before)
        assert not screen.detail.display
        await pilot.press("i")
        await wait_until(pilot, lambda: screen.detail.display)
