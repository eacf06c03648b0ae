"""Nothing heavy on the start-up path: the app module must not pull in the write path (SQLModel),
the template loader, YAML, Markdown rendering, Alembic or the Databricks SDK."""

from __future__ import annotations

import subprocess
import sys

HEAVY = [
    "sqlmodel",
    "sqlalchemy.orm",
    "alembic",
    "databricks",
    "yaml",
    "tracker.domain.template_loader",
    "tracker.db.tables",
    "textual.widgets._markdown",
    "markdown_it",
]


def test_opening_the_app_module_imports_nothing_heavy() -> None:
    code = (
        f"import sys, tracker.tui.app\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_configuration_warnings_do_not_import_pydantic() -> None:
    """The TUI reads them on every start (after the first paint, on a thread holding the GIL):
    the template schema's pydantic cost a first launch ~100 ms."""
    code = (
        "import sys, tracker.checks.variables, tracker.services.verification, "
        "tracker.tui.check_text\nprint('pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
