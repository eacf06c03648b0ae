"""The checklist's search and filters: what the user types or picks becomes an ``ItemFilter``,
handed to ``apply`` (the screen's ``set_filter``, which rebuilds the tree at once: a jump
from the summary puts the cursor on an item right after clearing the filter)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from tracker.domain.progress import ItemFilter
from tracker.tui.context import AppContext
from tracker.tui.controllers.base import Controller
from tracker.tui.release_state import ReleaseState

if TYPE_CHECKING:
    from tracker.tui.widgets.search_box import SearchBox


class Filters(Controller):
    """``mount_search`` puts the search box on screen (it is made on first use)."""

    def __init__(
        self,
        ctx: AppContext,
        state: ReleaseState,
        apply: Callable[[ItemFilter], None],
        mount_search: Callable[[SearchBox], Awaitable[object]],
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state
        self.apply = apply
        self.mount_search = mount_search
        self.search_box: SearchBox | None = None

    def set(self, item_filter: ItemFilter) -> None:
        self.apply(item_filter)

    async def open_search(self) -> None:
        if self.search_box is None:
            from tracker.tui.widgets.search_box import SearchBox  # on first use

            self.search_box = SearchBox(id="search")
            await self.mount_search(self.search_box)
        self.search_box.display = True
        self.search_box.focus()

    def hide_search(self) -> None:
        if self.search_box is not None:
            self.search_box.clear_and_hide()

    def search(self, text: str, *, submitted: bool = False) -> None:
        """Filter on ``text`` (once enter is pressed: only when it is not already)."""
        if not submitted or text != self.state.item_filter.text:
            self.set(replace(self.state.item_filter, text=text))

    def mine(self) -> None:
        """Only the user's items, or all again."""
        me, current = self.ctx.actor_handle, self.state.item_filter
        mine = current.owner is not None and current.owner.casefold() == me.casefold()
        self.set(replace(current, owner=None if mine else me))
        owners = self.state.view.owners
        if not mine and not any(o.handle.casefold() == me.casefold() for o in owners):
            self.notify(f"No owner @{me} in the registry: nothing is yours yet.", timeout=4)

    def choose(self) -> None:
        """The filter dialog (the search text is kept)."""
        from tracker.tui.screens.filter_screen import FilterScreen

        def chosen(item_filter: ItemFilter | None) -> None:
            if item_filter is not None:
                self.set(replace(item_filter, text=self.state.item_filter.text))

        owners = [o.handle for o in self.state.view.owners]
        self.app.push_screen(FilterScreen(self.state.item_filter, owners), chosen)

    def clear(self) -> None:
        """No search, no filter."""
        if self.search_box is not None:
            self.search_box.clear_and_hide()
            self.search_box.cancel()
        if self.state.item_filter.is_active():
            self.set(ItemFilter())
