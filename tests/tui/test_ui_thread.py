"""No database call on the UI thread (issue 10, "Why": *the database is called on the UI
thread: the keypress write (``save_now``), opening a release, owner lookups, ``add_owner``*).

Every app test runs against ``tests/tui/guard.py``'s proxy, which raises when a service method
is called on the UI thread; this file drives exactly the paths the issue names and checks the
guard saw nothing, and that the guard itself does catch such a call.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.widgets import Input

from tests.tui.conftest import RELEASE, make_app, select, settle, stored, wait_until
from tests.tui.guard import UIThreadCall
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus
from tracker.services.tracker import TrackerService
from tracker.tui.screens.owner_screen import OwnerScreen
from tracker.tui.screens.release_list_screen import ReleaseListScreen
from tracker.tui.screens.release_screen import ReleaseScreen

if TYPE_CHECKING:
    from tracker.domain.template import Template


def violations(app: Any) -> list[str]:
    return list(app.ui_thread_guard.violations)


async def test_the_guard_catches_a_call_on_the_ui_thread(
    seeded: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        with pytest.raises(UIThreadCall):
            app.service.owners.list_owners()  # this test runs on the UI thread's loop
        assert violations(app)


async def test_keys_dialogs_and_release_switching_stay_off_the_ui_thread(
    seeded: TrackerService,
    other: TrackerService,
    template: Template,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    seeded.releases.create_release("Fraud v2", template, environment="staging")
    app = make_app(seeded, clock, tmp_path, release=RELEASE)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("space")  # was save_now on the UI thread
        await wait_until(pilot, lambda: stored(other, "uc-data-lineage").status is ItemStatus.DONE)
        await pilot.press("s", "b")  # status dialog
        await wait_until(
            pilot, lambda: stored(other, "uc-data-lineage").status is ItemStatus.BLOCKED
        )
        await pilot.press("o")  # owner lookup
        assert isinstance(app.screen, OwnerScreen)
        await pilot.press(*"carla", "enter")  # add_owner inline
        app.screen.query_one("#new-name", Input).value = "Carla Diaz"
        await pilot.click("#add-owner")
        await wait_until(pilot, lambda: stored(other, "uc-data-lineage").owner == "carla")
        await pilot.press("r")  # the release list, then open another release
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseListScreen))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseListScreen)
        await wait_until(pilot, lambda: bool(screen.releases))
        table = screen.query_one("DataTable")
        names = [r.name for r in screen.releases]
        table.move_cursor(row=names.index("Fraud v2"))  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ReleaseScreen) and app.screen.release.name == "Fraud v2",
        )
        await pilot.press("A")  # archive: the app opens the next release
        await pilot.click("#yes")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ReleaseScreen) and app.screen.release.name == RELEASE,
        )
        assert violations(app) == []


async def test_queued_writes_leave_the_worker_threads_free(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    """bench/bench_latency.py on a slow database: 80 ticks queued behind each other held every
    thread of the loop's shared executor (each edit was a thread worker waiting its turn), so
    every read worker and Markdown render of the app waited until the writes were stored."""
    import asyncio
    import threading

    release = threading.Event()
    update = seeded.items.update_item_by_key

    def slow_update(*args: Any, **kwargs: Any) -> Any:
        release.wait(30)  # a database far away
        return update(*args, **kwargs)

    seeded.items.update_item_by_key = slow_update  # type: ignore[method-assign]
    app = make_app(seeded, clock, tmp_path, release=RELEASE)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        for _ in range(40):  # more than the shared executor's threads (min(32, cpus + 4))
            await pilot.press("space")
        loop = asyncio.get_running_loop()
        try:
            # What a read worker (or Markdown's parse) needs: one thread of the shared pool.
            assert await asyncio.wait_for(loop.run_in_executor(None, lambda: True), 3)
        finally:
            release.set()
        await wait_until(pilot, lambda: app.work_in_flight() == 0, timeout=30)
        assert stored(other, "uc-data-lineage").status is ItemStatus.TODO  # 40 ticks: as before
    assert violations(app) == []
