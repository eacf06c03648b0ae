"""SVG snapshots of the key screens, with a frozen clock, fixed data and no cursor blink.

Update them with ``pytest tests/tui/test_snapshots.py --snapshot-update`` after a deliberate
change, and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import make_app, quiet, select, wait_until
from tracker.domain.clock import FixedClock
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen

SnapCompare = Callable[..., bool]


async def _steady(pilot: Pilot[Any]) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await quiet(pilot)  # the detail pane's guidance and history timers


def test_checklist(snap_compare: SnapCompare, app: TrackerApp) -> None:
    assert snap_compare(app, terminal_size=(160, 48), run_before=_steady)


def test_item_detail(snap_compare: SnapCompare, app: TrackerApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await select(pilot, "uc-domain-schemas")
        screen = pilot.app.screen
        assert isinstance(screen, ReleaseScreen)
        await _steady(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_summary(snap_compare: SnapCompare, app: TrackerApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("S")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_first_run(
    snap_compare: SnapCompare, service: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(service, clock, tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: bool(pilot.app.screen.query("#var-catalog")))
        await _steady(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_small_terminal(snap_compare: SnapCompare, app: TrackerApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await select(pilot, "uc-production-catalog")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
