"""Jumps from the summary, the activity screen and the command palette to the checklist: an item
(cursor on it, its detail shown), an owner (the tree filtered to them) or another release.

Everything here works on what the release screen already holds (its items and filter) or goes
through the app's own workers (opening a release): no database call on the UI thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from textual.app import App
from textual.notifications import SeverityLevel

from tracker.domain.inert import one_line
from tracker.domain.models import Release, ReleaseItem, ReleaseView
from tracker.domain.progress import UNASSIGNED, ItemFilter
from tracker.tui.context import AppContext
from tracker.tui.widgets.checklist_tree import ChecklistTree
from tracker.tui.widgets.item_detail import ItemDetail


class ChecklistView(Protocol):
    """What a jump needs of the release screen (``ReleaseScreen`` provides it; named here
    rather than imported so that the screens can import this module)."""

    @property
    def items(self) -> Mapping[str, ReleaseItem]: ...
    @property
    def release(self) -> Release: ...
    @property
    def view(self) -> ReleaseView: ...
    @property
    def ctx(self) -> AppContext: ...
    @property
    def app(self) -> App[Any]: ...
    @property
    def checklist(self) -> ChecklistTree: ...
    @property
    def detail(self) -> ItemDetail: ...
    def set_filter(self, item_filter: ItemFilter) -> None: ...
    def action_clear_filter(self) -> None: ...
    def notify(
        self, message: str, *, severity: SeverityLevel = ..., timeout: float | None = ...
    ) -> None: ...


class Navigator(Protocol):
    """What a jump (and the palette's jump providers) need of the app (``TrackerApp``)."""

    @property
    def ctx(self) -> AppContext: ...
    @property
    def release_screen(self) -> ChecklistView | None: ...
    def open_release(self, name: str) -> None: ...
    async def _back_to_checklist(self) -> None: ...


JumpKind = Literal["item", "owner", "release", "task"]


@dataclass(frozen=True, slots=True)
class Jump:
    """Where the user asked to go: an item key, an owner handle (or ``unassigned``), or a
    release name."""

    kind: JumpKind
    target: str
    open_only: bool = False
    """For an owner: show only their open items (the summary's "open items by owner")."""
    due: date | None = None
    """For a task (``target`` its key): the due date of the occurrence to show."""


def show_item(screen: ChecklistView, key: str) -> bool:
    """Put the checklist cursor on the item and show its detail; the search and filters are
    cleared first when they hide it. False when the release has no such (active) item."""
    if key not in screen.items:
        screen.notify(
            f"{one_line(key)} is no longer in the checklist of {one_line(screen.release.name)}.",
            severity="warning",
            timeout=4,
        )
        return False
    if key not in screen.checklist.visible_keys:
        screen.checklist.focus()  # esc on the detail pane only moves the focus back
        screen.action_clear_filter()
        screen.notify("Filters cleared to show the item.", timeout=3)
    screen.checklist.select_key(key)
    screen.detail.display = True
    screen.checklist.focus()
    return True


def filter_owner(screen: ChecklistView, handle: str, *, open_only: bool = False) -> None:
    """Show only the items of one owner (``unassigned``: the items nobody owns)."""
    handle = handle.strip().removeprefix("@")
    screen.set_filter(ItemFilter(owner=handle, hide_closed=open_only))
    screen.checklist.focus()
    who = "nobody" if handle == UNASSIGNED else f"@{one_line(handle)}"
    screen.notify(
        f"Showing the {'open ' if open_only else ''}items of {who} (esc: show all).", timeout=3
    )


def show_task(screen: ChecklistView, key: str, due: date | None) -> None:
    """Open the post-deployment view with the cursor on the task's occurrence (due ``due``)."""
    from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen

    cursor = (key, due) if due is not None else None
    screen.app.push_screen(PostDeploymentScreen(screen.ctx, screen.release, cursor=cursor))


async def go(app: Navigator, jump: Jump) -> None:
    """Close what is open over the checklist and go where ``jump`` says."""
    screen = app.release_screen
    if screen is None:
        if jump.kind == "release":
            app.open_release(jump.target)
        return
    await app._back_to_checklist()
    if jump.kind == "release":
        if jump.target != screen.release.name:
            app.open_release(jump.target)
    elif jump.kind == "owner":
        filter_owner(screen, jump.target, open_only=jump.open_only)
    elif jump.kind == "task":
        show_task(screen, jump.target, jump.due)
    else:
        show_item(screen, jump.target)
