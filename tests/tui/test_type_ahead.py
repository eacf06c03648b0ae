"""Type-ahead: keys typed before a screen is ready reach, in order, the widget they were meant
for, or are dropped with a notice; never applied to another field (issue 10)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.keys import _character_to_key
from textual.screen import Screen
from textual.widgets import Input, TextArea

from tests.tui.conftest import make_app, select, settle, stored, wait_until
from tracker.domain.clock import FixedClock
from tracker.services.tracker import TrackerService
from tracker.tui import type_ahead
from tracker.tui.app import TrackerApp

KEY_NAMES = {"\t": "tab", "\r": "enter", "\n": "ctrl+j", " ": "space"}


def type_burst(app: App[Any], text: str) -> None:
    """Keys as a terminal delivers what was typed while the app was busy: all at once, each
    read before the previous one is handled (Pilot's ``press`` waits between keys)."""
    for char in text:
        key = KEY_NAMES.get(char) or _character_to_key(char)
        app.post_message(events.Key(key, char))


@pytest.mark.parametrize("enter", ["\r", "\n"], ids=["enter", "enter-before-raw-mode"])
async def test_keys_typed_while_the_first_run_form_loads_reach_their_fields(
    service: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path, enter: str
) -> None:
    """``x``, Tab to the go-live date, the date, Enter: typed as the app starts on a new
    database. The old app put it all in the name (a release named ``x2026-12-30``). Typed
    before the app put the terminal in raw mode, Enter arrives as a line feed."""
    app = make_app(service, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        # name -> template -> Markdown file -> environment -> go-live date
        type_burst(app, "x\t\t\t\t2026-12-30" + enter)

        def form_error() -> str:
            shown = app.screen.query("#form-error")
            return str(shown.first().render()).strip() if shown else ""

        await wait_until(pilot, lambda: bool(other.releases.list_releases()) or form_error(), 20)
        await settle(pilot)
        releases = other.releases.list_releases()
        assert [r.name for r in releases] == ["x"], (
            [r.name for r in releases],
            form_error(),
        )
        assert releases[0].target_date == date(2026, 12, 30)
        assert releases[0].environment == "prod"


async def test_text_typed_as_a_dialog_opens_goes_into_the_dialog(
    app: TrackerApp, other: TrackerService
) -> None:
    """``c`` (notes) then ``sun`` at once: the old app also ran ``s`` (status), ``u`` (undo)
    and ``n`` (N/A) on the checklist behind the opening dialog."""
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await select(pilot, "uc-domain-schemas")
        type_burst(app, "csun")
        await wait_until(pilot, lambda: bool(app.screen.query("#notes")))
        await settle(pilot)
        assert app.screen.query_one("#notes", TextArea).text == "sun"
        assert stored(other, "uc-domain-schemas").status.value == "in_progress"
        assert len(app.screen_stack) == 2  # the release screen and the notes dialog only


class Loading(Screen[None]):
    """A screen that never finishes loading what typed keys are meant for."""

    accepts_keys = False

    def compose(self) -> ComposeResult:
        yield Input(id="field")


class Waiting(type_ahead.KeysInOrderApp):
    """The app's key delivery (TrackerApp's base) on a bare app."""

    def get_default_screen(self) -> Screen[None]:
        return Loading()


async def test_keys_held_too_long_are_dropped_with_a_notice(monkeypatch: Any) -> None:
    monkeypatch.setattr(type_ahead, "HOLD_LIMIT", 0.2)
    app = Waiting()
    async with app.run_test() as pilot:
        type_burst(app, "abc")
        await wait_until(pilot, lambda: app.type_ahead.dropped == 3)
        assert app.query_one("#field", Input).value == ""
        assert any("3 keys were dropped" in n.message for n in app._notifications)
        # once the screen is ready, keys go through again, at once
        app.screen.accepts_keys = True  # type: ignore[attr-defined]
        type_burst(app, "d")
        await wait_until(pilot, lambda: app.query_one("#field", Input).value == "d")


async def test_the_form_takes_keys_even_when_templates_cannot_be_listed(
    service: TrackerService, clock: FixedClock, tmp_path: Path, monkeypatch: Any
) -> None:
    """Keys wait for the form's templates: a listing that fails must not leave them waiting."""
    from tracker.services import templates

    def broken(**_: Any) -> Any:
        raise OSError("templates folder unreadable")

    monkeypatch.setattr(templates, "list_templates", broken)
    app = make_app(service, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        type_burst(app, "x")
        await wait_until(
            pilot,
            lambda: bool(app.screen.query("#release-name")) and type_ahead.screen_ready(app.screen),
        )
        name = app.screen.query_one("#release-name", Input)
        await wait_until(pilot, lambda: name.value == "x")
        assert any("could not be listed" in n.message for n in app._notifications)


async def test_ctrl_q_quits_while_keys_wait_for_a_screen() -> None:
    app = Waiting()
    async with app.run_test() as pilot:
        type_burst(app, "abc")
        app.post_message(events.Key("ctrl+q", None))
        await wait_until(pilot, lambda: app.return_code is not None)  # not held for 10 s
