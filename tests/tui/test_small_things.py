"""Issue 10's "small things": a validation error that stays after the field is fixed, ``u`` in
the post-deployment view doing nothing, a done task still offering ``[done]``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Label, RadioButton, RadioSet

from tests.tui.conftest import RELEASE, make_app, select, settle, stored, wait_until
from tests.tui.test_post_deployment import open_view, stored_occurrence
from tracker.domain.clock import FixedClock
from tracker.domain.enums import TaskStatus
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.due_date_screen import DueDateScreen
from tracker.tui.screens.first_run_screen import FirstRunScreen
from tracker.tui.screens.na_screen import NaScreen
from tracker.tui.task_labels import STATUS_ACTIONS


def error_shown(app: TrackerApp, selector: str = "#dialog-error") -> str:
    label = app.screen.query_one(selector, Label)
    return str(label.render()).strip() if label.display else ""


async def test_a_due_date_error_clears_once_the_date_is_fixed(
    app: TrackerApp, other: TrackerService
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await select(pilot, "uc-data-lineage")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DueDateScreen))
        await pilot.press(*"soon", "enter")
        await wait_until(pilot, lambda: "not a date: 'soon'" in error_shown(app))
        await pilot.press("backspace")  # still not a date: the message follows the value
        await wait_until(pilot, lambda: "not a date: 'soo'" in error_shown(app))
        field = app.screen.query_one("#due", Input)
        field.value = ""
        await pilot.press(*"2026-12-01")
        await wait_until(pilot, lambda: error_shown(app) == "")
        assert isinstance(app.screen, DueDateScreen)  # nothing saved until asked
        assert stored(other, "uc-data-lineage").due_date is None


async def test_an_na_error_about_the_reason_clears_once_one_is_picked(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await select(pilot, "uc-data-lineage")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NaScreen))
        await pilot.click("#save")
        await wait_until(pilot, lambda: error_shown(app) == "Pick a reason.")
        app.screen.query_one(RadioSet).query(RadioButton).first().value = True
        # the reason is fixed: its message goes (the missing sentence is told on the next save);
        # the RadioSet learns of the pressed button by a message, so wait for it before saving
        await wait_until(
            pilot,
            lambda: (
                error_shown(app) == "" and app.screen.query_one(RadioSet).pressed_button is not None
            ),
        )
        # Enter in the note saves too; a click here could land on the row the error label just
        # pushed the buttons from, before a loaded machine lays the dialog out again
        app.screen.query_one("#na-note", Input).focus()
        await wait_until(pilot, lambda: app.screen.focused is app.screen.query_one("#na-note"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: error_shown(app) == "Say why the item does not apply.")


async def test_the_new_release_form_error_clears_once_the_name_is_given(
    service: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(service, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, FirstRunScreen) and app.screen.accepts_keys
        )
        await pilot.click("#create")
        await wait_until(pilot, lambda: "release name" in error_shown(app, "#form-error"))
        await pilot.click("#release-name")
        await pilot.press(*"Fraud v2")
        await wait_until(pilot, lambda: error_shown(app, "#form-error") == "")


@pytest.fixture
def live(seeded: TrackerService, clock: FixedClock) -> TrackerService:
    seeded.schedule.golive(
        RELEASE, clock.today() - timedelta(days=10), force=True, reason="approved"
    )
    return seeded


async def test_u_in_the_post_deployment_view_says_what_to_do(
    live: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(live, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_view(pilot)
        first = screen.timeline.cursor_occurrence()
        assert first is not None
        await pilot.press("space")
        await wait_until(pilot, lambda: stored_occurrence(other, first.id).status.value == "done")
        await pilot.press("u")
        await wait_until(
            pilot,
            lambda: any("not undone" in (n.title or "") for n in app._notifications),
        )
        notice = next(n for n in app._notifications if "not undone" in (n.title or ""))
        assert "space reopens a done task" in notice.message
        await settle(pilot)
        assert stored_occurrence(other, first.id).status is TaskStatus.DONE


async def test_a_done_task_offers_reopen_not_done(
    live: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(live, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_view(pilot)
        first = screen.timeline.cursor_occurrence()
        assert first is not None
        await pilot.press("space")
        await wait_until(pilot, lambda: stored_occurrence(other, first.id).status.value == "done")

        def detail() -> str:
            return str(screen.detail.query_one("#task-detail-body").render())

        await wait_until(pilot, lambda: "[reopen]" in detail())
        assert "[done]" not in detail() and "[skip]" not in detail()
        await pilot.press("space")  # what [reopen] runs
        await wait_until(pilot, lambda: stored_occurrence(other, first.id).status.value == "todo")
        await wait_until(pilot, lambda: "[done]" in detail() and "[skip]" in detail())


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (TaskStatus.TODO, ["done", "skip"]),
        (TaskStatus.DONE, ["reopen"]),
        (TaskStatus.SKIPPED, ["done", "reopen"]),
    ],
)
def test_a_task_offers_only_what_changes_its_status(status: TaskStatus, offered: list[str]) -> None:
    assert [label for label, _ in STATUS_ACTIONS[status]] == offered
