"""Verification from the app: item (v), group (g), release (V) against the real fake workspace,
results stored (checked through a second service), badges and the detail pane, errors never
shown as a pass, keys that keep working during a slow run, the ML Test Score's automated points.
"""

from __future__ import annotations

import types
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import RELEASE, make_app, quiet, select, settle, wait_until
from tests.tui.workspace import (  # noqa: F401 (fixtures)
    StartWorkspace,
    databricks_env_fixture,
    wire_variables,
    workspace_fixture,
)
from tracker.domain.clock import FixedClock
from tracker.domain.enums import CheckOutcome, ItemStatus
from tracker.domain.template import Template
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.screens.summary_screen import SummaryScreen
from tracker.tui.widgets.verify_progress import VerifyProgress

RUN_TIMEOUT = 25.0
"""The first run in a worker process imports the SDK (~2 s); the rest are quick."""


@pytest.fixture
def wired(seeded: TrackerService, template: Template) -> TrackerService:
    wire_variables(seeded, template)
    return seeded


@pytest.fixture
def app(wired: TrackerService, clock: FixedClock, tmp_path: Any) -> TrackerApp:
    return make_app(wired, clock, tmp_path)


def release_screen(app: TrackerApp) -> ReleaseScreen:
    screen = app.screen
    assert isinstance(screen, ReleaseScreen)
    return screen


def line(app: TrackerApp, key: str) -> str:
    tree = release_screen(app).checklist
    node = tree._item_nodes.get(key) or tree._branch_nodes[key]
    return str(node.label)


def detail(app: TrackerApp, part: str = "check") -> str:
    return str(release_screen(app).query_one(f"#detail-{part}").render())


async def finished(pilot: Pilot[Any]) -> None:
    screen = release_screen(pilot.app)  # type: ignore[arg-type]
    await wait_until(pilot, lambda: not screen.verifying, timeout=RUN_TIMEOUT)
    await settle(pilot)


def notes(app: TrackerApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_verify_item_stores_the_result_and_shows_it(
    app: TrackerApp, other: TrackerService, workspace: StartWorkspace
) -> None:
    workspace("compliant")
    key = "uc-production-catalog"
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, key)
        assert "◌" in line(app, key)  # has a check, never run
        await pilot.press("v")
        await finished(pilot)
        item = other.items.item(RELEASE, key)
        assert item.latest_check is not None
        assert item.latest_check.outcome is CheckOutcome.PASS
        assert item.latest_check.facts["catalog"] == "prod_ml"
        assert item.latest_check.actor == "ana"
        assert any(e.title.startswith("Check passed:") for e in item.evidence)
        assert len(other.verification.check_history(RELEASE)) == 1  # only this item
        assert "✔ pass" in line(app, key)
        shown = detail(app)
        assert "✔ PASS" in shown and "Catalog prod_ml exists" in shown
        assert "open in the workspace" in shown and "by ana" in shown
        assert "catalog" in shown and "prod_ml" in shown  # the facts
        progress = release_screen(app).query_one(VerifyProgress)
        assert "Verified" in str(progress.query_one("#verify-label").render())
        assert any("1 check: 1 pass" in n for n in notes(app))
        # A second run: the detail pane lists the results, newest first.
        await pilot.press("v")
        await finished(pilot)
        await wait_until(pilot, lambda: "Check results (2)" in detail(app, "check-history"))
        assert len(other.verification.check_history(RELEASE, key)) == 2


async def test_verify_group_then_the_whole_release(
    app: TrackerApp, other: TrackerService, workspace: StartWorkspace
) -> None:
    workspace("compliant")
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-domain-schemas")
        await pilot.press("g")
        await finished(pilot)
        group = {
            i.key
            for i in other.releases.release_view(RELEASE).active_items
            if i.group_key == "unity-catalog-setup"
        }
        assert {r.item_key for r in other.verification.check_history(RELEASE)} == group
        assert all("✔ pass" in line(app, k) for k in group)
        await select(pilot, "unity-catalog-setup")
        assert "5 ✔ PASS" in detail(app)  # the group's verification counts
        await pilot.press("V")
        await finished(pilot)
        checked = [
            i for i in other.releases.release_view(RELEASE).active_items if i.check is not None
        ]
        assert all(i.latest_check is not None for i in checked)
        assert len(other.verification.check_history(RELEASE)) == len(checked) + len(group)
        assert not any(
            i.latest_check is not None and i.latest_check.outcome is CheckOutcome.ERROR
            for i in checked
        )
        assert any(f"{len(checked)} checks:" in n for n in notes(app))


async def test_an_error_is_never_shown_as_a_pass(
    app: TrackerApp, other: TrackerService, workspace: StartWorkspace, monkeypatch: Any
) -> None:
    workspace("non-admin")  # IP access lists need a workspace admin
    key = "network-ip-access-lists"
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, key)
        await pilot.press("v")
        await finished(pilot)
        stored = other.items.item(RELEASE, key).latest_check
        assert stored is not None and stored.outcome is CheckOutcome.ERROR
        assert "⊘ err" in line(app, key) and "pass" not in line(app, key)
        assert "ERROR" in detail(app) and "not a pass" in detail(app)
        assert "PASS" not in detail(app)
        # No credentials at all: every check says so, and a notification tells why.
        monkeypatch.delenv("DATABRICKS_HOST")
        await select(pilot, "uc-production-catalog")
        await pilot.press("v")
        await finished(pilot)
        stored = other.items.item(RELEASE, "uc-production-catalog").latest_check
        assert stored is not None and stored.outcome is CheckOutcome.ERROR
        assert "⊘ err" in line(app, "uc-production-catalog")
        assert any(
            n.startswith("Workspace not reached") and "authentication" in n for n in notes(app)
        )


