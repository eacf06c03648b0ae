"""The post-deployment view's task commands (done, skip, owner, evidence, notes) and their
compare-and-set writes: each change is an ``Edit`` against the task as the user saw it, stored
in a worker, in order; what was stored (or, on a conflict, what is stored) is posted up as
``TaskChanged``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import on
from textual.message import Message

from tracker.domain.enums import TaskStatus
from tracker.domain.models import Owner, TaskOccurrence
from tracker.tui.context import AppContext
from tracker.tui.controllers.base import Controller
from tracker.tui.controllers.owners import add_owner_if_new, load_owners
from tracker.tui.edits import Edit, EditConflict, EditFailed, EditSaved, WriteQueue, field_text

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService
    from tracker.tui.screens.owner_screen import OwnerChoice


class TaskChanged(Message):
    """``occurrence`` is stored as shown (``force``: even if older than the one on screen)."""

    def __init__(self, occurrence: TaskOccurrence, *, force: bool = False) -> None:
        super().__init__()
        self.occurrence, self.force = occurrence, force


def task_load(occs: Sequence[TaskOccurrence]) -> list[tuple[str, int]]:
    """Open tasks per owner, most loaded first (the owner dialog shows it)."""
    load: dict[str, int] = {}
    for occ in occs:
        if occ.status is TaskStatus.TODO:
            owner = occ.owner or "unassigned"
            load[owner] = load.get(owner, 0) + 1
    return sorted(load.items(), key=lambda kv: (-kv[1], kv[0].casefold()))


class TaskEditor(Controller):
    """Changes to the tasks of release ``release_name``."""

    def __init__(self, ctx: AppContext, release_name: str, writes: WriteQueue) -> None:
        super().__init__()
        self.ctx = ctx
        self.release_name = release_name
        self.writes = writes

    # --- commands (``occ`` is the task as on screen when the key was pressed) ---
    def toggle_done(self, occ: TaskOccurrence) -> None:
        if occ.status is TaskStatus.DONE:
            self.save(occ, "Reopened", "status", "todo", status=TaskStatus.TODO)
        else:
            self.save(occ, "Done", "status", "done", status=TaskStatus.DONE)

    def skip(self, occ: TaskOccurrence) -> None:
        from tracker.tui.screens.skip_screen import SkipScreen

        if occ.status is TaskStatus.SKIPPED:
            self.save(occ, "Reopened", "status", "todo", status=TaskStatus.TODO)
            return

        def chosen(reason: str | None) -> None:
            if reason:
                mine = f"skipped ({reason})"
                self.save(
                    occ, "Skipped", "status", mine, status=TaskStatus.SKIPPED, skip_reason=reason
                )

        self.app.push_screen(SkipScreen(occ), chosen)

    def assign_owner(
        self, occ: TaskOccurrence, owners: Sequence[Owner], tasks: Sequence[TaskOccurrence]
    ) -> None:
        from tracker.tui.screens.owner_screen import OwnerScreen

        def chosen(choice: OwnerChoice | None) -> None:
            if choice is None or choice.handle == occ.owner:
                return
            who = f"@{choice.handle}" if choice.handle else "nobody"
            self.save(
                occ, f"Assigned to {who}", "owner", who, owner=choice.handle, new_owner=choice
            )

        screen = OwnerScreen(
            tuple(owners),
            task_load(tasks),
            current=occ.owner,
            title=f"Owner of “{occ.text}” (due {occ.due_date.isoformat()})",
        )
        self.app.push_screen(screen, chosen)
        load_owners(self, self.ctx, screen)

    def add_evidence(self, occ: TaskOccurrence) -> None:
        from tracker.tui.screens.evidence_screen import EvidenceRequest, EvidenceScreen

        def chosen(request: EvidenceRequest | None) -> None:
            if request is not None and request.remove_id is None:
                mine = f"add {request.title or ''} <{request.url}>"
                evidence = [(request.url, request.title or None)]
                self.save(occ, "Evidence added", "evidence", mine, evidence=evidence)

        self.app.push_screen(EvidenceScreen(occ, removable=False), chosen)

    def edit_notes(self, occ: TaskOccurrence, draft: str | None = None) -> None:
        from tracker.tui.screens.notes_screen import NotesScreen

        def chosen(text: str | None) -> None:
            # Against the notes as they were when the editor opened, not after a refresh.
            if text is not None and text != (occ.notes or ""):
                self.save(occ, "Notes saved", "notes", text, notes=text or None)

        self.app.push_screen(NotesScreen(occ, draft=draft), chosen)

    # --- writes ---
    def save(
        self,
        occ: TaskOccurrence,
        note: str,
        label: str,
        mine: str,
        *,
        new_owner: object = None,
        **changes: Any,
    ) -> None:
        """Store a change to ``occ`` as the user saw it (compare-and-set), in a worker."""
        self.submit(self._edit(occ, note, label, mine, new_owner, changes))

    def _edit(
        self,
        occ: TaskOccurrence,
        note: str,
        label: str,
        mine: str,
        new_owner: object,
        changes: dict[str, Any],
    ) -> Edit:
        from tracker.tui.screens.owner_screen import OwnerChoice

        name, occ_id = self.release_name, occ.id

        def write(service: TrackerService, expected: int | None) -> TaskOccurrence:
            if isinstance(new_owner, OwnerChoice):
                add_owner_if_new(service, new_owner)
            return service.occurrences.update_occurrence(
                name, str(occ_id), expected_version=expected, **changes
            )

        def reread(service: TrackerService) -> TaskOccurrence:
            return service.occurrences.occurrence(name, str(occ_id))

        key = f"task:{occ.id}"
        return Edit(
            key=key,
            label=label,
            base=occ,
            mine=mine,
            write=write,
            reread=reread,
            history=lambda service: [
                e
                for e in service.items.release_history(name, limit=40)
                if e.item_key in (occ.key, occ.task_key)
            ],
            theirs=lambda target: field_text(label, target),
            fields=(),
            note=f"{note}: {occ.text} ({occ.due_date:%b %d})",
            chained=key in self.writes.pending,
            payload=changes,
        )

    def submit(self, edit: Edit) -> None:
        ticket = self.writes.ticket(edit.key)
        self.writes.submit(self.ctx.service, edit, ticket, self.post_message)

    @on(EditSaved)
    def _saved(self, message: EditSaved) -> None:
        message.stop()
        self.writes.done(message.edit.key)
        if isinstance(message.saved, TaskOccurrence):
            self.post_message(TaskChanged(message.saved))
        if message.edit.note:
            self.notify(message.edit.note, timeout=3)

    @on(EditFailed)
    def _save_failed(self, message: EditFailed) -> None:
        message.stop()
        self.writes.done(message.edit.key)
        self.notify(str(message.error), title="Not saved", severity="error", timeout=6)

    @on(EditConflict)
    def _conflict(self, message: EditConflict) -> None:
        from tracker.tui.screens.conflict_screen import Choice, ConflictScreen

        message.stop()
        edit, theirs = message.edit, message.theirs
        self.writes.done(edit.key)
        if isinstance(theirs, TaskOccurrence):
            self.post_message(TaskChanged(theirs, force=True))
        if message.quiet:
            return
        last = message.last

        def chosen(choice: Choice | None) -> None:
            if choice == "reapply":
                self.submit(edit.rebased(theirs))
            elif choice == "edit" and isinstance(theirs, TaskOccurrence):
                self.edit_notes(theirs, draft=edit.mine)

        now = self.ctx.clock.now()
        self.app.push_screen(ConflictScreen(edit, theirs, last, now), chosen)
