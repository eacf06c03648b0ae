"""Type-ahead: keys typed faster than the app answers go, in order, to the widget they were for.

Textual forwards each key to the widget focused *when the key is read*, without waiting for the
previous key to be handled. Keys that arrive together (typed during start-up, while a dialog
opens, or pasted by a fast typist) all went to the same widget: ``x``, Tab, Tab, ``2026-12-30``
typed while the first-run form loaded produced a release named ``x2026-12-30``; ``c`` then
``sun`` opened the notes dialog *and* the status, undo and N/A actions on the checklist.

So the app delivers one key at a time. A key goes on only when

- the previous key has landed: it reached the focused widget and then bubbled up to the app
  (where the bindings run, e.g. Tab moves the focus). A marker follows it up the same queues;
- the current screen is ready: mounted, resumed (its focus set), and not still loading what
  the keys are meant for (a screen says so with ``accepts_keys``, e.g. the new-release form
  until its templates are loaded).

Keys held longer than ``HOLD_LIMIT`` are dropped with a notice: never applied elsewhere.

Keys typed before Textual puts the terminal in raw mode were read by the terminal's line
discipline, which turns Enter into a line feed (``ctrl+j``): until the first key has landed,
a ``ctrl+j`` is taken for the Enter it was.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.screen import Screen

HOLD_LIMIT = 10.0
"""Seconds a key may wait for its screen before it is dropped (with a notice)."""
LANDING_LIMIT = 2.0
"""Seconds after which a key still travelling counts as landed (a handler that never returns
must not stop the keyboard)."""
POLL = 0.02
"""How often held keys check whether their screen is ready."""


def screen_ready(screen: Screen[Any]) -> bool:
    """Mounted, resumed (focus set), and not loading what typed keys are meant for."""
    return (
        screen.is_mounted
        and screen.stack_updates > 0
        and bool(getattr(screen, "accepts_keys", True))
    )


class TypeAhead:
    """The app's key queue. ``hold(key)`` says whether the app must keep the key for later;
    ``sent(key)`` follows a delivered key until it has landed."""

    def __init__(self, app: KeysInOrderApp) -> None:
        self.app = app
        self.held: deque[tuple[float, events.Key]] = deque()
        self._travelling: float | None = None  # when the key on its way was sent
        self._journey = 0
        self._polling = False
        self._landed_once = False
        self.dropped = 0

    def waiting(self) -> bool:
        """Keys are held, or the screen is not ready for them (priority bindings such as
        ctrl+q still act at once)."""
        return bool(self.held) or not self._screen_ready()

    def _screen_ready(self) -> bool:
        try:
            return screen_ready(self.app.screen)
        except Exception:  # no screen yet (ScreenStackError) or the app is closing
            return False

    def hold(self, key: events.Key) -> bool:
        """Whether ``key`` waits (kept in order) instead of being delivered now."""
        if key.key == "ctrl+j" and not self._landed_once:
            key = events.Key("enter", "\r")  # typed in cooked mode, before the app started
        elif not self.held and self._can_deliver():
            return False
        self.held.append((time.monotonic(), key))
        self._schedule()
        return True

    def sent(self) -> None:
        """A key was just forwarded to the focused widget (or handled by the app): follow it."""
        self._journey += 1
        journey = self._journey
        self._travelling = time.monotonic()
        start: MessagePump = self.app.focused or self.app.screen
        if not start.call_later(self._hop, start, journey):
            self._landed(journey)

    def _hop(self, node: MessagePump, journey: int) -> None:
        # Runs in ``node``'s queue, after ``node`` handled the key (and bubbled it to its parent).
        parent = node._parent
        if node is self.app or parent is None or not parent.call_later(self._hop, parent, journey):
            self._landed(journey)

    def _landed(self, journey: int) -> None:
        self._landed_once = True
        if journey == self._journey:
            self._travelling = None
            if self.held:
                self._schedule()

    def _can_deliver(self) -> bool:
        if self._travelling is not None:
            if time.monotonic() - self._travelling < LANDING_LIMIT:
                return False
            self._travelling = None
        return self._screen_ready()

    def _schedule(self) -> None:
        if not self._polling:
            self._polling = True
            # After what is already queued on the app (a screen's focus() is a callback there).
            self.app.call_later(self._deliver)

    async def _deliver(self) -> None:
        self._polling = False
        if not self.held:
            return
        if not self._can_deliver():
            self._drop_stale()
            if self.held:
                self._polling = True
                self.app.set_timer(POLL, self._deliver)
            return
        _, key = self.held.popleft()
        await self.app.deliver_key(key)
        if self.held:
            self._schedule()

    def _drop_stale(self) -> None:
        now = time.monotonic()
        if not self.held or now - self.held[0][0] <= HOLD_LIMIT:
            return
        dropped = len(self.held)  # the later keys too: out of order without the first ones
        self.held.clear()
        self.dropped += dropped
        self.app.notify(
            f"The screen was not ready for what you typed: {dropped} "
            f"key{'s were' if dropped > 1 else ' was'} dropped. Type again.",
            title="Keys dropped",
            severity="warning",
            timeout=6,
        )


class KeysInOrderApp(App[None]):
    """An app whose keys go one at a time, each once its screen is ready."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.type_ahead = TypeAhead(self)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.type_ahead.waiting() and await self._check_bindings(event.key, priority=True):
                return  # quit and the like act at once, even while keys wait for a screen
            if not self.type_ahead.hold(event):
                await self.deliver_key(event)
            return
        await super().on_event(event)

    async def deliver_key(self, key: events.Key) -> None:
        """Textual's own delivery (priority bindings, then the focused widget); the next key
        waits until this one has landed."""
        await super().on_event(key)
        self.type_ahead.sent()
