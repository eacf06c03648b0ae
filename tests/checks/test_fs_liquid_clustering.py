from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.checks.builtin.fs_liquid_clustering import clustering_columns
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, StatementRule, load_scenario

CHECK = "fs_liquid_clustering"
TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"
WAREHOUSE = "abcdef0123456789"


def test_clustering_columns_parsing() -> None:
    assert clustering_columns('[["event_date"],["customer_id"]]') == ["event_date", "customer_id"]
    assert clustering_columns('["customer_id"]') == ["customer_id"]
    assert clustering_columns("[]") == [] and clustering_columns(None) == []


def test_clustered_tables_pass(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    result = run_check(CHECK, ws, feature_tables=TABLES, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["clustering_columns"]["prod_ml.features.customer_daily_activity"] == [
        "event_date",
        "customer_id",
    ]
    assert ws.request_count("/api/2.0/sql/statements") == 0  # the table property sufficed


def test_describe_detail_fallback(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    scenario = load_scenario("compliant")
    table = next(t for t in scenario.resources.tables if t["name"] == "customer_features")
    del table["properties"]["clusteringColumns"]  # not exposed by the REST properties
    ws = fake(scenario)
    result = run_check(
        CHECK, ws, feature_tables="prod_ml.features.customer_features", warehouse_id=WAREHOUSE
    )
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["source"] == {"prod_ml.features.customer_features": "DESCRIBE DETAIL"}
    sent = [r.body for r in ws.requests if r.path == "/api/2.0/sql/statements"]
    assert (
        sent and sent[0]["statement"] == "DESCRIBE DETAIL `prod_ml`.`features`.`customer_features`"
    )


def test_unclustered_table_fails(run_check: RunCheck) -> None:
    # non-compliant: no clusteringColumns property and DESCRIBE DETAIL says []
    result = run_check(CHECK, "non-compliant", feature_tables=TABLES, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.FAIL
    assert "customer_features has no clustering columns (DESCRIBE DETAIL)" in result.message


def test_failed_describe_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    scenario = load_scenario("non-compliant")
    scenario.resources.statements.insert(
        0,
        StatementRule(
            match=r"DESCRIBE\s+DETAIL", state="FAILED", error="[TABLE_OR_VIEW_NOT_FOUND] nope"
        ),
    )
    result = run_check(CHECK, fake(scenario), feature_tables=TABLES, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "TABLE_OR_VIEW_NOT_FOUND" in result.message


def test_unsafe_table_name_is_never_sent(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant")
    odd = dict(next(t for t in scenario.resources.tables if t["name"] == "customer_features"))
    odd["full_name"] = "prod_ml.features.x;DROP"
    odd["properties"] = {}
    scenario.resources.tables.append(odd)
    ws = fake(scenario)
    result = run_check(CHECK, ws, feature_tables="prod_ml.features.x;DROP", warehouse_id=WAREHOUSE)
    assert (
        result.outcome is CheckOutcome.ERROR
        and "not a plain three-part table name" in result.message
    )
    assert ws.request_count("/api/2.0/sql/statements") == 0
