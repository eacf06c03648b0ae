"""The first launch on a database (no snapshot yet): the release is read with only what a
snapshot holds, drawn, and the full view follows after the first paint."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from tests.tui.conftest import RELEASE, select, stored, wait_until
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus
from tracker.domain.template import Template
from tracker.services.tracker import TrackerService
from tracker.tui.launcher import _first_launch_app
from tracker.tui.screens.release_screen import ReleaseScreen


def test_the_start_view_is_the_most_recently_changed_release(
    seeded: TrackerService, template: Template
) -> None:
    seeded.releases.create_release("later", template)
    first = seeded.releases.start_view()
    assert first is not None and first[0].release.name == "later"
    seeded.items.set_status(RELEASE, "uc-domain-schemas", ItemStatus.DONE)
    first = seeded.releases.start_view()
    assert first is not None
    view, token = first
    full = seeded.releases.release_view(RELEASE)
    assert (view.release, view.items, view.owners) == (full.release, full.items, full.owners)
    assert token == seeded.releases.change_token(RELEASE)


def test_an_empty_database_has_no_start_view(service: TrackerService) -> None:
    assert service.releases.start_view() is None


async def test_a_first_launch_shows_the_full_view_after_the_first_paint(
    seeded: TrackerService, sqlite_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    full = seeded.releases.release_view(RELEASE)
    assert full.signoff_gaps  # not in the start view: it must come from the later full read
    opened: Future[TrackerService] = Future()
    app = _first_launch_app(
        opened, sqlite_url, "ana", clock=clock, export_dir=tmp_path, poll_interval=60
    )
    assert opened.done()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        assert screen.release.name == RELEASE
        await wait_until(pilot, lambda: screen.view.signoff_gaps == full.signoff_gaps)
        await select(pilot, "uc-domain-schemas")
        before = stored(seeded, "uc-domain-schemas").row_version
        await pilot.press("space")  # edits work as after any start
        await wait_until(
            pilot, lambda: stored(seeded, "uc-domain-schemas").row_version == before + 1
        )
    opened.result().close()
