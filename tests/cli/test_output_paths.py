"""Every ``-o``/``--junit`` path is validated before any work is stored, and written without harm
(issue 15, "An error that still writes" and "Output files do harm")."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.cli.conftest import Tracker
from tests.services.dbutil import dump


@pytest.mark.parametrize(
    "argv",
    [
        ["verify", "r1", "--junit", "{missing}"],
        ["gate", "r1", "--junit", "{missing}"],
        ["export", "r1", "-o", "{missing}"],
        ["retro", "r1", "-o", "{missing}"],
        ["template", "schema", "-o", "{missing}"],
        ["verify", "r1", "--junit", "{dir}"],
        ["export", "r1", "-o", "{dir}"],
    ],
)
def test_an_unwritable_output_fails_before_anything_is_stored(
    tracker: Tracker, seeded_db: str, tmp_path: Path, argv: list[str]
) -> None:
    # Why: "verify … --junit /nonexistent/x.xml stores the results, then fails".
    argv = [
        a.replace("{missing}", str(tmp_path / "nonexistent" / "x.xml")).replace(
            "{dir}", str(tmp_path)
        )
        for a in argv
    ]
    before = dump(seeded_db)
    message = tracker.fail(
        *argv, env={"DATABRICKS_HOST": "http://127.0.0.1:9", "DATABRICKS_TOKEN": "x"}
    )
    assert message.startswith("cannot write"), message
    assert dump(seeded_db) == before


def test_export_writes_through_a_symlink_and_keeps_the_mode(
    tracker: Tracker, tmp_path: Path
) -> None:
    # Why: "Any -o onto a symlink replaces the link" and "An existing file's mode is reset".
    target = tmp_path / "status.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o664)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    tracker.ok("export", "r1", "-o", str(link), "--force")  # replacing needs --force (issue 10)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_export_to_a_device_node_streams_into_it(tracker: Tracker, tmp_path: Path) -> None:
    # Why: "tracker export REL -o /dev/null, run as root, replaced the device node /dev/null".
    if os.geteuid() != 0:
        print("skipped: making a device node needs root")
        pytest.skip("making a device node needs root")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    tracker.ok("export", "r1", "-o", str(node))
    assert stat.S_ISCHR(node.lstat().st_mode)
