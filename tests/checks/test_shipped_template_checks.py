"""Every automated check the SHIPPED template references (items and post-deployment tasks) runs
green against the compliant workspace with the template's default/example variables, and every
automatic one FAILs on the non-compliant workspace."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.checks.conftest import context_for
from tracker.checks import registry
from tracker.checks.runner import CheckRun, CheckTarget, run_checks
from tracker.domain.enums import CheckOutcome
from tracker.domain.template_loader import load_template
from tracker.fakeworkspace import FakeWorkspace, load_scenario
from tracker.services.demo import UNSET_VARIABLES

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template(ROOT / "checklists" / "databricks-ml-production.yaml")
REFS: dict[str, dict[str, Any]] = {
    **{
        item.id: item.check.model_dump(exclude_none=True)
        for _, _, item in TEMPLATE.iter_items()
        if item.check is not None
    },
    **{
        task.id: task.check.model_dump(exclude_none=True)
        for _, task in TEMPLATE.iter_tasks()
        if task.check is not None
    },
}
OPTIONAL = {item.id for _, _, item in TEMPLATE.iter_items() if item.optional}
SQL_REFS = sorted(k for k, v in REFS.items() if "sql" in v)
# Not applicable to the compliant (AWS) workspace, or needing account-level variables.
EXPECTED_SKIPS = {
    "network-vnet-injection",
    "network-private-endpoints-storage",
    "secrets-azure-key-vault",
}


@cache
def template_variables() -> dict[str, str]:
    return {
        v.name: v.default or v.example or ""
        for v in TEMPLATE.variables
        if v.name not in UNSET_VARIABLES
    }


def run_refs(scenario: str) -> dict[str, CheckRun]:
    ws = FakeWorkspace(load_scenario(scenario)).start()
    try:
        targets = [
            CheckTarget(
                item_key=key,
                check=check,
                variables=template_variables(),
                optional=key in OPTIONAL,
                release="demo",
            )
            for key, check in REFS.items()
        ]
        return {
            run.item_key: run for run in run_checks(targets, lambda: context_for(ws), parallel=8)
        }
    finally:
        ws.stop()


def is_auto(check: dict[str, Any]) -> bool:
    return "sql" in check or registry.get_check(check["id"]).meta.kind == "auto"


def test_refs_name_known_checks_and_items() -> None:
    for key, check in REFS.items():
        if "sql" in check:
            assert "${" not in check["sql"]["statement"], key  # values are bound, never substituted
            assert check["sql"]["warehouse"] == "${warehouse_id}"
            continue
        meta = registry.get_check(check["id"]).meta
        assert key in meta.items, f"{meta.id} does not declare item {key}"
        for param in meta.params:
            assert not param.required or param.name in check.get("params", {}), (key, param.name)
    assert SQL_REFS == [
        "analyze-performance-bottlenecks",
        "monitor-all-alerts",
        "verify-feature-freshness",
    ]


def test_the_template_references_the_checks() -> None:
    assert len(REFS) >= 85  # 81 items + the post-deployment tasks


def test_compliant_workspace_is_green() -> None:
    runs = run_refs("compliant")
    assert set(runs) == set(REFS)
    bad = {
        key: f"{run.outcome.value}: {run.result.message}"
        for key, run in runs.items()
        if run.outcome not in (CheckOutcome.PASS, CheckOutcome.MANUAL_REVIEW)
        and not (key in EXPECTED_SKIPS and run.outcome is CheckOutcome.SKIPPED)
    }
    assert not bad
    for key in SQL_REFS:
        assert runs[key].outcome is CheckOutcome.PASS


def test_non_compliant_workspace_fails_every_automatic_check() -> None:
    runs = run_refs("non-compliant")
    not_failed = {
        key: f"{runs[key].outcome.value}: {runs[key].result.message}"
        for key, check in REFS.items()
        if is_auto(check)
        and key not in EXPECTED_SKIPS
        and runs[key].outcome is not CheckOutcome.FAIL
    }
    assert not not_failed


@pytest.mark.parametrize("key", SQL_REFS)
def test_sql_refs_bind_their_parameters(key: str) -> None:
    ws = FakeWorkspace(load_scenario("compliant")).start()
    try:
        target = CheckTarget(item_key=key, check=REFS[key], variables=template_variables())
        [run] = run_checks([target], lambda: context_for(ws))
        [request] = [r for r in ws.requests if r.path == "/api/2.0/sql/statements"]
    finally:
        ws.stop()
    assert run.outcome is CheckOutcome.PASS, run.result.message
    variables = template_variables()
    for name, value in REFS[key]["sql"]["parameters"].items():
        assert request.parameters[name] == variables[value.strip("${}")]
