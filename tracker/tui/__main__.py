"""``python -m tracker.tui [--db URL] [--as NAME] [--release NAME]``: the app without the CLI.

The same as ``tracker`` with no command, minus the command-line layer's start-up (bench/startup.py
reports both).
"""

from __future__ import annotations

import argparse
import sys

from tracker.config import Settings
from tracker.errors import TrackerError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tracker.tui", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--db", help="database URL or SQLite path (default: $TRACKER_DB)")
    parser.add_argument("--as", dest="actor", help="who is acting (default: $TRACKER_USER)")
    parser.add_argument("--release", help="the release to open")
    args = parser.parse_args(argv)
    settings = Settings.resolve(args.db, args.actor)
    from tracker.tui.app import run

    try:
        run(db_url=settings.db_url, actor=settings.actor, release=args.release)
    except TrackerError as exc:
        sys.stderr.write(f"tracker: error: {exc}\n")
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
