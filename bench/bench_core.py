"""Core benchmarks on a large database (see bench/generate.py).

    python bench/bench_core.py --db /tmp/tracker-large.db [--runs 15]

Reports: time to create a release, to set one item, to export one release to Markdown
(in-process), and whole-process wall time of `tracker export` and `tracker status`, next to
`python -c "import sqlalchemy, yaml"` (budget: within 2x of it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _timeit(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def _proc(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(cmd, check=True, capture_output=True, env=env)  # warm the OS cache
    return _timeit(lambda: subprocess.run(cmd, check=True, capture_output=True, env=env), runs)


def _fmt(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"median {statistics.median(ms):7.1f} ms   min {ms[0]:7.1f} ms   p95 {p95:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="path of the large SQLite database")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from tracker.domain.enums import ItemStatus
    from tracker.domain.export_md import release_to_markdown
    from tracker.services.templates import find_template
    from tracker.services.tracker import TrackerService

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        shutil.copy(args.db, db)  # never modify the generated database
        url = f"sqlite:///{db}"
        svc = TrackerService.open(url, "bench")
        svc.warm_up()
        template, _ = find_template("databricks-ml-production")
        name = svc.releases.release_names()[len(svc.releases.release_names()) // 2]
        counter = iter(range(10**6))
        create = _timeit(
            lambda: svc.releases.create_release(f"bench-{next(counter)}", template), args.runs
        )
        flip = iter(range(10**6))
        set_item = _timeit(
            lambda: svc.items.set_status(
                name,
                "uc-production-catalog",
                ItemStatus.DONE if next(flip) % 2 else ItemStatus.TODO,
            ),
            args.runs * 4,
        )
        export = _timeit(
            lambda: release_to_markdown(
                svc.releases.release_view(name), generated_at=svc.clock.now()
            ),
            args.runs,
        )
        svc.close()

        env = {**os.environ, "TRACKER_DB": url}
        tracker = [sys.executable, "-m", "tracker"]
        baseline = _proc([sys.executable, "-c", "import sqlalchemy, yaml"], args.runs, env)
        status = _proc([*tracker, "status", name], args.runs, env)
        export_proc = _proc([*tracker, "export", name, "--format", "md"], args.runs, env)
        export_json = _proc([*tracker, "export", name, "--format", "json"], args.runs, env)

    base = statistics.median(baseline)
    print(f"database: {args.db} ({Path(args.db).stat().st_size / 1e6:.1f} MB)")
    print(f"create release (129 items)        {_fmt(create)}")
    print(f"set one item                      {_fmt(set_item)}")
    print(f"export one release to Markdown    {_fmt(export)}")
    print(f"python -c 'import sqlalchemy, yaml' {_fmt(baseline)}")
    for label, times in (
        ("tracker status", status),
        ("tracker export --format md", export_proc),
        ("tracker export --format json", export_json),
    ):
        ratio = statistics.median(times) / base
        verdict = "OK" if ratio <= 2.0 else "OVER BUDGET"
        print(f"{label:<33} {_fmt(times)}   {ratio:.2f}x baseline ({verdict}, budget 2x)")


if __name__ == "__main__":
    main()
