from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, StatementRule, load_scenario

CHECK = "fsi_feature_lineage_end_to_end"
PARAMS = {
    "feature_tables": "prod_ml.features.customer_features",
    "warehouse_id": "abcdef0123456789",
}


def test_both_hops_are_evidence_for_review(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    result = run_check(CHECK, ws, **PARAMS)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["lineage"]["prod_ml.features.customer_features"] == {
        "upstream_lineage_rows": 1532,
        "models": ["prod_ml.models.churn"],
    }
    [sent] = [r for r in ws.requests if r.path == "/api/2.0/sql/statements"]
    assert sent.parameters == {"table": "prod_ml.features.customer_features"}
    assert "customer_features" not in sent.body["statement"]  # bound, never formatted in


def test_missing_hops_fail(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", **PARAMS)
    assert result.outcome is CheckOutcome.FAIL
    assert "no raw -> prod_ml.features.customer_features lineage" in result.message
    assert "no prod_ml.features.customer_features -> model lineage" in result.message


def test_failed_statement_is_error_with_the_sql_message(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant").model_copy(deep=True)
    scenario.resources.statements.insert(
        0,
        StatementRule(
            match=r"system\.access\.table_lineage",
            state="FAILED",
            error="[INSUFFICIENT_PERMISSIONS] User does not have SELECT on system.access.table_lineage",
        ),
    )
    result = run_check(CHECK, fake(scenario), **PARAMS)
    assert result.outcome is CheckOutcome.ERROR
    assert "INSUFFICIENT_PERMISSIONS" in result.message


def test_feature_store_disabled_is_skipped(run_check: RunCheck) -> None:
    assert run_check(CHECK, "features-disabled", **PARAMS).outcome is CheckOutcome.SKIPPED
