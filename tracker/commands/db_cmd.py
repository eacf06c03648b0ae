"""``tracker db ...``: schema revision and upgrades."""

from __future__ import annotations

import click

from tracker.commands.common import AppContext, echo_json, format_option, pass_app


@click.group("db")
def db() -> None:
    """Database schema: show the current revision, upgrade."""


@db.command("current")
@format_option("table", "json")
@pass_app
def db_current(app: AppContext, fmt: str) -> None:
    """Show the database URL (without password) and its schema revision."""
    from tracker.db.engine import make_engine, redact_url
    from tracker.db.migrate import HEAD_REVISION, KNOWN_REVISIONS, current_revision

    url = app.settings.db_url
    engine = make_engine(url)
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
    click.echo(f"database  {redact_url(url)}")
    click.echo(f"revision  {revision or '-'} ({state})")


@db.command("upgrade")
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Upgrade the database schema to this version of tracker (also done on every open)."""
    from tracker.db.engine import make_engine, redact_url
    from tracker.db.migrate import ensure_schema

    engine = make_engine(app.settings.db_url)
    try:
        revision = ensure_schema(engine)
    finally:
        engine.dispose()
    click.echo(f"{redact_url(app.settings.db_url)}: at revision {revision}")


COMMANDS = [db]
