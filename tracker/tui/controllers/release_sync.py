"""Keeping the release screen in step with the database: a timer's poll notices changes made
by other processes (the change token) and reads just the items they touched, or the whole
release; a reload reads it all again (after a bulk change or an undo); the detail pane's
history is read when the cursor rests on an item.

Reads run in thread workers; what they bring is merged into the ``ReleaseState`` (never going
back in versions, never over an edit in flight) and posted up for the screen to draw.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.message import Message

from tracker.domain.models import CheckResult, ReleaseItem
from tracker.errors import TrackerError
from tracker.tui.context import AppContext
from tracker.tui.controllers.base import Controller
from tracker.tui.messages import HistoryLoaded, ItemsChanged, ItemsLoaded, ViewLoaded
from tracker.tui.release_state import ReleaseState

POLL_EVENTS = 40
"""A poll that finds fewer new audit events than this re-reads just their items."""
STRUCTURAL = frozenset({"item.add", "item.archive", "item.restore", "release.sync"})


class ChecksLoaded(Message):
    """An item's stored check results, oldest first (for the detail pane)."""

    def __init__(self, key: str, results: Sequence[CheckResult]) -> None:
        super().__init__()
        self.key, self.results = key, results


class ReleaseReread(Message):
    """The whole release was read again: redraw everything when its checklist's structure
    changed, else the ``changed`` items (and the header when the release itself changed)."""

    def __init__(self, changed: list[ReleaseItem] | None, *, release_changed: bool = False) -> None:
        super().__init__()
        self.changed = changed
        """None: the structure changed."""
        self.release_changed = release_changed


class PeersChanged(Message):
    """Other people changed these items (their lines flash)."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__()
        self.keys = keys


class ReleaseSync(Controller):
    def __init__(self, ctx: AppContext, state: ReleaseState) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state

    def poll(self) -> None:
        release = self.state.release
        self._poll_worker(release.id, release.name, self.state.token)

    def reload(self) -> None:
        """Read the whole release again now (after a bulk change or an undo)."""
        self._reload_worker(self.state.release.id, self.state.release.name)

    # Separate groups: a poll must never cancel a pending full reload (exclusive workers
    # cancel the ones of their group that have not started yet).
    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll_worker(self, release_id: int, name: str, known: int) -> None:
        try:
            token = self.ctx.service.releases.change_token(name)
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
            token = self.ctx.service.releases.change_token(
                name
            )  # before the view: nothing is missed
            view = self.ctx.service.releases.release_view(name)
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

        Runs in the poll's thread and only reads the state's items. This user's own changes
        come back too (the read is cheap, and undo is only applied through it); applying them
        is a no-op when the screen already shows them.
        """
        events = self.ctx.service.items.release_history(name, limit=POLL_EVENTS)
        fresh = [e for e in events if e.id > known]
        if len(fresh) == len(events) or any(
            e.item_key is None or e.action in STRUCTURAL for e in fresh
        ):
            return None
        keys = {e.item_key for e in fresh if e.item_key}
        if any(k not in self.state.items for k in keys):
            return None
        by: dict[str, int] = {}
        for event in fresh:
            if event.actor != self.ctx.actor:
                by[event.actor] = by.get(event.actor, 0) + 1
        return self.ctx.service.items.items_by_keys(release_id, sorted(keys)), by

    @on(ItemsLoaded)
    def _items_loaded(self, message: ItemsLoaded) -> None:
        message.stop()
        state = self.state
        if any(i.key not in state.items or i.archived for i in message.items):
            self.reload()
            return
        state.token = max(state.token, message.token)
        changed = state.newer(message.items)
        if changed:
            state.take(changed)
            self.post_message(ItemsChanged(changed))
        self._peers_changed(changed, message.by)

    def _peers_changed(self, changed: list[ReleaseItem], by: dict[str, int]) -> None:
        """Say who else changed things (``3 changes by ana``) and flash their lines."""
        theirs = [i for i in changed if i.updated_by != self.ctx.actor]
        if not by or not theirs:
            return
        self.post_message(PeersChanged([i.key for i in theirs]))
        said = ", ".join(
            f"{n} change{'s' if n > 1 else ''} by {who}" for who, n in sorted(by.items())
        )
        self.notify(said, title="Team", timeout=4)

    @on(ViewLoaded)
    def _view_loaded(self, message: ViewLoaded) -> None:
        message.stop()
        view = message.view
        if view.release.id != self.state.release.id:
            return  # another release was opened meanwhile
        release_changed = view.release != self.state.release
        changed = self.state.take_view(view, message.token)
        if changed is not None:
            self.state.take(changed)
        self.post_message(ReleaseReread(changed, release_changed=release_changed))

    # --- the detail pane's history ---
    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load_history(self, name: str, key: str) -> None:
        """The item's audit events, then (when it has been verified) its check results."""
        try:
            events = self.ctx.service.items.item_history(name, key)
        except TrackerError:
            return
        self.post_message(HistoryLoaded(key, events))
        item = self.state.items.get(key)
        if item is not None and item.latest_check is not None:
            try:
                results = self.ctx.service.verification.check_history(name, key)
            except TrackerError:
                return
            self.post_message(ChecksLoaded(key, results))
