from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, StatementRule, load_scenario

CHECK = "synth_lineage"
TABLES = "prod_ml.raw.customers,prod_ml.raw.events"
WAREHOUSE = "abcdef0123456789"


def test_lineage_per_table_is_evidence(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    result = run_check(CHECK, ws, tables=TABLES, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["lineage"]["prod_ml.raw.events"]["sources"] == "2"
    assert result.facts["without_lineage"] == []
    sent = [r for r in ws.requests if r.path == "/api/2.0/sql/statements"]
    assert sent[0].parameters == {"tables": TABLES, "days": "365"}  # bound, never formatted in


def test_tables_without_lineage_are_listed(run_check: RunCheck) -> None:
    # non-compliant: no lineage rows for prod_ml.raw.events
    result = run_check(CHECK, "non-compliant", tables=TABLES, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["without_lineage"] == ["prod_ml.raw.events"]
    assert "No lineage captured in 365 days for prod_ml.raw.events" in result.message


def test_failed_query_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    scenario = load_scenario("compliant")
    scenario.resources.statements.insert(
        0,
        StatementRule(
            match=r"table_lineage", state="FAILED", error="[TABLE_OR_VIEW_NOT_FOUND] lineage"
        ),
    )
    result = run_check(CHECK, fake(scenario), tables=TABLES, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "TABLE_OR_VIEW_NOT_FOUND" in result.message


def test_unset_warehouse_is_error(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", tables=TABLES, warehouse_id="${warehouse_id}")
    assert result.outcome is CheckOutcome.ERROR and "warehouse_id" in result.message
