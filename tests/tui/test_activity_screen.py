"""Issue 10, "No activity view": there was no release-wide "who changed what" in the TUI.

``l`` (and the palette's "activity: show") opens the release's activity: every change newest
first, read from the audit log in a worker (the guard fails the test on a UI-thread call), worded
as in the history (task occurrences named with their due date, evidence as ``Title <url>``, no
JSON), filtered by person and by day; changes made meanwhile by someone else arrive by
themselves; enter on an item's change jumps to the item in the checklist. At 160x48 and 80x24.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList, Select

from tests.tui.conftest import RELEASE, make_app, settle, wait_until
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus, TaskStatus
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.activity_screen import ActivityScreen
from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen
from tracker.tui.screens.release_screen import ReleaseScreen

SIZES = [(160, 48), (80, 24)]


async def open_activity(pilot: Pilot[Any]) -> ActivityScreen:
    await settle(pilot)
    await pilot.press("l")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ActivityScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ActivityScreen)
    await wait_until(pilot, lambda: screen.token is not None)
    await settle(pilot)
    return screen


def rows(screen: ActivityScreen) -> list[str]:
    options = screen.query_one("#activity-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def event_rows(screen: ActivityScreen) -> list[str]:
    options = screen.query_one("#activity-list", OptionList)
    return [
        str(o.prompt)
        for o in (options.get_option_at_index(i) for i in range(options.option_count))
        if o.id is not None
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_l_shows_who_changed_what_newest_first(
    app: TrackerApp, other: TrackerService, size: tuple[int, int]
) -> None:
    other.items.set_status(RELEASE, "uc-data-lineage", ItemStatus.IN_PROGRESS)
    async with app.run_test(size=size) as pilot:
        screen = await open_activity(pilot)
        shown = event_rows(screen)
        assert "bo  moved uc-data-lineage from todo to in_progress" in shown[0]
        assert "ana  edited the notes of uc-production-catalog" in shown[1]
        assert "created the release from databricks-ml-production" in shown[-1]
        assert rows(screen)[0].startswith("Thu 26 Nov 2026 · 12 changes")  # the day's heading
        evidence = next(r for r in shown if "attached evidence" in r)
        assert "Catalog page <https://example.com/catalog>" in evidence
        assert "{" not in "".join(shown)  # evidence is readable, not JSON
        title = str(screen.query_one("#activity-title").render())
        assert "12 changes by 2 people" in title
        # someone else's change arrives by itself (the screen follows the change token)
        other.items.assign_owner(RELEASE, "uc-data-lineage", "ana")
        await wait_until(pilot, lambda: "assigned uc-data-lineage to @ana" in event_rows(screen)[0])
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))
        assert app.ui_thread_guard.violations == []  # type: ignore[attr-defined]


async def test_filter_by_person_and_by_day(
    seeded: TrackerService, sqlite_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    # bo works two days later (his own clock): a second day in the log
    later = clock.advanced(timedelta(days=2))
    bo = TrackerService.open(sqlite_url, "bo", later)
    try:
        bo.items.set_status(RELEASE, "uc-data-lineage", ItemStatus.DONE)
        bo.items.set_notes(RELEASE, "uc-data-lineage", "lineage on")
    finally:
        bo.close()
    app = make_app(seeded, later, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_activity(pilot)
        headings = [r for r in rows(screen) if " · " in r and r[:3].isalpha()]
        assert headings == ["Sat 28 Nov 2026 · 2 changes", "Thu 26 Nov 2026 · 11 changes"]
        person = screen.query_one("#activity-person", Select)
        day = screen.query_one("#activity-day", Select)

        person.value = "ana"
        await settle(pilot)
        assert len(event_rows(screen)) == 11
        assert all("  ana  " in r for r in event_rows(screen))
        assert "showing 11 (ana)" in str(screen.query_one("#activity-title").render())

        day.value = "2026-11-28"  # ana did nothing that day
        await settle(pilot)
        assert event_rows(screen) == []
        assert "No changes match." in rows(screen)[0]

        person.clear()
        await settle(pilot)
        assert [r.split("  ", 2)[1] for r in event_rows(screen)] == ["bo", "bo"]
        assert "showing 2 (2026-11-28)" in str(screen.query_one("#activity-title").render())

        # the selects are usable from the keyboard: shift+tab to the day, enter, pick "every day"
        await pilot.press("shift+tab")
        assert day.has_focus
        await pilot.press("enter", "up", "enter")
        await settle(pilot)
        assert day.is_blank()
        assert len(event_rows(screen)) == 13


@pytest.mark.parametrize("size", SIZES)
async def test_enter_on_an_item_change_goes_to_the_item(
    app: TrackerApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        release = app.screen
        assert isinstance(release, ReleaseScreen)
        screen = await open_activity(pilot)
        shown = event_rows(screen)
        # the newest change is the notes of uc-production-catalog; the one below it is an N/A
        assert "uc-group-access-controls" in shown[1]
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))
        await wait_until(pilot, lambda: release.detail.item_key == "uc-group-access-controls")
        ref = release.checklist.cursor_ref
        assert ref is not None and ref.key == "uc-group-access-controls"

        # the release's own event has no item: enter says so and stays
        screen = await open_activity(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("l")  # again: back
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))


async def test_occurrence_changes_name_the_task_and_its_day(
    seeded: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    seeded.schedule.golive(RELEASE, clock.today() - timedelta(days=3), force=True, reason="go")
    occ = next(
        o
        for o in seeded.occurrences.occurrences(RELEASE)
        if o.task_key == "verify-feature-freshness"
        and o.due_date == clock.today() - timedelta(days=1)  # one day of a daily task
    )
    seeded.occurrences.update_occurrence(RELEASE, str(occ.id), status=TaskStatus.DONE)
    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_activity(pilot)
        newest = event_rows(screen)[0]
        assert f"marked verify-feature-freshness ({occ.due_date.isoformat()}) done" in newest
        await pilot.press("enter")  # the post-deployment view, on that day's occurrence
        await wait_until(pilot, lambda: isinstance(app.screen, PostDeploymentScreen))
        tasks = app.screen
        assert isinstance(tasks, PostDeploymentScreen)
        await wait_until(pilot, lambda: tasks.loaded)
        await settle(pilot)
        shown = tasks.timeline.cursor_occurrence()
        assert shown is not None and shown.id == occ.id
        first_open = min(
            (o for o in seeded.occurrences.occurrences(RELEASE) if o.status is TaskStatus.TODO),
            key=lambda o: o.due_date,
        )
        assert first_open.id != occ.id  # not where the view starts by itself


async def test_the_palette_opens_the_activity(app: TrackerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"activity: show")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        commands = palette.query_one("CommandList", OptionList)
        await wait_until(
            pilot,
            lambda: (
                commands.option_count > 0
                and "activity: show" in str(commands.get_option_at_index(0).prompt)
            ),
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ActivityScreen))


async def test_a_long_log_lists_the_newest_and_the_filters_reach_the_rest(
    app: TrackerApp, other: TrackerService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.tui.screens import activity_screen

    monkeypatch.setattr(activity_screen, "LISTED", 3)  # the UI thread lays out a bounded list
    other.items.set_status(RELEASE, "uc-data-lineage", ItemStatus.IN_PROGRESS)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_activity(pilot)
        # bo's change, then the newest of ana's: bo's is listed, the oldest are not
        assert len(event_rows(screen)) == 3
        assert "… 9 older changes: choose a person or a day to list them" in rows(screen)[-1]
        assert not any("created the release" in r for r in event_rows(screen))
        screen.query_one("#activity-person", Select).value = "bo"
        await settle(pilot)
        assert len(event_rows(screen)) == 1
        assert "older changes" not in rows(screen)[-1]
