"""Compare-and-set from every dialog and key: an edit is sent against the item as the user saw
it when the dialog opened (or the key was pressed), not as a live refresh left it. On conflict
nothing is written and the user sees theirs next to yours, then re-applies or keeps theirs.

Pins issue 10, "Why": *Silent overwrite from an open dialog* (tr1 opens ``c``, tr2 saves notes,
the refresh lands, tr1 saves: refused, both shown; the same for ``s`` and every other dialog).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Static

from tests.tui.conftest import RELEASE, make_app, select, settle, stored, wait_until
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus, TaskStatus
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.confirm_screen import ConfirmScreen
from tracker.tui.screens.conflict_screen import ConflictScreen
from tracker.tui.screens.notes_screen import NotesScreen
from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen
from tracker.tui.screens.release_screen import ReleaseScreen

KEY = "uc-data-lineage"


def release_screen(app: TrackerApp) -> ReleaseScreen:
    screen = app.release_screen
    assert screen is not None
    return screen


def shown(app: TrackerApp, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


def cli(db_url: str, actor: str, *argv: str) -> None:
    """Someone else at a terminal: the real CLI in its own process."""
    env = {**os.environ, "TRACKER_DB": db_url, "TRACKER_USER": actor}
    subprocess.run([sys.executable, "-m", "tracker", *argv], env=env, check=True, timeout=60)


async def test_notes_two_apps_open_dialog_refused_after_the_refresh(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    """tr1 opens ``c`` and types; tr2 saves notes; tr1's refresh lands; tr1 saves: refused."""
    tr1 = make_app(seeded, clock, tmp_path, poll_interval=0.2)
    tr2 = make_app(other, clock, tmp_path, poll_interval=0.2)
    async with tr1.run_test(size=(160, 48)) as p1, tr2.run_test(size=(160, 48)) as p2:
        await select(p1, KEY)
        await select(p2, KEY)
        await p1.press("c", *"ana's careful notes")
        await p2.press("c", *"bo was here", "ctrl+s")
        await wait_until(p2, lambda: stored(seeded, KEY).notes == "bo was here")
        # tr1's live refresh has taken bo's notes in while its dialog stayed open
        await wait_until(p1, lambda: release_screen(tr1).items[KEY].notes == "bo was here")
        assert isinstance(tr1.screen, NotesScreen)
        await p1.press("ctrl+s")
        await wait_until(p1, lambda: isinstance(tr1.screen, ConflictScreen))
        assert stored(seeded, KEY).notes == "bo was here"  # nothing written
        assert "bo was here" in shown(tr1, "#conflict-theirs")
        assert "ana's careful notes" in shown(tr1, "#conflict-mine")
        assert "bo" in str(tr1.screen.query_one("#conflict-who").render())
        await p1.press("r")  # re-apply mine, now against bo's version
        await wait_until(p1, lambda: stored(seeded, KEY).notes == "ana's careful notes")


async def test_notes_conflict_edit_mine_keeps_the_draft(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path, poll_interval=0.2)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, KEY)
        await pilot.press("c", *"my draft")
        other.items.set_notes(RELEASE, KEY, "theirs")
        await wait_until(pilot, lambda: release_screen(app).items[KEY].notes == "theirs")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, NotesScreen))
        assert app.screen.query_one("TextArea").text == "my draft"  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert stored(other, KEY).notes == "theirs"


async def test_status_dialog_against_a_cli_writer_shows_who_and_when(
    seeded: TrackerService, sqlite_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    """ana's open ``s`` dialog must not replace carla's *blocked* (set from the CLI)."""
    app = make_app(seeded, clock, tmp_path, poll_interval=0.2)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, KEY)
        await pilot.press("s")
        cli(sqlite_url, "carla", "item", "set", RELEASE, KEY, "--status", "blocked")
        await wait_until(
            pilot, lambda: release_screen(app).items[KEY].status is ItemStatus.BLOCKED, 10
        )
        await pilot.press("p")  # in progress, chosen in the dialog opened before
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert stored(seeded, KEY).status is ItemStatus.BLOCKED
        who = str(app.screen.query_one("#conflict-who").render())
        assert "carla" in who and "blocked" in who and "ago" in who
        assert "in progress" in shown(app, "#conflict-mine")
        await pilot.press("escape")  # keep theirs
        await settle(pilot)
        assert stored(seeded, KEY).status is ItemStatus.BLOCKED
        assert release_screen(app).items[KEY].status is ItemStatus.BLOCKED


