"""In-process TUI benchmark on a large database (see bench/generate.py).

    python bench/bench_tui.py --db /tmp/tracker-large.db [--toggles 200] [--opens 20]

Runs the real app headless (Textual's ``run_test``) at 160x48 and reports:

- toggle: with the cursor resting on an item, from the key event entering the app until both
  a frame shows the item's new state and that state is stored (the stored row is back in the
  screen's state) (budget: median < 16 ms, p99 < 50 ms); also each part on its own: "toggle
  shown" (the frame; the app draws an edit before its write returns) and "toggle stored";
- open release: from choosing another release to the frame showing its checklist (< 100 ms);
- help: from the ``?`` key to the frame showing the help screen, the first time (its module
  imported then) and again (< 150 ms each).

Frames are timed by wrapping ``App._display`` (every screen update goes through it, headless or
not). The key goes through ``App.post_message`` like a terminal's key does.

The benchmark waits as an idle app does, in the event loop's poll (``IDLE_POLL``), and takes
the moment a result arrived from the app's own state (``Arrivals``), not from when it looked:
the app stores edits and reads releases on other threads, which a loop spinning on
``asyncio.sleep(0)`` would compete with for the GIL, as no real terminal session does.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.domain.enums import ItemStatus
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen

if TYPE_CHECKING:
    from textual.pilot import Pilot

SETTLE = 0.15
"""Seconds to let the screen settle after moving the cursor (not timed): the detail pane renders
the new item's guidance and history shortly after the cursor stops."""
BUDGET = {
    "toggle median": 16.0,
    "toggle p99": 50.0,
    "open release max": 100.0,
    "help first": 150.0,
    "help max": 150.0,
}


IDLE_POLL = 0.001
"""Seconds between looks while waiting: the loop sleeps in its poll meanwhile, as when idle."""


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never got there")
        await asyncio.sleep(IDLE_POLL)


class Arrivals:
    """When item states and releases reached the screen's state (on the UI thread)."""

    def __init__(self, screen: ReleaseScreen) -> None:
        self.items: dict[tuple[str, int], float] = {}
        """(key, row version) -> when a stored row arrived."""
        self.states: dict[tuple[str, object], float] = {}
        """(key, status) -> when the screen first held that status (drawn, maybe not stored)."""
        self.releases: dict[str, float] = {}
        state = screen.state
        take, open_release = state.take, state.open

        def took(changed: Any) -> None:
            take(changed)
            now = time.perf_counter()
            for item in changed:
                self.items.setdefault((item.key, item.row_version), now)
                self.states.setdefault((item.key, item.status), now)

        def opened(view: Any, token: int) -> None:
            open_release(view, token)
            self.releases[view.release.name] = time.perf_counter()

        state.take = took  # type: ignore[method-assign]
        state.open = opened  # type: ignore[method-assign]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def large_db(path: str | None) -> str:
    if path:
        return path if "://" in path else f"sqlite:///{Path(path).resolve()}"
    target = Path(tempfile.gettempdir()) / "tracker-bench-large.db"
    url = f"sqlite:///{target}"
    if not target.exists():
        from bench.generate import generate

        print(f"generating {target} (200 releases)...", flush=True)
        generate(url, 200)
    return url


class FrameClock:
    """Records when each frame is handed to the terminal."""

    def __init__(self, app: TrackerApp) -> None:
        self.times: list[float] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            self.times.append(time.perf_counter())

        app._display = display  # type: ignore[method-assign]

    async def next_after(self, moment: float, timeout: float = 2.0) -> float:
        await until(lambda: bool(self.times) and self.times[-1] >= moment, timeout)
        return next(t for t in self.times if t >= moment)


def help_shown(app: TrackerApp) -> bool:
    screen = app.screen
    return type(screen).__name__ == "HelpScreen" and screen.is_mounted


