"""The main screen: one release's checklist, the item detail beside it, search and filters.

Widgets (header; the checklist pane: tree and detail; status line, key bar; the search box and
verification progress on first use) and controllers sharing one ``ReleaseState``
(``tracker.tui.controllers``: edits, group jobs, verification, filters, keeping in step with the
database). The controllers post what changed (``ItemsChanged``, ``ReleaseReread``...) and the
screen has the pane draw it, re-rendering only the lines touched and never moving the cursor or
touching open dialogs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import Widget

from tracker.domain.models import Release, ReleaseItem, ReleaseView
from tracker.domain.progress import ItemFilter, open_blocking
from tracker.tui.commands import bindings
from tracker.tui.context import AppContext
from tracker.tui.controllers.exports import Exporter
from tracker.tui.controllers.filters import Filters
from tracker.tui.controllers.golive import GoLive, WentLive
from tracker.tui.controllers.item_edits import ItemEditor
from tracker.tui.controllers.release_jobs import ReleaseJobs
from tracker.tui.controllers.release_sync import (
    ChecksLoaded,
    PeersChanged,
    ReleaseReread,
    ReleaseSync,
)
from tracker.tui.controllers.verify import Verifier, mark_stale_results
from tracker.tui.edits import WriteQueue
from tracker.tui.labels import Palette
from tracker.tui.messages import HistoryLoaded, ItemsChanged, ReleaseChanged, RunningChanged
from tracker.tui.release_state import ReleaseState
from tracker.tui.widgets.checklist_pane import ChecklistPane
from tracker.tui.widgets.checklist_tree import ChecklistTree
from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.release_header import ReleaseHeader
from tracker.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tracker.tui.widgets.search_box import SearchBox  # mounted on first use


class ReleaseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("release")  # type: ignore[assignment]

    def __init__(
        self, ctx: AppContext, view: ReleaseView, token: int = 0, *, classes: str | None = None
    ) -> None:
        super().__init__(classes=classes)
        self.ctx = ctx
        self.state = ReleaseState(view, token)
        self.editor = ItemEditor(ctx, self.state)
        self.jobs = ReleaseJobs(ctx, self.state)
        self.pane = ChecklistPane(
            ctx,
            self.state,
            load_history=lambda key: self.sync.load_history(self.release.name, key),
            show_counters=self._render_counters,
            id="body",
        )
        self.checklist, self.detail = self.pane.checklist, self.pane.detail
        self.verifier = Verifier(ctx, self.state, self._mount_above_status, self.detail)
        self.filters = Filters(ctx, self.state, self.set_filter, self._mount_above_status)
        self.sync = ReleaseSync(ctx, self.state)

    # --- what it shows (``state``), as tests and the app read it ---
    @property
    def view(self) -> ReleaseView:
        return self.state.view

    @property
    def items(self) -> dict[str, ReleaseItem]:
        return self.state.items

    @property
    def item_filter(self) -> ItemFilter:
        return self.state.item_filter

    @property
    def writes(self) -> WriteQueue:
        return self.state.writes

    @property
    def release(self) -> Release:
        return self.state.release

    @property
    def verifying(self) -> bool:
        """A verification run is in progress (until its results are stored and shown)."""
        return self.verifier.active

    def compose(self) -> ComposeResult:
        yield ReleaseHeader(id="release-header", demo=self.ctx.demo, database=self.ctx.database)
        yield self.pane
        # The search box and the verification progress are mounted when first used.
        yield StatusLine(id="status-line")
        yield KeyBar()
        yield from (self.editor, self.jobs, self.verifier, self.sync, self.filters)
        yield GoLive(self.ctx)
        yield Exporter(self.ctx)

    async def _mount_above_status(self, widget: Widget) -> None:
        """The search box and the verification progress, above the status line."""
        await self.mount(widget, before=self.query_one(StatusLine))

    def on_mount(self) -> None:
        self.pane.palette = Palette.from_theme(self.app.get_css_variables())
        mark_stale_results(self.ctx, self.checklist, self.detail)
        self.pane.render_all()
        self.checklist.focus()
        self.set_interval(self.ctx.poll_interval, self._poll, name="poll")
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: Theme) -> None:
        self.pane.palette = Palette.from_theme(self.app.get_css_variables())
        self.checklist.relabel(palette=self.pane.palette)

    # --- drawing what the controllers changed ---
    def _render_counters(self, shown: int | None = None) -> None:
        items = list(self.items.values())
        self.query_one(ReleaseHeader).show(self.release, items, self.ctx.clock.today())
        if shown is None:
            shown = len(self.checklist.visible_keys)
        self.query_one(StatusLine).show(self.item_filter, shown, len(items))

    @on(ItemsChanged)
    def _items_changed(self, message: ItemsChanged) -> None:
        self.pane.draw_items(message.items, message.detail)

    @on(ReleaseReread)
    def _release_reread(self, message: ReleaseReread) -> None:
        if message.changed is None:
            self.pane.render_all()
            return
        self.pane.draw_items(message.changed)
        if message.release_changed:
            self._render_counters()

    @on(PeersChanged)
    def _peers_changed(self, message: PeersChanged) -> None:
        self.checklist.flash(message.keys)

    @on(RunningChanged)
    def _running_changed(self, message: RunningChanged) -> None:
        self.pane.show_running(message.keys, redraw=message.redraw_detail)

    @on(HistoryLoaded)
    def _history_loaded(self, message: HistoryLoaded) -> None:
        self.detail.show_history(message.key, message.events, self.ctx.clock.tz)

    @on(ChecksLoaded)
    def _checks_loaded(self, message: ChecksLoaded) -> None:
        self.detail.show_check_history(message.key, message.results, self.ctx.clock.tz)

    @on(ChecklistTree.ItemToggled)
    def _item_clicked(self, event: ChecklistTree.ItemToggled) -> None:
        if item := self.items.get(event.key):
            self.editor.toggle(item)

    # --- switching releases, keeping up with other processes ---
    def show_release(self, view: ReleaseView, token: int) -> None:
        """Open another release in place (the tree is rebuilt; filters are cleared)."""
        self.state.open(view, token)
        self.verifier.check_variables()
        self.filters.hide_search()
        self.checklist.cursor_line = -1
        self.pane.render_all()
        self.checklist.cursor_line = 0
        self.checklist.scroll_home(animate=False, immediate=True)
        self.checklist.focus()

    def _poll(self) -> None:
        self.sync.poll()

    def reload(self) -> None:
        """Read the whole release again now (after a bulk change or an undo)."""
        self.sync.reload()

    @on(ReleaseChanged)
    def _release_changed(self, message: ReleaseChanged) -> None:
        self.reload()
        if message.note:
            self.notify(message.note, timeout=4)

    def action_toggle_detail(self) -> None:
        shown = self.detail.display = not self.detail.display
        if not shown:
            self.checklist.focus()
        self.notify("Detail pane shown" if shown else "Detail pane hidden (i shows it)", timeout=2)

    # --- search and filters ---
    def set_filter(self, item_filter: ItemFilter) -> None:
        self.state.item_filter = item_filter
        self.pane.render_all()

    async def action_search(self) -> None:
        await self.filters.open_search()

    def on_search_box_search(self, message: SearchBox.Search) -> None:
        self.filters.search(message.text, submitted=message.submitted)
        if message.submitted:
            self.checklist.focus()

    def action_filter_mine(self) -> None:
        self.filters.mine()

    def action_filter(self) -> None:
        self.filters.choose()

    def action_clear_filter(self) -> None:
        if not self.detail.has_focus:
            self.filters.clear()
        self.checklist.focus()

    # --- item commands: on the item under the cursor, as shown now ---
    def _cursor_item(self, verb: str) -> ReleaseItem | None:
        item = self.checklist.cursor_item()
        if item is None:
            self.notify(f"Move the cursor to an item to {verb}.", severity="warning", timeout=3)
        return item

    def action_toggle_done(self) -> None:
        ref = self.checklist.cursor_ref
        if ref is not None and ref.kind != "item":
            node = self.checklist.cursor_node
            if node is not None:
                node.toggle()
        elif ref is not None and ref.key in self.items:
            self.editor.toggle(self.items[ref.key])

    def action_set_status(self) -> None:
        if item := self._cursor_item("set its status"):
            self.editor.choose_status(item)

    def action_mark_na(self) -> None:
        if item := self._cursor_item("mark it N/A"):
            self.editor.mark_na(item)

    def action_assign_owner(self) -> None:
        if item := self._cursor_item("assign an owner"):
            self.editor.assign_owner(item)

    def action_add_evidence(self) -> None:
        if item := self._cursor_item("attach evidence"):
            self.editor.add_evidence(item)

    def action_edit_notes(self) -> None:
        if item := self._cursor_item("edit its notes"):
            self.editor.edit_notes(item)

    def action_set_due_date(self) -> None:
        if item := self._cursor_item("set its due date"):
            self.editor.set_due_date(item)

    def action_bulk_assign(self) -> None:
        if ref := self.checklist.cursor_group():
            members = self.checklist.items_under(ref)
            self.jobs.bulk_assign(ref.key, self.checklist.node_title(ref), members)

    def action_request_waiver(self) -> None:
        ref = self.checklist.cursor_ref
        on_item = ref is not None and ref.kind == "item"
        self.jobs.request_waiver(self.items.get(ref.key) if ref is not None and on_item else None)

    # --- verification ---
    async def action_verify_item(self) -> None:
        await self.verifier.verify_at(self.checklist)

    async def action_verify_group(self) -> None:
        await self.verifier.verify_at(self.checklist, group=True)

    async def action_verify_release(self) -> None:
        await self.verifier.verify_release()

    # --- release-wide commands ---
    def action_undo(self) -> None:
        self.jobs.undo()

    def action_archive_release(self) -> None:
        self.jobs.archive()

    def action_summary(self) -> None:
        from tracker.tui import navigation
        from tracker.tui.screens.summary_screen import SummaryScreen

        async def chosen(jump: navigation.Jump | None) -> None:
            if jump is not None:
                await navigation.go(self.app, jump)  # type: ignore[arg-type]

        self.app.push_screen(SummaryScreen(self.ctx, self.release.name), chosen)

    def action_go_no_go(self) -> None:
        from tracker.tui.screens.gonogo_screen import GoNoGoScreen

        self.app.push_screen(GoNoGoScreen(self.ctx, self.release.name))

    def action_go_live(self) -> None:
        blocking = open_blocking(self.items.values())
        self.query_one(GoLive).ask(self.release, blocking, self.view.signoff_gaps)

    @on(WentLive)
    def _went_live(self, message: WentLive) -> None:
        self.reload()
        from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen

        if not isinstance(self.app.screen, PostDeploymentScreen):
            self.app.push_screen(PostDeploymentScreen(self.ctx, message.release))

    def action_post_deployment(self) -> None:
        # Imported on first use: the post-deployment view is not on the path to the first paint.
        from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen

        self.app.push_screen(PostDeploymentScreen(self.ctx, self.release))

    def action_export_markdown(self) -> None:
        self.query_one(Exporter).ask(self.release.name, "md")

    def action_export_json(self) -> None:
        self.query_one(Exporter).ask(self.release.name, "json")

    def action_export_retro(self) -> None:
        self.query_one(Exporter).ask(self.release.name, "retro")
