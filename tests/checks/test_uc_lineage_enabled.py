from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, StatementRule, load_scenario

CHECK = "uc_lineage_enabled"
PARAMS = {"catalog": "${catalog}", "warehouse_id": "${warehouse_id}"}
VARS = {"catalog": "prod_ml", "warehouse_id": "abcdef0123456789"}


def test_lineage_rows_pass(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", variables=VARS, **PARAMS)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["access_schema_state"] == "ENABLE_COMPLETED"
    assert result.facts["lineage_rows"] == 1532
    assert result.link and result.link.endswith("/explore/data/prod_ml")


def test_access_schema_not_enabled_fails(run_check: RunCheck) -> None:
    # non-compliant: system schema access is AVAILABLE (not enabled)
    result = run_check(CHECK, "non-compliant", variables=VARS, **PARAMS)
    assert result.outcome is CheckOutcome.FAIL
    assert "AVAILABLE" in result.message


def test_no_lineage_rows_fail(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    scenario = load_scenario("compliant")
    scenario.resources.statements.insert(
        0, StatementRule(match=r"system\.access\.table_lineage", columns=["n"], rows=[[0]])
    )
    result = run_check(CHECK, fake(scenario), variables=VARS, **PARAMS)
    assert result.outcome is CheckOutcome.FAIL and "No lineage recorded" in result.message


def test_non_admin_falls_back_to_the_query(run_check: RunCheck) -> None:
    # non-admin: systemschemas answers 403; the lineage query still proves lineage works
    result = run_check(CHECK, "non-admin", variables=VARS, **PARAMS)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["access_schema_state"] == "unknown (needs metastore admin)"


def test_failed_statement_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    scenario = load_scenario("compliant")
    scenario.resources.statements.insert(
        0,
        StatementRule(
            match=r"system\.access\.table_lineage",
            state="FAILED",
            error="[INSUFFICIENT_PERMISSIONS] User does not have SELECT on system.access.table_lineage",
        ),
    )
    result = run_check(CHECK, fake(scenario), variables=VARS, **PARAMS)
    assert result.outcome is CheckOutcome.ERROR
    assert "INSUFFICIENT_PERMISSIONS" in result.message


def test_unset_warehouse_is_error(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", variables={"catalog": "prod_ml"}, **PARAMS)
    assert result.outcome is CheckOutcome.ERROR and "${warehouse_id}" in result.message
