"""Issue 10, item 1: two apps on one database plus a CLI writer, through every dialog.

ana (app tr1) starts an edit: opens a dialog, or presses a key on what her app shows.
Meanwhile someone else changes the same thing: bo in his own app, through the same dialog, or
carla with the real CLI in its own process. ana then finishes: nothing of hers is written, and
the conflict dialog shows theirs next to hers and who changed it; keeping theirs leaves theirs
stored. Item dialogs (status, N/A, owner, due, notes, evidence), the group's bulk assign, and
the post-deployment task actions (done, skip, owner, evidence, notes).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Static

from tests.tui.conftest import RELEASE, make_app, select, settle, stored, wait_until
from tests.tui.test_conflicts import cli, release_screen, shown
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus, NaReason, TaskStatus
from tracker.domain.models import TaskOccurrence
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.confirm_screen import ConfirmScreen
from tracker.tui.screens.conflict_screen import ConflictScreen
from tracker.tui.screens.dialog import Dialog
from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen

KEY = "uc-data-lineage"
SIZE = (160, 48)
Step = Callable[[Pilot[Any]], Awaitable[None]]
WRITERS = ["bo-app", "carla-cli"]


def press(*keys: str) -> Step:
    """Keys one press at a time (a key may open the dialog the next ones are for)."""

    async def run(pilot: Pilot[Any]) -> None:
        for key in keys:
            await pilot.press(key)

    return run


def type_in(key: str, text: str, *then: str) -> Step:
    """``key`` opens a dialog; ``text`` is typed in it; then ``then``."""
    return press(key, *text, *then)


def na(moves: int, note: str, *, open_it: bool) -> Step:
    """The N/A dialog: the reason ``moves`` to the right of the first, a sentence, save."""

    async def run(pilot: Pilot[Any]) -> None:
        if open_it:
            await pilot.press("n")
        await wait_until(pilot, lambda: bool(pilot.app.screen.query(RadioSet)))
        pilot.app.screen.query_one(RadioSet).focus()
        await pilot.press(*(["right"] * moves), "enter")
        pilot.app.screen.query_one("#na-note", Input).value = note
        await settle(pilot)
        await pilot.click("#save")

    return run


@dataclass(frozen=True)
class Case:
    start: Step
    """ana opens the dialog (and types, for notes)."""
    finish: Step
    """ana completes her change."""
    cli: tuple[str, ...]
    """carla's command line (after ``tracker``)."""
    bo: Step
    """bo's change in his own app, the cursor already on the item or task."""
    is_theirs: Callable[[Any], bool]
    theirs: str
    mine: str


NA_BY_CLI: tuple[str, ...] = ("item", "set", RELEASE, KEY, "--status", "na")
NA_BY_CLI += ("--na-reason", "out_of_scope", "--na-note", "batch only")

ITEM_CASES = {
    "status": Case(
        press("s"),
        press("p"),
        ("item", "set", RELEASE, KEY, "--status", "blocked"),
        press("s", "b"),
        lambda i: i.status is ItemStatus.BLOCKED,
        "blocked",
        "in progress",
    ),
    "na": Case(
        press("n"),
        na(1, "not this release", open_it=False),
        NA_BY_CLI,
        na(0, "batch only", open_it=True),
        lambda i: i.status is ItemStatus.NA and i.na_reason is NaReason.OUT_OF_SCOPE,
        "N/A (out_of_scope: batch only)",
        "N/A (business_priorities: not this release)",
    ),
    "owner": Case(
        press("o"),
        press(*"bo", "enter"),
        ("item", "set", RELEASE, KEY, "--owner", "ana"),
        type_in("o", "ana", "enter"),
        lambda i: i.owner == "ana",
        "@ana",
        "@bo",
    ),
    "due": Case(
        press("d"),
        press(*"2026-12-24", "enter"),
        ("item", "set", RELEASE, KEY, "--due", "2026-12-01"),
        type_in("d", "2026-12-01", "enter"),
        lambda i: i.due_date == date(2026, 12, 1),
        "2026-12-01",
        "2026-12-24",
    ),
    "notes": Case(
        type_in("c", "ana's careful notes"),
        press("ctrl+s"),
        ("item", "set", RELEASE, KEY, "--note", "bo was here"),
        type_in("c", "bo was here", "ctrl+s"),
        lambda i: i.notes == "bo was here",
        "bo was here",
        "ana's careful notes",
    ),
    "evidence": Case(
        press("e"),
        press(*"https://example.com/mine", "enter"),
        ("item", "set", RELEASE, KEY, "--evidence", "https://example.com/theirs"),
        type_in("e", "https://example.com/theirs", "enter"),
        lambda i: [e.url for e in i.evidence] == ["https://example.com/theirs"],
        "https://example.com/theirs",
        "https://example.com/mine",
    ),
}


