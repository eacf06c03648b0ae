"""Issue 9, "Checks that can pass / fail / error wrongly": each test runs a check against the
``real-api-quirks`` fake scenario (or a fault on the compliant one) that reproduces what the real
API does, and would fail on the old code (the bullet it pins is named in each docstring)."""

from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

QUIRKS = "real-api-quirks"
FEATURES = "prod_ml.features.customer_features"


def test_sp_owned_token_created_by_an_admin_fails(run_check: RunCheck) -> None:
    """deploy_sp_no_pats lists tokens by created_by_id rather than owner_id."""
    result = run_check("deploy_sp_no_pats", QUIRKS, deploy_sp_id="4200000000000001")
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "owns 1 personal access token(s)" in result.message


def test_monitor_judged_by_its_newest_finished_refresh(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    """dv_quality_monitors_active FAILs whenever the newest refresh is PENDING or RUNNING; the
    refreshes are read from the Data Quality API (quality_monitors is deprecated)."""
    ws = fake(QUIRKS)
    result = run_check("dv_quality_monitors_active", ws, feature_tables=FEATURES)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["monitors"][FEATURES]["latest_refresh"] == "SUCCESS"
    assert ws.request_count("/api/2.1/unity-catalog/tables/" + FEATURES + "/monitor/refreshes") == 0
    [dq] = [r for r in ws.requests if r.path.endswith("/refreshes")]
    assert dq.path.startswith("/api/data-quality/v1/monitors/table/")


def test_a_running_legacy_refresh_is_not_a_failure(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    """Same bullet, on a workspace without the Data Quality API (legacy refreshes)."""
    ws = fake(QUIRKS)
    ws.set_fault("GET /api/data-quality/*", {"status": 404, "error_code": "ENDPOINT_NOT_FOUND"})
    table = "prod_ml.features.customer_daily_activity"
    result = run_check("dv_quality_monitors_active", ws, feature_tables=table)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["monitors"][table]["latest_refresh"] == "SUCCESS"


def test_secret_scope_names_are_case_insensitive(run_check: RunCheck) -> None:
    """Secret scope names are compared case-sensitively (Databricks: case-insensitive)."""
    result = run_check("secret_scopes_configured", QUIRKS, secret_scopes="production")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["secret_counts"]["production"] > 0


def test_lineage_names_are_case_insensitive(run_check: RunCheck) -> None:
    """The lineage SQL compares names case-sensitively."""
    result = run_check(
        "uc_lineage_enabled", QUIRKS, catalog="PROD_ML", warehouse_id="abcdef0123456789"
    )
    assert result.outcome is CheckOutcome.PASS, result.message


def test_external_and_foundation_model_entities_are_not_unsized(run_check: RunCheck) -> None:
    """serving_endpoint_scaling FAILs for external-model and foundation-model entities."""
    result = run_check("serving_endpoint_scaling", QUIRKS, endpoint_names="churn-assistant")
    assert result.outcome is CheckOutcome.PASS, result.message
    entities = result.facts["endpoints"]["churn-assistant"]
    assert entities["gpt-chat"]["managed_by"] == "the external provider (openai)"
    assert "foundation model" in entities["llama-summary"]["managed_by"]


def test_idle_source_and_snapshot_online_tables_are_fresh(run_check: RunCheck) -> None:
    """online_table_freshness FAILs when the source is idle or the table is in snapshot mode."""
    result = run_check(
        "online_table_freshness",
        QUIRKS,
        online_tables="prod_ml.features.customer_features_online,"
        "prod_ml.features.customer_segments_online",
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    tables = result.facts["tables"]
    assert tables["prod_ml.features.customer_features_online"]["idle_source"] is True
    assert tables["prod_ml.features.customer_segments_online"]["sync_mode"] == "snapshot"


def test_clustering_without_the_property_is_not_a_failure(run_check: RunCheck) -> None:
    """fs_liquid_clustering FAILs when UC does not expose clusteringColumns and no warehouse is
    set: it cannot tell (ERROR naming the fix); with a warehouse, DESCRIBE DETAIL decides."""
    unknown = run_check("fs_liquid_clustering", QUIRKS, feature_tables=FEATURES)
    assert unknown.outcome is CheckOutcome.ERROR, unknown.message
    assert "set `warehouse_id`" in unknown.message
    known = run_check(
        "fs_liquid_clustering", QUIRKS, feature_tables=FEATURES, warehouse_id="abcdef0123456789"
    )
    assert known.outcome is CheckOutcome.PASS, known.message
    assert known.facts["source"][FEATURES] == "DESCRIBE DETAIL"


def test_alerts_are_tied_to_endpoints_by_their_exact_name(run_check: RunCheck) -> None:
    """Alerts are tied to endpoints and tables by substring (churn-prod-v2 counts for
    churn-prod)."""
    latency = run_check("serving_latency_monitored", QUIRKS, endpoint_names="churn-prod")
    assert latency.outcome is not CheckOutcome.PASS, latency.message
    health = run_check("serving_endpoint_health", QUIRKS, endpoint_names="churn-prod")
    assert health.facts["endpoints"]["churn-prod"]["alerts"] == [], health.facts


def test_mentions_is_exact() -> None:
    from tracker.checks.resources import mentions

    assert mentions("FROM prod_ml.monitoring.churn_prod_payload WHERE", "churn_prod_payload")
    assert mentions("churn-prod p99 latency", "churn-prod")
    assert mentions("alert on churn-prod.", "churn-prod")
    assert not mentions("churn-prod-v2 p99 latency", "churn-prod")
    assert not mentions("FROM m.churn_prod_v2_payload", "churn_prod_payload")
    assert not mentions("FROM m.churn_prod_payload.x", "churn_prod_payload")


def test_job_success_rate_is_this_workspace_and_judges_rare_jobs(
    fake: Callable[..., FakeWorkspace],
) -> None:
    """The job success-rate SQL (monitor-all-alerts) joins system.lakeflow.* by job name with no
    workspace_id filter and no deleted-job filter, and a job that runs less than weekly gives
    NULL."""
    from tests.checks.conftest import context_for
    from tests.checks.test_shipped_template_checks import REFS, template_variables
    from tracker.checks.runner import CheckTarget, run_checks

    ws = fake(QUIRKS)
    sql = REFS["monitor-all-alerts"]["sql"]
    assert "workspace_id = :workspace_id" in sql["statement"]
    assert "delete_time IS NULL" in sql["statement"]
    variables = {
        **template_variables(),
        "prod_job_names": "churn-feature-pipeline,compliance-report",
    }
    [run] = run_checks(
        [CheckTarget("monitor-all-alerts", REFS["monitor-all-alerts"], variables)],
        lambda: context_for(ws),
    )
    assert run.outcome is CheckOutcome.PASS, run.result.message
    [request] = [r for r in ws.requests if r.path == "/api/2.0/sql/statements"]
    assert request.parameters["workspace_id"] == "1234567890123456"


def test_chunked_statement_results_are_read_to_the_end(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    """SQL results: only the first chunk is read (next_chunk_index ignored)."""
    ws = fake(QUIRKS)
    result = run_check(
        "synth_lineage",
        ws,
        tables="prod_ml.raw.customers,prod_ml.raw.events",
        warehouse_id="abcdef0123456789",
    )
    assert result.facts["without_lineage"] == [], result.message
    assert ws.request_count() and any("/result/chunks/1" in r.path for r in ws.requests)


def test_audit_checks_decide_for_non_admins_by_select(run_check: RunCheck) -> None:
    """The audit checks ERROR for non-admins because listing system schemas needs an admin,
    even when SELECT on system.access.audit through the warehouse could decide."""
    wh = "abcdef0123456789"
    tables = run_check("audit_system_tables", "non-admin", warehouse_id=wh)
    assert tables.outcome is CheckOutcome.PASS, tables.message
    assert tables.facts["access_schema"] == "readable by SELECT"
    retention = run_check("audit_log_retention", "non-admin", warehouse_id=wh)
    assert retention.outcome is CheckOutcome.PASS, retention.message
    enabled = run_check("audit_logs_enabled", "non-admin", warehouse_id=wh)
    assert enabled.outcome is CheckOutcome.MANUAL_REVIEW, enabled.message
    without_warehouse = run_check("audit_system_tables", "non-admin")
    assert without_warehouse.outcome is CheckOutcome.ERROR


def test_user_grants_below_the_schema_level_are_seen(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    """uc_group_grants looks only at the catalog and the named schemas; user grants on tables,
    models or volumes are not seen, and missing schemas are skipped."""
    ws = fake(QUIRKS)
    result = run_check("uc_group_grants", ws, catalog="prod_ml")
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "grant to bob@corp.com on table prod_ml.features.customer_daily_activity" in (
        result.message
    )
    assert "volume prod_ml.raw.landing" in result.facts["checked"]
    assert any(c.startswith("function prod_ml.models.") for c in result.facts["checked"])
    missing = run_check(
        "uc_group_grants", "compliant", catalog="prod_ml", required_schemas="raw,gold"
    )
    assert missing.outcome is CheckOutcome.FAIL
    assert "schema prod_ml.gold not found" in missing.message


def test_p99_latency_sql_reads_ai_gateway_inference_tables(
    fake: Callable[..., FakeWorkspace],
) -> None:
    """The p99 latency SQL uses legacy inference-table columns that AI Gateway inference tables
    do not have."""
    from tests.checks.conftest import context_for
    from tests.checks.test_shipped_template_checks import REFS, template_variables
    from tracker.checks.runner import CheckTarget, run_checks

    ref = REFS["analyze-performance-bottlenecks"]
    assert "execution_duration_ms" in ref["sql"]["statement"]
    variables = {
        **template_variables(),
        "inference_tables": "prod_ml.monitoring.churn_prod_gateway_payload",
    }
    [run] = run_checks(
        [CheckTarget("analyze-performance-bottlenecks", ref, variables)],
        lambda: context_for(fake(QUIRKS)),
    )
    assert run.outcome is CheckOutcome.PASS, run.result.message
