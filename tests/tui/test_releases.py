"""First run, the release list: switch, create, archive."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import DataTable, Input, Select

from tests.tui.conftest import RELEASE, make_app, settle, wait_until
from tracker.domain.clock import FixedClock
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.confirm_screen import ConfirmScreen
from tracker.tui.screens.first_run_screen import FirstRunScreen
from tracker.tui.screens.new_release_screen import NewReleaseScreen
from tracker.tui.screens.release_list_screen import ReleaseListScreen
from tracker.tui.screens.release_screen import ReleaseScreen

if TYPE_CHECKING:
    from tracker.domain.template import Template


async def test_first_run_creates_a_release_from_a_template(
    service: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(service, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        await wait_until(pilot, lambda: bool(app.screen.query("#var-catalog")))
        select = app.screen.query_one("#template", Select)
        assert select.value == "databricks-ml-production"
        assert app.screen.query_one("#var-catalog", Input)  # the template's variables
        await pilot.click("#create")
        assert "release name" in str(app.screen.query_one("#form-error").render())
        app.screen.query_one("#release-name", Input).value = "Fraud v2"
        app.screen.query_one("#target-date", Input).value = "2027-02-01"
        app.screen.query_one("#var-catalog", Input).value = "prod_fraud"
        app.screen.query_one("#release-name", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))
        screen = app.screen
        assert isinstance(screen, ReleaseScreen) and screen.release.name == "Fraud v2"
        release = other.releases.get_release("Fraud v2")
        assert release.target_date == date(2027, 2, 1) and release.environment == "prod"
        assert release.variables["catalog"] == "prod_fraud"
        assert release.variables["required_aliases"] == "champion,challenger"  # a default


async def test_switch_to_another_release(
    seeded: TrackerService, template: Template, clock: FixedClock, tmp_path: Path
) -> None:
    seeded.releases.create_release("Fraud v2", template, environment="staging")
    app = make_app(seeded, clock, tmp_path, release=RELEASE)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen) and app.screen.release.name == RELEASE
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReleaseListScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        names = [r.name for r in app.screen.releases]
        table.move_cursor(row=names.index("Fraud v2"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
        assert app.screen.release.name == "Fraud v2"
        assert "Fraud v2" in str(app.screen.query_one("#release-header").render())


async def test_create_a_release_from_the_list(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewReleaseScreen)
        await wait_until(pilot, lambda: bool(app.screen.query("#var-catalog")))
        app.screen.query_one("#release-name", Input).value = RELEASE  # taken
        await pilot.click("#create")
        await settle(pilot)
        assert isinstance(app.screen, NewReleaseScreen)  # refused, dialog still open
        assert any("already exists" in str(n.message) for n in app._notifications)
        app.screen.query_one("#release-name", Input).value = "Churn Q1"
        await pilot.click("#create")
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))
        assert isinstance(app.screen, ReleaseScreen) and app.screen.release.name == "Churn Q1"
        assert "Churn Q1" in other.releases.release_names()


async def test_archive_the_open_release(
    seeded: TrackerService,
    template: Template,
    other: TrackerService,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    seeded.releases.create_release("Fraud v2", template)
    app = make_app(seeded, clock, tmp_path, release=RELEASE)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await settle(pilot)
        await settle(pilot)
        assert other.releases.get_release(RELEASE).archived
        assert isinstance(app.screen, ReleaseScreen) and app.screen.release.name == "Fraud v2"


async def test_archive_and_restore_from_the_list(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await settle(pilot)
        assert other.releases.get_release(RELEASE).archived
        screen = app.screen
        assert isinstance(screen, ReleaseListScreen)
        assert screen.releases == []
        await pilot.press("h")  # show archived
        await settle(pilot)
        assert [r.name for r in screen.releases] == [RELEASE]
        await pilot.press("a")  # restore
        await settle(pilot)
        await settle(pilot)
        assert not other.releases.get_release(RELEASE).archived