async def _open_na(pilot: Pilot[Any]) -> None:
    await pilot.press("n")


async def _finish_na(pilot: Pilot[Any]) -> None:
    pilot.app.screen.query_one(RadioSet).focus()
    await pilot.press("right", "enter")
    pilot.app.screen.query_one("#na-note", Input).value = "not this release"
    await pilot.click("#save")


async def _finish_owner(pilot: Pilot[Any]) -> None:
    await pilot.press(*"bo", "enter")


async def _finish_due(pilot: Pilot[Any]) -> None:
    await pilot.press(*"2026-12-24", "enter")


async def _finish_evidence(pilot: Pilot[Any]) -> None:
    await pilot.press(*"https://example.com/x", "enter")


def _press(key: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def press(pilot: Pilot[Any]) -> None:
        await pilot.press(key)

    return press


DIALOGS = [
    pytest.param(_open_na, _finish_na, lambda i: i.status is ItemStatus.NA, id="na"),
    pytest.param(_press("o"), _finish_owner, lambda i: i.owner == "bo", id="owner"),
    pytest.param(_press("d"), _finish_due, lambda i: i.due_date == date(2026, 12, 24), id="due"),
    pytest.param(_press("e"), _finish_evidence, lambda i: bool(i.evidence), id="evidence"),
]


@pytest.mark.parametrize(("open_dialog", "finish", "mine_stored"), DIALOGS)
async def test_every_item_dialog_is_compare_and_set(
    seeded: TrackerService,
    other: TrackerService,
    clock: FixedClock,
    tmp_path: Path,
    open_dialog: Callable[[Pilot[Any]], Awaitable[None]],
    finish: Callable[[Pilot[Any]], Awaitable[None]],
    mine_stored: Callable[[Any], bool],
) -> None:
    app = make_app(seeded, clock, tmp_path, poll_interval=0.2)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, KEY)
        await open_dialog(pilot)
        other.items.set_status(RELEASE, KEY, ItemStatus.BLOCKED)
        await wait_until(pilot, lambda: release_screen(app).items[KEY].status is ItemStatus.BLOCKED)
        await finish(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert not mine_stored(stored(other, KEY))  # nothing written
        assert stored(other, KEY).status is ItemStatus.BLOCKED
        await pilot.press("r")  # re-apply over the value now shown
        await wait_until(pilot, lambda: mine_stored(stored(other, KEY)))


async def test_space_tick_is_refused_then_shows_theirs(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path, poll_interval=60)  # the app has not seen it yet
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, KEY)
        other.items.set_status(RELEASE, KEY, ItemStatus.BLOCKED)
        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert stored(other, KEY).status is ItemStatus.BLOCKED
        assert release_screen(app).items[KEY].status is ItemStatus.BLOCKED  # theirs shown
        await pilot.press("escape")


async def test_bulk_assign_refuses_when_an_item_changed_since_the_dialog_opened(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path, poll_interval=0.2)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "network-security")
        await pilot.press("b")
        other.items.assign_owner(RELEASE, "network-vnet-injection", "ana")
        await wait_until(
            pilot, lambda: release_screen(app).items["network-vnet-injection"].owner == "ana"
        )
        await pilot.press(*"bo", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one("#question", Static).render())
        assert "1 of 6 items changed since" in question and "network-vnet-injection" in question
        assert stored(other, "network-vnet-injection").owner == "ana"
        assert all(  # nothing written
            i.owner != "bo"
            for i in other.releases.release_view(RELEASE).items
            if i.group_key == "network-security"
        )


async def test_task_notes_dialog_is_compare_and_set(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    seeded.schedule.golive(RELEASE, clock.today() - timedelta(days=3), force=True, reason="test")
    app = make_app(seeded, clock, tmp_path, poll_interval=0.2)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, PostDeploymentScreen)
        await wait_until(pilot, lambda: screen.loaded)
        await settle(pilot)
        occ = screen.timeline.cursor_occurrence()
        assert occ is not None
        await pilot.press("c", *"mine")
        other.occurrences.update_occurrence(RELEASE, str(occ.id), status=TaskStatus.DONE)
        await wait_until(pilot, lambda: screen.occurrences[occ.id].status is TaskStatus.DONE)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert other.occurrences.occurrence(RELEASE, str(occ.id)).notes is None
        await pilot.press("r")
        await wait_until(
            pilot, lambda: other.occurrences.occurrence(RELEASE, str(occ.id)).notes == "mine"
        )
