"""``tracker serve``: the same app in a browser (textual-serve)."""

from __future__ import annotations

import secrets

import click

from tracker.commands.common import AppContext, pass_app
from tracker.errors import ConfigError

MIN_TOKEN_LENGTH = 16


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--token",
    metavar="TEXT",
    envvar="TRACKER_SERVE_TOKEN",
    show_envvar=True,
    help="Require ?token=TEXT on the page URL. Off loopback a token is required; without this "
    "option one is generated and printed.",
)
@pass_app
def serve(app: AppContext, host: str, port: int, token: str | None) -> None:
    """Open the terminal app in a browser: one app process per browser session, acting as the
    user the page names (/?as=NAME, default --as) on the configured database."""
    from tracker.config import Settings

    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ConfigError(f"--token must be at least {MIN_TOKEN_LENGTH} characters")
    from tracker.tui.webserve import is_loopback
    from tracker.tui.webserve import serve as run_server

    generated = token is None and not is_loopback(host)
    if generated:
        token = secrets.token_urlsafe(24)
    settings = Settings.resolve(app.db_flag, app.actor_flag)
    # Open (and upgrade) the database once here, so a bad URL is one line now, not per session.
    app.service()
    try:
        run_server(
            host=host,
            port=port,
            db_url=settings.db_url,
            actor=settings.actor,
            token=token,
            show_token=generated,
            announce=click.echo,
        )
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


COMMANDS = [serve]
