"""Starting from the snapshot of the last run: drawn at once, then replaced by the stored state."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

from tests.tui.conftest import RELEASE, settle, stored, wait_until
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus
from tracker.services.tracker import TrackerService
from tracker.tui import snapshot as snapshots
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen


def test_snapshot_round_trip(seeded: TrackerService) -> None:
    view = seeded.releases.release_view(RELEASE)
    again = snapshots.loads(snapshots.dumps(snapshots.Snapshot(view, 7)))
    assert again.token == 7
    assert again.view.release == view.release
    assert again.view.items == view.items
    assert again.view.owners == view.owners


def test_a_broken_snapshot_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{not json", encoding="utf-8")
    assert snapshots.load(path) is None
    assert snapshots.load(tmp_path / "missing.json") is None


async def test_start_from_a_snapshot_then_show_the_stored_state(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    view = seeded.releases.release_view(RELEASE)
    stale = replace(
        view,
        items=tuple(
            replace(i, status=ItemStatus.TODO) if i.key == "uc-production-catalog" else i
            for i in view.items
        ),
    )
    opened: Future[TrackerService] = Future()
    file = tmp_path / "snapshot.json"
    app = TrackerApp(
        opened,
        actor="ana",
        clock=clock,
        snapshot=snapshots.Snapshot(stale, 0),
        export_dir=tmp_path,
        snapshot_file=file,
        poll_interval=60,
        after_first_paint=lambda: opened.set_result(seeded),
    )
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        await wait_until(
            pilot, lambda: screen.items["uc-production-catalog"].status is ItemStatus.DONE
        )
        await pilot.press("down", "down", "space")  # toggles work once it is open
        await settle(pilot)
        item = screen.checklist.cursor_item()
        assert item is not None and stored(other, item.key).status is item.status
        app.save_snapshot()
        await settle(pilot)
    saved = snapshots.load(file)
    assert saved is not None and saved.view.release.name == RELEASE
