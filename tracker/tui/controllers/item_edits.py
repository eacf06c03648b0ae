"""The release screen's item commands (done, status, N/A, owner, evidence, notes, due date)
and their compare-and-set writes.

Every edit is an ``Edit`` bound to the item as the user saw it when the key was pressed or the
dialog opened; it is shown at once (optimistic: held in the ``ReleaseState`` and posted up as
``ItemsChanged``) and stored in a worker, in the order made; the stored item (or, on a conflict,
what is stored, next to the user's value in the conflict dialog) replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on

from tracker.domain.changes import ItemChange
from tracker.domain.enums import ItemStatus, NaReason
from tracker.domain.models import ReleaseItem
from tracker.domain.progress import owner_load
from tracker.tui.context import AppContext
from tracker.tui.controllers.base import Controller
from tracker.tui.controllers.owners import add_owner_if_new, load_owners
from tracker.tui.edits import FIELDS, Edit, EditConflict, EditFailed, EditSaved, field_text
from tracker.tui.labels import STATUS_LABEL
from tracker.tui.messages import ItemsChanged
from tracker.tui.release_state import ReleaseState

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService
    from tracker.tui.screens.owner_screen import OwnerChoice


def optimistic(item: ReleaseItem, change: ItemChange) -> ReleaseItem:
    """``item`` as it will look once ``change`` is stored (drawn before the write returns)."""
    fields: dict[str, Any] = {}
    if isinstance(change.status, ItemStatus):
        fields["status"] = change.status
        if change.status is not ItemStatus.NA:
            fields["na_reason"] = fields["na_note"] = None
    if isinstance(change.na_reason, NaReason):
        fields["na_reason"] = change.na_reason
    if isinstance(change.na_note, str):
        fields["na_note"] = change.na_note
    if change.owner is None or isinstance(change.owner, str):
        fields["owner"] = change.owner
    if change.due_date is None or isinstance(change.due_date, date):
        fields["due_date"] = change.due_date
    if change.notes is None or isinstance(change.notes, str):
        fields["notes"] = change.notes
    return replace(item, **fields)


class ItemEditor(Controller):
    """Edits of the items of the release in ``state`` (``item`` arguments: as on screen)."""

    def __init__(self, ctx: AppContext, state: ReleaseState) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state

    # --- status ---
    def toggle(self, item: ReleaseItem) -> None:
        status = ItemStatus.TODO if item.status is ItemStatus.DONE else ItemStatus.DONE
        if status is ItemStatus.DONE and item.waiting_on:  # warned, not refused (the CLI is)
            self.notify(
                f"{item.key} is waiting on {', '.join(item.waiting_on)}: ticked anyway",
                title="Open dependencies",
                severity="warning",
            )
        self._set_status(item, status)

    def _set_status(self, item: ReleaseItem, status: ItemStatus) -> None:
        change = ItemChange(status=status)
        self.submit(
            self.item_edit(item, change, "status", STATUS_LABEL[status], payload=change), change
        )

    def choose_status(self, item: ReleaseItem) -> None:
        from tracker.tui.screens.status_screen import StatusScreen

        def chosen(status: ItemStatus | None) -> None:
            # ``item`` is the item as it was when the dialog opened, not after a refresh.
            if status is None or status is item.status:
                return
            if status is ItemStatus.NA:
                self.mark_na(item)
            else:
                self._set_status(item, status)

        self.app.push_screen(StatusScreen(item), chosen)

    def mark_na(self, item: ReleaseItem) -> None:
        from tracker.tui.screens.na_screen import NaScreen

        def chosen(result: tuple[NaReason, str] | None) -> None:
            if result is not None:
                reason, note = result
                change = ItemChange(status=ItemStatus.NA, na_reason=reason, na_note=note)
                mine = f"N/A ({reason.value}: {note})"
                edit = self.item_edit(
                    item, change, "status", mine, note=f"Marked N/A: {item.key}", payload=change
                )
                self.submit(edit, change)

        self.app.push_screen(NaScreen(item), chosen)

    # --- owner, evidence, notes, due date ---
    def assign_owner(self, item: ReleaseItem) -> None:
        from tracker.tui.screens.owner_screen import OwnerScreen

        def chosen(choice: OwnerChoice | None) -> None:
            if choice is None or choice.handle == item.owner:
                return
            who = f"@{choice.handle}" if choice.handle else "nobody"
            change = ItemChange(owner=choice.handle)
            edit = self.item_edit(
                item,
                change,
                "owner",
                who,
                note=f"{item.key} assigned to {who}",
                payload=change,
                before=lambda service: add_owner_if_new(service, choice),
            )
            self.submit(edit, change)

        screen = OwnerScreen(
            self.state.view.owners,
            owner_load(self.state.items.values()),
            current=item.owner,
            title=f"Owner of “{item.text}”",
        )
        self.app.push_screen(screen, chosen)
        load_owners(self, self.ctx, screen)

    def add_evidence(self, item: ReleaseItem) -> None:
        from tracker.tui.screens.evidence_screen import EvidenceRequest, EvidenceScreen

        def chosen(request: EvidenceRequest | None) -> None:
            if request is None:
                return
            if request.remove_id is not None:
                change = ItemChange(remove_evidence=(request.remove_id,))
                note, mine = "Evidence removed", f"remove link #{request.remove_id}"
            else:
                change = ItemChange(add_evidence=((request.url, request.title or None),))
                note, mine = "Evidence added", f"add {request.title or ''} <{request.url}>"
            edit = self.item_edit(item, change, "evidence", mine, note=note, payload=change)
            self.submit(edit)

        self.app.push_screen(EvidenceScreen(item), chosen)

    def edit_notes(self, item: ReleaseItem, draft: str | None = None) -> None:
        from tracker.tui.screens.notes_screen import NotesScreen

        def chosen(text: str | None) -> None:
            # Compared with, and sent against, the notes as they were when the editor opened.
            if text is None or text == (item.notes or ""):
                return
            change = ItemChange(notes=text or None)
            edit = self.item_edit(item, change, "notes", text, note="Notes saved", payload=change)
            self.submit(edit, change)

        self.app.push_screen(NotesScreen(item, draft=draft), chosen)

    def set_due_date(self, item: ReleaseItem) -> None:
        from tracker.tui.screens.due_date_screen import DueDateScreen, DueDateUnchanged

        def chosen(due: date | DueDateUnchanged | None) -> None:
            if not isinstance(due, DueDateUnchanged) and due != item.due_date:
                change = ItemChange(due_date=due)
                mine = due.isoformat() if due else "none"
                note = f"Due {due.isoformat()}" if due else "Due date cleared"
                self.submit(
                    self.item_edit(item, change, "due date", mine, note=note, payload=change),
                    change,
                )

        self.app.push_screen(DueDateScreen(item, self.ctx.clock.today()), chosen)

    # --- writes ---
    def item_edit(
        self,
        item: ReleaseItem,
        change: ItemChange,
        label: str,
        mine: str,
        *,
        note: str | None = None,
        payload: Any = None,
        before: Callable[[TrackerService], object] | None = None,
    ) -> Edit:
        """An edit of ``item`` as shown now (the version the user saw)."""
        release = self.state.release
        release_id, name, key = release.id, release.name, item.key

        def write(service: TrackerService, expected: int | None) -> ReleaseItem:
            if before is not None:
                before(service)
            return service.items.update_item_by_key(
                release_id, key, change, expected_version=expected
            )

        return Edit(
            key=key,
            label=label,
            base=item,
            mine=mine,
            write=write,
            reread=lambda service: service.items.item_by_key(release_id, key),
            history=lambda service: service.items.item_history(name, key),
            theirs=lambda target: field_text(label, target),
            fields=FIELDS[label],
            note=note,
            chained=key in self.state.writes.pending,
            payload=payload,
        )

    def submit(self, edit: Edit, change: ItemChange | None = None) -> None:
        """Show the change at once (when ``change`` can be drawn) and store it in a worker."""
        ticket = self.state.writes.ticket(edit.key)
        if change is not None and isinstance(edit.base, ReleaseItem):
            self._show(optimistic(edit.base, change))
        self.state.writes.submit(self.ctx.service, edit, ticket, self.post_message)

    def _show(self, item: ReleaseItem) -> None:
        self.state.take([item])
        self.post_message(ItemsChanged([item]))

    @on(EditSaved)
    def _edit_saved(self, message: EditSaved) -> None:
        message.stop()
        if isinstance(message.saved, ReleaseItem):
            self._show(message.saved)
        self.state.writes.done(message.edit.key)
        if message.edit.note:
            self.notify(message.edit.note, timeout=3)

    @on(EditFailed)
    def _edit_failed(self, message: EditFailed) -> None:
        message.stop()
        if isinstance(message.edit.base, ReleaseItem):
            self._show(message.edit.base)  # undo the optimistic display
        self.state.writes.done(message.edit.key)
        self.notify(str(message.error), title="Not saved", severity="error", timeout=6)

    @on(EditConflict)
    def _edit_conflict(self, message: EditConflict) -> None:
        from tracker.tui.screens.conflict_screen import Choice, ConflictScreen

        message.stop()
        edit, theirs = message.edit, message.theirs
        if isinstance(theirs, ReleaseItem):
            self._show(theirs)  # what is stored, in place of the optimistic display
        self.state.writes.done(edit.key)
        if message.quiet:
            return  # the edit before it was refused: that one asks

        def chosen(choice: Choice | None) -> None:
            if choice == "reapply":
                self.submit(edit.rebased(theirs), edit.payload)
            elif choice == "edit" and isinstance(theirs, ReleaseItem):
                self.edit_notes(theirs, draft=edit.mine)

        now = self.ctx.clock.now()
        self.app.push_screen(ConflictScreen(edit, theirs, message.last, now), chosen)
