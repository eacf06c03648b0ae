"""Owners in the app (issue 10, point 10): pins "the inline new-owner form has no person/team
choice, and an owner cannot be renamed or edited (CLI or TUI)"."""

from __future__ import annotations

from textual.widgets import Input, OptionList, RadioButton

from tests.tui.conftest import select, settle, stored, wait_until
from tracker.domain.enums import OwnerKind
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.owner_edit_screen import OwnerEditScreen
from tracker.tui.screens.owner_screen import OwnerScreen


async def test_new_owner_inline_can_be_a_team(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("o", *"dataeng", "enter")
        assert app.screen.query_one("#new-owner").display
        app.screen.query_one("#new-name", Input).value = "Data engineering"
        team = next(
            b for b in app.screen.query("#new-kind RadioButton").results(RadioButton)
            if b.name == "team"
        )  # fmt: skip
        team.value = True
        await pilot.click("#add-owner")
        await settle(pilot)
        await wait_until(pilot, lambda: stored(other, "uc-data-lineage").owner == "dataeng")
        added = next(o for o in other.owners.list_owners() if o.handle == "dataeng")
        assert added.kind is OwnerKind.TEAM


async def test_rename_and_edit_an_owner_from_the_owner_dialog(
    app: TrackerApp, other: TrackerService
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("o", *"bo")
        assert isinstance(app.screen, OwnerScreen)
        assert app.screen.query_one("#owner-options", OptionList).option_count == 1
        await pilot.press("f2")
        assert isinstance(app.screen, OwnerEditScreen)
        app.screen.query_one("#edit-handle", Input).value = "bo.chen"
        app.screen.query_one("#edit-team", Input).value = "ml"
        await pilot.click("#save-owner")
        await wait_until(
            pilot, lambda: any(o.handle == "bo.chen" for o in other.owners.list_owners())
        )
        bo = next(o for o in other.owners.list_owners() if o.handle == "bo.chen")
        assert (bo.name, bo.team) == ("Bo Chen", "ml")
        assert isinstance(app.screen, OwnerScreen)
        await wait_until(
            pilot,
            lambda: any(
                o.handle == "bo.chen"
                for o in app.screen.owners  # type: ignore[attr-defined]
            ),
        )
        assert stored(other, "uc-domain-schemas").owner == "bo.chen"  # assignments follow
