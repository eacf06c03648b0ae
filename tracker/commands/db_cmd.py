"""``tracker db ...``: schema revision and upgrades."""

from __future__ import annotations

import click

from tracker.commands.common import AppContext, echo, echo_json, format_option, pass_app


@click.group("db")
def db() -> None:
    """Database: create one, show its schema revision, upgrade it."""


@db.command("current")
@format_option("table", "json")
@pass_app
def db_current(app: AppContext, fmt: str) -> None:
    """Show the database URL (without password) and its schema revision."""
    from tracker.db.engine import make_engine, redact_url
    from tracker.db.migrate import HEAD_REVISION, KNOWN_REVISIONS, current_revision

    url = app.settings.db_url
    engine = make_engine(url, create=_is_default(url))
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    state = (
        "up to date"
        if revision == HEAD_REVISION
        else (
            "empty (created on first use)"
            if revision is None
            else f"needs upgrade to {HEAD_REVISION}"
            if revision in KNOWN_REVISIONS
            else f"newer than this tracker (up to {HEAD_REVISION}): upgrade tracker"
        )
    )
    if fmt == "json":
        echo_json(
            {"url": redact_url(url), "revision": revision, "head": HEAD_REVISION, "state": state}
        )
        return
    echo(f"database  {redact_url(url)}")
    echo(f"revision  {revision or '-'} ({state})")


@db.command("upgrade")
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Upgrade the database schema to this version of tracker (also done on every open)."""
    from tracker.db.engine import make_engine, redact_url
    from tracker.db.migrate import ensure_schema

    url = app.settings.db_url
    engine = make_engine(url, create=_is_default(url))
    try:
        revision = ensure_schema(engine)
    finally:
        engine.dispose()
    echo(f"{redact_url(url)}: at revision {revision}")


@db.command("init")
@click.argument("url", required=False, metavar="[URL]")
@pass_app
def db_init(app: AppContext, url: str | None) -> None:
    """Create a database (and a SQLite file's directory) at URL (default: --db / TRACKER_DB)."""
    from tracker.config import resolve_db_url
    from tracker.db.engine import make_engine, redact_url
    from tracker.db.migrate import current_revision, ensure_schema

    target = resolve_db_url(url) if url else app.settings.db_url
    engine = make_engine(target, create=True)
    try:
        before = current_revision(engine)
        revision = ensure_schema(engine)
    finally:
        engine.dispose()
    verb = "created" if before is None else "already there"
    echo(f"{redact_url(target)}: {verb}, at revision {revision}")


def _is_default(url: str) -> bool:
    from tracker.config import default_db_url

    return url == default_db_url()


COMMANDS = [db]
