"""Opening the terminal app. Textual is imported here only, when the TUI is actually opened."""

from __future__ import annotations

from tracker.commands.common import AppContext


def open_tui(app: AppContext) -> None:
    from tracker.tui.app import run

    settings = app.settings
    run(db_url=settings.db_url, actor=settings.actor)
