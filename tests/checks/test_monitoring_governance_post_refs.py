"""The template references of the monitoring, governance and post-deployment checks
(``.checkrefs/monitoring-governance-post.yaml``) run green against the compliant workspace with
the template's default/example variables, and every automatic one FAILs on the non-compliant one."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.checks.conftest import context_for
from tracker.checks import registry
from tracker.checks.runner import CheckRun, CheckTarget, run_checks
from tracker.domain.enums import CheckOutcome
from tracker.domain.template_loader import parse_template
from tracker.fakeworkspace import FakeWorkspace, load_scenario

ROOT = Path(__file__).resolve().parents[2]
REFS: dict[str, dict[str, Any]] = yaml.safe_load(
    (ROOT / ".checkrefs" / "monitoring-governance-post.yaml").read_text(encoding="utf-8")
)
SQL_REFS = sorted(k for k, v in REFS.items() if "sql" in v)


@cache
def template_variables() -> dict[str, str]:
    template = parse_template(
        (ROOT / "checklists" / "databricks-ml-production.yaml").read_text(encoding="utf-8")
    )
    return {v.name: v.default or v.example or "" for v in template.variables}


def run_refs(scenario: str) -> dict[str, CheckRun]:
    ws = FakeWorkspace(load_scenario(scenario)).start()
    try:
        targets = [
            CheckTarget(item_key=key, check=check, variables=template_variables(), release="demo")
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
    assert SQL_REFS == [
        "analyze-performance-bottlenecks",
        "monitor-all-alerts",
        "verify-feature-freshness",
    ]


def test_compliant_workspace_is_green() -> None:
    runs = run_refs("compliant")
    bad = {
        key: f"{run.outcome.value}: {run.result.message}"
        for key, run in runs.items()
        if run.outcome not in (CheckOutcome.PASS, CheckOutcome.MANUAL_REVIEW)
    }
    assert not bad
    for key in SQL_REFS:
        assert runs[key].outcome is CheckOutcome.PASS


def test_non_compliant_workspace_fails_every_automatic_check() -> None:
    runs = run_refs("non-compliant")
    not_failed = {
        key: f"{runs[key].outcome.value}: {runs[key].result.message}"
        for key, check in REFS.items()
        if is_auto(check) and runs[key].outcome is not CheckOutcome.FAIL
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
