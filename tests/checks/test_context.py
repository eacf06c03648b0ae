"""The run context: single-flight cache, cached errors, one request per resource."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.checks.conftest import RunChecks, context_for
from tracker.checks import resources
from tracker.checks.context import RunContext
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def _ctx() -> RunContext:
    return RunContext(object(), cloud="aws", host="https://adb-1.azuredatabricks.net/")  # type: ignore[arg-type]


def test_single_flight_under_concurrency() -> None:
    ctx = _ctx()
    calls = 0
    lock = threading.Lock()

    def fetch() -> int:
        nonlocal calls
        with lock:
            calls += 1
        time.sleep(0.05)
        return 42

    with ThreadPoolExecutor(8) as pool:
        values = list(pool.map(lambda _: ctx.cached(("k",), fetch), range(16)))
    assert values == [42] * 16 and calls == 1 and ctx.fetches == 1


def test_errors_are_cached() -> None:
    ctx = _ctx()
    calls = 0

    def fetch() -> Any:
        nonlocal calls
        calls += 1
        raise PermissionError("403")

    for _ in range(3):
        with pytest.raises(PermissionError):
            ctx.cached(("k",), fetch)
    assert calls == 1


def test_nested_keys_and_links() -> None:
    ctx = _ctx()
    assert ctx.cached(("outer",), lambda: ctx.cached(("inner",), lambda: 1) + 1) == 2
    assert (
        ctx.ui_link("/explore/data/prod_ml")
        == "https://adb-1.azuredatabricks.net/explore/data/prod_ml"
    )
    assert ctx.ui_link("jobs/1") == "https://adb-1.azuredatabricks.net/jobs/1"


def test_cloud_from_host_metadata_and_override(fake: Callable[..., FakeWorkspace]) -> None:
    assert context_for(fake("compliant")).cloud == "aws"
    assert context_for(fake("azure")).cloud == "azure"
    assert context_for(fake("compliant"), cloud="gcp").cloud == "gcp"
    assert context_for(fake("azure"), cloud="bogus").cloud == "azure"


def test_two_checks_one_request_per_resource(
    run_checks_on: RunChecks, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant", latency_ms=50)
    runs = run_checks_on(
        [
            ("uc_catalog_exists", {"catalog": "prod_ml"}),
            ("uc_group_grants", {"catalog": "prod_ml"}),
            ("uc_domain_schemas", {"catalog": "prod_ml"}),
            ("jobs_alert_on_failure", {"prod_job_names": "churn-feature-pipeline"}),
            ("jobs_alert_on_failure", {"prod_job_names": "churn-feature-pipeline"}),
            ("secret_scopes_configured", {"secret_scopes": "production"}),
            ("secrets_in_key_vault", {}),
        ],
        ws,
        cloud="azure",
    )
    assert all(r.outcome is CheckOutcome.PASS for r in runs), [r.result.message for r in runs]
    assert ws.request_count("/api/2.1/unity-catalog/catalogs/prod_ml") == 1
    assert ws.request_count("/api/2.1/unity-catalog/schemas", method="GET") == 1
    assert ws.request_count("/api/2.2/jobs/get") == 1
    assert ws.request_count("/api/2.2/jobs/list") == 1
    assert ws.request_count("/api/2.0/secrets/scopes/list") == 1


def test_clusters_listed_once_for_concurrent_readers(fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant", latency_ms=100)
    ctx = context_for(ws)
    with ThreadPoolExecutor(6) as pool:
        sizes = list(pool.map(lambda _: len(resources.clusters(ctx)), range(6)))
    assert len(set(sizes)) == 1 and sizes[0] > 0
    assert ws.request_count("/api/2.1/clusters/list") == 1


def test_resource_helpers(fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ctx = context_for(ws)
    assert resources.workspace_conf(ctx, "enableIpAccessLists") == "true"
    assert resources.workspace_conf(ctx, "neverSet") is None
    assert resources.metastore_system_schemas(ctx)["access"] == "ENABLE_COMPLETED"
    assert resources.current_user(ctx).user_name == "platform.admin@corp.com"
    assert resources.table(ctx, "prod_ml.features.customer_features").comment
    assert resources.schema(ctx, "prod_ml.raw").owner == "ml-engineers"
    principals = {g.principal for g in resources.grants(ctx, "catalog", "prod_ml")}
    assert "ml-admins" in principals


def test_grants_follow_page_tokens(fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("paged")
    ctx = context_for(ws)
    grants = resources.grants(ctx, "catalog", "prod_ml")
    assert len(grants) == 5
    assert ws.request_count("/api/2.1/unity-catalog/permissions/catalog/prod_ml") >= 3
