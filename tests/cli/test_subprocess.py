"""The installed entry points as real processes, and what the fast commands import."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.services.dbutil import DatabaseFactory

BIN = Path(sys.executable).parent
HEAVY = (
    "textual",
    "sqlmodel",
    "alembic",
    "databricks",
)  # pydantic: see test_status_and_export_do_not_import_pydantic


def tracker_exe() -> str:
    exe = shutil.which("tracker", path=str(BIN)) or shutil.which("tracker")
    if exe is None:
        pytest.skip("the tracker console script is not installed")
    return exe


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A seeded, already migrated SQLite database shared by this module's read-only tests."""
    from tests.conftest import FROZEN_NOW
    from tests.services.dbutil import shipped_template
    from tracker.domain.clock import FixedClock

    factory = DatabaseFactory(
        tmp_path_factory.mktemp("subprocess"), shipped_template(), FixedClock(FROZEN_NOW)
    )
    return factory.sqlite("seeded", tmp_path_factory.mktemp("subprocess-db") / "tracker.db")


def test_console_script_version() -> None:
    result = run(tracker_exe(), "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "tracker, version 0.1.0\n"


def test_python_dash_m_version() -> None:
    result = run(sys.executable, "-m", "tracker", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "tracker, version 0.1.0\n"


def test_console_script_reads_and_fails_cleanly(migrated_db: str) -> None:
    result = run(tracker_exe(), "--db", migrated_db, "status", "r1", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["progress"]["total"] == 129
    result = run(tracker_exe(), "--db", migrated_db, "status", "r11")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "tracker: error: unknown release 'r11'; did you mean 'r1'?\n"


IMPORTS = textwrap.dedent(
    """
    import json, sys
    from tracker.cli import main
    try:
        main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    sys.stdout.flush()
    print("\\n" + json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
    """
)


def imported_by(db: str, *argv: str) -> set[str]:
    result = run(sys.executable, "-c", IMPORTS, "--db", db, *argv)
    report = json.loads(result.stdout.rstrip().splitlines()[-1])
    assert report["code"] in (0, None), result.stderr
    return set(report["modules"])


FAST_COMMANDS = [
    ("status", "r1"),
    ("export", "r1"),
    ("export", "r1", "--format", "json"),
]


@pytest.mark.parametrize("argv", FAST_COMMANDS, ids=[" ".join(a) for a in FAST_COMMANDS])
def test_status_and_export_stay_light(migrated_db: str, argv: tuple[str, ...]) -> None:
    loaded = imported_by(migrated_db, *argv)
    assert "sqlalchemy" in loaded  # the probe works
    assert loaded.isdisjoint(HEAVY), sorted(loaded.intersection(HEAVY))


def test_status_and_export_do_not_import_pydantic(migrated_db: str) -> None:
    assert "pydantic" not in imported_by(migrated_db, "export", "r1")


def test_version_imports_nothing_heavy(migrated_db: str) -> None:
    loaded = imported_by(migrated_db, "--version")
    assert loaded.isdisjoint((*HEAVY, "pydantic")), loaded


ENTRY = textwrap.dedent(
    """
    import json, sys
    from tracker.entry import main
    try:
        main([])
    except SystemExit as exc:
        code = exc.code
    print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
    """
)


def test_tracker_alone_goes_to_the_app_without_the_command_line_machinery(
    tmp_path: Path,
) -> None:
    # A database it cannot open: the app stops before drawing and says why, on one line.
    env = {**os.environ, "TRACKER_DB": "nosuchdriver://x", "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", ENTRY], capture_output=True, text=True, timeout=60, env=env
    )
    report = json.loads(result.stdout)
    assert report["code"] == 2
    assert result.stderr.startswith("tracker: error: unsupported database URL nosuchdriver://x")
    assert result.stderr.count("\n") == 1
    assert "tracker.tui.app" in report["modules"]  # the probe works: it went for the app
    assert "click" not in report["modules"]
    assert not any(m.startswith("tracker.commands") for m in report["modules"])


def test_console_script_without_a_command_fails_cleanly_on_a_bad_database(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "TRACKER_DB": "nosuchdriver://x", "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run(
        [tracker_exe()],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("tracker: error: unsupported database URL")
