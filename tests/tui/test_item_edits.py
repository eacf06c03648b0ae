"""Owner (completion, inline new owner, bulk), evidence, notes and due dates, stored."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, OptionList, TextArea

from tests.tui.conftest import RELEASE, select, settle, stored
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.evidence_screen import EvidenceScreen
from tracker.tui.screens.notes_screen import NotesScreen
from tracker.tui.screens.owner_screen import OwnerScreen
from tracker.tui.screens.release_screen import ReleaseScreen


async def test_assign_owner_with_completion(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("o")
        assert isinstance(app.screen, OwnerScreen)
        await pilot.press("B", "o")  # matches "bo" (and "Bo Chen")
        options = app.screen.query_one("#owner-options", OptionList)
        assert options.option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
        assert stored(other, "uc-data-lineage").owner == "bo"


async def test_assign_owner_by_name_fragment_and_unassign(
    app: TrackerApp, other: TrackerService
) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-production-catalog")  # owned by @ana
        await pilot.press("o", *"chen", "enter")
        await settle(pilot)
        assert stored(other, "uc-production-catalog").owner == "bo"
        await pilot.press("o")
        options = app.screen.query_one("#owner-options", OptionList)
        last = options.get_option_at_index(options.option_count - 1)
        assert "unassign" in str(last.prompt)
        options.highlighted = options.option_count - 1
        await pilot.press("enter")
        await settle(pilot)
        assert stored(other, "uc-production-catalog").owner is None


async def test_add_a_new_owner_inline(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("o", *"carla", "enter")  # no match: the "+ add" option is highlighted
        assert app.screen.query_one("#new-owner").display
        app.screen.query_one("#new-name", Input).value = "Carla Diaz"
        app.screen.query_one("#new-team", Input).value = "data"
        await pilot.click("#add-owner")
        await settle(pilot)
        assert stored(other, "uc-data-lineage").owner == "carla"
        carla = next(o for o in other.owners.list_owners() if o.handle == "carla")
        assert carla.name == "Carla Diaz" and carla.team == "data"


async def test_bulk_assign_a_group(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "network-security")
        await pilot.press("b")
        assert isinstance(app.screen, OwnerScreen)
        assert "6 items" in str(app.screen.query_one("#dialog-title").render())
        await pilot.press(*"bo", "enter")
        await settle(pilot)
        await settle(pilot)  # the reload after the bulk change
        view = other.releases.release_view(RELEASE)
        owners = {i.owner for i in view.items if i.group_key == "network-security"}
        assert owners == {"bo"}
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        assert screen.items["network-vnet-injection"].owner == "bo"


async def test_add_evidence_refuses_a_bad_url(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("e")
        assert isinstance(app.screen, EvidenceScreen)
        await pilot.press(*"javascript:alert(1)", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        assert "http" in str(app.screen.query_one("#dialog-error").render())
        assert stored(other, "uc-data-lineage").evidence == ()
        app.screen.query_one(
            "#evidence-url", Input
        ).value = "https://adb-1.azuredatabricks.net/explore/lineage"
        app.screen.query_one("#evidence-title", Input).value = "Lineage graph"
        await settle(pilot)  # the message goes once the URL is valid: the button moves up
        await pilot.click("#add")
        await settle(pilot)
        evidence = stored(other, "uc-data-lineage").evidence
        assert [(e.url, e.title) for e in evidence] == [
            ("https://adb-1.azuredatabricks.net/explore/lineage", "Lineage graph")
        ]


async def test_remove_evidence(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-production-catalog")
        await pilot.press("e")
        app.screen.query_one("#evidence-list", OptionList).focus()
        await pilot.press("delete")
        await settle(pilot)
        assert stored(other, "uc-production-catalog").evidence == ()


async def test_edit_notes_on_several_lines(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("c")
        assert isinstance(app.screen, NotesScreen)
        await pilot.press(*"first line", "enter", *"second line")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(other, "uc-data-lineage").notes == "first line\nsecond line"
        await pilot.press("c")
        assert app.screen.query_one(TextArea).text == "first line\nsecond line"
        await pilot.press("escape")  # discard
        assert isinstance(app.screen, ReleaseScreen)


async def test_set_and_clear_the_due_date(app: TrackerApp, other: TrackerService) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "uc-data-lineage")
        await pilot.press("d", *"2026-12-01", "enter")
        await settle(pilot)
        assert stored(other, "uc-data-lineage").due_date == date(2026, 12, 1)
        await pilot.press("d")
        app.screen.query_one("#due", Input).value = "not a date"
        await pilot.press("enter")
        assert "not a date" in str(app.screen.query_one("#dialog-error").render())
        app.screen.query_one("#due", Input).value = "+7"
        await pilot.press("enter")
        await settle(pilot)
        assert stored(other, "uc-data-lineage").due_date == date(2026, 12, 3)  # clock: Nov 26
        await pilot.press("d")
        app.screen.query_one("#due", Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert stored(other, "uc-data-lineage").due_date is None


async def test_item_actions_on_a_group_ask_for_an_item(app: TrackerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await select(pilot, "unity-catalog-setup")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReleaseScreen)
        assert any("Move the cursor to an item" in str(n.message) for n in app._notifications)
