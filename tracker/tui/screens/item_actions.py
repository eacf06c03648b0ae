"""The release screen's commands: what each key does to the item (or group) under the cursor.

Toggling and picking a status are stored at once (about a millisecond on SQLite) so the line
changes before the next frame; changes made in a dialog, bulk changes, undo, exports and
archiving run in thread workers that post one result message each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.message import Message
from textual.screen import Screen

from tracker.domain.changes import ItemChange
from tracker.domain.enums import ItemStatus, NaReason
from tracker.domain.models import ReleaseItem
from tracker.domain.progress import owner_load
from tracker.errors import TrackerError
from tracker.tui.controllers.owners import add_owner_if_new
from tracker.tui.edits import (
    FIELDS,
    Edit,
    EditConflict,
    EditFailed,
    EditSaved,
    WriteQueue,
    field_text,
)
from tracker.tui.labels import STATUS_LABEL
from tracker.tui.messages import JobFailed, ReleaseChanged
from tracker.tui.screens.release_parts import ReleaseScreenParts
from tracker.tui.widgets.checklist_tree import NodeRef

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService
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


class ItemActions(ReleaseScreenParts):
    """Base of ``ReleaseScreen``: the item, group, export and undo commands.

    Every edit is an ``Edit`` bound to the item as the user saw it when the key was pressed or
    the dialog opened; it is shown at once (optimistic) and stored in a worker, in order.
    """

    writes: WriteQueue

    # --- helpers ---
    def _cursor_item(self, verb: str) -> ReleaseItem | None:
        item = self.checklist.cursor_item()
        if item is None:
            self.notify(f"Move the cursor to an item to {verb}.", severity="warning", timeout=3)
        return item

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
        release_id, name, key = self.release.id, self.release.name, item.key

        def write(service: TrackerService, expected: int | None) -> ReleaseItem:
            if before is not None:
                before(service)
            return service.update_item_by_key(release_id, key, change, expected_version=expected)

        return Edit(
            key=key,
            label=label,
            base=item,
            mine=mine,
            write=write,
            reread=lambda service: service.item_by_key(release_id, key),
            history=lambda service: service.item_history(name, key),
            theirs=lambda target: field_text(label, target),
            fields=FIELDS[label],
            note=note,
            chained=key in self.writes.pending,
            payload=payload,
        )

    def submit(self, edit: Edit, change: ItemChange | None = None) -> None:
        """Show the change at once (when ``change`` can be drawn) and store it in a worker."""
        ticket = self.writes.ticket(edit.key)
        if change is not None and isinstance(edit.base, ReleaseItem):
            self.apply_items([optimistic(edit.base, change)])
        self._write_worker(edit, ticket)

    @work(thread=True, group="writes", exit_on_error=False)
    def _write_worker(self, edit: Edit, ticket: int) -> None:
        self.post_message(self.writes.run(self.ctx.service, edit, ticket))

    @on(EditSaved)
    def _edit_saved(self, message: EditSaved) -> None:
        self.writes.done(message.edit.key)
        if isinstance(message.saved, ReleaseItem):
            self.apply_items([message.saved])
        if message.edit.note:
            self.notify(message.edit.note, timeout=3)

    @on(EditFailed)
    def _edit_failed(self, message: EditFailed) -> None:
        self.writes.done(message.edit.key)
        if isinstance(message.edit.base, ReleaseItem):
            self.apply_items([message.edit.base])  # undo the optimistic display
        self.notify(str(message.error), title="Not saved", severity="error", timeout=6)

    @on(EditConflict)
    def _edit_conflict(self, message: EditConflict) -> None:
        from tracker.tui.screens.conflict_screen import Choice, ConflictScreen

        edit = message.edit
        self.writes.done(edit.key)
        theirs = message.theirs
        if isinstance(theirs, ReleaseItem):
            self.apply_items([theirs])  # what is stored, in place of the optimistic display
        if message.quiet:
            return  # the edit before it was refused: that one asks

        def chosen(choice: Choice | None) -> None:
            if choice == "reapply":
                self.submit(edit.rebased(theirs), edit.payload)
            elif choice == "edit" and isinstance(theirs, ReleaseItem):
                self._edit_notes(theirs, draft=edit.mine)

        now = self.ctx.clock.now()
        self.app.push_screen(ConflictScreen(edit, theirs, message.last, now), chosen)

    @on(ReleaseChanged)
    def _release_changed(self, message: ReleaseChanged) -> None:
        self.reload()
        if message.note:
            self.notify(message.note, timeout=4)

    # --- status ---
    def action_toggle_done(self) -> None:
        ref = self.checklist.cursor_ref
        if ref is None:
            return
        if ref.kind != "item":
            node = self.checklist.cursor_node
            if node is not None:
                node.toggle()
            return
        self.toggle_item(ref.key)

    def toggle_item(self, key: str) -> None:
        item = self.items.get(key)
        if item is not None:
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

    def action_set_status(self) -> None:
        from tracker.tui.screens.status_screen import StatusScreen

        item = self._cursor_item("set its status")
        if item is not None:
            self.app.push_screen(StatusScreen(item), lambda s: self._status_chosen(item, s))

    def _status_chosen(self, item: ReleaseItem, status: ItemStatus | None) -> None:
        # ``item`` is the item as it was when the dialog opened, not after a refresh.
        if status is None or status is item.status:
            return
        if status is ItemStatus.NA:
            self._mark_na(item)
        else:
            self._set_status(item, status)

    def action_mark_na(self) -> None:
        item = self._cursor_item("mark it N/A")
        if item is not None:
            self._mark_na(item)

    def _mark_na(self, item: ReleaseItem) -> None:
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

    # --- owner ---
    def action_assign_owner(self) -> None:
        from tracker.tui.screens.owner_screen import OwnerScreen

        item = self._cursor_item("assign an owner")
        if item is None:
            return

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
            self.view.owners,
            owner_load(self.items.values()),
            current=item.owner,
            title=f"Owner of “{item.text}”",
        )
        self.app.push_screen(screen, chosen)
        self._load_owners(screen)

    @work(thread=True, group="owners", exit_on_error=False)
    def _load_owners(self, screen: Screen[Any]) -> None:
        """The registry as it is now (others may have added owners since the release loaded)."""
        from tracker.tui.screens.owner_screen import OwnersLoaded

        try:
            owners = self.ctx.service.list_owners()
        except TrackerError:
            return
        screen.post_message(OwnersLoaded(owners))

    def action_bulk_assign(self) -> None:
        from tracker.tui.screens.owner_screen import OwnerScreen

        ref = self.checklist.cursor_ref
        if ref is None:
            return
        if ref.kind == "item":
            ref = NodeRef("group", self.items[ref.key].group_key)
        members = self.checklist.items_under(ref)
        scope, title = ref.key, self.checklist.node_title(ref)
        seen = {i.key: i.row_version for i in members}

        def chosen(choice: OwnerChoice | None) -> None:
            if choice is not None:
                bulk = BulkEdit(scope, title, seen, choice)
                self._bulk_worker(self.release.id, self.release.name, bulk, False)

        screen = OwnerScreen(
            self.view.owners,
            owner_load(self.items.values()),
            current=None,
            title=f"Assign all {len(members)} items of “{title}”",
        )
        self.app.push_screen(screen, chosen)
        self._load_owners(screen)

    @work(thread=True, group="writes", exit_on_error=False)
    def _bulk_worker(self, release_id: int, release: str, bulk: BulkEdit, force: bool) -> None:
        """Assign the group's items, unless one changed since the dialog opened (then ask)."""
        service = self.ctx.service
        try:
            if not force:
                now = service.items_by_keys(release_id, sorted(bulk.seen))
                changed = [i for i in now if i.row_version != bulk.seen.get(i.key)]
                if changed:
                    self.post_message(BulkConflict(bulk, changed))
                    return
            add_owner_if_new(service, bulk.choice)
            result = service.bulk_update(release, bulk.scope, ItemChange(owner=bulk.choice.handle))
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        who = f"@{bulk.choice.handle}" if bulk.choice.handle else "nobody"
        what = f"{bulk.title}: {len(bulk.seen)} items"
        self.post_message(ReleaseChanged(f"{what} → {who} ({len(result.changed)} changed)"))

    @on(BulkConflict)
    def _bulk_conflict(self, message: BulkConflict) -> None:
        from tracker.tui.screens.confirm_screen import ConfirmScreen

        self.apply_items([i for i in message.changed if not i.archived])
        lines = "\n".join(
            f"  {i.key}: {i.updated_by or 'someone'} set it to {STATUS_LABEL[i.status]}"
            + (f", @{i.owner}" if i.owner else "")
            for i in message.changed[:8]
        )
        more = f"\n  … and {len(message.changed) - 8} more" if len(message.changed) > 8 else ""
        question = (
            f"{len(message.changed)} of {len(message.bulk.seen)} items changed since you opened "
            f"the dialog; nothing was assigned.\n{lines}{more}\nAssign all of them anyway?"
        )
        bulk = message.bulk

        def chosen(yes: bool | None) -> None:
            if yes:
                fresh = replace(
                    bulk, seen={**bulk.seen, **{i.key: i.row_version for i in message.changed}}
                )
                self._bulk_worker(self.release.id, self.release.name, fresh, False)

        self.app.push_screen(ConfirmScreen(question, "Re-apply mine"), chosen)

    # --- evidence, notes, due date ---
    def action_add_evidence(self) -> None:
        from tracker.tui.screens.evidence_screen import EvidenceRequest, EvidenceScreen

        item = self._cursor_item("attach evidence")
        if item is None:
            return

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

    def action_edit_notes(self) -> None:
        item = self._cursor_item("edit its notes")
        if item is not None:
            self._edit_notes(item)

    def _edit_notes(self, item: ReleaseItem, draft: str | None = None) -> None:
        from tracker.tui.screens.notes_screen import NotesScreen

        def chosen(text: str | None) -> None:
            # Compared with, and sent against, the notes as they were when the editor opened.
            if text is None or text == (item.notes or ""):
                return
            change = ItemChange(notes=text or None)
            edit = self.item_edit(item, change, "notes", text, note="Notes saved", payload=change)
            self.submit(edit, change)

        self.app.push_screen(NotesScreen(item, draft=draft), chosen)

    def action_set_due_date(self) -> None:
        from tracker.tui.screens.due_date_screen import DueDateScreen, DueDateUnchanged

        item = self._cursor_item("set its due date")
        if item is None:
            return

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
