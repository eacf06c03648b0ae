"""The terminal app shows stored control characters, never sends them (issue 15, "Terminal
escapes pass through"): the tree labels and every part of the detail pane."""

from __future__ import annotations

from textual.widgets import Static

from tests.cli.test_inert_output import PAYLOAD, raw_controls
from tests.tui.conftest import RELEASE, select, settle
from tracker.domain.changes import ItemChange
from tracker.domain.enums import ItemStatus, NaReason
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen

KV = "secrets-azure-key-vault"
NA = "network-vnet-injection"


def _shown(app: TrackerApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, ReleaseScreen)
    texts = [str(node.label) for node in screen.checklist._item_nodes.values()]
    texts += [str(node.label) for node in screen.checklist._branch_nodes.values()]
    for static in screen.query(Static):
        rendered = static.render()
        texts.append(getattr(rendered, "plain", str(rendered)))
    return texts


async def test_tree_and_detail_show_escapes_as_visible_characters(
    app: TrackerApp, seeded: TrackerService
) -> None:
    svc = seeded
    svc.owners.add_owner("mallory", PAYLOAD, team=PAYLOAD)
    svc.items.update_item(
        RELEASE,
        KV,
        ItemChange(owner="mallory", notes=PAYLOAD, add_evidence=(("https://e.com/x", PAYLOAD),)),
    )
    svc.items.update_item(
        RELEASE, NA, ItemChange(status=ItemStatus.NA, na_reason=NaReason.OTHER, na_note=PAYLOAD)
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for key in (KV, NA):
            await select(pilot, key)
            await settle(pilot)
            shown = _shown(app)
            joined = "\n".join(shown)
            assert "␛[31mRED" in joined, key  # the note / N/A note is there, made visible
            assert [t for t in shown if raw_controls(t)] == []