async def time_help(
    app: TrackerApp, pilot: Pilot[None], frames: FrameClock, opens: int
) -> list[float]:
    """``?`` to the frame showing the help, ``opens`` times (closed with escape between)."""
    times: list[float] = []
    for _ in range(opens):
        await pilot.pause(SETTLE)
        start = time.perf_counter()
        app.post_message(events.Key("question_mark", "?"))
        await until(lambda: help_shown(app))
        shown_at = await frames.next_after(start)
        times.append((shown_at - start) * 1000)
        await pilot.pause(SETTLE)
        app.post_message(events.Key("escape", "\x1b"))
        await until(lambda: not help_shown(app))
    return times


async def run(db_url: str, toggles: int, opens: int) -> dict[str, float]:
    service: TrackerService = TrackerService.open(db_url, "bench")
    checker: TrackerService = TrackerService.open(db_url, "checker")
    service.warm_up()  # the app does this in a thread after its first paint
    names = service.releases.release_names()
    first = names[len(names) // 2]
    app = TrackerApp(service, release=first, warm_up=False)
    results: dict[str, float] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        frames = FrameClock(app)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        arrivals = Arrivals(screen)
        keys = [i.key for i in screen.items.values()][:40]
        latencies: list[float] = []
        shown: list[float] = []
        stored_after: list[float] = []
        for n in range(toggles):
            key = keys[(n // 2) % len(keys)]
            if n % 2 == 0:  # each item is ticked, then unticked: the second toggle is warm
                screen.checklist.select_key(key)
                await pilot.pause(SETTLE)  # the detail pane renders the item's guidance, history
            else:
                await pilot.pause()
            before = screen.items[key]
            expected = ItemStatus.TODO if before.status is ItemStatus.DONE else ItemStatus.DONE
            start = time.perf_counter()
            arrivals.states.pop((key, expected), None)
            app.post_message(events.Key("space", " "))
            stored = (key, before.row_version + 1)
            await until(lambda: stored in arrivals.items)  # noqa: B023 (awaited here)
            stored_at = arrivals.items[stored]
            shown_at = await frames.next_after(arrivals.states[(key, expected)])
            latencies.append((max(shown_at, stored_at) - start) * 1000)
            shown.append((shown_at - start) * 1000)
            stored_after.append((stored_at - start) * 1000)
            if n % 25 == 0:  # outside the timing: the database really has it
                assert checker.items.item(screen.release.name, key).status is expected
        results["toggle median"] = statistics.median(latencies)
        results["toggle p99"] = percentile(latencies, 99)
        results["toggle max"] = max(latencies)
        results["toggle shown median"] = statistics.median(shown)
        results["toggle stored median"] = statistics.median(stored_after)

        open_times: list[float] = []
        for name in names[:opens]:
            await pilot.pause()
            start = time.perf_counter()
            arrivals.releases.pop(name, None)
            app.open_release(name)  # read in a worker, shown when it arrives
            await until(lambda: name in arrivals.releases)  # noqa: B023 (awaited here)
            shown_at = await frames.next_after(arrivals.releases[name])
            open_times.append((shown_at - start) * 1000)
            assert screen.release.name == name
        results["open release median"] = statistics.median(open_times)
        results["open release max"] = max(open_times)

        help_times = await time_help(app, pilot, frames, 10)
        results["help first"] = help_times[0]
        results["help median"] = statistics.median(help_times[1:])
        results["help max"] = max(help_times[1:])
    service.close()
    checker.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="large database (path or URL); generated if omitted")
    parser.add_argument("--toggles", type=int, default=200)
    parser.add_argument("--opens", type=int, default=20)
    args = parser.parse_args()
    results = asyncio.run(run(large_db(args.db), args.toggles, args.opens))
    print(f"{'measure':<22}{'ms':>9}  budget")
    failed = False
    for name, value in results.items():
        budget = BUDGET.get(name)
        ok = budget is None or value <= budget
        failed |= not ok
        mark = "" if budget is None else f"< {budget:g} ms {'ok' if ok else 'OVER'}"
        print(f"{name:<22}{value:>9.1f}  {mark}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
