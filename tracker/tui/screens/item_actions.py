"""The release screen's commands: what each key does to the item (or group) under the cursor.

Toggling and picking a status are stored at once (about a millisecond on SQLite) so the line
changes before the next frame; changes made in a dialog, bulk changes, undo, exports and
archiving run in thread workers that post one result message each.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on, work

from tracker.domain.changes import ItemChange
from tracker.domain.enums import ItemStatus, NaReason
from tracker.domain.models import Owner, ReleaseItem
from tracker.domain.progress import owner_load
from tracker.errors import ConflictError, TrackerError
from tracker.tui.messages import (
    ItemSaved,
    JobFailed,
    ReleaseChanged,
    WriteFailed,
)
from tracker.tui.screens.release_parts import ReleaseScreenParts
from tracker.tui.widgets.checklist_tree import NodeRef


class ItemActions(ReleaseScreenParts):
    """Base of ``ReleaseScreen``: the item, group, export and undo commands."""

    # --- helpers ---
    def _cursor_item(self, verb: str) -> ReleaseItem | None:
        item = self.checklist.cursor_item()
        if item is None:
            self.notify(f"Move the cursor to an item to {verb}.", severity="warning", timeout=3)
        return item

    def _update(
        self, item: ReleaseItem, change: ItemChange, *, check_version: bool = True
    ) -> ReleaseItem:
        return self.ctx.service.update_item_by_key(
            self.release.id,
            item.key,
            change,
            expected_version=item.row_version if check_version else None,
        )

    def save_now(self, item: ReleaseItem, change: ItemChange) -> None:
        """Store a change on the UI thread: for single keystrokes that must feel instant."""
        try:
            saved = self._update(item, change)
        except TrackerError as exc:
            self._write_failed(item.key, exc)
            return
        self.apply_items([saved])

    def save_later(
        self,
        key: str,
        job: Callable[[], ReleaseItem],
        *,
        note: str | None = None,
        draft: str | None = None,
    ) -> None:
        self._save_worker(key, job, note, draft)

    @work(thread=True, group="writes", exit_on_error=False)
    def _save_worker(
        self, key: str, job: Callable[[], ReleaseItem], note: str | None, draft: str | None
    ) -> None:
        try:
            saved = job()
        except TrackerError as exc:
            self.post_message(WriteFailed(key, exc, draft))
            return
        self.post_message(ItemSaved(saved, note))

    @on(ItemSaved)
    def _item_saved(self, message: ItemSaved) -> None:
        self.apply_items([message.item])
        if message.note:
            self.notify(message.note, timeout=3)

    @on(WriteFailed)
    def _write_failed_message(self, message: WriteFailed) -> None:
        self._write_failed(message.key, message.error, message.draft)

    def _write_failed(self, key: str | None, error: TrackerError, draft: str | None = None) -> None:
        if not isinstance(error, ConflictError) or key is None:
            self.notify(str(error), title="Not saved", severity="error", timeout=6)
            return
        self.notify(str(error), title="Changed by someone else", severity="warning", timeout=8)
        try:
            fresh = self.ctx.service.item_by_key(self.release.id, key)
        except TrackerError:
            self.reload()
            return
        self.apply_items([fresh])
        if draft is not None:
            # Unsaved notes are never lost: offer them again over the new stored value.
            self._edit_notes(fresh, draft=draft)

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
            self.save_now(item, ItemChange(status=status))

    def action_set_status(self) -> None:
        from tracker.tui.screens.status_screen import StatusScreen

        item = self._cursor_item("set its status")
        if item is not None:
            self.app.push_screen(StatusScreen(item), lambda s: self._status_chosen(item.key, s))

    def _status_chosen(self, key: str, status: ItemStatus | None) -> None:
        item = self.items.get(key)
        if status is None or item is None or status is item.status:
            return
        if status is ItemStatus.NA:
            self._mark_na(item)
        else:
            self.save_now(item, ItemChange(status=status))

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
                self.save_later(
                    item.key, lambda: self._update(item, change), note=f"Marked N/A: {item.key}"
                )

        self.app.push_screen(NaScreen(item), chosen)

    # --- owner ---
    def action_assign_owner(self) -> None:
        from tracker.tui.screens.owner_screen import OwnerChoice, OwnerScreen

        item = self._cursor_item("assign an owner")
        if item is None:
            return

        def chosen(choice: OwnerChoice | None) -> None:
            if choice is not None:

                def job() -> ReleaseItem:
                    self._add_owner_if_new(choice)
                    return self._update(item, ItemChange(owner=choice.handle))

                who = f"@{choice.handle}" if choice.handle else "nobody"
                self.save_later(item.key, job, note=f"{item.key} assigned to {who}")

        screen = OwnerScreen(
            self._owners(),
            owner_load(self.items.values()),
            current=item.owner,
            title=f"Owner of “{item.text}”",
        )
        self.app.push_screen(screen, chosen)

    def _owners(self) -> list[Owner]:
        """The registry as it is now (others may have added owners since the release loaded)."""
        try:
            return self.ctx.service.list_owners()
        except TrackerError:
            return list(self.view.owners)

    def _add_owner_if_new(self, choice: object) -> None:
        from tracker.tui.screens.owner_screen import OwnerChoice

        assert isinstance(choice, OwnerChoice)
        if choice.new is not None and choice.handle is not None:
            self.ctx.service.add_owner(
                choice.handle, choice.new.name, email=choice.new.email, team=choice.new.team
            )

    def action_bulk_assign(self) -> None:
        from tracker.tui.screens.owner_screen import OwnerChoice, OwnerScreen

        ref = self.checklist.cursor_ref
        if ref is None:
            return
        if ref.kind == "item":
            ref = NodeRef("group", self.items[ref.key].group_key)
        members = self.checklist.items_under(ref)
        scope, title = ref.key, self.checklist.node_title(ref)
        name = self.release.name

        def chosen(choice: OwnerChoice | None) -> None:
            if choice is not None:
                self._bulk_worker(name, scope, choice, f"{title}: {len(members)} items")

        screen = OwnerScreen(
            self._owners(),
            owner_load(self.items.values()),
            current=None,
            title=f"Assign all {len(members)} items of “{title}”",
        )
        self.app.push_screen(screen, chosen)

    @work(thread=True, group="writes", exit_on_error=False)
    def _bulk_worker(self, release: str, scope: str, choice: object, what: str) -> None:
        from tracker.tui.screens.owner_screen import OwnerChoice

        assert isinstance(choice, OwnerChoice)
        try:
            self._add_owner_if_new(choice)
            result = self.ctx.service.bulk_update(release, scope, ItemChange(owner=choice.handle))
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        who = f"@{choice.handle}" if choice.handle else "nobody"
        self.post_message(ReleaseChanged(f"{what} → {who} ({len(result.changed)} changed)"))

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
                note = "Evidence removed"
            else:
                change = ItemChange(add_evidence=((request.url, request.title or None),))
                note = "Evidence added"
            self.save_later(
                item.key, lambda: self._update(item, change, check_version=False), note=note
            )

        self.app.push_screen(EvidenceScreen(item), chosen)

    def action_edit_notes(self) -> None:
        item = self._cursor_item("edit its notes")
        if item is not None:
            self._edit_notes(item)

    def _edit_notes(self, item: ReleaseItem, draft: str | None = None) -> None:
        from tracker.tui.screens.notes_screen import NotesScreen

        def chosen(text: str | None) -> None:
            fresh = self.items.get(item.key, item)
            if text is None or text == (fresh.notes or ""):
                return
            change = ItemChange(notes=text or None)
            self.save_later(
                item.key, lambda: self._update(fresh, change), note="Notes saved", draft=text
            )

        self.app.push_screen(NotesScreen(item, draft=draft), chosen)

    def action_set_due_date(self) -> None:
        from tracker.tui.screens.due_date_screen import DueDateScreen, DueDateUnchanged

        item = self._cursor_item("set its due date")
        if item is None:
            return

        def chosen(due: date | DueDateUnchanged | None) -> None:
            if not isinstance(due, DueDateUnchanged) and due != item.due_date:
                self.save_later(
                    item.key,
                    lambda: self._update(item, ItemChange(due_date=due)),
                    note=f"Due {due.isoformat()}" if due else "Due date cleared",
                )

        self.app.push_screen(DueDateScreen(item, self.ctx.clock.today()), chosen)
