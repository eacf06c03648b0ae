"""The fake workspace, driven by the real databricks-sdk over HTTP on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from databricks.sdk import AccountClient, WorkspaceClient
from databricks.sdk.errors import (
    BadRequest,
    InternalError,
    NotFound,
    PermissionDenied,
    ResourceDoesNotExist,
    TooManyRequests,
    Unauthenticated,
)
from databricks.sdk.errors.base import DatabricksError
from databricks.sdk.service.catalog import CatalogType
from databricks.sdk.service.sql import StatementParameterListItem, StatementState

from tracker.errors import NotFoundError
from tracker.fakeworkspace import (
    SCENARIOS,
    FakeWorkspace,
    Fault,
    ScenarioError,
    load_scenario,
    scenario_path,
)
from tracker.fakeworkspace.routing import compile_template

Client = Callable[..., WorkspaceClient]
WAREHOUSE = "abcdef0123456789"
ALL_SCENARIOS = {
    "azure",
    "compliant",
    "demo",
    "features-disabled",
    "non-admin",
    "non-compliant",
    "paged",
    "real-api-quirks",
    "throttled",
    "unreachable",
}


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


# -- construction, auth, unknown routes ---------------------------------------------------------------


def test_client_construction_makes_exactly_one_unauthenticated_well_known_request(
    compliant: FakeWorkspace, client: Client
) -> None:
    w = client(compliant.url)

    [probe] = compliant.requests
    assert (probe.method, probe.path, probe.status) == (
        "GET",
        "/.well-known/databricks-config",
        200,
    )
    assert not any(k.lower() == "authorization" for k in probe.headers)
    assert w.config.workspace_id == "1234567890123456"

    assert w.catalogs.get("prod_ml").catalog_type == CatalogType.MANAGED_CATALOG
    call = compliant.requests[-1]
    assert call.headers["X-Databricks-Workspace-Id"] == "1234567890123456"
    assert call.headers["Authorization"] == "Bearer <redacted>"  # the token is never recorded
    assert compliant.request_count() == 2


def test_missing_bearer_token_is_401_unauthenticated(
    compliant: FakeWorkspace, client: Client
) -> None:
    status, body = _get(f"{compliant.url}/api/2.1/unity-catalog/catalogs/prod_ml")
    assert (status, body["error_code"]) == (401, "UNAUTHENTICATED")

    status, _ = _get(f"{compliant.url}/.well-known/databricks-config")
    assert status == 200


def test_wrong_token_is_unauthenticated_when_a_token_is_expected(client: Client) -> None:
    with FakeWorkspace("compliant", expected_token="s3cret") as ws:
        assert (
            client(ws.url, token="s3cret").current_user.me().user_name == "platform.admin@corp.com"
        )
        with pytest.raises(Unauthenticated):
            client(ws.url, token="wrong").current_user.me()


def test_unknown_route_is_404_endpoint_not_found(compliant: FakeWorkspace) -> None:
    status, body = _get(f"{compliant.url}/api/2.0/no-such-api", {"Authorization": "Bearer x"})
    assert (status, body["error_code"]) == (404, "ENDPOINT_NOT_FOUND")


def test_well_known_serves_cloud_and_workspace_id_but_never_an_oidc_endpoint(
    client: Client,
) -> None:
    with FakeWorkspace("azure") as ws:
        status, body = _get(f"{ws.url}/.well-known/databricks-config")
        assert status == 200
        assert body == {"workspace_id": "2345678901234567", "cloud": "azure"}
        w = client(ws.url)
        assert w.config.is_azure
        assert any(s.keyvault_metadata for s in w.secrets.list_scopes())


# -- every route of the reference table answers through the SDK --------------------------------------

ROUTE_TABLE = [
    ("GET", "/api/2.0/alerts"),
    ("GET", "/api/2.0/feature-store/feature-tables/{table_name}/features/{feature_name}/lineage"),
    ("GET", "/api/2.0/feature-store/online-stores/{name}"),
    ("GET", "/api/2.0/instance-pools/list"),
    ("GET", "/api/2.0/ip-access-lists"),
    ("GET", "/api/2.0/lakeview/dashboards"),
    ("GET", "/api/2.0/lakeview/dashboards/{dashboard_id}/schedules"),
    ("GET", "/api/2.0/mlflow/artifacts/list"),
    ("GET", "/api/2.0/mlflow/experiments/get-by-name"),
    ("POST", "/api/2.0/mlflow/registered-models/get-latest-versions"),
    ("GET", "/api/2.0/mlflow/registry-webhooks/list"),
    ("POST", "/api/2.0/mlflow/runs/search"),
    ("GET", "/api/2.0/notification-destinations"),
    ("GET", "/api/2.0/online-tables/{name}"),
    ("GET", "/api/2.0/pipelines"),
    ("GET", "/api/2.0/policies/clusters/list"),
    ("GET", "/api/2.0/policies/clusters/list-compliance"),
    ("GET", "/api/2.0/preview/scim/v2/Me"),
    ("GET", "/api/2.0/preview/scim/v2/ServicePrincipals"),
    ("GET", "/api/2.0/secrets/acls/list"),
    ("GET", "/api/2.0/secrets/list"),
    ("GET", "/api/2.0/secrets/scopes/list"),
    ("GET", "/api/2.0/serving-endpoints/{name}"),
    ("GET", "/api/2.0/serving-endpoints/{name}/metrics"),
    ("GET", "/api/2.0/serving-endpoints/{name}/openapi"),
    ("GET", "/api/2.0/settings/types/shield_csp_enablement_ws_db/names/default"),
    ("GET", "/api/2.0/sql/history/queries"),
    ("POST", "/api/2.0/sql/statements"),
    ("GET", "/api/2.0/sql/statements/{statement_id}"),
    ("GET", "/api/2.0/sql/warehouses"),
    ("GET", "/api/2.0/token-management/tokens"),
    ("GET", "/api/2.0/workspace-conf"),
    ("GET", "/api/2.0/workspace/get-status"),
    ("GET", "/api/2.1/clusters/list"),
    ("GET", "/api/2.1/unity-catalog/catalogs/{name}"),
    ("GET", "/api/2.1/unity-catalog/current-metastore-assignment"),
    ("GET", "/api/2.1/unity-catalog/entity-tag-assignments/{entity_type}/{entity_name}/tags"),
    ("GET", "/api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas"),
    ("GET", "/api/2.1/unity-catalog/models/{full_name}"),
    ("GET", "/api/2.1/unity-catalog/models/{full_name}/versions"),
    ("GET", "/api/2.1/unity-catalog/models/{full_name}/versions/{version}"),
    ("GET", "/api/2.1/unity-catalog/permissions/{securable_type}/{full_name}"),
    ("GET", "/api/2.1/unity-catalog/schemas"),
    ("GET", "/api/2.1/unity-catalog/schemas/{full_name}"),
    ("GET", "/api/2.1/unity-catalog/tables/{full_name}"),
    ("GET", "/api/2.1/unity-catalog/tables/{table_name}/monitor"),
    ("GET", "/api/2.1/unity-catalog/tables/{table_name}/monitor/refreshes"),
    ("GET", "/api/2.2/jobs/get"),
    ("GET", "/api/2.2/jobs/list"),
    ("GET", "/api/2.2/jobs/runs/list"),
    ("GET", "/api/data-classification/v1/{name:path}"),
    ("GET", "/api/data-quality/v1/monitors/{object_type}/{object_id}"),
    ("GET", "/api/2.0/accounts/{account_id}/log-delivery"),
    ("GET", "/api/2.0/accounts/{account_id}/network-connectivity-configs"),
    (
        "GET",
        "/api/2.0/accounts/{account_id}/network-connectivity-configs/{ncc_id}/private-endpoint-rules",
    ),
    ("GET", "/api/2.0/accounts/{account_id}/servicePrincipals/{sp_id}/federationPolicies"),
    ("GET", "/api/2.0/accounts/{account_id}/workspaces/{workspace_id}"),
    ("GET", "/api/2.1/accounts/{account_id}/budgets"),
]


def _exercise_workspace_routes(w: WorkspaceClient) -> None:
    """One SDK call per workspace route, asserting on the compliant payloads."""
    table = "prod_ml.features.customer_features"
    assert any("latency" in a.display_name for a in w.alerts_v2.list_alerts())
    lineage = w.materialized_features.get_feature_lineage(table, "monthly_spend")
    assert {m.version for m in lineage.models or []} == {12, 13}
    assert w.feature_store.get_online_store("churn-online-store").state is not None
    assert next(p.instance_pool_name for p in w.instance_pools.list()) == "prod-pool"
    assert any(lst.enabled for lst in w.ip_access_lists.list())
    dashboards = list(w.lakeview.list())
    assert any(d.display_name == "ML Platform Cost Monitoring" for d in dashboards)
    assert list(w.lakeview.list_schedules(dashboards[0].dashboard_id or ""))
    run_id = "2b3c4d5e6f708192a3b4c5d6e7f8091a"
    assert any(
        f.path == "model/MLmodel" for f in w.experiments.list_artifacts(run_id=run_id, path="model")
    )
    experiment = w.experiments.get_by_name("/Shared/churn").experiment
    assert experiment is not None and experiment.lifecycle_stage == "active"
    stages = {
        v.current_stage
        for v in w.model_registry.get_latest_versions(
            "churn-legacy", stages=["Production", "Staging"]
        )
    }
    assert stages == {"Production", "Staging"}
    assert list(w.model_registry.list_webhooks())
    latest = next(
        iter(
            w.experiments.search_runs(
                experiment_ids=[experiment.experiment_id or ""],
                filter="attributes.status = 'FINISHED'",
                order_by=["attributes.start_time DESC"],
                max_results=1,
            )
        )
    )
    assert latest.data is not None and "revenue_uplift" in {
        m.key for m in latest.data.metrics or []
    }
    assert {
        d.destination_type.value for d in w.notification_destinations.list() if d.destination_type
    } == {
        "SLACK",
        "EMAIL",
        "PAGERDUTY",
    }
    online = w.online_tables.get("prod_ml.features.customer_features_online")
    assert online.status is not None and online.status.detailed_state is not None
    assert online.status.detailed_state.value == "ONLINE_CONTINUOUS_UPDATE"
    assert len(list(w.pipelines.list_pipelines())) == 2
    policies = list(w.cluster_policies.list())
    definition = json.loads(policies[0].definition or "{}")
    assert definition["autotermination_minutes"]["type"] == "fixed"
    assert all(
        c.is_compliant
        for c in w.policy_compliance_for_clusters.list_compliance(policies[0].policy_id or "")
    )
    me = w.current_user.me()
    assert "admins" in {g.display for g in me.groups or []}
    assert len(list(w.service_principals.list())) == 3
    assert list(w.secrets.list_acls("production"))
    assert len(list(w.secrets.list_secrets("production"))) >= 2
    assert {s.backend_type.value for s in w.secrets.list_scopes() if s.backend_type} == {
        "DATABRICKS",
        "AZURE_KEYVAULT",
    }
    endpoint = w.serving_endpoints.get("churn-prod")
    assert (
        endpoint.state is not None
        and endpoint.state.ready is not None
        and endpoint.state.ready.value == "READY"
    )
    assert endpoint.ai_gateway is not None and endpoint.ai_gateway.rate_limits
    metrics = w.serving_endpoints.export_metrics("churn-prod").contents
    assert metrics is not None and b"request_count_total" in metrics.read()
    openapi = w.serving_endpoints.get_open_api("churn-prod").contents
    assert openapi is not None and json.loads(openapi.read())["openapi"].startswith("3.")
    csp = w.settings.compliance_security_profile.get().compliance_security_profile_workspace
    assert csp.is_enabled
    assert w.query_history.list().res
    response = w.statement_execution.execute_statement(
        statement="SELECT 1", warehouse_id=WAREHOUSE, wait_timeout="5s"
    )
    assert response.result is not None and response.result.data_array == [["1"]]
    assert w.statement_execution.get_statement(response.statement_id or "").status is not None
    assert [wh.name for wh in w.warehouses.list()] == ["wh-prod"]
    assert all(
        t.created_by_username and "@" in t.created_by_username for t in w.token_management.list()
    )
    assert w.workspace_conf.get_status(keys="enableIpAccessLists") == {
        "enableIpAccessLists": "true"
    }
    bundle = "/Workspace/Users/7f3c1a52-9a4e-4b8e-9c1d-2f6a8b3e4d51/.bundle/churn/prod/state"
    assert w.workspace.get_status(bundle).object_type is not None
    assert all(c.policy_id for c in w.clusters.list())
    assert w.catalogs.get("prod_ml").owner == "ml-admins"
    metastore_id = w.metastores.current().metastore_id
    assert {
        t.tag_key for t in w.entity_tag_assignments.list("tables", "prod_ml.raw.customers")
    } >= {"classification"}
    assert {s.schema: s.state for s in w.system_schemas.list(metastore_id)}[
        "access"
    ] == "ENABLE_COMPLETED"
    model = w.registered_models.get("prod_ml.models.churn", include_aliases=True)
    assert {a.alias_name for a in model.aliases or []} == {"champion", "challenger"}
    assert [v.version for v in w.model_versions.list("prod_ml.models.churn")] == [13, 12, 11]
    assert w.model_versions.get("prod_ml.models.churn", 12).status is not None
    principals = {
        a.principal for a in w.grants.get("catalog", "prod_ml").privilege_assignments or []
    }
    assert principals and not any("@" in (p or "") for p in principals)
    assert {"raw", "features", "models", "monitoring"} <= {
        s.name for s in w.schemas.list("prod_ml")
    }
    assert w.schemas.get("prod_ml.features").schema_id
    info = w.tables.get(table)
    assert info.table_constraints and info.table_constraints[0].primary_key_constraint
    assert w.quality_monitors.get(table).status is not None
    assert w.quality_monitors.list_refreshes(table).refreshes
    assert w.jobs.get(101).settings is not None
    [job] = w.jobs.list(name="churn-batch-inference")
    assert job.job_id == 102
    assert list(w.jobs.list_runs(job_id=101))
    assert w.data_classification.get_catalog_config("catalogs/prod_ml/config").auto_tag_configs
    assert (
        w.data_quality.get_monitor("table", info.table_id or "").data_profiling_config is not None
    )


def _exercise_account_routes(a: AccountClient) -> None:
    audit = [c for c in a.log_delivery.list() if c.log_type and c.log_type.value == "AUDIT_LOGS"]
    assert audit and audit[0].status is not None
    [ncc] = a.network_connectivity.list_network_connectivity_configurations()
    rules = list(
        a.network_connectivity.list_private_endpoint_rules(ncc.network_connectivity_config_id or "")
    )
    assert rules
    [policy] = a.service_principal_federation_policy.list(4200000000000001)
    assert policy.oidc_policy is not None
    assert policy.oidc_policy.issuer == "https://token.actions.githubusercontent.com"
    assert a.workspaces.get(1234567890123456).network_id
    assert list(a.budgets.list())


def test_every_route_in_the_reference_table_answers_the_real_sdk(
    compliant: FakeWorkspace, client: Client, account_client: Callable[[str], AccountClient]
) -> None:
    _exercise_workspace_routes(client(compliant.url))
    _exercise_account_routes(account_client(compliant.url))

    served = [r for r in compliant.requests if r.path != "/.well-known/databricks-config"]
    assert all(r.status == 200 for r in served), [
        (r.path, r.status) for r in served if r.status != 200
    ]
    missing = [
        (method, template)
        for method, template in ROUTE_TABLE
        if not any(
            r.method == method and compile_template(template).fullmatch(r.path) for r in served
        )
    ]
    assert missing == []
    assert len(ROUTE_TABLE) == 58


# -- paging --------------------------------------------------------------------------------------------


def test_token_paging_follows_next_page_token_until_the_last_page(
    paged: FakeWorkspace, client: Client
) -> None:
    w = client(paged.url)
    assert w.catalogs.get("prod_ml").name == "prod_ml"

    names = [s.name for s in w.schemas.list("prod_ml")]

    assert len(names) == len(set(names)) == 9
    pages = [r for r in paged.requests if r.path == "/api/2.1/unity-catalog/schemas"]
    assert len(pages) == 5  # ceil(9 / page_size 2)
    assert pages[0].query["max_results"] == ["0"] and "page_token" not in pages[0].query
    assert all("page_token" in p.query for p in pages[1:])


def test_jobs_list_pages_with_limit_and_filters_by_name(
    paged: FakeWorkspace, client: Client
) -> None:
    w = client(paged.url)
    assert len(list(w.jobs.list())) == 8
    assert paged.request_count("/api/2.2/jobs/list") == 4
    assert len(list(w.jobs.list(limit=3))) == 8
    assert paged.request_count("/api/2.2/jobs/list") == 4 + 3
    [job] = w.jobs.list(name="CHURN-RETRAINING")  # exact, case-insensitive
    assert job.settings is not None and job.settings.tasks == []  # tasks only with expand_tasks
    [expanded] = w.jobs.list(name="churn-retraining", expand_tasks=True)
    assert expanded.settings is not None and len(expanded.settings.tasks or []) == 2


def test_scim_paging_slices_by_start_index_and_terminates(
    paged: FakeWorkspace, client: Client
) -> None:
    w = client(paged.url)

    principals = list(w.service_principals.list())

    assert len(principals) == 7
    pages = [r for r in paged.requests if r.path.endswith("/ServicePrincipals")]
    assert [p.query["startIndex"] for p in pages] == [["1"], ["3"], ["5"], ["7"], ["8"]]
    active = list(w.service_principals.list(filter='displayName sw "sp-ml-prod"'))
    assert {p.display_name for p in active} == {"sp-ml-prod-deployer", "sp-ml-prod-jobs"}


def test_grants_get_returns_one_page_and_the_caller_follows_the_token(
    paged: FakeWorkspace, client: Client
) -> None:
    w = client(paged.url)
    assert len(w.grants.get("CATALOG", "prod_ml").privilege_assignments or []) == 5  # unpaginated

    principals: list[str] = []
    response = w.grants.get("catalog", "prod_ml", max_results=0)
    while True:
        principals += [a.principal or "" for a in response.privilege_assignments or []]
        if not response.next_page_token:
            break
        response = w.grants.get(
            "catalog", "prod_ml", max_results=0, page_token=response.next_page_token
        )
    assert len(principals) == 5
    assert paged.request_count("/api/2.1/unity-catalog/permissions/") == 1 + 3


# -- errors and faults ---------------------------------------------------------------------------------


def test_unknown_job_is_resource_does_not_exist_like_the_real_api(
    compliant: FakeWorkspace, client: Client
) -> None:
    with pytest.raises(ResourceDoesNotExist, match="Job 999 does not exist"):
        client(compliant.url).jobs.get(999)
    assert compliant.requests[-1].status == 400  # the Jobs API answers 400 INVALID_PARAMETER_VALUE


def test_unknown_named_resources_are_resource_does_not_exist(
    compliant: FakeWorkspace, client: Client
) -> None:
    w = client(compliant.url)
    for call in (
        lambda: w.catalogs.get("nope"),
        lambda: w.tables.get("prod_ml.features.nope"),
        lambda: w.serving_endpoints.get("nope"),
        lambda: w.registered_models.get("prod_ml.models.nope"),
        lambda: list(w.secrets.list_secrets("nope")),
    ):
        with pytest.raises(ResourceDoesNotExist) as caught:
            call()
        assert caught.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_non_admin_gets_permission_denied_with_its_error_code(client: Client) -> None:
    with FakeWorkspace("non-admin") as ws:
        w = client(ws.url)
        assert "admins" not in {g.display for g in w.current_user.me().groups or []}
        with pytest.raises(PermissionDenied) as caught:
            w.workspace_conf.get_status(keys="enableIpAccessLists")
        assert caught.value.error_code == "PERMISSION_DENIED"
        for call in (
            lambda: list(w.ip_access_lists.list()),
            lambda: list(w.token_management.list()),
            lambda: list(w.cluster_policies.list()),
            lambda: list(w.system_schemas.list(w.metastores.current().metastore_id)),
        ):
            with pytest.raises(PermissionDenied):
                call()
        assert w.catalogs.get("prod_ml").name == "prod_ml"  # everything else still works


def test_disabled_features_answer_feature_disabled_or_endpoint_not_found(client: Client) -> None:
    with FakeWorkspace("features-disabled") as ws:
        w = client(ws.url)
        table = "prod_ml.features.customer_features"
        with pytest.raises(NotFound) as online:
            w.online_tables.get("prod_ml.features.customer_features_online")
        assert online.value.error_code == "FEATURE_DISABLED"
        with pytest.raises(BadRequest) as monitor:
            w.quality_monitors.get(table)
        assert monitor.value.error_code == "FEATURE_DISABLED"
        with pytest.raises(NotFound) as data_quality:
            w.data_quality.get_monitor("table", w.tables.get(table).table_id or "")
        assert data_quality.value.error_code == "ENDPOINT_NOT_FOUND"
        with pytest.raises(NotFound) as alerts:
            list(w.alerts_v2.list_alerts())
        assert alerts.value.error_code == "ENDPOINT_NOT_FOUND"
        with pytest.raises(NotFound) as store:
            w.feature_store.get_online_store("churn-online-store")
        assert store.value.error_code == "FEATURE_DISABLED"


def test_throttled_twice_then_success_takes_three_requests(client: Client) -> None:
    with FakeWorkspace("throttled") as ws:
        w = client(ws.url, retry_timeout=10)
        started = time.monotonic()

        jobs = list(w.jobs.list())

        assert len(jobs) == 5
        assert [r.status for r in ws.requests if r.path == "/api/2.2/jobs/list"] == [429, 429, 200]
        assert time.monotonic() - started >= 2  # Retry-After: 1 was honoured twice
        assert w.catalogs.get("prod_ml").name == "prod_ml"
        assert ws.request_count("/api/2.1/unity-catalog/catalogs/prod_ml") == 3


def test_throttled_forever_becomes_timeout_error_within_the_retry_budget(client: Client) -> None:
    with FakeWorkspace("throttled") as ws:
        w = client(ws.url, retry_timeout=2, http_timeout=1)
        started = time.monotonic()

        with pytest.raises(TimeoutError) as caught:
            list(w.clusters.list())

        assert time.monotonic() - started < 6
        assert isinstance(caught.value.__cause__, TooManyRequests)
        assert ws.request_count("/api/2.1/clusters/list") >= 2


def test_500_with_a_plain_message_is_internal_error_at_once(
    compliant: FakeWorkspace, client: Client
) -> None:
    compliant.set_fault("GET /api/2.0/sql/warehouses", {"status": 500, "message": "boom"})

    with pytest.raises(InternalError, match="boom"):
        list(client(compliant.url).warehouses.list())

    assert compliant.request_count("/api/2.0/sql/warehouses") == 1
    compliant.clear_faults()
    assert [wh.id for wh in client(compliant.url).warehouses.list()] == [WAREHOUSE]


def test_runtime_faults_take_precedence_and_are_counted(
    compliant: FakeWorkspace, client: Client
) -> None:
    fault = Fault(route="ignored", status=404, error_code="FEATURE_DISABLED", times=1)
    compliant.set_fault("^GET /api/2\\.1/unity-catalog/catalogs/.*$", fault)
    w = client(compliant.url)

    with pytest.raises(NotFound) as caught:
        w.catalogs.get("prod_ml")

    assert caught.value.error_code == "FEATURE_DISABLED"
    assert compliant.requests[-1].fault == "^GET /api/2\\.1/unity-catalog/catalogs/.*$"
    assert w.catalogs.get("prod_ml").name == "prod_ml"  # spent after one use
    assert compliant.fault_fired_count("^GET /api/2\\.1/unity-catalog/catalogs/.*$") == 1


@pytest.mark.parametrize(
    ("route", "method", "path", "expected"),
    [
        ("GET /api/2.0/alerts*", "GET", "/api/2.0/alerts", True),
        ("GET /api/2.0/alerts*", "GET", "/api/2.0/alerts/7a6b", True),
        ("GET /api/2.0/alerts*", "POST", "/api/2.0/alerts", False),
        ("get /api/2.0/alerts", "GET", "/api/2.0/alerts", True),
        ("/api/2.0/sql/statements*", "POST", "/api/2.0/sql/statements", True),
        (
            "GET /api/2.1/unity-catalog/tables/*/monitor",
            "GET",
            "/api/2.1/unity-catalog/tables/a.b.c/monitor",
            True,
        ),
        (
            "GET /api/2.1/unity-catalog/tables/*/monitor",
            "GET",
            "/api/2.1/unity-catalog/tables/a.monitoring.c",
            False,
        ),
        ("^(GET|POST) /api/2\\.0/sql/", "POST", "/api/2.0/sql/statements", True),
        ("^GET /api/2\\.0/sql/$", "GET", "/api/2.0/sql/statements", False),
    ],
)
def test_fault_routes_are_globs_or_regexes_on_method_and_path(
    route: str, method: str, path: str, expected: bool
) -> None:
    assert Fault(route=route, status=500).matches(method, path) is expected


def test_a_delay_longer_than_the_http_timeout_fails_the_call(
    compliant: FakeWorkspace, client: Client
) -> None:
    compliant.set_fault("GET /api/2.1/clusters/list", {"delay_ms": 3000})
    w = client(compliant.url, retry_timeout=2, http_timeout=1)
    started = time.monotonic()

    with pytest.raises(TimeoutError) as caught:  # read timeouts are retried until the budget ends
        list(w.clusters.list())

    assert "timed out" in repr(caught.value.__cause__).lower()
    assert time.monotonic() - started < 6


def test_a_closed_port_fails_within_the_retry_budget(client: Client) -> None:
    url = FakeWorkspace.closed_port_url()
    started = time.monotonic()
    w = client(url, retry_timeout=2, http_timeout=1)  # the host-metadata probe fails and is logged
    constructed = time.monotonic()

    with pytest.raises(
        TimeoutError
    ) as caught:  # connection errors are retried until the budget ends
        w.current_user.me()

    # Each phase: sleeps of 1 s and 2 s (+ up to 1 s jitter each) inside a 2 s budget.
    assert constructed - started < 6.5
    assert time.monotonic() - constructed < 6.5
    assert "connect" in repr(caught.value.__cause__).lower()


def test_the_unreachable_scenario_listens_nowhere() -> None:
    with FakeWorkspace("unreachable") as ws:
        assert ws.url.startswith("http://127.0.0.1:")
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(f"{ws.url}/.well-known/databricks-config", timeout=2)


# -- SQL statements ------------------------------------------------------------------------------------


def test_statement_round_trip_records_bound_parameters(
    compliant: FakeWorkspace, client: Client
) -> None:
    w = client(compliant.url)
    sql = (
        "SELECT count(*) AS n FROM system.access.table_lineage "
        "WHERE target_table_catalog = :catalog AND event_date >= current_date() - INTERVAL 30 DAYS"
    )

    response = w.statement_execution.execute_statement(
        statement=sql,
        warehouse_id=WAREHOUSE,
        wait_timeout="30s",
        parameters=[StatementParameterListItem(name="catalog", value="prod_ml")],
    )

    assert response.status is not None and response.status.state == StatementState.SUCCEEDED
    assert response.manifest is not None and response.manifest.schema is not None
    assert [c.name for c in response.manifest.schema.columns or []] == ["n"]
    assert response.result is not None and response.result.data_array == [["1532"]]
    posted = [r for r in compliant.requests if r.method == "POST"][-1]
    assert posted.parameters == {"catalog": "prod_ml"}
    again = w.statement_execution.get_statement(response.statement_id or "")
    assert again.result is not None and again.result.data_array == [["1532"]]


def test_statements_without_wait_are_pending_until_polled(
    compliant: FakeWorkspace, client: Client
) -> None:
    w = client(compliant.url)
    first = w.statement_execution.execute_statement(
        statement="DESCRIBE HISTORY prod_ml.features.customer_features LIMIT 1",
        warehouse_id=WAREHOUSE,
        wait_timeout="0s",
    )
    assert first.status is not None and first.status.state == StatementState.PENDING

    done = w.statement_execution.get_statement(first.statement_id or "")

    assert done.status is not None and done.status.state == StatementState.SUCCEEDED
    assert done.result is not None and done.result.data_array
    last_write = datetime.fromisoformat(done.result.data_array[0][1].replace("Z", "+00:00"))
    assert (datetime.now(UTC) - last_write).total_seconds() < 3 * 3600  # "${now-2h}" resolved


def test_unmatched_sql_fails_as_a_statement_and_unknown_warehouses_raise(
    compliant: FakeWorkspace, client: Client
) -> None:
    w = client(compliant.url)
    failed = w.statement_execution.execute_statement(
        statement="SELECT 42 FROM nowhere", warehouse_id=WAREHOUSE
    )
    assert failed.status is not None and failed.status.state == StatementState.FAILED
    assert failed.status.error is not None and "no statement rule" in (
        failed.status.error.message or ""
    )
    with pytest.raises(NotFound):
        w.statement_execution.execute_statement(statement="SELECT 1", warehouse_id="nope")


# -- latency, concurrency, lifecycle --------------------------------------------------------------------


def test_latency_ms_delays_every_request(client: Client) -> None:
    with FakeWorkspace("compliant", latency_ms=100) as ws:
        w = client(ws.url)
        started = time.monotonic()
        for _ in range(3):
            w.current_user.me()
        assert time.monotonic() - started >= 0.3


def test_concurrent_requests_are_all_counted(compliant: FakeWorkspace, client: Client) -> None:
    w = client(compliant.url)
    compliant.reset_requests()
    threads = [
        threading.Thread(target=lambda: [w.catalogs.get("prod_ml") for _ in range(10)])
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert compliant.request_count("/api/2.1/unity-catalog/catalogs/") == 80


def test_stop_closes_the_port_and_start_works_again(client: Client) -> None:
    ws = FakeWorkspace("compliant").start()
    url = ws.url
    assert client(url).catalogs.get("prod_ml").name == "prod_ml"
    ws.stop()
    ws.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/.well-known/databricks-config", timeout=2)
    with pytest.raises(RuntimeError):
        _ = ws.url
    ws.start()
    try:
        assert client(ws.url).catalogs.get("prod_ml").name == "prod_ml"
    finally:
        ws.stop()


# -- scenarios -----------------------------------------------------------------------------------------


def test_the_bundled_scenarios_are_the_documented_ones() -> None:
    assert set(SCENARIOS) == ALL_SCENARIOS


@pytest.mark.parametrize("name", sorted(ALL_SCENARIOS))
def test_every_shipped_scenario_loads_and_serves(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name and scenario.description
    assert load_scenario(scenario_path(name)).name == name  # by path too
    if scenario.unreachable:
        return
    with FakeWorkspace(scenario) as ws:
        status, _ = _get(f"{ws.url}/.well-known/databricks-config")
        assert status == 200


def test_non_compliant_overrides_the_base_with_violations(client: Client) -> None:
    with FakeWorkspace("non-compliant") as ws:
        w = client(ws.url)
        assert w.catalogs.get("prod_ml").owner == "alice@corp.com"
        assert "monitoring" not in {s.name for s in w.schemas.list("prod_ml")}
        assert not w.tables.get("prod_ml.features.customer_features").table_constraints
        assert w.serving_endpoints.get("churn-prod").ai_gateway.rate_limits == []  # type: ignore[union-attr]
        batch = w.jobs.get(102)
        assert batch.run_as_user_name == "alice@corp.com"
        assert batch.settings is not None and batch.settings.email_notifications is not None
        assert not batch.settings.email_notifications.on_failure
        assert not batch.settings.webhook_notifications
        assert not w.registered_models.get("prod_ml.models.churn", include_aliases=True).aliases
        lineage = w.statement_execution.execute_statement(
            statement="SELECT count(*) FROM system.access.table_lineage", warehouse_id=WAREHOUSE
        )
        assert lineage.result is not None and lineage.result.data_array == [["0"]]
        assert w.workspace_conf.get_status(keys="enableIpAccessLists,enableVerboseAuditLogs") == {
            "enableIpAccessLists": "false",
            "enableVerboseAuditLogs": None,
        }


def test_json_scenarios_with_extends_load_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "custom.json"
    path.write_text(
        json.dumps(
            {
                "name": "custom",
                "description": "compliant with one fault",
                "extends": "compliant",
                "faults": [{"route": "GET /api/2.0/sql/warehouses", "status": 503}],
                "resources": {"catalogs": [{"name": "prod_ml", "owner": "ml-platform"}]},
            }
        )
    )
    scenario = load_scenario(path)
    assert scenario.faults[0].status == 503
    [prod] = [c for c in scenario.resources.catalogs if c["name"] == "prod_ml"]
    assert prod["owner"] == "ml-platform" and prod["catalog_type"] == "MANAGED_CATALOG"


def test_bad_scenarios_are_reported_with_the_file_and_the_field(tmp_path: Path) -> None:
    typo = tmp_path / "typo.yaml"
    typo.write_text("name: t\ndescription: d\nresources:\n  secret_scope: []\n")
    with pytest.raises(ScenarioError, match=r"(?s)typo\.yaml.*resources\.secret_scope"):
        load_scenario(typo)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(ScenarioError, match=r"broken\.yaml:\d+:\d+: invalid YAML"):
        load_scenario(broken)
    bad_fault = tmp_path / "fault.yaml"
    bad_fault.write_text("name: f\ndescription: d\nfaults:\n  - route: GET /x\n")
    with pytest.raises(ScenarioError, match="needs a 'status' or a 'delay_ms'"):
        load_scenario(bad_fault)
    with pytest.raises(NotFoundError, match="did you mean 'compliant'"):
        load_scenario("complaint")


def test_time_placeholders_resolve_against_the_pinned_clock(client: Client) -> None:
    now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    with FakeWorkspace("compliant", now=now) as ws:
        run = next(iter(client(ws.url).jobs.list_runs(job_id=101)))
        assert run.start_time == int(now.timestamp() * 1000) - 22 * 3600 * 1000


def test_the_package_does_not_import_the_sdk() -> None:
    code = (
        "import sys, tracker.fakeworkspace as f; f.FakeWorkspace('compliant').start().stop(); "
        "sys.exit(1 if any(m == 'databricks' or m.startswith('databricks.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def _broad_read(w: WorkspaceClient) -> None:
    """Touch most routes, tolerating the errors a scenario is designed to produce."""
    table = "prod_ml.features.customer_features"
    calls: list[Callable[[], object]] = [
        lambda: list(w.alerts_v2.list_alerts()),
        lambda: w.materialized_features.get_feature_lineage(table, "monthly_spend"),
        lambda: w.feature_store.get_online_store("churn-online-store"),
        lambda: list(w.instance_pools.list()),
        lambda: list(w.ip_access_lists.list()),
        lambda: [list(w.lakeview.list_schedules(d.dashboard_id or "")) for d in w.lakeview.list()],
        lambda: w.experiments.get_by_name("/Shared/churn"),
        lambda: list(w.experiments.search_runs(experiment_ids=["3141592653589793"])),
        lambda: list(w.model_registry.get_latest_versions("churn-legacy")),
        lambda: list(w.notification_destinations.list()),
        lambda: w.online_tables.get("prod_ml.features.customer_features_online"),
        lambda: list(w.pipelines.list_pipelines()),
        lambda: [
            list(w.policy_compliance_for_clusters.list_compliance(p.policy_id or ""))
            for p in w.cluster_policies.list()
        ],
        lambda: list(w.service_principals.list()),
        lambda: list(w.users.list()),
        lambda: list(w.groups.list()),
        lambda: [list(w.secrets.list_secrets(s.name or "")) for s in w.secrets.list_scopes()],
        lambda: list(w.secrets.list_acls("production")),
        lambda: w.serving_endpoints.get("churn-prod"),
        lambda: list(w.serving_endpoints.list()),
        lambda: w.settings.compliance_security_profile.get(),
        lambda: w.query_history.list(),
        lambda: list(w.warehouses.list()),
        lambda: list(w.token_management.list()),
        lambda: w.workspace_conf.get_status(keys="enableIpAccessLists,enableVerboseAuditLogs"),
        lambda: list(w.workspace.list("/Workspace/Shared/churn/notebooks")),
        lambda: list(w.clusters.list()),
        lambda: list(w.catalogs.list()),
        lambda: list(w.system_schemas.list(w.metastores.current().metastore_id)),
        lambda: w.registered_models.get("prod_ml.models.churn", include_aliases=True),
        lambda: list(w.registered_models.list(catalog_name="prod_ml")),
        lambda: list(w.model_versions.list("prod_ml.models.churn")),
        lambda: w.grants.get_effective("table", table),
        lambda: [list(w.tables.list("prod_ml", s.name or "")) for s in w.schemas.list("prod_ml")],
        lambda: w.quality_monitors.list_refreshes(table),
        lambda: [w.jobs.get(j.job_id or 0) for j in w.jobs.list()],
        lambda: list(w.jobs.list_runs(expand_tasks=True)),
        lambda: w.data_quality.get_monitor(
            "schema", w.schemas.get("prod_ml.features").schema_id or ""
        ),
    ]
    for call in calls:
        with contextlib.suppress(DatabricksError):
            call()


@pytest.mark.parametrize("name", sorted(ALL_SCENARIOS - {"throttled", "unreachable"}))
def test_no_route_fails_inside_the_fake_for_any_scenario(name: str, client: Client) -> None:
    with FakeWorkspace(name) as ws:
        _broad_read(client(ws.url))
        broken = [
            (r.method, r.path, r.status) for r in ws.requests if r.status is None or r.status >= 500
        ]
        assert broken == []
        assert ws.request_count() > 40