async def bo_changes_it(
    other: TrackerService,
    clock: FixedClock,
    tmp_path: Path,
    change: Step,
    done: Callable[[], bool],
    *,
    task: bool = False,
) -> None:
    """bo, in his own app on the same database: the same item (or the first task due)."""
    bo = make_app(other, clock, tmp_path)
    async with bo.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if task:
            await open_tasks(pilot)
        else:
            await select(pilot, KEY)
        await change(pilot)
        await wait_until(pilot, done)
        await settle(pilot)


async def someone_changes_it(
    writer: str,
    case: Case,
    other: TrackerService,
    sqlite_url: str,
    clock: FixedClock,
    tmp_path: Path,
    done: Callable[[], bool],
    *,
    task: bool = False,
) -> str:
    """The change by ``writer``; returns who made it."""
    if writer == "carla-cli":
        cli(sqlite_url, "carla", *case.cli)
        assert done()
        return "carla"
    await bo_changes_it(other, clock, tmp_path, case.bo, done, task=task)
    return "bo"


def assert_both_shown(app: TrackerApp, case: Case, who: str) -> None:
    assert case.theirs in shown(app, "#conflict-theirs")
    assert case.mine in shown(app, "#conflict-mine")
    assert who in str(app.screen.query_one("#conflict-who", Static).render())


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("dialog", list(ITEM_CASES))
async def test_item_dialog_conflict(
    seeded: TrackerService,
    other: TrackerService,
    sqlite_url: str,
    clock: FixedClock,
    tmp_path: Path,
    dialog: str,
    writer: str,
) -> None:
    case = ITEM_CASES[dialog]
    ana = make_app(seeded, clock, tmp_path, poll_interval=0.2)
    async with ana.run_test(size=SIZE) as pilot:
        await select(pilot, KEY)
        await case.start(pilot)
        await wait_until(pilot, lambda: isinstance(ana.screen, Dialog))
        dialog_screen = ana.screen

        def theirs_stored() -> bool:
            return case.is_theirs(stored(other, KEY))

        who = await someone_changes_it(
            writer, case, other, sqlite_url, clock, tmp_path, theirs_stored
        )
        # ana's live refresh takes theirs in; her dialog stays open, untouched
        await wait_until(pilot, lambda: case.is_theirs(release_screen(ana).items[KEY]), 10)
        assert ana.screen is dialog_screen
        await case.finish(pilot)
        await wait_until(pilot, lambda: isinstance(ana.screen, ConflictScreen))
        assert theirs_stored()  # nothing of ana's written
        assert_both_shown(ana, case, who)
        await pilot.press("escape")  # keep theirs
        await settle(pilot)
        assert theirs_stored()
        assert case.is_theirs(release_screen(ana).items[KEY])


@pytest.mark.parametrize("writer", WRITERS)
async def test_bulk_assign_conflict(
    seeded: TrackerService,
    other: TrackerService,
    sqlite_url: str,
    clock: FixedClock,
    tmp_path: Path,
    writer: str,
) -> None:
    member = "network-vnet-injection"
    ana = make_app(seeded, clock, tmp_path, poll_interval=0.2)
    async with ana.run_test(size=SIZE) as pilot:
        await select(pilot, "network-security")
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(ana.screen, Dialog))
        if writer == "carla-cli":
            cli(sqlite_url, "carla", "item", "set", RELEASE, member, "--owner", "ana")
        else:
            bo = make_app(other, clock, tmp_path)
            async with bo.run_test(size=SIZE) as p2:
                await select(p2, member)
                await type_in("o", "ana", "enter")(p2)
                await wait_until(p2, lambda: stored(other, member).owner == "ana")
                await settle(p2)
        await wait_until(pilot, lambda: release_screen(ana).items[member].owner == "ana", 10)
        await pilot.press(*"bo", "enter")
        await wait_until(pilot, lambda: isinstance(ana.screen, ConfirmScreen))
        question = str(ana.screen.query_one("#question", Static).render())
        assert "1 of 6 items changed since" in question and member in question
        assert stored(other, member).owner == "ana"
        assert all(  # nothing written
            i.owner != "bo"
            for i in other.releases.release_view(RELEASE).items
            if i.group_key == "network-security"
        )


