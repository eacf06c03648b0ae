"""The owner registry, for the owner dialogs of items and tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.dom import DOMNode
from textual.screen import Screen

from tracker.errors import TrackerError
from tracker.tui.context import AppContext

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService
    from tracker.tui.screens.owner_screen import OwnerChoice


def load_owners(node: DOMNode, ctx: AppContext, dialog: Screen[Any]) -> None:
    """Send ``dialog`` the registry as it is now (others may have added owners since the
    release loaded), read in a worker of ``node``."""

    def read() -> None:
        from tracker.tui.screens.owner_screen import OwnersLoaded

        try:
            owners = ctx.service.owners.list_owners()
        except TrackerError:
            return
        dialog.post_message(OwnersLoaded(owners))

    node.run_worker(read, thread=True, group="owners", exit_on_error=False)


def add_owner_if_new(service: TrackerService, choice: OwnerChoice) -> None:
    """Add an owner typed in the dialog to the registry (in the worker, before assigning)."""
    if choice.new is not None and choice.handle is not None:
        service.owners.add_owner(
            choice.handle,
            choice.new.name,
            email=choice.new.email,
            team=choice.new.team,
            kind=choice.new.kind,
        )
