"""Serve a scenario until interrupted: ``python -m tracker.fakeworkspace [SCENARIO] [--port N]``.

Point any Databricks client at the logged URL with any token, e.g.
``DATABRICKS_HOST=http://127.0.0.1:8765 DATABRICKS_TOKEN=x databricks catalogs list``.
"""

from __future__ import annotations

import argparse
import logging
import threading

from tracker.fakeworkspace.scenario import SCENARIOS
from tracker.fakeworkspace.server import FakeWorkspace

logger = logging.getLogger("tracker.fakeworkspace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker.fakeworkspace", description=__doc__)
    parser.add_argument(
        "scenario", nargs="?", default="compliant", help=f"name ({', '.join(SCENARIOS)}) or file"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)"
    )
    parser.add_argument("--latency-ms", type=float, default=0, help="delay added to every request")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    workspace = FakeWorkspace(args.scenario, port=args.port, latency_ms=args.latency_ms).start()
    logger.info(
        "Serving scenario %r at %s (Ctrl-C to stop)", workspace.scenario.name, workspace.url
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        workspace.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
