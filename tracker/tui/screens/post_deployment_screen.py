"""The post-deployment view of a release: the task timeline from go-live (week 1, weeks 2-4,
monthly), what is due and overdue, and the checklist's keys for tasks (done, skip with a reason,
owner, evidence, notes). Before go-live it offers "release: go live".

Composed of the title line, the timeline, the task detail and, before go-live, the not-live
text; its controllers store task changes (``TaskEditor``, posting ``TaskChanged``), go live
(``GoLive``, posting ``WentLive``) and export. Reads run in a thread worker; a timer notices
changes made by other processes (the change token) and applies them without moving the cursor.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Tree

from tracker.domain.enums import TaskStatus
from tracker.domain.models import Owner, Release, ReleaseItem, ReleaseView, TaskOccurrence
from tracker.domain.progress import open_blocking
from tracker.errors import TrackerError
from tracker.tui.commands import bindings
from tracker.tui.context import AppContext
from tracker.tui.controllers.exports import Exporter
from tracker.tui.controllers.golive import GoLive, WentLive
from tracker.tui.controllers.task_edits import TaskChanged, TaskEditor
from tracker.tui.edits import WriteQueue
from tracker.tui.labels import Palette
from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.task_detail import TaskDetail
from tracker.tui.widgets.task_timeline import TaskRef, TaskTimeline, timeline_order
from tracker.tui.widgets.tasks_title import NotLive, TasksTitle

TASK_ACTIONS = frozenset({"toggle_done", "skip_task", "assign_owner", "add_evidence", "edit_notes"})
SHOWN_HERE = frozenset({"go-live", "export-retro"})
"""Hidden in the checklist's footer, but this view's main commands."""


def _task_bindings() -> list[Binding]:
    return [replace(b, show=True) if b.id in SHOWN_HERE else b for b in bindings("tasks")]


class PostDeploymentScreen(Screen[None]):
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
        # The checklist's undo key (same id: a remap applies here too) says what to do instead.
        Binding(
            "u,ctrl+z",
            "undo",
            "undo",
            show=False,
            id="undo",
            tooltip="Task changes are not undone: how to change a task back.",
        ),
    ]

    class Loaded(Message):
        def __init__(self, view: ReleaseView, token: int) -> None:
            super().__init__()
            self.view, self.token = view, token

    class LoadFailed(Message):
        def __init__(self, error: TrackerError) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self, ctx: AppContext, release: Release, *, cursor: tuple[str, date] | None = None
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self._release = release
        self._cursor = cursor
        """Where the cursor starts (task key, due date): a jump from the activity screen."""
        self.occurrences: dict[int, TaskOccurrence] = {}
        self.items: tuple[ReleaseItem, ...] = ()
        self.owners: tuple[Owner, ...] = ()
        self.token = -1
        self.loaded = False
        self.palette = Palette()
        self.writes = WriteQueue()
        self.editor = TaskEditor(ctx, release.name, self.writes)

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
        yield TasksTitle(id="tasks-title", demo=self.ctx.demo)
        with Container(id="tasks-body"):
            yield TaskTimeline(id="timeline")
            yield TaskDetail(id="task-detail")
        yield NotLive(id="tasks-not-live")
        yield KeyBar()
        yield self.editor
        yield GoLive(self.ctx)
        yield Exporter(self.ctx)

    def on_mount(self) -> None:
        self.palette = Palette.from_theme(self.app.get_css_variables())
        self.timeline.tz = self.ctx.clock.tz
        self.query_one("#tasks-body").display = False
        self.query_one(NotLive).display = False
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
            token = service.releases.change_token(name)
            if token == known:
                return
            view = service.releases.release_view(name)
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
        first = not self.loaded
        self.loaded = True
        live = view.release.golive_date is not None
        self.query_one("#tasks-body").display = live
        self.query_one(NotLive).display = not live
        self.refresh_bindings()
        self._take_occurrences({o.id: o for o in view.occurrences}, live, first)
        self._render_title()
        self._show_detail()

    def _take_occurrences(self, fresh: dict[int, TaskOccurrence], live: bool, first: bool) -> None:
        """Show a read's tasks: rebuild the timeline when the set changed, else update lines."""
        if not live:
            self.occurrences = fresh
            self.query_one(NotLive).show(self.items)
        elif first or set(fresh) != set(self.occurrences):
            self.occurrences = fresh
            self.timeline.show(
                list(fresh.values()),
                today=self.ctx.clock.today(),
                palette=self.palette,
                cursor_id=self._start_at() if first else None,
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

    def _start_at(self) -> int | None:
        """The occurrence a jump asked for, else the first open task."""
        for occ in self.occurrences.values():
            if (occ.task_key, occ.due_date) == self._cursor:
                return occ.id
        return self._first_open()

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
        self.query_one(TasksTitle).show(self.release, list(self.occurrences.values()), today)

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

    @on(TaskChanged)
    def _task_changed(self, message: TaskChanged) -> None:
        occ = message.occurrence
        shown = self.occurrences.get(occ.id)
        if message.force or shown is None or occ.row_version >= shown.row_version:
            self.occurrences[occ.id] = occ
            self.timeline.update_occurrence(occ)
            self._render_title()
            self._show_detail()

    # --- go live, export ---
    def action_go_live(self) -> None:
        self.query_one(GoLive).ask(self.release, open_blocking(self.items), ())

    @on(WentLive)
    def _went_live(self, message: WentLive) -> None:
        self._release = message.release
        self.loaded = False
        self.reload()

    # In the palette here too (as when this view shared the checklist's commands).
    def action_export_markdown(self) -> None:
        self.query_one(Exporter).ask(self.release.name, "md")

    def action_export_json(self) -> None:
        self.query_one(Exporter).ask(self.release.name, "json")

    def action_export_retro(self) -> None:
        self.query_one(Exporter).ask(self.release.name, "retro")

    # --- task commands: on the task under the cursor ---
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
        if occ is not None:
            self.editor.toggle_done(occ)

    def action_skip_task(self) -> None:
        occ = self._cursor_task("skip it")
        if occ is not None:
            self.editor.skip(occ)

    def action_assign_owner(self) -> None:
        occ = self._cursor_task("assign an owner")
        if occ is not None:
            self.editor.assign_owner(occ, self.owners, list(self.occurrences.values()))

    def action_add_evidence(self) -> None:
        occ = self._cursor_task("attach evidence")
        if occ is not None:
            self.editor.add_evidence(occ)

    def action_edit_notes(self) -> None:
        occ = self._cursor_task("edit its notes")
        if occ is not None:
            self.editor.edit_notes(occ)

    def action_undo(self) -> None:
        self.notify(
            "Undo covers checklist changes (p goes back to the checklist). To change a task "
            "back: space reopens a done task, k a skipped one; o, c and e change its owner, "
            "notes and evidence.",
            title="Task changes are not undone",
            severity="warning",
            timeout=8,
        )

    def action_close(self) -> None:
        self.dismiss(None)
