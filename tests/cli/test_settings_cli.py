"""The settings file from the CLI (issue 10, point 13) and export overwrites (point 5).

Pins "Export overwrites an existing file without asking": `tracker export -o FILE` and
`tracker retro -o FILE` refuse an existing file unless --force, or a yes at a terminal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.conftest import Tracker
from tracker.cli import cli


def test_settings_database_and_a_bad_value(
    tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "settings.toml"
    monkeypatch.setenv("TRACKER_SETTINGS", str(settings))
    settings.write_text(f'database = "{tracker.db}"\n')
    result = CliRunner().invoke(cli, ["status", "r1"], prog_name="tracker")
    assert result.exit_code == 0, result.stderr
    assert f"database {tracker.db.removeprefix('sqlite:///')}" in result.stdout
    settings.write_text(f'database = "{tracker.db}"\nstale_days = "soon"\n')
    result = CliRunner().invoke(cli, ["status", "r1"], prog_name="tracker")
    assert result.exit_code == 2
    assert result.stderr == (
        f"tracker: error: settings file {settings}: stale_days must be a whole number "
        "from 0 to 3650, not 'soon'\n"
    )


@pytest.mark.parametrize("command", [["export", "r1"], ["retro", "r1"]])
def test_export_refuses_to_overwrite_without_force(
    tracker: Tracker, tmp_path: Path, command: list[str]
) -> None:
    out = tmp_path / "status.md"
    out.write_text("precious\n")
    msg = tracker.fail(*command, "-o", str(out))
    assert msg == f"{out} already exists; use --force to replace it"
    assert out.read_text() == "precious\n"
    tracker.ok(*command, "-o", str(out), "--force")
    assert out.read_text() != "precious\n"


def test_export_asks_at_a_terminal(
    tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.commands import common

    monkeypatch.setattr(common, "interactive", lambda: True)
    out = tmp_path / "status.md"
    out.write_text("precious\n")
    result = CliRunner().invoke(
        cli, ["--db", tracker.db, "export", "r1", "-o", str(out)], input="n\n"
    )
    assert result.exit_code == 2 and out.read_text() == "precious\n"
    assert "already exists. Replace it?" in result.stderr
    result = CliRunner().invoke(
        cli, ["--db", tracker.db, "export", "r1", "-o", str(out)], input="y\n"
    )
    assert result.exit_code == 0 and out.read_text().startswith("# ")


def test_a_new_file_and_devices_are_not_overwrites(tracker: Tracker, tmp_path: Path) -> None:
    tracker.ok("export", "r1", "-o", str(tmp_path / "new.md"))
    tracker.ok("export", "r1", "-o", "/dev/null")
