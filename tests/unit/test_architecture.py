"""Import boundaries, checked in fresh interpreters: what each layer pulls in at import time."""

from __future__ import annotations

import json
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tracker.domain

REPO = Path(__file__).parents[2]
DOMAIN_MODULES = sorted(
    f"tracker.domain.{m.name}" for m in pkgutil.iter_modules(tracker.domain.__path__)
)


def loaded_after_imports(*steps: list[str]) -> list[set[str]]:
    """In a new interpreter, import each step's modules in turn; after each step, the top-level
    packages in sys.modules."""
    code = (
        "import importlib, json, sys\n"
        "snapshots = []\n"
        f"for step in {list(steps)!r}:\n"
        "    for m in step:\n"
        "        importlib.import_module(m)\n"
        "    snapshots.append(sorted({n.split('.')[0] for n in sys.modules}))\n"
        "print(json.dumps(snapshots))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    return [set(s) for s in json.loads(out.stdout)]


READ_PATH = ["tracker.services.tracker", "tracker.db.queries", "tracker.db.migrate", "tracker.cli"]


@pytest.fixture(scope="module")
def read_path_then_domain() -> list[set[str]]:
    return loaded_after_imports(READ_PATH, DOMAIN_MODULES)


def test_domain_modules_exist() -> None:
    assert {"tracker.domain.template", "tracker.domain.models", "tracker.domain.schedule"} <= set(
        DOMAIN_MODULES
    )


def test_the_domain_is_pure() -> None:
    (loaded,) = loaded_after_imports(DOMAIN_MODULES)
    assert loaded.isdisjoint(
        {"sqlalchemy", "sqlmodel", "alembic", "textual", "databricks", "click"}
    ), loaded


def test_services_queries_and_cli_do_not_import_textual_or_databricks(
    read_path_then_domain: list[set[str]],
) -> None:
    everything = read_path_then_domain[-1]
    assert "textual" not in everything
    assert "databricks" not in everything


def test_the_read_path_does_not_import_the_orm(read_path_then_domain: list[set[str]]) -> None:
    """The CLI's read commands go through queries (SQLAlchemy Core): no SQLModel, no Alembic."""
    assert read_path_then_domain[0].isdisjoint({"sqlmodel", "alembic"}), read_path_then_domain[0]


def test_the_read_path_does_not_import_pydantic(read_path_then_domain: list[set[str]]) -> None:
    assert "pydantic" not in read_path_then_domain[0]


def test_import_contracts() -> None:
    lint_imports = shutil.which(
        "lint-imports", path=str(Path(sys.executable).parent)
    ) or shutil.which("lint-imports")
    if lint_imports is None:
        pytest.skip("import-linter is not installed")
    result = subprocess.run([lint_imports, "--no-cache"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
