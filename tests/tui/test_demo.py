"""``tracker demo``'s app: labelled DEMO everywhere, verification against the built-in fake
workspace's demo scenario, and nothing kept between runs (no start-up snapshot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import RELEASE, make_app, settle, wait_until
from tests.tui.workspace import (  # noqa: F401 (fixtures)
    StartWorkspace,
    databricks_env_fixture,
    wire_variables,
    workspace_fixture,
)
from tracker.domain.clock import FixedClock
from tracker.domain.enums import CheckOutcome
from tracker.domain.template import Template
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.screens.summary_screen import SummaryScreen


@pytest.fixture
def demo_app(
    seeded: TrackerService, template: Template, clock: FixedClock, tmp_path: Path
) -> TrackerApp:
    wire_variables(seeded, template)
    return make_app(seeded, clock, tmp_path, demo=True)


async def test_the_demo_is_labelled_everywhere(demo_app: TrackerApp) -> None:
    async with demo_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "DEMO" in demo_app.title and demo_app.sub_title
        screen = demo_app.screen
        assert isinstance(screen, ReleaseScreen)
        assert str(screen.query_one("#release-header").render()).startswith(" DEMO ")
        assert any(n.title == "DEMO" for n in demo_app._notifications)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(demo_app.screen, SummaryScreen)
        assert "DEMO" in str(demo_app.screen.query_one("#summary-title").render())
        await pilot.press("escape", "p")
        await settle(pilot)
        assert isinstance(demo_app.screen, PostDeploymentScreen)
        assert "DEMO" in str(demo_app.screen.query_one("#tasks-title").render())


async def test_verify_the_release_in_the_demo(
    demo_app: TrackerApp, other: TrackerService, workspace: StartWorkspace
) -> None:
    workspace("demo")
    async with demo_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, ReleaseScreen)
        await pilot.press("V")
        await wait_until(pilot, lambda: not screen.verifying, timeout=25)
        await settle(pilot)
        outcomes = {
            i.latest_check.outcome
            for i in other.releases.release_view(RELEASE).active_items
            if i.latest_check is not None
        }
        # The demo workspace shows every kind of result.
        assert outcomes == set(CheckOutcome)


def test_run_in_demo_mode_keeps_no_snapshot(
    seeded: TrackerService, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.tui import launcher, snapshot

    seen: dict[str, Any] = {}

    def fake_run(self: TrackerApp) -> None:
        seen["demo"] = self.ctx.demo
        seen["title"] = self.title

    monkeypatch.setattr(TrackerApp, "run", fake_run)
    launcher.run(db_url=sqlite_url, actor="ana", release=RELEASE, demo=True)
    assert seen == {"demo": True, "title": "tracker — DEMO workspace"}
    assert not snapshot.snapshot_path(sqlite_url).exists()
