"""The main screen: one release's checklist, the item detail beside it, search and filters.

Keeps the release's items as its state, renders them into the tree, and keeps them in step with
the database: its own writes re-render only the affected lines; a timer notices changes made by
other processes and applies them without moving the cursor or touching open dialogs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Input, Tree

from tracker.domain.models import Release, ReleaseItem, ReleaseView
from tracker.domain.progress import ItemFilter, filter_items
from tracker.errors import TrackerError
from tracker.tui.commands import bindings
from tracker.tui.context import AppContext
from tracker.tui.controllers.exports import Exporter
from tracker.tui.controllers.golive import GoLive, WentLive
from tracker.tui.edits import WriteQueue
from tracker.tui.labels import Palette
from tracker.tui.messages import HistoryLoaded, ItemsLoaded, ViewLoaded
from tracker.tui.screens.gonogo_actions import GoNoGoActions
from tracker.tui.screens.release_actions import ReleaseActions
from tracker.tui.screens.verify_actions import ChecksLoaded, VerifyActions
from tracker.tui.widgets.checklist_tree import ChecklistTree, NodeRef
from tracker.tui.widgets.item_detail import ItemDetail
from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.release_header import ReleaseHeader
from tracker.tui.widgets.status_line import StatusLine

SEARCH_DELAY = 0.12
"""Seconds of typing pause before the search re-filters the tree."""
HISTORY_DELAY = 0.05
POLL_EVENTS = 40
"""A poll that finds fewer new audit events than this re-reads just their items."""
STRUCTURAL = frozenset({"item.add", "item.archive", "item.restore", "release.sync"})


class ReleaseScreen(GoNoGoActions, VerifyActions, ReleaseActions, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("release")  # type: ignore[assignment]

    def __init__(
        self, ctx: AppContext, view: ReleaseView, token: int = 0, *, classes: str | None = None
    ) -> None:
        super().__init__(classes=classes)
        self.ctx = ctx
        self.view = view
        self.items: dict[str, ReleaseItem] = {i.key: i for i in view.active_items}
        self.item_filter = ItemFilter()
        self.token = token
        self.palette = Palette()
        self._search_timer: Timer | None = None
        self._history_timer: Timer | None = None
        self.writes = WriteQueue()

    @property
    def release(self) -> Release:
        return self.view.release

    @property
    def checklist(self) -> ChecklistTree:
        return self.query_one("#checklist", ChecklistTree)

    @property
    def detail(self) -> ItemDetail:
        return self.query_one("#detail", ItemDetail)

    def compose(self) -> ComposeResult:
        yield ReleaseHeader(id="release-header", demo=self.ctx.demo, database=self.ctx.database)
        with Container(id="body"):
            yield ChecklistTree(id="checklist")
            yield ItemDetail(id="detail")
        # The search input is mounted when first used (start-up time).
        yield StatusLine(id="status-line")
        yield KeyBar()
        yield GoLive(self.ctx)
        yield Exporter(self.ctx)

    def on_mount(self) -> None:
        self.palette = Palette.from_theme(self.app.get_css_variables())
        self.setup_verification()
        self._render_all()
        self.checklist.focus()
        self.set_interval(self.ctx.poll_interval, self._poll, name="poll")
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: Theme) -> None:
        self.palette = Palette.from_theme(self.app.get_css_variables())
        self.checklist.relabel(palette=self.palette)

    # --- rendering ---
    def _visible(self) -> list[ReleaseItem]:
        return filter_items(self.items.values(), self.item_filter, self.ctx.clock.today())

    def _render_all(self, cursor_key: str | None = None) -> None:
        """Rebuild the tree (filter change, new release, structural change)."""
        visible = self._visible()
        self.checklist.show(
            list(self.items.values()),
            visible,
            today=self.ctx.clock.today(),
            palette=self.palette,
            cursor_key=cursor_key,
        )
        self._render_counters(len(visible))
        self._show_detail()

    def _render_counters(self, shown: int | None = None) -> None:
        items = list(self.items.values())
        self.query_one(ReleaseHeader).show(self.release, items, self.ctx.clock.today())
        if shown is None:
            shown = len(self.checklist.visible_keys)
        self.query_one(StatusLine).show(self.item_filter, shown, len(items))

    def apply_items(self, changed: list[ReleaseItem]) -> None:
        """Take stored item states into the view and re-render only what they touch."""
        if not changed:
            return
        for item in changed:
            self.items[item.key] = item
        by_key = {i.key: i for i in changed}
        self.view = replace(self.view, items=tuple(by_key.get(i.key, i) for i in self.view.items))
        visible = [i.key for i in self._visible()]
        if visible != self.checklist.visible_keys:
            self._render_all()
            return
        self.checklist.update_items(changed)
        self._render_counters(len(visible))
        if self.detail.item_key in by_key:
            self._show_detail()

    def _show_detail(self) -> None:
        ref = self.checklist.cursor_ref
        detail = self.detail
        if ref is None:
            detail.show_empty("Nothing matches the filter." if self.items else "No items.")
            return
        if ref.kind == "item":
            item = self.items[ref.key]
            detail.show_item(item, self.ctx.clock.today(), self.ctx.clock.tz)
            if self._history_timer is not None:
                self._history_timer.stop()
            self._history_timer = self.set_timer(
                HISTORY_DELAY,
                lambda: self._load_history(self.release.id, self.release.name, ref.key),
            )
            return
        detail.show_node(self.checklist.node_title(ref), self.checklist.items_under(ref))

    @on(Tree.NodeHighlighted, "#checklist")
    def _cursor_moved(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        self._show_detail()

    @on(Tree.NodeSelected, "#checklist")
    def _node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        data = event.node.data
        if data is not None and data.kind == "item":
            self.detail.focus()
        else:
            event.node.toggle()

    @on(ChecklistTree.ItemToggled)
    def _item_clicked(self, event: ChecklistTree.ItemToggled) -> None:
        self.toggle_item(event.key)

    # --- switching releases ---
    def show_release(self, view: ReleaseView, token: int) -> None:
        """Open another release in place (the tree is rebuilt; filters are cleared)."""
        self.view, self.token = view, token
        self.items = {i.key: i for i in view.active_items}
        self.item_filter = ItemFilter()
        self._hide_search()
        self.checklist.cursor_line = -1
        self._render_all()
        self.checklist.cursor_line = 0
        self.checklist.scroll_home(animate=False, immediate=True)
        self.checklist.focus()

    # --- keeping up with other processes ---
    def _poll(self) -> None:
        self._poll_worker(self.release.id, self.release.name, self.token)

    def reload(self) -> None:
        """Read the whole release again now (after a bulk change or an undo)."""
        self._reload_worker(self.release.id, self.release.name)

    # Separate groups: a poll must never cancel a pending full reload (exclusive workers
    # cancel the ones of their group that have not started yet).
    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll_worker(self, release_id: int, name: str, known: int) -> None:
        try:
            token = self.ctx.service.change_token(name)
            if token == known:
                return
            found = self._changed_items(release_id, name, known)
            if found is not None:
                items, by = found
                self.post_message(ItemsLoaded(items, token, by))
                return
        except TrackerError:
            return  # e.g. the database is busy: try again at the next tick
        self._read_view(release_id, name)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload_worker(self, release_id: int, name: str) -> None:
        self._read_view(release_id, name)

    def _read_view(self, release_id: int, name: str) -> None:
        try:
            token = self.ctx.service.change_token(name)  # before the view: nothing is missed
            view = self.ctx.service.release_view(name)
        except TrackerError:
            return
        if view.release.id == release_id:
            self.post_message(ViewLoaded(view, token))

    def _changed_items(
        self, release_id: int, name: str, known: int
    ) -> tuple[list[ReleaseItem], dict[str, int]] | None:
        """The items touched by the audit events after ``known``, read in one query, and how
        many changes each other person made; None when a full read is needed (many events,
        release-level or structural changes).

        Runs in the poll's thread and only reads ``self.items``. This user's own changes come
        back too (the read is cheap, and undo is only applied through it); applying them is a
        no-op when the screen already shows them.
        """
        events = self.ctx.service.release_history(name, limit=POLL_EVENTS)
        fresh = [e for e in events if e.id > known]
        if len(fresh) == len(events) or any(
            e.item_key is None or e.action in STRUCTURAL for e in fresh
        ):
            return None
        keys = {e.item_key for e in fresh if e.item_key}
        if any(k not in self.items for k in keys):
            return None
        by: dict[str, int] = {}
        for event in fresh:
            if event.actor != self.ctx.actor:
                by[event.actor] = by.get(event.actor, 0) + 1
        return self.ctx.service.items_by_keys(release_id, sorted(keys)), by

    @on(ItemsLoaded)
    def _items_loaded(self, message: ItemsLoaded) -> None:
        if any(i.key not in self.items or i.archived for i in message.items):
            self.reload()
            return
        self.token = max(self.token, message.token)
        changed = [
            item
            for item in message.items
            if item != self.items[item.key]
            and item.row_version >= self.items[item.key].row_version
            and item.key not in self.writes.pending  # shown as the user changed it
        ]
        self.apply_items(changed)
        self._peers_changed(changed, message.by)

    def _peers_changed(self, changed: list[ReleaseItem], by: dict[str, int]) -> None:
        """Say who else changed things (``3 changes by ana``) and flash their lines."""
        theirs = [i for i in changed if i.updated_by != self.ctx.actor]
        if not by or not theirs:
            return
        self.checklist.flash(i.key for i in theirs)
        said = ", ".join(
            f"{n} change{'s' if n > 1 else ''} by {who}" for who, n in sorted(by.items())
        )
        self.notify(said, title="Team", timeout=4)

    @on(ViewLoaded)
    def _view_loaded(self, message: ViewLoaded) -> None:
        view = message.view
        if view.release.id != self.release.id:
            return  # another release was opened meanwhile
        self.token = max(self.token, message.token)
        fresh = {i.key: i for i in view.active_items}
        structure = [(i.key, i.group_key, i.category_key, i.position) for i in view.active_items]
        current = [(i.key, i.group_key, i.category_key, i.position) for i in self.view.active_items]
        release_changed = view.release != self.release
        if structure != current:
            self.view, self.items = view, fresh
            self._render_all()
            return
        # A read can overtake this screen's own newer write: never go back in versions.
        changed = [
            item
            for key, item in fresh.items()
            if item != self.items[key]
            and item.row_version >= self.items[key].row_version
            and key not in self.writes.pending
        ]
        self.view = replace(view, items=tuple(self.items.get(i.key, i) for i in view.items))
        self.apply_items(changed)
        if release_changed:
            self._render_counters()

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _load_history(self, release_id: int, name: str, key: str) -> None:
        try:
            events = self.ctx.service.item_history(name, key)
        except TrackerError:
            return
        self.post_message(HistoryLoaded(key, events))
        item = self.items.get(key)
        if item is not None and item.latest_check is not None:
            try:
                results = self.ctx.service.check_history(name, key)
            except TrackerError:
                return
            self.post_message(ChecksLoaded(key, results))

    @on(HistoryLoaded)
    def _history_loaded(self, message: HistoryLoaded) -> None:
        self.detail.show_history(message.key, message.events, self.ctx.clock.tz)

    def action_toggle_detail(self) -> None:
        detail = self.detail
        detail.display = not detail.display
        if not detail.display:
            self.checklist.focus()
        self.notify(
            "Detail pane shown" if detail.display else "Detail pane hidden (i shows it)",
            timeout=2,
        )

    # --- search and filters ---
    def set_filter(self, item_filter: ItemFilter) -> None:
        self.item_filter = item_filter
        self._render_all()

    def _search(self) -> Input | None:
        found = self.query("#search")
        return found.first(Input) if found else None

    def _hide_search(self) -> None:
        search = self._search()
        if search is not None:
            search.value = ""
            search.display = False

    async def action_search(self) -> None:
        search = self._search()
        if search is None:
            search = Input(
                placeholder="search item text, ids, notes… (enter: to the list, esc: clear)",
                id="search",
            )
            await self.mount(search, before=self.query_one(StatusLine))
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        value = event.value
        self._search_timer = self.set_timer(
            SEARCH_DELAY, lambda: self.set_filter(replace(self.item_filter, text=value))
        )

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        if event.value != self.item_filter.text:
            self.set_filter(replace(self.item_filter, text=event.value))
        if not event.value:
            event.input.display = False
        self.checklist.focus()

    def action_filter_mine(self) -> None:
        me = self.ctx.actor_handle
        mine = self.item_filter.owner is not None and (
            self.item_filter.owner.casefold() == me.casefold()
        )
        self.set_filter(replace(self.item_filter, owner=None if mine else me))
        if not mine and not any(o.handle.casefold() == me.casefold() for o in self.view.owners):
            self.notify(f"No owner @{me} in the registry: nothing is yours yet.", timeout=4)

    def action_filter(self) -> None:
        from tracker.tui.screens.filter_screen import FilterScreen

        owners = [o.handle for o in self.view.owners]
        self.app.push_screen(FilterScreen(self.item_filter, owners), self._filter_chosen)

    def _filter_chosen(self, item_filter: ItemFilter | None) -> None:
        if item_filter is not None:
            self.set_filter(replace(item_filter, text=self.item_filter.text))

    def action_clear_filter(self) -> None:
        if self.detail.has_focus:
            self.checklist.focus()
            return
        self._hide_search()
        if self._search_timer is not None:
            self._search_timer.stop()
        if self.item_filter.is_active():
            self.set_filter(ItemFilter())
        self.checklist.focus()

    # --- go-live, post-deployment, export ---
    def action_go_live(self) -> None:
        from tracker.domain.progress import open_blocking

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
