"""Start-up: the very first frame already shows the checklist, laid out for the terminal's
width, and the garbage collector paused for start-up is back on afterwards."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import make_app, settle
from tracker.domain.clock import FixedClock
from tracker.services.tracker import TrackerService
from tracker.tui import launch, start_up
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.widgets.checklist_tree import ChecklistTree


@pytest.mark.parametrize("size", [(160, 48), (80, 24), (119, 30), (121, 40), (200, 50)])
async def test_the_first_frame_shows_the_checklist_at_its_final_width(
    seeded: TrackerService,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    first: dict[str, Any] = {}
    refresh = ReleaseScreen._compositor_refresh

    def recording_refresh(screen: ReleaseScreen) -> None:
        if not first:
            first["lines"] = screen.checklist.last_line + 1
            first["narrow"] = screen.has_class("-narrow")
            first["head"] = str(screen.detail.query_one("#detail-head").render())
        refresh(screen)

    relabels: list[int] = []
    relabel = ChecklistTree.relabel

    def recording_relabel(tree: ChecklistTree, **kwargs: Any) -> None:
        relabels.append(tree.size.width)
        relabel(tree, **kwargs)

    monkeypatch.setattr(ReleaseScreen, "_compositor_refresh", recording_refresh)
    monkeypatch.setattr(ChecklistTree, "relabel", recording_relabel)
    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        assert first["lines"] == screen.checklist.last_line + 1 > 100
        assert first["narrow"] is (size[0] < 120)
        assert relabels == []  # the width guessed before the first layout was right
        assert first["head"].strip() != ""  # the detail pane too
        # Its parts are laid out at their content's height (the first is title + progress).
        assert screen.detail.query_one("#detail-head").size.height == 2


async def test_gc_and_switch_interval_are_back_to_normal_after_the_first_paint(
    seeded: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    interval = sys.getswitchinterval()
    start_up.pause_for_start_up()
    try:
        assert not gc.isenabled()
        assert sys.getswitchinterval() == pytest.approx(start_up.START_UP_SWITCH_INTERVAL)
        app = make_app(seeded, clock, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
            assert gc.get_threshold() == start_up.GC_THRESHOLDS
            assert sys.getswitchinterval() == pytest.approx(interval)
    finally:
        start_up.restore()


def test_a_start_up_that_fails_restores_gc_and_switch_interval() -> None:
    from tracker.errors import TrackerError

    interval = sys.getswitchinterval()
    assert gc.isenabled()
    with pytest.raises(TrackerError, match="unsupported database URL"):
        launch(db_url="nosuchdriver://x", actor="ana", use_snapshot=False)
    assert gc.isenabled()
    assert sys.getswitchinterval() == pytest.approx(interval)
