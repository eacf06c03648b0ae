"""Team use: changes by others appear within 2 s without moving the cursor or losing typed
input; a change to an item someone else changed meanwhile is refused and the new value shown."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from tests.tui.conftest import RELEASE, make_app, select, settle, stored, wait_until
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus
from tracker.services.tracker import TrackerService
from tracker.tui.screens.conflict_screen import ConflictScreen
from tracker.tui.screens.notes_screen import NotesScreen
from tracker.tui.screens.release_screen import ReleaseScreen


async def test_changes_by_others_appear_within_two_seconds(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path, poll_interval=1.0)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        scroll_before = screen.checklist.scroll_y
        other.items.assign_owner(RELEASE, "uc-data-lineage", "bo")
        other.items.set_status(RELEASE, "compute-photon", ItemStatus.DONE)
        await wait_until(pilot, lambda: screen.items["compute-photon"].status is ItemStatus.DONE)
        assert screen.items["uc-data-lineage"].owner == "bo"
        node = screen.checklist._item_nodes["compute-photon"]
        # the state takes the read at once; its lines are drawn by a message after it
        await wait_until(pilot, lambda: str(node.label).startswith("✓"))
        item = screen.checklist.cursor_item()
        assert item is not None and item.key == "uc-data-lineage"  # the cursor did not move
        assert screen.checklist.scroll_y == scroll_before
        assert "@bo" in str(screen.query_one("#detail-fields").render())


async def test_an_open_dialog_keeps_its_input_while_others_change_things(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path, poll_interval=0.3)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("c", *"half-written")
        other.items.set_status(RELEASE, "compute-photon", ItemStatus.DONE)
        release_screen = app.screen_stack[-2]
        assert isinstance(release_screen, ReleaseScreen)
        await wait_until(
            pilot, lambda: release_screen.items["compute-photon"].status is ItemStatus.DONE
        )
        assert isinstance(app.screen, NotesScreen)
        assert app.screen.query_one(TextArea).text == "half-written"


async def test_a_concurrent_change_is_not_overwritten(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path, poll_interval=60)  # the app has not seen it yet
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        other.items.set_status(RELEASE, "uc-data-lineage", ItemStatus.BLOCKED)
        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert stored(other, "uc-data-lineage").status is ItemStatus.BLOCKED  # not overwritten
        assert "bo" in str(app.screen.query_one("#conflict-who").render())
        await pilot.press("escape")  # keep theirs
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        assert screen.items["uc-data-lineage"].status is ItemStatus.BLOCKED  # the new value
        assert str(screen.checklist._item_nodes["uc-data-lineage"].label).startswith("✗")
        await pilot.press("space")  # now it applies to what the user sees
        await wait_until(pilot, lambda: stored(other, "uc-data-lineage").status is ItemStatus.DONE)


async def test_unsaved_notes_survive_a_conflict(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path, poll_interval=60)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("c", *"my careful notes")
        other.items.set_notes(RELEASE, "uc-data-lineage", "bo was here")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert stored(other, "uc-data-lineage").notes == "bo was here"
        await pilot.press("e")  # edit mine: offered again, with the draft
        await wait_until(pilot, lambda: isinstance(app.screen, NotesScreen))
        assert app.screen.query_one(TextArea).text == "my careful notes"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(other, "uc-data-lineage").notes == "my careful notes"


async def test_peer_changes_are_flashed_with_a_count(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    """Pins "a peer's changes arrive with no sign": the lines flash, "3 changes by bo"."""
    app = make_app(seeded, clock, tmp_path, poll_interval=60)  # polled by hand below
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        other.items.set_status(RELEASE, "compute-photon", ItemStatus.DONE)
        other.items.assign_owner(RELEASE, "uc-data-lineage", "bo")
        other.items.set_notes(RELEASE, "uc-data-lineage", "bo's note")
        screen._poll()
        await wait_until(
            pilot, lambda: any("3 changes by bo" in str(n.message) for n in app._notifications)
        )
        assert {"compute-photon", "uc-data-lineage"} <= screen.checklist._peer_changed
        await wait_until(pilot, lambda: not screen.checklist._peer_changed, timeout=8)
