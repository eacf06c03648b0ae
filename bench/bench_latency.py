"""Keypress-to-frame latency while writes are in flight, on PostgreSQL 100 ms away.

    python bench/bench_latency.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
                                  [--delay-ms 100] [--keys 160] [--interval-ms 40]

Makes a throw-away PostgreSQL database with one release of the shipped template, and puts a
loopback TCP proxy in front of the server that holds every chunk the client sends for
``--delay-ms`` before passing it on (so every round trip takes at least that long). The real app
runs headless (Textual's ``run_test``, 160x48) on the database through the proxy. Keys arrive
every ``--interval-ms`` like a user's: ``space`` (tick, a write of several round trips) and
``down`` alternately, so writes are queued and in flight while the next keys come.

For each key: from the key event entering the app (``App.post_message``, as a terminal's key
does) to the first frame that shows its effect (the tick's mark, or the cursor on the next line).
Frames are timed by wrapping ``App._display``. Only keys pressed while at least one write was in
flight count. Budget (issue 10): p50 < 16 ms and p99 < 50 ms. At the end every tick is checked
against the database (read directly, not through the proxy). Exit 0 when the budget holds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from textual import events

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_tui import FrameClock, percentile
from tracker.domain.clock import SystemClock
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp
from tracker.tui.screens.release_screen import ReleaseScreen

BUDGET = {"p50": 16.0, "p99": 50.0}
RELEASE = "Latency bench"
KINDS: dict[str, list[float]] = {}


class DelayProxy:
    """A TCP proxy on 127.0.0.1 that delays every client-to-server chunk by ``delay`` seconds
    (order kept), in its own thread and event loop."""

    def __init__(self, target_host: str, target_port: int, delay: float) -> None:
        self.target = (target_host, target_port)
        self.delay = delay
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="delay-proxy", daemon=True)

    def start(self) -> DelayProxy:
        self._thread.start()
        self._ready.wait(5)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def receive() -> None:
            while data := await reader.read(65536):
                queue.put_nowait((time.monotonic() + self.delay, data))
            queue.put_nowait((0.0, b""))

        async def send_late() -> None:
            while True:
                due, data = await queue.get()
                if not data:
                    break
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                up_writer.write(data)
                await up_writer.drain()
            up_writer.close()

        async def answer() -> None:
            while data := await up_reader.read(65536):
                writer.write(data)
                await writer.drain()
            writer.close()

        await asyncio.gather(receive(), send_late(), answer(), return_exceptions=True)


def _with_port(url: str, database: str, port: int | None = None) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc if port is None else f"{parts.netloc.rsplit(':', 1)[0]}:{port}"
    return urlunsplit(parts._replace(netloc=netloc, path=f"/{database}"))


def _admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    conninfo = (
        f"host={parts.hostname} port={parts.port or 5432} user={parts.username or 'postgres'} "
        f"dbname={parts.path.lstrip('/') or 'postgres'}"
    )
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _seed(url: str) -> None:
    from tracker.services.templates import find_template

    service: TrackerService = TrackerService.open(url, "seed", SystemClock())
    try:
        service.releases.create_release(RELEASE, find_template("databricks-ml-production")[0])
    finally:
        service.close()


async def _measure(app: TrackerApp, keys: int, interval: float) -> tuple[list[float], int]:
    """Latencies (ms) of the keys pressed while writes were in flight, and the ticks made."""
    latencies: list[float] = []
    ticks = 0
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        while not isinstance(screen, ReleaseScreen):
            await pilot.pause(0.05)
            screen = app.screen
        await pilot.pause(0.5)
        frames = FrameClock(app)
        for n in range(keys):
            item = screen.checklist.cursor_item()
            line = screen.checklist.cursor_line
            in_flight = screen.writes.in_flight() > 0
            start = time.perf_counter()
            if n % 2 == 0 and item is not None:
                ticks += 1
                app.post_message(events.Key("space", " "))
                status = item.status
                while screen.items[item.key].status is status:
                    await asyncio.sleep(0)
            else:
                app.post_message(events.Key("down", None))
                while screen.checklist.cursor_line == line:
                    await asyncio.sleep(0)
            shown = await frames.next_after(time.perf_counter())
            if in_flight:
                latencies.append((shown - start) * 1000)
                KINDS.setdefault("space" if n % 2 == 0 else "down", []).append(
                    (shown - start) * 1000
                )
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - start)))
        deadline = time.monotonic() + 120
        while screen.writes.in_flight() and time.monotonic() < deadline:
            await pilot.pause(0.1)
        shown_items = dict(screen.items)
    app.shown_items = shown_items  # type: ignore[attr-defined]
    return latencies, ticks


def run(pg: str, delay_ms: int, keys: int, interval_ms: int) -> dict[str, Any]:
    name = f"tracker_latency_{uuid.uuid4().hex[:10]}"
    direct = _with_port(pg, name)
    _admin(pg, f'CREATE DATABASE "{name}"')
    proxy = DelayProxy(urlsplit(pg).hostname or "127.0.0.1", urlsplit(pg).port or 5432, 0.0)
    try:
        _seed(direct)
        proxy.start()
        proxy.delay = delay_ms / 1000
        slow = _with_port(pg, name, proxy.port)
        opened = time.perf_counter()
        service: TrackerService = TrackerService.open(slow, "bench", SystemClock())
        service.warm_up()
        open_s = time.perf_counter() - opened
        app = TrackerApp(service, release=RELEASE, warm_up=False, poll_interval=1.0)
        latencies, ticks = asyncio.run(_measure(app, keys, interval_ms / 1000))
        service.close()
        checker: TrackerService = TrackerService.open(direct, "checker", SystemClock())
        stored = {i.key: i.status for i in checker.releases.release_view(RELEASE).items}
        checker.close()
        shown = app.shown_items  # type: ignore[attr-defined]
        mismatched = [k for k, item in shown.items() if stored.get(k) is not item.status]
    finally:
        proxy.stop()
        _admin(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {
        "opening the service through the proxy (s)": round(open_s, 2),
        "keys measured (writes in flight)": len(latencies),
        "ticks": ticks,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": percentile(latencies, 99) if latencies else float("nan"),
        "max": max(latencies) if latencies else float("nan"),
        "shown but not stored": len(mismatched),
        **{
            f"{kind} p50 / max": f"{statistics.median(v):.1f} / {max(v):.1f}"
            for kind, v in KINDS.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--delay-ms", type=int, default=100)
    parser.add_argument("--keys", type=int, default=160)
    parser.add_argument("--interval-ms", type=int, default=40)
    args = parser.parse_args()
    results = run(args.pg, args.delay_ms, args.keys, args.interval_ms)
    ok = True
    for measure, value in results.items():
        budget = BUDGET.get(measure)
        line = (
            f"{measure:<42}{value:>10.1f}"
            if isinstance(value, float)
            else f"{measure:<42}{value:>10}"
        )
        if budget is not None:
            passed = value < budget
            ok &= passed
            line += f"  < {budget:.0f} ms  {'ok' if passed else 'OVER'}"
        print(line)
    ok &= results["shown but not stored"] == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
