"""The new-release form takes a Markdown checklist too (issue 11): ticked boxes come in done."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import make_app, settle, wait_until
from tracker.domain.clock import FixedClock
from tracker.services.tracker import TrackerService
from tracker.tui.screens.first_run_screen import FirstRunScreen
from tracker.tui.screens.release_screen import ReleaseScreen


async def test_first_run_creates_a_release_from_a_markdown_file(
    service: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    md = tmp_path / "launch.md"
    md.write_text("# Launch\n\n## Access\n\n- [x] Keys rotated\n- [ ] TLS everywhere\n")
    app = make_app(service, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        app.screen.query_one("#release-name", Input).value = "Launch"
        app.screen.query_one("#markdown-file", Input).value = str(md)
        app.screen.query_one("#release-name", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))
    view = other.releases.release_view("Launch")
    assert [(i.text, i.status.value) for i in view.items] == [
        ("Keys rotated", "done"),
        ("TLS everywhere", "todo"),
    ]
