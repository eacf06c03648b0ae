"""Issue 9, "Misconfiguration shows before and after a run": the release's configuration
warnings (empty list variables, a regex that does not compile...) are in the detail pane before
any verification runs, and a run starts by showing them; they follow a change of variables
made elsewhere."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.conftest import RELEASE, make_app, select, settle, wait_until
from tests.tui.workspace import (  # noqa: F401 (fixtures)
    StartWorkspace,
    databricks_env_fixture,
    wire_variables,
    workspace_fixture,
)
from tracker.domain.clock import FixedClock
from tracker.domain.template import Template
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen

EMPTY = "`endpoint_names` is empty"
BAD_REGEX = "`catalog_name_regex` is not a valid regular expression"


@pytest.fixture
def misconfigured(seeded: TrackerService, template: Template) -> TrackerService:
    wire_variables(seeded, template)
    seeded.release_changes.set_variables(
        RELEASE, {"endpoint_names": ",", "catalog_name_regex": "prod_("}
    )
    return seeded


def detail_check(app: TrackerApp) -> str:
    screen = app.screen
    assert isinstance(screen, ReleaseScreen)
    return str(screen.query_one("#detail-check").render())


async def test_warnings_are_in_the_detail_pane_before_any_run(
    misconfigured: TrackerService, clock: FixedClock, tmp_path: Any
) -> None:
    app = make_app(misconfigured, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        # the first category, where the cursor starts: every warning of the release
        await wait_until(pilot, lambda: EMPTY in detail_check(app))
        assert BAD_REGEX in detail_check(app) and "Configuration: 2" in detail_check(app)
        # an item: the warnings about the variables its check reads
        await select(pilot, "uc-production-catalog")
        await wait_until(pilot, lambda: BAD_REGEX in detail_check(app))
        assert EMPTY not in detail_check(app)
        await select(pilot, "serving-endpoint-created")
        await wait_until(pilot, lambda: EMPTY in detail_check(app))
        assert BAD_REGEX not in detail_check(app)
        await select(pilot, "uc-data-lineage")  # reads neither
        await settle(pilot)
        assert "Configuration" not in detail_check(app)


async def test_warnings_follow_a_change_of_variables_made_elsewhere(
    seeded: TrackerService,
    other: TrackerService,
    template: Template,
    clock: FixedClock,
    tmp_path: Any,
) -> None:
    wire_variables(seeded, template)
    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "Configuration" not in detail_check(app)
        other.release_changes.set_variables(
            RELEASE, {"endpoint_names": "[]"}
        )  # `tracker release set-var`
        await wait_until(pilot, lambda: EMPTY in detail_check(app))


async def test_a_run_starts_by_showing_the_warnings(
    misconfigured: TrackerService,
    clock: FixedClock,
    tmp_path: Any,
    workspace: StartWorkspace,
) -> None:
    workspace("compliant")
    app = make_app(misconfigured, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: EMPTY in detail_check(app))
        await select(pilot, "uc-production-catalog")
        await pilot.press("v")

        def titles() -> list[str]:
            return [n.title or "" for n in app._notifications]

        await wait_until(pilot, lambda: "Verifying with configuration warnings" in titles())
        first = next(
            n for n in app._notifications if n.title == "Verifying with configuration warnings"
        )
        assert BAD_REGEX in first.message and EMPTY in first.message
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        await wait_until(pilot, lambda: not screen.verifier.active, timeout=25)
        # the closing notice comes after it
        assert titles().index("Verifying with configuration warnings") < len(titles()) - 1
