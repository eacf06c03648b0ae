"""The process's two edges, shared by ``tracker.entry`` and ``tracker.cli``: opening the terminal
app, and ending with one line on stderr and an exit code. Light on purpose: no click, no Textual
at import (see ``tracker.entry``)."""

from __future__ import annotations

import sys
from typing import NoReturn

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def fail(message: str, code: int) -> NoReturn:
    """Exit with ``tracker: error: <message>`` on one line (hints click puts on lines of their
    own are joined)."""
    from tracker.domain.inert import one_line

    text = " ".join(" ".join(line.split()) for line in message.strip().splitlines() if line.strip())
    text = one_line(text)  # a message may quote stored text: never send its control characters
    sys.stderr.write(f"tracker: error: {text or 'failed'}\n")
    sys.stderr.flush()
    sys.exit(code)


def open_app(db_flag: str | None = None, actor_flag: str | None = None, **options: object) -> None:
    """Open the terminal app; flags win over $TRACKER_DB / $TRACKER_USER (see tracker.config)."""
    from tracker.config import Settings, refuse_missing_folder
    from tracker.tui import launch

    settings = Settings.resolve(db_flag, actor_flag)
    refuse_missing_folder(settings.db_url)  # the app may make a new file, never a new folder
    launch(db_url=settings.db_url, actor=settings.actor, **options)
