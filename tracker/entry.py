"""The ``tracker`` console script, and how every failure ends: one line on stderr, an exit code.

``tracker`` with no arguments opens the terminal app straight away, without the command line's
machinery (click and the command modules: ~50 ms of a start-up that is a feature). Anything
else goes to the click group in ``tracker.cli``. This module must stay light: no click, no
Textual at import.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tracker.errors import TrackerError
from tracker.process import EXIT_INTERRUPTED, fail, open_app


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
