"""``tracker checks list|show`` and the lazy import of databricks.sdk by the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tracker.checks.registry import all_checks
from tracker.cli import cli

TEMPLATE = Path(__file__).parent / "data" / "verify-template.yaml"


def test_checks_list_table_and_json() -> None:
    table = CliRunner().invoke(cli, ["checks", "list"])
    assert table.exit_code == 0
    for check in all_checks():
        assert check.id in table.stdout
    assert "(azure only)" in table.stdout
    data = json.loads(CliRunner().invoke(cli, ["checks", "list", "--format", "json"]).stdout)
    assert {d["id"] for d in data} == {c.id for c in all_checks()}
    first = data[0]
    assert {
        "id",
        "kind",
        "items",
        "severity",
        "title",
        "params",
        "permission",
        "remediation",
        "docs",
    } <= set(first)


def test_checks_show() -> None:
    result = CliRunner().invoke(cli, ["checks", "show", "uc_domain_schemas"])
    assert result.exit_code == 0
    for text in (
        "required_schemas (list, optional, default 'raw,features,models,monitoring')",
        "USE_CATALOG",
        "Remediation",
        "https://docs.databricks.com",
        "GET /api/2.1/unity-catalog/schemas",
    ):
        assert text in result.stdout
    data = json.loads(
        CliRunner().invoke(cli, ["checks", "show", "uc_domain_schemas", "--format", "json"]).stdout
    )
    assert data["params"][0] == {
        "name": "catalog",
        "type": "str",
        "required": True,
        "default": None,
        "description": "Production Unity Catalog catalog, e.g. prod_ml",
    }


def test_checks_show_unknown_suggests() -> None:
    result = CliRunner().invoke(cli, ["checks", "show", "uc_domain"])
    assert result.exit_code == 2 and "uc_domain_schemas" in result.stderr


def test_commands_have_help() -> None:
    for args in (
        ["verify", "--help"],
        ["gate", "--help"],
        ["checks", "list", "--help"],
        ["checks", "show", "--help"],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0 and "Usage" in result.stdout


def _sdk_modules_after_cli(*args: str) -> tuple[int, str]:
    code = (
        "import sys\n"
        "from tracker.cli import cli\n"
        f"rc = cli.main(args={list(args)!r}, standalone_mode=False)\n"
        "print('SDK:', sorted(m for m in sys.modules if m == 'databricks' or m.startswith('databricks.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return out.returncode, out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr


def test_checks_list_and_gate_do_not_import_databricks(tmp_path: Path) -> None:
    assert _sdk_modules_after_cli("checks", "list") == (0, "SDK: []")
    db = f"sqlite:///{tmp_path / 'x.db'}"
    created = CliRunner().invoke(
        cli, ["--db", db, "release", "new", "r", "--template", str(TEMPLATE)]
    )
    assert created.exit_code == 0, created.output
    code = (
        "import sys\n"
        "from tracker.cli import cli\n"
        "try:\n"
        f"    cli.main(args=['--db', {db!r}, 'gate', 'r'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('SDK:', sorted(m for m in sys.modules if m == 'databricks' or m.startswith('databricks.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "SDK: []", out.stdout + out.stderr
    assert "NO-GO" in out.stdout
