"""The post-deployment view of a release: the task timeline from go-live (week 1, weeks 2-4,
monthly), what is due and overdue, and the checklist's keys for tasks (done, skip with a reason,
owner, evidence, notes). Before go-live it offers "release: go live".

Reads and writes run in thread workers that post one message each; a timer notices changes made
by other processes (the change token) and applies them without moving the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Static, Tree

from tracker.domain.enums import TaskStatus
from tracker.domain.models import Owner, Release, ReleaseItem, ReleaseView, TaskOccurrence
from tracker.domain.progress import open_blocking
from tracker.errors import TrackerError
from tracker.tui.commands import bindings
from tracker.tui.context import AppContext
from tracker.tui.edits import Edit, EditConflict, EditFailed, EditSaved, WriteQueue
from tracker.tui.labels import Palette
from tracker.tui.screens.item_actions import add_owner_if_new, field_text
from tracker.tui.screens.schedule_actions import ScheduleActions, WentLive
from tracker.tui.task_labels import task_counts
from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.release_header import golive_text
from tracker.tui.widgets.task_detail import TaskDetail
from tracker.tui.widgets.task_timeline import TaskRef, TaskTimeline, timeline_order

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService

NOT_LIVE = (
    "Not live yet.\n\n"
    "When the release goes live, press L (release: go live) to record the date. tracker then "
    "schedules the template's post-deployment work from it: week 1 validation (with daily "
    "tasks), weeks 2-4 optimisation, and a monthly review that goes on; what is due and overdue "
    "shows here and in `tracker tasks`."
)


def task_load(occs: Sequence[TaskOccurrence]) -> list[tuple[str, int]]:
    """Open tasks per owner, most loaded first (the owner dialog shows it)."""
    load: dict[str, int] = {}
    for occ in occs:
        if occ.status is TaskStatus.TODO:
            owner = occ.owner or "unassigned"
            load[owner] = load.get(owner, 0) + 1
    return sorted(load.items(), key=lambda kv: (-kv[1], kv[0].casefold()))


TASK_ACTIONS = frozenset({"toggle_done", "skip_task", "assign_owner", "add_evidence", "edit_notes"})
SHOWN_HERE = frozenset({"go-live", "export-retro"})
"""Hidden in the checklist's footer, but this view's main commands."""


def _task_bindings() -> list[Binding]:
    return [replace(b, show=True) if b.id in SHOWN_HERE else b for b in bindings("tasks")]


class PostDeploymentScreen(ScheduleActions):
    DEFAULT_CSS = """
    #tasks-title {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    #tasks-body {
        height: 1fr;
        layout: horizontal;
    }
    #timeline {
        width: 3fr;
        height: 1fr;
        padding: 0;
        scrollbar-size-vertical: 1;
    }
    #task-detail {
        width: 2fr;
        height: 1fr;
        padding: 0 1;
        border-left: vkey $panel-lighten-2;
        scrollbar-size-vertical: 1;
    }
    #task-detail:focus-within, #task-detail:focus {
        border-left: vkey $accent;
    }
    #tasks-not-live {
        height: 1fr;
        padding: 1 2;
    }
    PostDeploymentScreen.-narrow #tasks-body {
        layout: vertical;
    }
    PostDeploymentScreen.-narrow #timeline {
        width: 1fr;
        height: 3fr;
    }
    PostDeploymentScreen.-narrow #task-detail {
        width: 1fr;
        height: 2fr;
        border-left: none;
        border-top: hkey $panel-lighten-2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *_task_bindings(),
        Binding("escape,p", "close", "back", tooltip="Back to the checklist."),
    ]

    class Loaded(Message):
        def __init__(self, view: ReleaseView, token: int) -> None:
            super().__init__()
            self.view, self.token = view, token

    class LoadFailed(Message):
        def __init__(self, error: TrackerError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, ctx: AppContext, release: Release) -> None:
        super().__init__()
        self.ctx = ctx
        self._release = release
        self.occurrences: dict[int, TaskOccurrence] = {}
        self.items: tuple[ReleaseItem, ...] = ()
        self.owners: tuple[Owner, ...] = ()
        self.token = -1
        self.loaded = False
        self.palette = Palette()
        self.writes = WriteQueue()

    @property
    def release(self) -> Release:
        return self._release

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Before go-live there are no tasks: their keys leave the footer.
        return not (action in TASK_ACTIONS and self._release.golive_date is None)

    @property
    def timeline(self) -> TaskTimeline:
        return self.query_one("#timeline", TaskTimeline)

    @property
    def detail(self) -> TaskDetail:
        return self.query_one("#task-detail", TaskDetail)

    def compose(self) -> ComposeResult:
        yield Static(id="tasks-title")
        with Container(id="tasks-body"):
            yield TaskTimeline(id="timeline")
            yield TaskDetail(id="task-detail")
        yield Static(id="tasks-not-live")
        yield KeyBar()

    def on_mount(self) -> None:
        self.palette = Palette.from_theme(self.app.get_css_variables())
        self.timeline.tz = self.ctx.clock.tz
        self.query_one("#tasks-body").display = False
        self.query_one("#tasks-not-live").display = False
        self._render_title()
        self._load(self.release.name, -1)
        self.set_interval(self.ctx.poll_interval, self._poll, name="poll")
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: Theme) -> None:
        self.palette = Palette.from_theme(self.app.get_css_variables())
        if self.occurrences and self.release.golive_date is not None:
            self.timeline.show(
                list(self.occurrences.values()), today=self.ctx.clock.today(), palette=self.palette
            )

    # --- loading and keeping up ---
    def _poll(self) -> None:
        if self.loaded:
            self._load(self.release.name, self.token)

    def reload(self) -> None:
        self._load(self.release.name, -1)

    @work(thread=True, exclusive=True, group="tasks-load", exit_on_error=False)
    def _load(self, name: str, known: int) -> None:
        service = self.ctx.service
        try:
            token = service.change_token(name)
            if token == known:
                return
            view = service.release_view(name)
        except TrackerError as exc:
            if known < 0:
                self.post_message(self.LoadFailed(exc))
            return
        self.post_message(self.Loaded(view, token))

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.notify(str(message.error), severity="error")
        self.dismiss(None)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        view = message.view
        self.token = max(self.token, message.token)
        self._release = view.release
        self.items = view.active_items
        self.owners = view.owners
        fresh = {o.id: o for o in view.occurrences}
        first = not self.loaded
        self.loaded = True
        live = view.release.golive_date is not None
        self.query_one("#tasks-body").display = live
        self.query_one("#tasks-not-live").display = not live
        self.refresh_bindings()
        if not live:
            self.occurrences = fresh
            self._render_not_live()
        elif first or set(fresh) != set(self.occurrences):
            self.occurrences = fresh
            self.timeline.show(
                list(fresh.values()),
                today=self.ctx.clock.today(),
                palette=self.palette,
                cursor_id=self._first_open() if first else None,
            )
            if first:
                self.timeline.focus()
        else:
            for occ_id, occ in fresh.items():
                if occ != self.occurrences[occ_id] and (
                    occ.row_version >= self.occurrences[occ_id].row_version
                ):
                    self.occurrences[occ_id] = occ
                    self.timeline.update_occurrence(occ)
        self._render_title()
        self._show_detail()

    def _first_open(self) -> int | None:
        """Where the cursor starts: on what needs doing, the first open task by due date."""
        ordered = timeline_order(list(self.occurrences.values()))
        return next((o.id for o in ordered if o.status is TaskStatus.TODO), None)

    @on(TaskTimeline.Built)
    def _timeline_built(self) -> None:
        self._show_detail()

    # --- rendering ---
    def _render_title(self) -> None:
        today = self.ctx.clock.today()
        release = self.release
        parts: list[Content | str | tuple[str, str]] = []
        if self.ctx.demo:
            parts += [(" DEMO ", "bold reverse $warning"), " "]
        parts += [("Post-deployment", "bold"), " · ", (release.name, "bold")]
        parts += ["  ·  ", golive_text(release, today)]
        if release.golive_forced_reason:
            parts += ["  ", (" forced ", "reverse $warning")]
        if self.occurrences and release.golive_date is not None:
            counts = task_counts(list(self.occurrences.values()), today)
            parts += ["  ·  ", f"{counts.closed}/{counts.total} closed"]
            if counts.overdue:
                parts += ["  ·  ", (f"{counts.overdue} overdue", "bold $error")]
            if counts.due_today:
                parts += ["  ·  ", (f"{counts.due_today} due today", "bold $warning")]
        self.query_one("#tasks-title", Static).update(Content.assemble(*parts))

    def _render_not_live(self) -> None:
        blocking = open_blocking(self.items)
        parts: list[Content | str | tuple[str, str]] = [
            (NOT_LIVE.split("\n", 1)[0], "bold"),
            "\n",
            NOT_LIVE.split("\n", 1)[1],
            "\n\n",
        ]
        if blocking:
            parts += [
                (f"{len(blocking)} blocking items are still open", "bold $error"),
                ": going live now needs a reason, recorded for the retrospective.",
            ]
        else:
            parts += [("Every blocking item is done or N/A: ready to go live.", "bold $success")]
        parts += ["\n\n", ("[go live]", "$accent @click=screen.go_live"), "   "]
        parts += [("[back to the checklist]", "$accent @click=screen.close")]
        self.query_one("#tasks-not-live", Static).update(Content.assemble(*parts))

    def _show_detail(self) -> None:
        if self.release.golive_date is None or not self.occurrences:
            return
        ref = self.timeline.cursor_ref
        today, tz = self.ctx.clock.today(), self.ctx.clock.tz
        if ref is None:
            self.detail.show_message(Content.styled("No tasks scheduled.", "$text-muted"))
        elif ref.kind == "task":
            occ = self.occurrences.get(int(ref.key))
            if occ is not None:
                self.detail.show_occurrence(occ, today, tz, self.release.golive_date)
        else:
            members = self.timeline.occurrences_under(ref)
            title = (
                members[0].phase_title
                if ref.kind == "phase" and members
                else f"{members[0].phase_title} · due {members[0].due_date:%a %d %b %Y}"
                if members
                else ref.key
            )
            self.detail.show_group(title, members, today)

    @on(Tree.NodeHighlighted, "#timeline")
    def _cursor_moved(self, event: Tree.NodeHighlighted[TaskRef]) -> None:
        self._show_detail()

    @on(Tree.NodeSelected, "#timeline")
    def _node_selected(self, event: Tree.NodeSelected[TaskRef]) -> None:
        data = event.node.data
        if data is not None and data.kind == "task":
            self.detail.focus()
        else:
            event.node.toggle()

    # --- go live (ScheduleActions) ---
    def blocking_open(self) -> list[ReleaseItem]:
        return open_blocking(self.items)

    def went_live(self, message: WentLive) -> None:
        self._release = message.release
        self.loaded = False
        self.reload()

    # --- task commands ---
    def _cursor_task(self, verb: str) -> TaskOccurrence | None:
        if self.release.golive_date is None:
            self.notify("Not live yet: press L to go live first.", severity="warning", timeout=3)
            return None
        occ = self.timeline.cursor_occurrence()
        if occ is None:
            self.notify(f"Move the cursor to a task to {verb}.", severity="warning", timeout=3)
        return occ

    def action_toggle_done(self) -> None:
        ref = self.timeline.cursor_ref
        if ref is not None and ref.kind != "task":
            node = self.timeline.cursor_node
            if node is not None:
                node.toggle()
            return
        occ = self._cursor_task("tick it")
        if occ is None:
            return
        if occ.status is TaskStatus.DONE:
            self._save(occ, "Reopened", "status", "todo", status=TaskStatus.TODO)
        else:
            self._save(occ, "Done", "status", "done", status=TaskStatus.DONE)

    def action_skip_task(self) -> None:
        from tracker.tui.screens.skip_screen import SkipScreen

        occ = self._cursor_task("skip it")
        if occ is None:
            return
        if occ.status is TaskStatus.SKIPPED:
            self._save(occ, "Reopened", "status", "todo", status=TaskStatus.TODO)
            return

        def chosen(reason: str | None) -> None:
            if reason:
                mine = f"skipped ({reason})"
                self._save(
                    occ, "Skipped", "status", mine, status=TaskStatus.SKIPPED, skip_reason=reason
                )

        self.app.push_screen(SkipScreen(occ), chosen)

    def action_assign_owner(self) -> None:
        from tracker.tui.screens.owner_screen import OwnerChoice, OwnerScreen

        occ = self._cursor_task("assign an owner")
        if occ is None:
            return

        def chosen(choice: OwnerChoice | None) -> None:
            if choice is None or choice.handle == occ.owner:
                return
            who = f"@{choice.handle}" if choice.handle else "nobody"
            self._save(
                occ, f"Assigned to {who}", "owner", who, owner=choice.handle, new_owner=choice
            )

        screen = OwnerScreen(
            self.owners,
            task_load(list(self.occurrences.values())),
            current=occ.owner,
            title=f"Owner of “{occ.text}” (due {occ.due_date.isoformat()})",
        )
        self.app.push_screen(screen, chosen)
        self._load_owners(screen)

    @work(thread=True, group="owners", exit_on_error=False)
    def _load_owners(self, screen: Screen[Any]) -> None:
        from tracker.tui.screens.owner_screen import OwnersLoaded

        try:
            owners = self.ctx.service.list_owners()
        except TrackerError:
            return
        screen.post_message(OwnersLoaded(owners))

    def action_add_evidence(self) -> None:
        from tracker.tui.screens.evidence_screen import EvidenceRequest, EvidenceScreen

        occ = self._cursor_task("attach evidence")
        if occ is None:
            return

        def chosen(request: EvidenceRequest | None) -> None:
            if request is not None and request.remove_id is None:
                mine = f"add {request.title or ''} <{request.url}>"
                evidence = [(request.url, request.title or None)]
                self._save(occ, "Evidence added", "evidence", mine, evidence=evidence)

        self.app.push_screen(EvidenceScreen(occ, removable=False), chosen)

    def action_edit_notes(self) -> None:

        occ = self._cursor_task("edit its notes")
        if occ is not None:
            self._edit_notes(occ)

    def _edit_notes(self, occ: TaskOccurrence, draft: str | None = None) -> None:
        from tracker.tui.screens.notes_screen import NotesScreen

        def chosen(text: str | None) -> None:
            # Against the notes as they were when the editor opened, not after a refresh.
            if text is not None and text != (occ.notes or ""):
                self._save(occ, "Notes saved", "notes", text, notes=text or None)

        self.app.push_screen(NotesScreen(occ, draft=draft), chosen)

    def action_close(self) -> None:
        self.dismiss(None)

    # --- writes ---
    def _save(
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
        from tracker.tui.screens.owner_screen import OwnerChoice

        name, occ_id = self.release.name, occ.id

        def write(service: TrackerService, expected: int | None) -> TaskOccurrence:
            if isinstance(new_owner, OwnerChoice):
                add_owner_if_new(service, new_owner)
            return service.update_occurrence(
                name, str(occ_id), expected_version=expected, **changes
            )

        def reread(service: TrackerService) -> TaskOccurrence:
            return service.occurrence(name, str(occ_id))

        key = f"task:{occ.id}"
        edit = Edit(
            key=key,
            label=label,
            base=occ,
            mine=mine,
            write=write,
            reread=reread,
            history=lambda service: [
                e
                for e in service.release_history(name, limit=40)
                if e.item_key in (occ.key, occ.task_key)
            ],
            theirs=lambda target: field_text(label, target),
            fields=(),
            note=f"{note}: {occ.text} ({occ.due_date:%b %d})",
            chained=key in self.writes.pending,
            payload=changes,
        )
        self._submit(edit)

    def _submit(self, edit: Edit) -> None:
        self._write_worker(edit, self.writes.ticket(edit.key))

    @work(thread=True, group="task-writes", exit_on_error=False)
    def _write_worker(self, edit: Edit, ticket: int) -> None:
        self.post_message(self.writes.run(self.ctx.service, edit, ticket))

    def _show_occurrence(self, occ: TaskOccurrence, *, force: bool = False) -> None:
        shown = self.occurrences.get(occ.id)
        if force or shown is None or occ.row_version >= shown.row_version:
            self.occurrences[occ.id] = occ
            self.timeline.update_occurrence(occ)
            self._render_title()
            self._show_detail()

    @on(EditSaved)
    def _saved(self, message: EditSaved) -> None:
        self.writes.done(message.edit.key)
        if isinstance(message.saved, TaskOccurrence):
            self._show_occurrence(message.saved)
        if message.edit.note:
            self.notify(message.edit.note, timeout=3)

    @on(EditFailed)
    def _save_failed(self, message: EditFailed) -> None:
        self.writes.done(message.edit.key)
        self.notify(str(message.error), title="Not saved", severity="error", timeout=6)

    @on(EditConflict)
    def _conflict(self, message: EditConflict) -> None:
        from tracker.tui.screens.conflict_screen import Choice, ConflictScreen

        edit, theirs = message.edit, message.theirs
        self.writes.done(edit.key)
        if isinstance(theirs, TaskOccurrence):
            self._show_occurrence(theirs, force=True)
        if message.quiet:
            return
        last = message.last

        def chosen(choice: Choice | None) -> None:
            if choice == "reapply":
                self._submit(edit.rebased(theirs))
            elif choice == "edit" and isinstance(theirs, TaskOccurrence):
                self._edit_notes(theirs, draft=edit.mine)

        now = self.ctx.clock.now()
        self.app.push_screen(ConflictScreen(edit, theirs, last, now), chosen)
