"""The release screen's commands on many items or the release itself: assign a whole group,
undo, archive, request a waiver. Each runs in a thread worker that posts one result message:
``ReleaseChanged`` (the screen reads the release again) or ``JobFailed`` / ``ReleaseArchived``
(the app says it, or moves on to another release)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.message import Message

from tracker.domain.changes import ItemChange
from tracker.domain.models import ReleaseItem
from tracker.domain.progress import owner_load
from tracker.errors import TrackerError
from tracker.tui.context import AppContext
from tracker.tui.controllers.base import Controller
from tracker.tui.controllers.owners import add_owner_if_new, load_owners
from tracker.tui.labels import STATUS_LABEL
from tracker.tui.messages import ItemsChanged, JobFailed, ReleaseArchived, ReleaseChanged
from tracker.tui.release_state import ReleaseState

if TYPE_CHECKING:
    from tracker.tui.screens.owner_screen import OwnerChoice


@dataclass(frozen=True)
class BulkEdit:
    """Assign every item of a group: the versions the user saw when the dialog opened."""

    scope: str
    title: str
    seen: dict[str, int]
    choice: OwnerChoice


class BulkConflict(Message):
    def __init__(self, bulk: BulkEdit, changed: list[ReleaseItem]) -> None:
        super().__init__()
        self.bulk, self.changed = bulk, changed


def conflict_question(bulk: BulkEdit, changed: list[ReleaseItem]) -> str:
    """What the confirm dialog asks when items of the group changed since the dialog opened."""
    lines = "\n".join(
        f"  {i.key}: {i.updated_by or 'someone'} set it to {STATUS_LABEL[i.status]}"
        + (f", @{i.owner}" if i.owner else "")
        for i in changed[:8]
    )
    more = f"\n  … and {len(changed) - 8} more" if len(changed) > 8 else ""
    return (
        f"{len(changed)} of {len(bulk.seen)} items changed since you opened "
        f"the dialog; nothing was assigned.\n{lines}{more}\nAssign all of them anyway?"
    )


class ReleaseJobs(Controller):
    def __init__(self, ctx: AppContext, state: ReleaseState) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state

    # --- assign a group ---
    def bulk_assign(self, scope: str, title: str, members: list[ReleaseItem]) -> None:
        """Assign every item of group (or category) ``scope``; ``members`` as on screen."""
        from tracker.tui.screens.owner_screen import OwnerScreen

        seen = {i.key: i.row_version for i in members}

        def chosen(choice: OwnerChoice | None) -> None:
            if choice is not None:
                self._bulk(BulkEdit(scope, title, seen, choice))

        screen = OwnerScreen(
            self.state.view.owners,
            owner_load(self.state.items.values()),
            current=None,
            title=f"Assign all {len(members)} items of “{title}”",
        )
        self.app.push_screen(screen, chosen)
        load_owners(self, self.ctx, screen)

    def _bulk(self, bulk: BulkEdit) -> None:
        release = self.state.release
        self._bulk_worker(release.id, release.name, bulk, False)

    @work(thread=True, group="writes", exit_on_error=False)
    def _bulk_worker(self, release_id: int, release: str, bulk: BulkEdit, force: bool) -> None:
        """Assign the group's items, unless one changed since the dialog opened (then ask)."""
        service = self.ctx.service
        try:
            if not force:
                now = service.items.items_by_keys(release_id, sorted(bulk.seen))
                changed = [i for i in now if i.row_version != bulk.seen.get(i.key)]
                if changed:
                    self.post_message(BulkConflict(bulk, changed))
                    return
            add_owner_if_new(service, bulk.choice)
            result = service.items.bulk_update(
                release, bulk.scope, ItemChange(owner=bulk.choice.handle)
            )
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        who = f"@{bulk.choice.handle}" if bulk.choice.handle else "nobody"
        what = f"{bulk.title}: {len(bulk.seen)} items"
        self.post_message(ReleaseChanged(f"{what} → {who} ({len(result.changed)} changed)"))

    @on(BulkConflict)
    def _bulk_conflict(self, message: BulkConflict) -> None:
        from tracker.tui.screens.confirm_screen import ConfirmScreen

        message.stop()
        stored = [i for i in message.changed if not i.archived]
        self.state.take(stored)
        self.post_message(ItemsChanged(stored))
        bulk = message.bulk

        def chosen(yes: bool | None) -> None:
            if yes:
                seen = {**bulk.seen, **{i.key: i.row_version for i in message.changed}}
                self._bulk(replace(bulk, seen=seen))

        question = conflict_question(bulk, message.changed)
        self.app.push_screen(ConfirmScreen(question, "Re-apply mine"), chosen)

    # --- undo, archive, waiver ---
    def undo(self) -> None:
        self._undo_worker(self.state.release.name)

    @work(thread=True, exclusive=True, group="undo", exit_on_error=False)
    def _undo_worker(self, release: str) -> None:
        try:
            events = self.ctx.service.undo.undo_last(release)
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        from tracker.domain.events import describe_event

        # an item's change by field and item; a sign-off (no item) as its history line says it
        what = ", ".join(
            sorted(
                {f"{e.action} of {e.item_key}" if e.item_key else describe_event(e) for e in events}
            )
        )
        self.post_message(ReleaseChanged(f"Undone: {what}"))

    def archive(self) -> None:
        from tracker.tui.screens.confirm_screen import ConfirmScreen

        name = self.state.release.name
        question = f"Archive release “{name}”? It leaves the release list; nothing is deleted."

        def chosen(yes: bool | None) -> None:
            if yes:
                self._archive_worker(name)

        self.app.push_screen(ConfirmScreen(question, "Archive"), chosen)

    @work(thread=True, exclusive=True, group="archive", exit_on_error=False)
    def _archive_worker(self, name: str) -> None:
        try:
            self.ctx.service.release_changes.archive_release(name)
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        self.post_message(ReleaseArchived(name))

    def request_waiver(self, item: ReleaseItem | None) -> None:
        """Ask for a waiver of ``item`` (None: the cursor is not on an item)."""
        from tracker.tui.screens.gonogo_dialogs import WaiverDialog, WaiverDraft

        if item is None:
            self.notify("Put the cursor on an item to request a waiver for it.", severity="warning")
            return
        name = self.state.release.name

        def chosen(draft: WaiverDraft | None) -> None:
            if draft is not None:
                self._waiver_worker(name, item.key, draft)

        self.app.push_screen(WaiverDialog(item, self.ctx.clock.today()), chosen)

    @work(thread=True, group="waiver", exit_on_error=False)
    def _waiver_worker(self, release: str, key: str, draft: Any) -> None:
        try:
            w = self.ctx.service.waivers.request_waiver(
                release,
                key,
                reason=draft.reason,
                control=draft.control,
                approver=draft.approver,
                expires_on=draft.expires_on,
            )
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        self.post_message(ReleaseChanged(f"Waiver #{w.id} on {key} requested from @{w.approver}"))
