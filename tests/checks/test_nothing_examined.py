"""Issue 9, "Vacuous PASS": a PASS names what it examined; a check with nothing to examine is
never PASS. Before the change, emptying the list variables and making the regexes match nothing
gave 17 PASS results for things nobody looked at (e.g. "Serving endpoint(s)  READY.")."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.checks.conftest import context_for
from tests.checks.test_shipped_template_checks import OPTIONAL, REFS, template_variables
from tracker.checks import registry
from tracker.checks.model import Result, split_list
from tracker.checks.pass_rule import require_examined
from tracker.checks.runner import CheckRun, CheckTarget, run_checks
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

NO_MATCH = "^no-such-resource-zzz$"
# PASSes that examined something no list or regex variable chose: a str parameter (the catalog,
# the feature schema, the online store), a list parameter's default, or the workspace itself.
EXAMINES_WITHOUT_SELECTORS = {
    "uc_domain_schemas": "raw",  # required_schemas empty = unset: its default applies
    "uc_group_grants": "catalog prod_ml",
    "uc_lineage_enabled": "prod_ml",
    "ip_access_lists_enabled": "corp-vpn-egress",
    "online_tables_syncing": "churn-online-store",
    "feature_anomaly_detection": "prod_ml.features",
    "alert_slack_destination": "ml-alerts-slack",
    "alert_pagerduty_destination": "ml-pagerduty",
    "audit_system_tables": "system.access.audit",
    "audit_log_retention": "system.access.audit",
}


def _emptied_variables(check: dict[str, Any], empty_list: str) -> dict[str, str]:
    variables = dict(template_variables())
    variables["prod_job_tag"] = "env=no-such-tag"  # a selector matching no job
    meta = registry.get_check(check["id"]).meta
    for param in meta.params:
        raw = check.get("params", {}).get(param.name)
        if param.type in ("list", "regex") and isinstance(raw, str):
            for name in re.findall(r"\$\{(\w+)\}", raw):
                variables[name] = empty_list if param.type == "list" else NO_MATCH
    return variables


def _run_all_emptied(empty_list: str) -> list[CheckRun]:
    targets = [
        CheckTarget(
            item_key=key,
            check=check,
            variables=_emptied_variables(check, empty_list),
            optional=key in OPTIONAL,
            release="rel",
        )
        for key, check in REFS.items()
        if "sql" not in check
    ]
    ws = FakeWorkspace(load_scenario("compliant")).start()
    try:
        return run_checks(targets, lambda: context_for(ws), parallel=8)
    finally:
        ws.stop()


def test_every_check_is_in_the_template() -> None:
    referenced = {c["id"] for c in REFS.values() if "id" in c}
    assert {c.meta.id for c in registry.all_checks()} <= referenced


@pytest.mark.parametrize("empty_list", [",", "  ", "[]"])
def test_no_check_passes_on_empty_lists_and_unmatched_regexes(empty_list: str) -> None:
    runs = _run_all_emptied(empty_list)
    passed = {r.check_id: r.result for r in runs if r.outcome is CheckOutcome.PASS}
    vacuous = {k: r.message for k, r in passed.items() if k not in EXAMINES_WITHOUT_SELECTORS}
    assert not vacuous
    for check_id, result in passed.items():
        assert EXAMINES_WITHOUT_SELECTORS[check_id] in result.examined, result.facts
        shown = result.message.split(" Examined: ")[-1]
        assert all(n in result.message for n in result.examined[:8]) or "more." in shown


def test_empty_list_variable_is_unset() -> None:
    [run] = run_checks(
        [
            CheckTarget(
                "serving-endpoint-created",
                REFS["serving-endpoint-created"],
                {**template_variables(), "endpoint_names": " , "},
                release="rel",
            )
        ],
        lambda: pytest.fail("no workspace call for an empty list"),  # type: ignore[arg-type,return-value]
    )
    assert run.outcome is CheckOutcome.ERROR
    assert "Nothing to check: set `endpoint_names`" in run.result.message


def test_empty_list_variable_on_an_optional_item_skips() -> None:
    [run] = run_checks(
        [
            CheckTarget(
                "serving-endpoint-created",
                REFS["serving-endpoint-created"],
                {**template_variables(), "endpoint_names": "[]"},
                optional=True,
            )
        ],
        lambda: pytest.fail("no workspace call for an empty list"),  # type: ignore[arg-type,return-value]
    )
    assert run.outcome is CheckOutcome.SKIPPED


def _rule(result: Result, optional: bool = False) -> Result:
    return require_examined(result, optional=optional, selectors=("endpoint_names",))


@pytest.mark.parametrize(
    ("optional", "outcome"), [(False, CheckOutcome.FAIL), (True, CheckOutcome.SKIPPED)]
)
def test_a_pass_that_examined_nothing_is_not_a_pass(optional: bool, outcome: CheckOutcome) -> None:
    result = _rule(Result.passed("All good: .", examined=[" ", ""]), optional)
    assert result.outcome is outcome
    assert "Nothing to check: set `endpoint_names`" in result.message


def test_a_pass_names_what_it_examined() -> None:
    named = Result.passed("Endpoint ep-one is READY.", examined=["ep-one", "ep-two"])
    result = _rule(named)
    assert result.outcome is CheckOutcome.PASS
    assert result.message == "Endpoint ep-one is READY. Examined: ep-two."
    assert result.facts["examined"] == ["ep-one", "ep-two"]


def test_problems_helper() -> None:
    failed = Result.from_problems(
        ["a is down", "b is gone"], failure="Endpoints", success="ok", examined=["a"]
    )
    assert (failed.outcome, failed.message) == (
        CheckOutcome.FAIL,
        "Endpoints: a is down; b is gone.",
    )
    ok = Result.from_problems([], failure="Endpoints", success="a is up", examined=["a"])
    assert (ok.outcome, ok.examined) == (CheckOutcome.PASS, ["a"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (",", []),
        ("  ", []),
        ("[]", []),
        ("[ ]", []),
        ("a, b", ["a", "b"]),
        ("[a, 'b']", ["a", "b"]),
    ],
)
def test_split_list(text: str, expected: list[str]) -> None:
    assert split_list(text) == expected
