"""The terminal app (Textual). Talks only to ``tracker.services`` and ``tracker.domain``."""

from __future__ import annotations

from typing import Any


def launch(*, db_url: str, actor: str, **options: Any) -> None:
    """Run the app (see ``tracker.tui.launcher.run``); Textual is imported here, not before."""
    from tracker.tui import start_up

    start_up.pause_for_start_up()
    try:
        from tracker.tui.launcher import run

        run(db_url=db_url, actor=actor, **options)
    finally:
        start_up.restore()
