"""The post-deployment view: go-live refused then forced with a reason, the task keys (done,
skip with a reason, owner, notes, evidence) stored, overdue tasks highlighted with a frozen
clock, the release list's overdue badge, and the retrospective export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.tui.conftest import RELEASE, make_app, quiet, settle, wait_until
from tracker.domain.clock import FixedClock
from tracker.domain.enums import TaskStatus
from tracker.domain.models import TaskOccurrence
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.labels import Palette
from tracker.tui.screens.evidence_screen import EvidenceScreen
from tracker.tui.screens.export_screen import ExportScreen
from tracker.tui.screens.golive_screen import GoLiveScreen
from tracker.tui.screens.notes_screen import NotesScreen
from tracker.tui.screens.owner_screen import OwnerScreen
from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen
from tracker.tui.screens.release_list_screen import ReleaseListScreen
from tracker.tui.screens.skip_screen import SkipScreen

LIVE_DAYS_AGO = 10


@pytest.fixture
def live(seeded: TrackerService, clock: FixedClock) -> TrackerService:
    """Went live ten days ago past the open blocking items: week 1 is overdue."""
    seeded.schedule.golive(
        RELEASE,
        clock.today() - timedelta(days=LIVE_DAYS_AGO),
        force=True,
        reason="approved by the steering group",
    )
    return seeded


async def open_view(pilot: Pilot[Any]) -> PostDeploymentScreen:
    await settle(pilot)
    await pilot.press("p")
    screen = pilot.app.screen
    assert isinstance(screen, PostDeploymentScreen)
    await wait_until(pilot, lambda: screen.loaded)
    await settle(pilot)
    return screen


def task_line(screen: PostDeploymentScreen, occ_id: int) -> str:
    return str(screen.timeline._task_nodes[occ_id].label)


def stored_occurrence(svc: TrackerService, occ_id: int) -> TaskOccurrence:
    return svc.occurrences.occurrence(RELEASE, str(occ_id))


async def test_go_live_is_refused_then_forced_with_a_reason(
    app: TrackerApp, other: TrackerService, clock: FixedClock
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_view(pilot)
        not_live = str(screen.query_one("#tasks-not-live").render())
        assert "Not live yet" in not_live and "blocking items are still open" in not_live
        await pilot.press("L")
        dialog = app.screen
        assert isinstance(dialog, GoLiveScreen)
        await pilot.press("enter")  # no reason given
        await settle(pilot)
        assert app.screen is dialog
        assert "Not live" in str(dialog.query_one("#dialog-error").render())
        assert other.releases.get_release(RELEASE).golive_date is None
        dialog.query_one("#golive-reason", Input).focus()
        await pilot.press(*"pilot go", "enter")
        await wait_until(pilot, lambda: other.releases.get_release(RELEASE).golive_date is not None)
        await settle(pilot)
        release = other.releases.get_release(RELEASE)
        assert release.golive_date == clock.today()
        assert release.golive_forced_reason == "pilot go"
        assert len(other.occurrences.occurrences(RELEASE)) > 20
        assert app.screen is screen  # type: ignore[comparison-overlap]
        await wait_until(pilot, lambda: bool(screen.timeline._task_nodes))
        assert "forced" in str(screen.query_one("#tasks-title").render())
        assert {"week-1-validation", "monthly-review"} <= set(screen.timeline._branch_nodes)


async def test_go_live_from_the_checklist_opens_the_view_when_nothing_blocks(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    from tracker.domain.enums import ItemStatus
    from tracker.domain.progress import open_blocking

    for item in open_blocking(seeded.releases.release_view(RELEASE).active_items):
        seeded.items.set_status(RELEASE, item.key, ItemStatus.DONE)
    for role in ("ml-lead", "platform", "security"):  # go-live also needs fresh sign-offs
        seeded.signoffs.sign_off(RELEASE, role)
    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        dialog = app.screen
        assert isinstance(dialog, GoLiveScreen)
        assert not dialog.query("#golive-reason")  # nothing to force
        dialog.query_one("#golive-date", Input).value = "-2"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PostDeploymentScreen))
        release = other.releases.get_release(RELEASE)
        assert release.golive_date == clock.today() - timedelta(days=2)
        assert release.golive_forced_reason is None


async def test_task_keys_store_done_skip_owner_notes_evidence(
    live: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(live, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_view(pilot)
        first = screen.timeline.cursor_occurrence()
        assert first is not None and first.status is TaskStatus.TODO  # starts on what is due
        await pilot.press("space")
        await wait_until(
            pilot, lambda: stored_occurrence(other, first.id).status is TaskStatus.DONE
        )
        await settle(pilot)
        assert task_line(screen, first.id).startswith("✓")
        assert stored_occurrence(other, first.id).completed_by == "ana"

        await pilot.press("down")
        second = screen.timeline.cursor_occurrence()
        assert second is not None and second.id != first.id
        await pilot.press("k")
        assert isinstance(app.screen, SkipScreen)
        await pilot.press("enter")  # a reason is required
        assert isinstance(app.screen, SkipScreen)
        await pilot.press(*"covered by the dashboard", "enter")
        await wait_until(
            pilot, lambda: stored_occurrence(other, second.id).status is TaskStatus.SKIPPED
        )
        assert stored_occurrence(other, second.id).skip_reason == "covered by the dashboard"
        await settle(pilot)
        assert task_line(screen, second.id).startswith("↷")

        await pilot.press("o")
        assert isinstance(app.screen, OwnerScreen)
        await pilot.press(*"bo", "enter")
        await wait_until(pilot, lambda: stored_occurrence(other, second.id).owner == "bo")

        await pilot.press("c")
        assert isinstance(app.screen, NotesScreen)
        app.screen.query_one(TextArea).text = "Dashboard link in the runbook."
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: stored_occurrence(other, second.id).notes == "Dashboard link in the runbook.",
        )

        await pilot.press("e")
        assert isinstance(app.screen, EvidenceScreen)
        await pilot.press(*"https://example.com/dash", "enter")
        await wait_until(pilot, lambda: len(stored_occurrence(other, second.id).evidence) == 1)
        await settle(pilot)
        shown = str(screen.detail.query_one("#task-detail-body").render())
        assert "covered by the dashboard" in shown and "@bo" in shown
        assert "Dashboard link in the runbook." in shown and "example.com/dash" in shown

        await pilot.press("k")  # a skipped task: k reopens it
        await wait_until(
            pilot, lambda: stored_occurrence(other, second.id).status is TaskStatus.TODO
        )


async def test_overdue_tasks_are_highlighted(
    live: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(live, clock, tmp_path)
    today = clock.today()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_view(pilot)
        overdue = [
            o
            for o in screen.occurrences.values()
            if o.due_date < today and o.status is TaskStatus.TODO
        ]
        assert overdue
        error = Palette.from_theme(app.get_css_variables()).error
        for occ in overdue:
            label = screen.timeline._task_nodes[occ.id].label
            assert isinstance(label, Text)
            assert label.plain.startswith("○!")
            assert f"{(today - occ.due_date).days} d overdue" in label.plain
            assert any(error in str(span.style) for span in label.spans)
        later = next(o for o in screen.occurrences.values() if o.due_date > today)
        assert "overdue" not in task_line(screen, later.id)
        assert f"{len(overdue)} overdue" in str(screen.query_one("#tasks-title").render())
        assert "overdue" in str(screen.timeline._branch_nodes["week-1-validation"].label)


async def test_release_list_shows_an_overdue_badge(
    live: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(live, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReleaseListScreen)
        await wait_until(pilot, lambda: bool(screen.releases))
        summary = screen.releases[0]
        assert summary.overdue_tasks > 0
        table = screen.query_one("#releases")
        cell = table.get_cell(RELEASE, "tasks")  # type: ignore[attr-defined]
        assert f"{summary.overdue_tasks} overdue" in str(cell)


async def test_retrospective_export_writes_the_file(
    live: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(live, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_view(pilot)
        await pilot.press("R")
        assert isinstance(app.screen, ExportScreen)
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value.endswith("churn-q4-retro.md")
        await pilot.press("enter")
        target = tmp_path / "churn-q4-retro.md"
        await wait_until(pilot, target.exists)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# Retrospective: Churn Q4")
        assert "## Post-deployment" in text and "approved by the steering group" in text


def test_post_deployment_snapshot(
    snap_compare: Any, live: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    occs = live.occurrences.occurrences(RELEASE)
    live.occurrences.update_occurrence(RELEASE, str(occs[0].id), status=TaskStatus.DONE)
    live.occurrences.update_occurrence(
        RELEASE, str(occs[1].id), status=TaskStatus.SKIPPED, skip_reason="public holiday"
    )
    live.occurrences.update_occurrence(
        RELEASE, str(occs[2].id), owner="bo", notes="Watching the dashboard."
    )
    app = make_app(live, clock, tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_view(pilot)
        await quiet(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)