# --- the post-deployment view's task actions ---


async def open_tasks(pilot: Pilot[Any]) -> PostDeploymentScreen:
    await settle(pilot)
    await pilot.press("p")
    screen = pilot.app.screen
    assert isinstance(screen, PostDeploymentScreen)
    await wait_until(pilot, lambda: screen.loaded)
    await settle(pilot)
    return screen


def first_due(svc: TrackerService) -> TaskOccurrence:
    """The task both apps' cursors start on: the earliest open one."""
    return svc.occurrences.occurrence(RELEASE, "verify-feature-freshness")


def task_case(name: str, occ_id: int) -> Case:
    task = ("task", "set", RELEASE, str(occ_id))
    cases = {
        # no dialog: the key acts on the task as shown when pressed (ana's view is stale)
        "done": Case(
            press(),
            press("space"),
            (*task, "--status", "skipped", "--reason", "holiday"),
            type_in("k", "holiday", "enter"),
            lambda o: o.status is TaskStatus.SKIPPED,
            "skipped",
            "done",
        ),
        "skip": Case(
            type_in("k", "covered by the dashboard"),
            press("enter"),
            (*task, "--status", "done"),
            press("space"),
            lambda o: o.status is TaskStatus.DONE,
            "done",
            "skipped (covered by the dashboard)",
        ),
        "owner": Case(
            press("o"),
            press(*"bo", "enter"),
            (*task, "--owner", "ana"),
            type_in("o", "ana", "enter"),
            lambda o: o.owner == "ana",
            "@ana",
            "@bo",
        ),
        "evidence": Case(
            press("e"),
            press(*"https://example.com/mine", "enter"),
            (*task, "--evidence", "https://example.com/theirs"),
            type_in("e", "https://example.com/theirs", "enter"),
            lambda o: [e.url for e in o.evidence] == ["https://example.com/theirs"],
            "https://example.com/theirs",
            "https://example.com/mine",
        ),
        "notes": Case(
            type_in("c", "ana's notes"),
            press("ctrl+s"),
            (*task, "--note", "bo's notes"),
            type_in("c", "bo's notes", "ctrl+s"),
            lambda o: o.notes == "bo's notes",
            "bo's notes",
            "ana's notes",
        ),
    }
    return cases[name]


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("action", ["done", "skip", "owner", "evidence", "notes"])
async def test_task_action_conflict(
    seeded: TrackerService,
    other: TrackerService,
    sqlite_url: str,
    clock: FixedClock,
    tmp_path: Path,
    action: str,
    writer: str,
) -> None:
    seeded.schedule.golive(RELEASE, clock.today() - timedelta(days=3), force=True, reason="t")
    occ = first_due(other)
    case = task_case(action, occ.id)
    # ``done`` has no dialog: ana's app must not have refreshed before the key
    poll = 60 if action == "done" else 0.2
    ana = make_app(seeded, clock, tmp_path, poll_interval=poll)
    async with ana.run_test(size=SIZE) as pilot:
        screen = await open_tasks(pilot)
        cursor = screen.timeline.cursor_occurrence()
        assert cursor is not None and cursor.id == occ.id
        await case.start(pilot)
        if action != "done":
            await wait_until(pilot, lambda: isinstance(ana.screen, Dialog))
        dialog_screen = ana.screen

        def theirs_stored() -> bool:
            return case.is_theirs(other.occurrences.occurrence(RELEASE, str(occ.id)))

        who = await someone_changes_it(
            writer, case, other, sqlite_url, clock, tmp_path, theirs_stored, task=True
        )
        if action != "done":
            await wait_until(pilot, lambda: case.is_theirs(screen.occurrences[occ.id]), 10)
        assert ana.screen is dialog_screen
        await case.finish(pilot)
        await wait_until(pilot, lambda: isinstance(ana.screen, ConflictScreen))
        assert theirs_stored()  # nothing of ana's written
        assert_both_shown(ana, case, who)
        await pilot.press("escape")  # keep theirs
        await settle(pilot)
        assert theirs_stored()
        await wait_until(pilot, lambda: case.is_theirs(screen.occurrences[occ.id]))
