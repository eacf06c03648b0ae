"""The command palette's jumps: items (by text or key), owners and releases.

``ctrl+p`` then a few letters: an item puts the checklist cursor on it, an owner filters the
checklist to their items, a release opens it (``navigation.go``). Items and owners come from the
release the checklist already holds; release names are read once per palette opening in a
thread worker. None of it calls the database on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.worker import WorkerCancelled, WorkerFailed

from tracker.domain.inert import one_line
from tracker.errors import TrackerError
from tracker.tui import navigation
from tracker.tui.navigation import Jump

if TYPE_CHECKING:
    from textual.fuzzy import Matcher

    from tracker.domain.models import Owner, ReleaseItem
    from tracker.tui.context import AppContext

MIN_QUERY = 2
"""Letters typed before items are offered (one letter matches nearly every item)."""
RELEASES = 500
"""Release names read for the palette (the most recently changed first)."""
TEXT = 70
"""Characters of an item's text shown in a hit."""


def _host(provider: Provider) -> navigation.Navigator:
    return cast(navigation.Navigator, provider.app)


def _go(host: navigation.Navigator, jump: Jump) -> Callable[[], Any]:
    return partial(navigation.go, host, jump)


def _short(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= TEXT else text[: TEXT - 1] + "…"


def _best(matcher: Matcher, *candidates: str) -> float:
    return max((matcher.match(c) for c in candidates if c), default=0.0)


class ItemProvider(Provider):
    """Items of the open release, by text or key: the cursor goes to the item."""

    def _items(self) -> Sequence[ReleaseItem]:
        screen = _host(self).release_screen
        return list(screen.items.values()) if screen is not None else []

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < MIN_QUERY:
            return
        matcher = self.matcher(query.strip())
        host = _host(self)
        for item in self._items():
            text = _short(item.text)
            score = _best(matcher, text, item.key)
            if score <= 0:
                continue
            if item.key.casefold() == query.strip().casefold():
                score = 1.0  # an exact id comes first
            yield Hit(
                score,
                Content.assemble(
                    ("item: ", "$text-muted"),
                    matcher.highlight(text),
                    ("  ", ""),
                    matcher.highlight(item.key).stylize("$text-muted"),
                ),
                _go(host, Jump("item", item.key)),
                text=f"item: {text}",
                # help is markup: a title's "[" must stay text
                help=escape(f"{one_line(item.category_title)} › {one_line(item.group_title)}"),  # noqa: RUF001
            )


class OwnerProvider(Provider):
    """Owners in the registry (as the open release read it): the checklist shows their items."""

    def _owners(self) -> Sequence[Owner]:
        screen = _host(self).release_screen
        return screen.view.owners if screen is not None else ()

    async def search(self, query: str) -> Hits:
        query = query.strip().removeprefix("@")
        if not query:
            return
        matcher = self.matcher(query)
        host = _host(self)
        for owner in self._owners():
            score = _best(matcher, owner.handle, owner.name)
            if score <= 0:
                continue
            yield Hit(
                score,
                Content.assemble(
                    ("owner: @", "$text-muted"),
                    matcher.highlight(one_line(owner.handle)),
                    ("  ", ""),
                    matcher.highlight(one_line(owner.name)).stylize("$text-muted"),
                ),
                _go(host, Jump("owner", owner.handle)),
                text=f"owner: @{owner.handle}",
                help="Show only their items in the checklist (esc: everyone's).",
            )


class ReleaseProvider(Provider):
    """Unarchived releases by name: the app opens the one chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names: list[str] = []

    async def startup(self) -> None:
        ctx = _host(self).ctx
        worker = self.app.run_worker(
            partial(_release_names, ctx),
            thread=True,
            group="palette-releases",
            exit_on_error=False,
        )
        try:
            self.names = await worker.wait()
        except (WorkerFailed, WorkerCancelled):
            self.names = []  # the database is busy: the palette offers no releases this time

    async def search(self, query: str) -> Hits:
        if not query.strip():
            return
        matcher = self.matcher(query.strip())
        host = _host(self)
        screen = host.release_screen
        current = screen.release.name if screen is not None else None
        for name in self.names:
            score = matcher.match(one_line(name))
            if score <= 0:
                continue
            yield Hit(
                score,
                Content.assemble(("release: ", "$text-muted"), matcher.highlight(one_line(name))),
                _go(host, Jump("release", name)),
                text=f"release: {one_line(name)}",
                help="The release open now." if name == current else "Open this release.",
            )


def _release_names(ctx: AppContext) -> list[str]:
    try:
        return ctx.service.releases.recent_release_names(RELEASES)
    except TrackerError:
        return []


PROVIDERS = (ItemProvider, OwnerProvider, ReleaseProvider)
