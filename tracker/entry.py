"""The ``tracker`` console script, and how every failure ends: one line on stderr, an exit code.

``tracker`` with no arguments opens the terminal app straight away, without the command line's
machinery (click and the command modules: ~50 ms of a start-up that is a feature). Anything
else goes to the click group in ``tracker.cli``. This module must stay light: no click, no
Textual at import.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NoReturn

from tracker.errors import TrackerError

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def fail(message: str, code: int) -> NoReturn:
    """Exit with ``tracker: error: <message>`` on one line (hints click puts on lines of their
    own are joined)."""
    text = " ".join(" ".join(line.split()) for line in message.strip().splitlines() if line.strip())
    sys.stderr.write(f"tracker: error: {text or 'failed'}\n")
    sys.stderr.flush()
    sys.exit(code)


def open_app(db_flag: str | None = None, actor_flag: str | None = None, **options: object) -> None:
    """Open the terminal app; flags win over $TRACKER_DB / $TRACKER_USER (see tracker.config)."""
    from tracker.config import Settings
    from tracker.tui import launch

    settings = Settings.resolve(db_flag, actor_flag)
    launch(db_url=settings.db_url, actor=settings.actor, **options)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        from tracker.cli import main as cli_main

        cli_main(args)
        return
    try:
        open_app()
    except TrackerError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", EXIT_INTERRUPTED)
    sys.exit(0)
