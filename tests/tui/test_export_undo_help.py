"""Export to a file or the clipboard, undo, the help screen and the command palette."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList

from tests.tui.conftest import RELEASE, select, settle, stored, wait_until
from tracker.domain.enums import ItemStatus
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.commands import COMMANDS
from tracker.tui.screens.export_screen import ExportScreen
from tracker.tui.screens.help_screen import HelpScreen, HelpText, help_markdown
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.screens.summary_screen import SummaryScreen


async def test_export_markdown_to_a_chosen_file(app: TrackerApp, tmp_path: Path) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / "out" / "status.md"
        target.parent.mkdir()
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
        text = target.read_text(encoding="utf-8")
        assert RELEASE in text and "- [x]" in text


async def test_export_json_defaults_to_a_file_named_after_the_release(
    app: TrackerApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("X")
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-path", Input).value == str(tmp_path / "churn-q4.json")
        await pilot.press("enter")
        await settle(pilot)
        data = json.loads((tmp_path / "churn-q4.json").read_text(encoding="utf-8"))
        assert data["release"]["name"] == RELEASE


async def test_export_is_the_same_text_as_the_command_line_export(
    app: TrackerApp, seeded: TrackerService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One rendering for both (the app's once ignored TRACKER_STALE_DAYS and automated items).
    monkeypatch.setenv("TRACKER_STALE_DAYS", "3")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("X")
        await pilot.press("enter")
        await settle(pilot)
    written = json.loads((tmp_path / "churn-q4.json").read_text(encoding="utf-8"))
    expected = json.loads(seeded.exports.export(RELEASE, "json"))
    assert written == expected


async def test_export_refuses_a_missing_folder_and_copies_to_the_clipboard(
    app: TrackerApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("x")
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "nope" / "x.md")
        await pilot.press("enter")
        assert isinstance(app.screen, ExportScreen)
        assert "No such folder" in str(app.screen.query_one("#dialog-error").render())
        await pilot.click("#copy")
        await settle(pilot)
        assert RELEASE in app.clipboard and app.clipboard.startswith("#")


async def test_undo_reverts_the_last_change(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("space")
        assert stored(other, "uc-data-lineage").status is ItemStatus.DONE
        await pilot.press("u")
        await settle(pilot)
        await settle(pilot)
        assert stored(other, "uc-data-lineage").status is ItemStatus.TODO
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        assert screen.items["uc-data-lineage"].status is ItemStatus.TODO
        history = other.items.item_history(RELEASE, "uc-data-lineage")
        assert [(e.old_value, e.new_value) for e in history] == [("todo", "done"), ("done", "todo")]


async def test_help_screen_lists_every_command(app: TrackerApp) -> None:
    text = help_markdown()
    for cmd in COMMANDS:
        assert cmd.title in text
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(line.plain for line in app.screen.query_one(HelpText).lines(100))
        for cmd in COMMANDS:
            assert cmd.title in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReleaseScreen)


def shown_help(app: TrackerApp) -> str:
    help_text = app.screen.query_one(HelpText)
    return "\n".join(line.plain for line in help_text.lines(help_text.content_region.width))


async def test_help_is_searchable(app: TrackerApp) -> None:
    """Issue 10: the help "cannot be searched". Typing keeps what holds every word typed."""
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: bool(app.screen.query("#help-search")))
        await pilot.press(*"undo")
        await wait_until(pilot, lambda: "toggle done" not in shown_help(app))
        shown = shown_help(app)
        assert "edit: undo" in shown and "u or ctrl+z" in shown  # the key row
        assert "reverts your own last change" in shown  # the paragraph, under its heading
        assert "Working as a team" in shown
        await pilot.press(*" no such thing?")  # a ? in a search is text
        await wait_until(pilot, lambda: "matches “undo no such thing?”" in shown_help(app))
        await pilot.press("escape")  # clears the search
        await wait_until(pilot, lambda: "toggle done" in shown_help(app))
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")  # with nothing typed: closes
        await wait_until(pilot, lambda: isinstance(app.screen, ReleaseScreen))


async def test_command_palette_runs_a_command(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"view: summary")
        commands = app.screen.query_one(CommandList)
        await wait_until(
            pilot,
            lambda: (
                commands.option_count > 0
                and "summary" in str(commands.get_option_at_index(0).prompt).lower()
            ),
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)


async def test_summary_shows_categories_blocking_owners_score(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("S")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        title = str(screen.query_one("#summary-blocking-title").render())
        assert "blocking items open" in title
        blocking = screen.query_one("#summary-blocking-list", OptionList)
        lines = [str(blocking.get_option_at_index(i).prompt) for i in range(3)]
        assert "Schemas organized by domain" in lines[0]  # overdue ranks first
        assert "Service principals" in lines[1]  # then blocked
        assert "ML Test Score 0" in str(screen.query_one("#summary-score").render())
        owners = screen.query_one("#summary-owners-list", OptionList)
        assert any("@bo" in str(o.prompt) for o in owners.options)
        await pilot.press("escape")
        assert isinstance(app.screen, ReleaseScreen)
