"""Pilot fixtures: a fresh SQLite file per test, a seeded release, the app with a fixed clock,
and a second service on the same database to check what was stored (and to play "someone else")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from tests.tui.guard import OffUIThread
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus, NaReason
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp

if TYPE_CHECKING:
    from tracker.domain.template import Template

RELEASE = "Churn Q4"
TEMPLATE_ID = "databricks-ml-production"
SIZE = (160, 48)


@pytest.fixture(scope="session")
def template() -> Template:
    from tracker.services.templates import find_template

    return find_template(TEMPLATE_ID)[0]


@pytest.fixture
def service(sqlite_url: str, clock: FixedClock) -> Iterator[TrackerService]:
    svc: TrackerService = TrackerService.open(sqlite_url, "ana", clock)
    yield svc
    svc.close()


@pytest.fixture
def other(sqlite_url: str, clock: FixedClock, service: TrackerService) -> Iterator[TrackerService]:
    """Someone else on the same database (a second process, as far as the app can tell)."""
    svc: TrackerService = TrackerService.open(sqlite_url, "bo", clock)
    yield svc
    svc.close()


def seed(service: TrackerService, template: Template) -> None:
    """A release with a little of everything, always the same."""
    service.owners.add_owner("ana", "Ana Lima", team="ml")
    service.owners.add_owner("bo", "Bo Chen", team="platform")
    service.releases.create_release(
        RELEASE, template, environment="prod", target_date=date(2026, 12, 15)
    )
    service.items.set_status(RELEASE, "uc-production-catalog", ItemStatus.DONE)
    service.items.assign_owner(RELEASE, "uc-production-catalog", "ana")
    service.items.add_evidence(
        RELEASE, "uc-production-catalog", "https://example.com/catalog", "Catalog page"
    )
    service.items.set_status(RELEASE, "uc-domain-schemas", ItemStatus.IN_PROGRESS)
    service.items.assign_owner(RELEASE, "uc-domain-schemas", "bo")
    service.items.set_due_date(RELEASE, "uc-domain-schemas", date(2026, 11, 20))
    service.items.set_status(RELEASE, "uc-service-principals", ItemStatus.BLOCKED)
    service.items.set_status(
        RELEASE,
        "uc-group-access-controls",
        ItemStatus.NA,
        na_reason=NaReason.ARCHITECTURE_CONSTRAINTS,
        na_note="handled by the platform team",
    )
    service.items.set_notes(
        RELEASE, "uc-production-catalog", "Created by the platform team.\nSee ticket ML-42."
    )


@pytest.fixture
def seeded(service: TrackerService, template: Template) -> TrackerService:
    seed(service, template)
    return service


def make_app(
    service: TrackerService, clock: FixedClock, tmp_path: Path, **options: Any
) -> TrackerApp:
    options.setdefault("poll_interval", 0.5)
    guard = OffUIThread(service)
    app = TrackerApp(
        guard,  # type: ignore[arg-type]
        clock=clock,
        warm_up=False,
        export_dir=tmp_path,
        database="test.db",
        **options,
    )
    first_screen = app.get_default_screen

    def get_default_screen() -> Any:
        screen = first_screen()  # the first frame's read happens before the app runs
        guard.arm()
        return screen

    app.get_default_screen = get_default_screen  # type: ignore[method-assign]
    app.ui_thread_guard = guard  # type: ignore[attr-defined]
    return app


@pytest.fixture
def app(seeded: TrackerService, clock: FixedClock, tmp_path: Path) -> TrackerApp:
    return make_app(seeded, clock, tmp_path)


async def settle(pilot: Pilot[Any]) -> None:
    """Let pending messages, workers and their result messages run."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot: Pilot[Any], condition: Any, timeout: float = 5.0) -> float:
    """Pause until ``condition()`` holds (fails after ``timeout`` seconds); returns the wait."""
    import time

    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout} s")
        await pilot.pause(0.05)
    return time.monotonic() - start


async def select(pilot: Pilot[Any], key: str) -> None:
    """Put the checklist cursor on an item (or group/category) by key."""
    from tracker.tui.screens.release_screen import ReleaseScreen

    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReleaseScreen)
    assert screen.checklist.select_key(key), key
    await pilot.pause()


def stored(svc: TrackerService, key: str) -> Any:
    return svc.items.item(RELEASE, key)


def timers_pending(app: App[Any]) -> bool:
    """Whether a one-shot timer (``set_timer``: debounced detail, history, guidance) of the
    current screen or its widgets has yet to fire; intervals (polling) do not count."""
    nodes = [app.screen, *app.screen.walk_children()]
    return any(
        timer._repeat == 0 and timer._task is not None and not timer._task.done()
        for node in nodes
        for timer in list(node._timers)
    )


async def quiet(pilot: Pilot[Any], timeout: float = 5.0) -> None:
    """Wait until the screen's one-shot timers have fired and the workers and messages they
    started have run (for snapshots: no fixed pause that a slow machine outruns)."""
    while True:
        await wait_until(pilot, lambda: not timers_pending(pilot.app), timeout)
        await settle(pilot)
        if not timers_pending(pilot.app):
            return
