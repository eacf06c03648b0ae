"""The check catalogue: one check per file, id == file name == META.id, well-formed metadata."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tracker.checks import registry
from tracker.checks.model import CheckMeta, Param
from tracker.domain.template_loader import load_template
from tracker.errors import NotFoundError
from tracker.paths import bundled_dir

BUILTIN = Path(registry.__file__).parent / "builtin"


def test_every_builtin_file_is_a_valid_check() -> None:
    discovered = sorted(registry._discover())
    files = sorted(p.stem for p in BUILTIN.glob("*.py") if not p.stem.startswith("_"))
    assert discovered == files
    for check in registry.all_checks():
        registry.validate_meta(check.meta, check.id)


def test_checks_name_real_template_items() -> None:
    template_file = bundled_dir("checklists") / "databricks-ml-production.yaml"
    template = load_template(template_file)
    items = {item.id for _, _, item in template.iter_items()} | {
        t.id for _, t in template.iter_tasks()
    }
    for check in registry.all_checks():
        assert set(check.meta.items) <= items, check.id


def test_get_check_suggests_close_ids() -> None:
    assert registry.get_check("uc_catalog_exists").meta.title
    with pytest.raises(NotFoundError, match="uc_catalog_exists"):
        registry.get_check("uc_catalog_exist")
    assert [c.id for c in registry.checks_for_item("uc-production-catalog")] == [
        "uc_catalog_exists"
    ]


GOOD = CheckMeta(
    id="good",
    title="Good",
    items=("some-item",),
    params=(Param("p", "str", "a param"),),
    severity="low",
    permission="none",
    remediation="fix it",
    docs="https://docs.databricks.com",
)


@pytest.mark.parametrize(
    ("meta", "error"),
    [
        (replace(GOOD, id="other"), "must equal the file name"),
        (replace(GOOD, docs="docs.databricks.com"), "https URL"),
        (replace(GOOD, items=()), "items"),
        (replace(GOOD, items=("Not_An_Id",)), "items"),
        (replace(GOOD, params=(Param("p", "str", "a"), Param("p", "str", "b"))), "duplicate"),
        (replace(GOOD, params=(Param("p", "text", "a"),)), "unknown type"),  # type: ignore[arg-type]
        (replace(GOOD, params=(Param("p", "str", " "),)), "description"),
        (replace(GOOD, params=(Param("p", "str", "a", required=True, default="x"),)), "default"),
        (replace(GOOD, clouds=frozenset({"moon"})), "clouds"),  # type: ignore[arg-type]
        (replace(GOOD, remediation=""), "remediation"),
    ],
)
def test_malformed_metadata_is_rejected(meta: CheckMeta, error: str) -> None:
    with pytest.raises(registry.CheckDefinitionError, match=error):
        registry.validate_meta(meta, "good")


def _modules_after(code: str) -> str:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            code
            + "\nimport sys; print(sorted(m for m in sys.modules if m == 'databricks' or m.startswith('databricks.')))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return out.stdout.strip().splitlines()[-1]


def test_loading_the_catalogue_does_not_import_the_sdk() -> None:
    assert _modules_after("from tracker.checks.registry import all_checks; all_checks()") == "[]"


def test_runner_and_services_do_not_import_the_sdk() -> None:
    code = (
        "import tracker.checks.runner, tracker.checks.sql, tracker.checks.context, "
        "tracker.databricks, tracker.services.tracker, tracker.commands.checks_cmd"
    )
    assert _modules_after(code) == "[]"
