"""Settings in the app (issue 10, points 13 and 5): key remaps by binding id, and the export
dialog's folder and overwrite question.

Pins "Export overwrites an existing file without asking, and its default folder is wherever the
app was launched".
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import RELEASE, make_app, select, settle, stored, wait_until
from tracker.config import remember_export_dir
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus
from tracker.services.tracker import TrackerService
from tracker.tui.screens.export_screen import ExportScreen
from tracker.tui.screens.release_screen import ReleaseScreen


async def test_a_remapped_key_runs_the_command(
    seeded: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path, keymap={"toggle-done": "t"})
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("t")
        await wait_until(pilot, lambda: stored(seeded, "uc-data-lineage").status is ItemStatus.DONE)
        await pilot.press("space")  # the old key no longer toggles
        await settle(pilot)
        assert stored(seeded, "uc-data-lineage").status is ItemStatus.DONE


async def test_export_asks_before_overwriting(
    seeded: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(seeded, clock, tmp_path)
    target = tmp_path / "churn-q4.md"
    target.write_text("precious\n", encoding="utf-8")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-path", Input).value == str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)  # asked, not written
        assert "already exists" in str(app.screen.query_one("#dialog-error").render())
        assert target.read_text(encoding="utf-8") == "precious\n"
        await pilot.press("enter")  # yes, replace it
        await wait_until(pilot, lambda: RELEASE in target.read_text(encoding="utf-8"))
        assert isinstance(app.screen, ReleaseScreen)


async def test_export_starts_in_the_last_folder_used(
    seeded: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    last = tmp_path / "last"
    last.mkdir()
    remember_export_dir(last)
    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("x")
        assert app.screen.query_one("#export-path", Input).value == str(last / "churn-q4.md")
