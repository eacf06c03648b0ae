"""Template limits are hit fast, in bounded memory, with one line (issue 15, "Templates have no
limits": a billion-laughs file grew to 4.6 GB in 60 s; a 50 MB file took 313 s and 3.1 GB).

Each case runs ``tracker`` in a fresh process under a small wrapper that reports the child's
``resource.getrusage`` (CPU seconds and peak RSS): the numbers are printed (``pytest -s``)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

MAX_CPU_SECONDS = 1.0  # the whole process, interpreter start-up included
MAX_RSS_MB = 150

WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "code": done.returncode, "stderr": done.stderr, "stdout": done.stdout,
    "wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
    "rss_mb": usage.ru_maxrss / 1024,
}))
"""


def billion_laughs(path: Path) -> Path:
    lines = ["id: laughs", "version: 1", "title: lol", 'a0: &a0 ["lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("categories: [*a11]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def large(path: Path, size: int) -> Path:
    out = io.StringIO()
    out.write("id: big\nversion: 1\ntitle: Big\ncategories:\n- id: c\n  title: C\n  groups:\n")
    out.write("  - id: g\n    title: G\n    ml_test_section: data\n    items:\n")
    i = 0
    while out.tell() < size:
        out.write(f"    - {{id: i{i}, text: item number {i}}}\n")
        i += 1
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def run_measured(*args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    import os

    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "-m", "tracker", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("limits")
    return {
        "billion-laughs": billion_laughs(folder / "laughs.yaml"),
        "large-50mb": large(folder / "large.yaml", 50_000_000),
        "many-nodes-4.9mb": large(folder / "many.yaml", 4_900_000),
    }


EXPECTED = {
    "billion-laughs": r"laughs\.yaml:5:10: YAML aliases \(\*name\) are not supported",
    "large-50mb": r"large\.yaml: larger than 5,000,000 bytes",
    "many-nodes-4.9mb": r"many\.yaml:\d+:\d+: too many YAML nodes \(more than 50,000\)",
}


@pytest.mark.parametrize("kind", list(EXPECTED))
@pytest.mark.parametrize("command", ["validate", "release-new", "list"])
def test_a_hostile_template_is_refused_fast_in_bounded_memory(
    files: dict[str, Path], tmp_path: Path, kind: str, command: str
) -> None:
    import re

    path = files[kind]
    if command == "validate":
        got = run_measured("template", "validate", str(path))
    elif command == "release-new":
        db = f"sqlite:///{tmp_path / 't.db'}"
        got = run_measured("--db", db, "release", "new", "r", "--template", str(path))
    else:
        got = run_measured(
            "template", "list", "--format", "json", env={"TRACKER_TEMPLATES": str(path.parent)}
        )
    print(
        f"\n{kind} {command}: cpu {got['cpu']:.2f} s, wall {got['wall']:.2f} s, "
        f"peak RSS {got['rss_mb']:.0f} MB"
    )
    stderr = str(got["stderr"])
    assert "Traceback" not in stderr
    if command == "list":
        # the bad file is listed as invalid with its reason; the others are listed too
        assert got["code"] == 0, stderr
        listed = {Path(t["path"]).name: t for t in json.loads(str(got["stdout"]))}
        assert re.search(EXPECTED[kind], listed[path.name]["error"])
        assert listed["databricks-ml-production.yaml"]["error"] is None
    else:
        assert got["code"] == 2
        assert stderr.count("\n") == 1 and stderr.startswith("tracker: error: "), stderr
        assert re.search(EXPECTED[kind], stderr), stderr
    assert float(str(got["cpu"])) < MAX_CPU_SECONDS
    assert float(str(got["rss_mb"])) < MAX_RSS_MB
