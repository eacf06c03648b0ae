"""Start-up time: launching ``tracker`` until its checklist is on screen, next to a minimal
Textual app showing one Static (budgets: within 1.5x of the minimal app on a second launch,
within 2x on the very first launch of a new database).

    python bench/startup.py --db /tmp/tracker-large.db [--runs 9]

Each round launches the minimal app, tracker on the large database (a second launch: the app
has been there before and left its snapshot), and tracker on a database made moments before by
``tracker release new`` (its very first launch: no snapshot, a cold database file).

Both run in tmux at 160x48, launched alternately in the same run; the screen is polled with
``tmux capture-pane`` until a known text is on it: an item of the checklist for tracker, the
Static's text for the minimal app. Each measurement includes starting Python and tmux's own
pane start-up, which is the same for both; one tmux session stays open throughout so that the
tmux server itself is not restarted for each launch.

tracker's bytecode is compiled first (``compileall``), as ``pip install .`` does: in a dev
checkout with ``PYTHONDONTWRITEBYTECODE`` set, tracker would otherwise be compiled from source
at every launch while Textual (installed) would not.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from bench.minimal_app import MARKER  # noqa: E402

CHECKLIST_MARKER = "Production catalog created"
"""Text of the first item of the shipped checklist: in the tree once the checklist is drawn."""
BUDGET_RATIO = 1.5
FIRST_LAUNCH_BUDGET_RATIO = 2.0
POLL = 0.01
TIMEOUT = 30.0


def large_db(path: str | None) -> str:
    if path:
        return path if "://" in path else f"sqlite:///{Path(path).resolve()}"
    target = Path(tempfile.gettempdir()) / "tracker-bench-large.db"
    url = f"sqlite:///{target}"
    if not target.exists():
        from bench.generate import generate

        print(f"generating {target} (200 releases)...", flush=True)
        generate(url, 200)
    return url


def new_database(folder: Path, n: int) -> str:
    """A database made by the CLI, as a user's first ``release new`` would, never opened by the
    app (so there is no snapshot of it)."""
    url = f"sqlite:///{folder / f'first-{n}.db'}"
    env = {**os.environ, "TRACKER_DB": url, "TRACKER_USER": "bench"}
    subprocess.run(
        [str(BIN / "tracker"), "release", "new", "first-launch", "--template",
         "databricks-ml-production"],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    return url


def time_to_text(
    session: str, command: str, marker: str, env: dict[str, str], linger: float = 0.0
) -> float:
    """Seconds from launching ``command`` in a new tmux session until ``marker`` is on screen
    (the session is then closed, after ``linger`` seconds)."""
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    start = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "160",
            "-y",
            "48",
            f"env {exports} {command}",
        ],
        check=True,
    )
    try:
        while time.perf_counter() - start < TIMEOUT:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session],
                capture_output=True,
                text=True,
            ).stdout
            if marker in screen:
                elapsed = time.perf_counter() - start
                time.sleep(linger)
                return elapsed
            time.sleep(POLL)
        raise TimeoutError(f"{marker!r} never appeared for {command}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="large database (path or URL); generated if omitted")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    db_url = large_db(args.db)
    # TERM is left to tmux (tmux-256color), as in any tmux pane.
    env = {"TRACKER_DB": db_url, "TRACKER_USER": "bench"}
    tracker_cmd = f"{BIN / 'tracker'}"
    minimal_cmd = f"{sys.executable} {ROOT / 'bench' / 'minimal_app.py'}"
    tag = f"bench-startup-{os.getpid()}"
    compileall.compile_dir(ROOT / "tracker", quiet=1)
    anchor = f"{tag}-anchor"
    subprocess.run(["tmux", "new-session", "-d", "-s", anchor, "sleep 3600"], check=True)
    try:
        # Warm the file caches; tracker also keeps its snapshot of the release it showed, as
        # after any earlier use (see tracker/tui/snapshot.py).
        time_to_text(f"{tag}-warm", tracker_cmd, CHECKLIST_MARKER, env, linger=3.0)
        time_to_text(f"{tag}-warm2", minimal_cmd, MARKER, env)
        tracker: list[float] = []
        first: list[float] = []
        minimal: list[float] = []
        with tempfile.TemporaryDirectory() as fresh:
            for n in range(args.runs):
                minimal.append(time_to_text(f"{tag}-m{n}", minimal_cmd, MARKER, env))
                tracker.append(time_to_text(f"{tag}-t{n}", tracker_cmd, CHECKLIST_MARKER, env))
                first_env = {**env, "TRACKER_DB": new_database(Path(fresh), n)}
                first.append(time_to_text(f"{tag}-f{n}", tracker_cmd, CHECKLIST_MARKER, first_env))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", anchor], capture_output=True)
    m = statistics.median(minimal)
    print(f"{'':<34}{'median s':>9}{'min s':>8}{'max s':>8}{'ratio':>8}")
    for label, runs in (
        ("minimal Textual app", minimal),
        ("tracker (checklist shown)", tracker),
        ("tracker first launch (new db)", first),
    ):
        med = statistics.median(runs)
        print(f"{label:<34}{med:>9.3f}{min(runs):>8.3f}{max(runs):>8.3f}{med / m:>7.2f}x")
    ok = True
    for label, runs, budget in (
        ("tracker", tracker, BUDGET_RATIO),
        ("tracker first launch", first, FIRST_LAUNCH_BUDGET_RATIO),
    ):
        ratio = statistics.median(runs) / m
        ok &= ratio <= budget
        verdict = "ok" if ratio <= budget else "OVER"
        print(f"{label}: {ratio:.2f}x the minimal app (budget {budget}x) {verdict}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