async def test_drift_stands_out(
    app: TrackerApp, other: TrackerService, workspace: StartWorkspace
) -> None:
    workspace("non-compliant")
    key = "uc-production-catalog"  # ticked done in the seed
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, key)
        await pilot.press("v")
        await finished(pilot)
        item = other.items.item(RELEASE, key)
        assert item.status is ItemStatus.DONE and item.latest_check is not None
        assert item.latest_check.outcome is CheckOutcome.FAIL
        assert "DRIFT" in line(app, key)
        assert "DRIFT" in detail(app) and "ticked done, but the latest check failed" in detail(app)
        assert any("FAILED" in n for n in notes(app))


async def test_keys_keep_working_during_a_slow_verification(
    app: TrackerApp, other: TrackerService, workspace: StartWorkspace
) -> None:
    workspace("compliant", latency_ms=400)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = release_screen(app)
        await select(pilot, "uc-domain-schemas")
        await pilot.press("g")
        await wait_until(pilot, lambda: "⋯ run" in line(app, "uc-data-lineage"))
        assert screen.verifying
        await pilot.press("down")
        await pilot.pause()
        assert screen.detail.item_key == "uc-group-access-controls"
        await pilot.press("down", "space")  # tick an item meanwhile: stored at once
        assert other.items.item(RELEASE, "uc-service-principals").status is ItemStatus.DONE
        assert screen.verifying  # the run goes on
        await pilot.press("v")
        assert any("already running" in n for n in notes(app))
        await finished(pilot)
        assert len(other.verification.check_history(RELEASE)) == 5
        # The tick made during the run is kept; the run's result is added to it.
        item = screen.items["uc-service-principals"]
        assert item.status is ItemStatus.DONE and item.latest_check is not None
        assert item.latest_check.id > 0


async def test_an_item_without_a_check_says_so(app: TrackerApp, other: TrackerService) -> None:
    manual = next(i for i in other.releases.release_view(RELEASE).active_items if i.check is None)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, manual.key)
        await pilot.press("v")
        await settle(pilot)
        assert not release_screen(app).verifying
        assert any("has no automated check" in n for n in notes(app))
        assert other.verification.check_history(RELEASE) == []


async def test_summary_scores_scheduled_passes_as_automated(
    wired: TrackerService, clock: FixedClock, tmp_path: Any, workspace: StartWorkspace
) -> None:
    workspace("compliant")
    wired.items.set_status(RELEASE, "uc-domain-schemas", ItemStatus.DONE)
    wired.items.add_evidence(RELEASE, "uc-domain-schemas", "https://example.com/schemas", "Schemas")
    wired.verification.verify(RELEASE, item_refs=["uc-production-catalog"], scheduled=True)
    wired.verification.verify(
        RELEASE, item_refs=["uc-data-lineage"]
    )  # not scheduled: no full point
    app = make_app(wired, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("S")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        score = str(screen.query_one("#summary-score").render())
        assert "(1 automated)" in score and "(1 manual)" in score


async def test_stale_results_are_marked(
    wired: TrackerService, clock: FixedClock, tmp_path: Any, workspace: StartWorkspace
) -> None:
    workspace("compliant")
    wired.verification.verify(RELEASE, item_refs=["uc-production-catalog"])
    later = clock.advanced(timedelta(days=10))  # beyond the 7-day window
    app = make_app(wired, later, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-production-catalog")
        assert line(app, "uc-production-catalog").rstrip().endswith("✔ pass ~")
        assert "stale: verified 10 days ago" in detail(app)


# --- snapshot ---------------------------------------------------------------------------------

SNAPSHOT_PORT = 28417
"""Below Linux's ephemeral range: evidence links (host:port) are the same in every run."""


def test_checklist_with_verification_badges(
    snap_compare: Any,
    wired: TrackerService,
    clock: FixedClock,
    tmp_path: Any,
    workspace: StartWorkspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tracker.checks import runner

    try:
        workspace("demo", port=SNAPSHOT_PORT, now=clock.now())
    except OSError as exc:  # pragma: no cover - something else listens there
        pytest.skip(f"port {SNAPSHOT_PORT} is taken: {exc}")
    # Every check "takes" 0 ms: durations are shown.
    monkeypatch.setattr(runner, "time", types.SimpleNamespace(perf_counter=lambda: 0.0))
    wired.items.set_status(RELEASE, "fs-primary-keys", ItemStatus.DONE)  # the demo fails it: drift
    for _ in range(2):
        wired.verification.verify(RELEASE, group="infrastructure-security")
        wired.verification.verify(RELEASE, group="feature-store")
    app = make_app(wired, clock, tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await select(pilot, "fs-primary-keys")
        screen = release_screen(pilot.app)  # type: ignore[arg-type]
        await wait_until(
            pilot,
            lambda: "Check results (2)" in detail(pilot.app, "check-history"),  # type: ignore[arg-type]
        )
        screen.detail.flush_guidance()
        await quiet(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)
