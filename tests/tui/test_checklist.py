"""The checklist: what it shows, toggling, picking a status, N/A with a reason."""

from __future__ import annotations

from textual.widgets import Input, RadioSet

from tests.tui.conftest import RELEASE, select, settle, stored
from tracker.domain.enums import ItemStatus, NaReason
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.labels import STATUS_GLYPH
from tracker.tui.screens.na_screen import NaScreen
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.screens.status_screen import StatusScreen
from tracker.tui.widgets.checklist_tree import GUIDE_DEPTH


def line_text(app: TrackerApp, key: str) -> str:
    screen = app.screen
    assert isinstance(screen, ReleaseScreen)
    node = screen.checklist._item_nodes.get(key) or screen.checklist._branch_nodes[key]
    return str(node.label)


async def test_checklist_shows_tree_with_progress_and_marks(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
        category = line_text(app, "infrastructure-security")
        assert category.startswith("Infrastructure & Security") and "2/16" in category
        group = line_text(app, "unity-catalog-setup")
        assert group.startswith("Unity Catalog Setup") and "2/5" in group  # done + N/A of five
        assert "!2" in group  # two blocking items still open
        done = line_text(app, "uc-production-catalog")
        assert done.startswith("✓ ") and "@ana" in done and "↗1" in done
        assert line_text(app, "uc-service-principals").startswith("✗!")  # blocked, blocking
        assert line_text(app, "uc-group-access-controls").startswith(STATUS_GLYPH[ItemStatus.NA])
        assert "Nov 20" in line_text(app, "uc-domain-schemas")  # due (overdue)
        assert "(optional)" in line_text(app, "network-vnet-injection")


async def test_space_toggles_done_and_back(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("space")
        assert stored(other, "uc-data-lineage").status is ItemStatus.DONE
        assert line_text(app, "uc-data-lineage").startswith("✓")
        await pilot.press("space")
        assert stored(other, "uc-data-lineage").status is ItemStatus.TODO
        assert line_text(app, "uc-data-lineage").startswith("○")


async def test_space_on_a_group_folds_it(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        screen.checklist.cursor_line = 1  # the first group
        await pilot.pause()
        node = screen.checklist.cursor_node
        assert node is not None and node.is_expanded
        await pilot.press("space")
        assert not node.is_expanded


async def test_clicking_the_status_mark_toggles(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        line = screen.checklist.cursor_line - int(screen.checklist.scroll_y)
        await pilot.click("#checklist", offset=(2 * GUIDE_DEPTH, line))
        await settle(pilot)
        assert stored(other, "uc-data-lineage").status is ItemStatus.DONE


async def test_status_picker_sets_any_status(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("s")
        assert isinstance(app.screen, StatusScreen)
        await pilot.press("b")  # quick key: blocked
        await settle(pilot)
        assert stored(other, "uc-data-lineage").status is ItemStatus.BLOCKED
        await pilot.press("s", "down", "enter")  # blocked -> done, via the list
        await settle(pilot)
        assert stored(other, "uc-data-lineage").status is ItemStatus.DONE


async def test_na_needs_a_reason_and_a_note(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("n")
        assert isinstance(app.screen, NaScreen)
        app.screen.query_one("#na-note", Input).value = "no reason picked"
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, NaScreen)  # refused: still open
        assert "reason" in str(app.screen.query_one("#dialog-error").render())
        radio = app.screen.query_one(RadioSet)
        radio.focus()
        await pilot.press("right", "enter")  # business priorities
        app.screen.query_one("#na-note", Input).value = "   "
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, NaScreen)  # refused without a note
        assert stored(other, "uc-data-lineage").status is ItemStatus.TODO
        app.screen.query_one(
            "#na-note", Input
        ).value = "lineage comes with the next platform release"
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
        item = stored(other, "uc-data-lineage")
        assert item.status is ItemStatus.NA
        assert item.na_reason is NaReason.BUSINESS_PRIORITIES
        assert item.na_note == "lineage comes with the next platform release"
        assert line_text(app, "uc-data-lineage").startswith(STATUS_GLYPH[ItemStatus.NA])


async def test_status_picker_na_opens_the_reason_dialog(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("s", "n")
        await settle(pilot)
        assert isinstance(app.screen, NaScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReleaseScreen)


async def test_release_header_counts(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one("#release-header").render())
        assert (
            RELEASE in header and "2/129 (1%)" in header
        )  # one rounding rule (issue 10 point 8) and "go-live 2026-12-15" in header
        assert "3 blocking open" in header
        assert header.endswith("db test.db")  # which database is open (issue 10 point 12)
