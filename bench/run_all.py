"""Every user-facing benchmark in one run, optionally side by side with another install.

    python bench/run_all.py [--rounds 2]
    python bench/run_all.py --vs ../old-checkout --vs-python ../old-checkout/.venv/bin/python

Runs ``startup.py`` (second launch and first launch of a new database), ``bench_tui.py``
(toggle and open-release latency) and ``bench_core.py`` (create, set, export, and the
whole-process ``tracker status`` / ``tracker export`` times). With ``--vs``, the other
checkout's own benchmark scripts run under its own interpreter, interleaved with ours (A B, then
B A, ...), so both sides see the same machine; each side gets its own large database made by its
own ``bench/generate.py`` (an older version refuses a newer schema). The table shows each
measure's median over the rounds and the ratio A/B (above 1.10 is flagged: the refactoring
budget of issue 14 is 10%).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGRESSION = 1.10

# (benchmark, measure) -> regex whose first group is the number (seconds or ms) in its output.
MEASURES: dict[str, dict[str, str]] = {
    "startup": {
        "minimal app (s)": r"^minimal Textual app\s+([\d.]+)",
        "start-up, checklist shown (s)": r"^tracker \(checklist shown\)\s+([\d.]+)",
        "start-up, first launch of a new db (s)": r"^tracker first launch \(new db\)\s+([\d.]+)",
    },
    "tui": {
        "toggle median (ms)": r"^toggle median\s+([\d.]+)",
        "toggle p99 (ms)": r"^toggle p99\s+([\d.]+)",
        "toggle shown median (ms)": r"^toggle shown median\s+([\d.]+)",
        "toggle stored median (ms)": r"^toggle stored median\s+([\d.]+)",
        "open release median (ms)": r"^open release median\s+([\d.]+)",
        "open release max (ms)": r"^open release max\s+([\d.]+)",
    },
    "core": {
        "create release (ms)": r"^create release \(129 items\)\s+median\s+([\d.]+)",
        "set one item (ms)": r"^set one item\s+median\s+([\d.]+)",
        "export in-process (ms)": r"^export one release to Markdown\s+median\s+([\d.]+)",
        "tracker status (ms)": r"^tracker status\s+median\s+([\d.]+)",
        "tracker export md (ms)": r"^tracker export --format md\s+median\s+([\d.]+)",
        "tracker export json (ms)": r"^tracker export --format json\s+median\s+([\d.]+)",
    },
}


@dataclass
class Side:
    """One install: a checkout (for its bench scripts) and the interpreter that has it."""

    label: str
    checkout: Path
    python: str
    db: str = ""
    values: dict[str, list[float]] = field(default_factory=dict)

    def script(self, name: str, *args: str) -> str:
        cmd = [self.python, str(self.checkout / "bench" / name), *args]
        done = subprocess.run(cmd, cwd=self.checkout, capture_output=True, text=True)
        if done.returncode not in (0, 1):  # 1 = a budget was missed: still a measurement
            raise SystemExit(f"{self.label}: {' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def record(self, bench: str, output: str) -> None:
        for measure, pattern in MEASURES[bench].items():
            found = re.search(pattern, output, re.MULTILINE)
            if found:
                self.values.setdefault(measure, []).append(float(found.group(1)))


def run_round(side: Side, runs: int) -> None:
    print(f"  {side.label}: startup", flush=True)
    side.record("startup", side.script("startup.py", "--db", side.db, "--runs", str(runs)))
    print(f"  {side.label}: tui", flush=True)
    side.record("tui", side.script("bench_tui.py", "--db", side.db, "--toggles", "100"))
    print(f"  {side.label}: core", flush=True)
    core_db = side.db.removeprefix("sqlite:///")
    side.record("core", side.script("bench_core.py", "--db", core_db, "--runs", str(runs)))


def report(sides: list[Side]) -> None:
    head = f"{'measure':<42}" + "".join(f"{s.label:>12}" for s in sides)
    print(head + ("     A/B" if len(sides) == 2 else ""))
    for bench in MEASURES.values():
        for measure in bench:
            cells = [s.values.get(measure) for s in sides]
            medians = [statistics.median(c) if c else None for c in cells]
            row = f"{measure:<42}" + "".join(
                f"{m:>12.3f}" if m is not None else f"{'-':>12}" for m in medians
            )
            if len(sides) == 2 and medians[0] and medians[1]:
                ratio = medians[0] / medians[1]
                flag = "  REGRESSION" if ratio > REGRESSION and "minimal" not in measure else ""
                row += f"{ratio:>8.2f}{flag}"
            print(row)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--vs", type=Path, help="another checkout to compare with (side B)")
    parser.add_argument("--vs-python", help="the interpreter that has side B installed")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7, help="runs per benchmark per round")
    args = parser.parse_args()
    sides = [Side("A (this)", ROOT, sys.executable)]
    if args.vs:
        if not args.vs_python:
            parser.error("--vs needs --vs-python")
        sides.append(Side("B (vs)", args.vs.resolve(), args.vs_python))
    with tempfile.TemporaryDirectory() as tmp:
        for n, side in enumerate(sides):
            side.db = f"sqlite:///{Path(tmp) / f'large-{n}.db'}"
            print(f"generating the large database for {side.label}...", flush=True)
            side.script("generate.py", "--db", side.db)
        for r in range(args.rounds):
            print(f"round {r + 1}/{args.rounds}", flush=True)
            for side in sides if r % 2 == 0 else reversed(sides):
                run_round(side, args.runs)
    report(sides)


if __name__ == "__main__":
    main()
