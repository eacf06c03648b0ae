"""Running the app: open the database (at once, or in a thread after the first paint when a
snapshot of the last run can be drawn meanwhile), run until the user quits, keep the snapshot."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from tracker.tui.app import TrackerApp

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService


def database_label(db_url: str) -> str:
    """The database as shown to the user: a file path, or the URL without its password."""
    if db_url.startswith("sqlite:///"):
        return db_url.removeprefix("sqlite:///") or ":memory:"
    parts = urlsplit(db_url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return db_url


def run(*, db_url: str, actor: str, **options: Any) -> None:
    """Open the database and run the app until the user quits.

    ``options`` go to ``TrackerApp`` (``release``, ``clock``, ``poll_interval``, ...). With a
    snapshot of the last run, the app draws it at once while a thread opens the database.
    """
    from tracker.settings import check_binding_ids, load_settings
    from tracker.tui import snapshot as snapshots
    from tracker.tui.commands import COMMANDS

    settings = load_settings()
    check_binding_ids(settings, {c.id for c in COMMANDS})
    options.setdefault("keymap", settings.keys)
    use_snapshot = options.pop("use_snapshot", True)
    # A demo's database is thrown away: nothing to draw at the next start, nothing to keep.
    path = None if options.get("demo") else snapshots.snapshot_path(db_url)
    snapshot = snapshots.load(path) if path is not None and use_snapshot else None
    label = database_label(db_url)
    opened: Future[TrackerService] = Future()
    if snapshot is not None:
        # Opened after the first paint: its imports would otherwise compete for the GIL with
        # the app's own start-up.
        opener = threading.Thread(
            target=_open_service, args=(opened, db_url, actor), name="open-database", daemon=True
        )
        app = TrackerApp(
            opened,
            actor=actor,
            snapshot=snapshot,
            database=label,
            snapshot_file=path,
            after_first_paint=opener.start,
            **options,
        )
    else:
        app = _first_launch_app(
            opened, db_url, actor, database=label, snapshot_file=path, **options
        )
    try:
        app.run()
    finally:
        shown = app.snapshot()
        if shown is not None and path is not None:
            snapshots.save(path, shown)
        if opened.done() and opened.exception() is None:
            opened.result().close()
    error = opened.exception() if opened.done() else None
    if error is not None:
        raise error


def _open_service(opened: Future[TrackerService], db_url: str, actor: str) -> None:
    try:
        from tracker.services.tracker import TrackerService

        service = TrackerService.open(db_url, actor)
    except BaseException as exc:
        opened.set_exception(exc)
        return
    opened.set_result(service)


def _first_launch_app(
    opened: Future[TrackerService], db_url: str, actor: str, **options: Any
) -> TrackerApp:
    """No snapshot yet (a first launch): the database is opened now and the app starts as from
    a snapshot, read now with only what a snapshot holds (``start_view``: fewer queries before
    the first paint). The full view (sign-off gaps, occurrences) follows after the first
    paint, as after any snapshot."""
    from tracker.services.tracker import TrackerService
    from tracker.tui.snapshot import Snapshot

    service = TrackerService.open(db_url, actor)
    opened.set_result(service)
    first = None if options.get("release") else service.releases.start_view()
    if first is None:
        return TrackerApp(service, **options)
    return TrackerApp(opened, actor=actor, snapshot=Snapshot(*first), **options)
