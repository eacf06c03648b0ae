"""An API that is not available here answers 404 ``ENDPOINT_NOT_FOUND`` (or ``FEATURE_DISABLED``).
Checks read resources through ``resources.if_exists`` / ``resources.tables_found``, so that is a
SKIPPED, not a FAIL "does not exist"; a resource that is simply absent still FAILs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

# check id, route the check reads the resource from, params naming an existing resource,
# params naming an absent one
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    (
        "serving_endpoint_ready",
        "GET /api/2.0/serving-endpoints/*",
        {"endpoint_names": "churn-prod"},
        {"endpoint_names": "ghost"},
    ),
    (
        "serving_prediction_logging",
        "GET /api/2.0/serving-endpoints/*",
        {"endpoint_names": "churn-prod"},
        {"endpoint_names": "ghost"},
    ),
    (  # the serving checks read endpoints through resources.endpoints_found
        "serving_endpoint_health",
        "GET /api/2.0/serving-endpoints/*",
        {"endpoint_names": "churn-prod"},
        {"endpoint_names": "ghost"},
    ),
    (
        "serving_latency_metrics",
        "GET /api/2.0/serving-endpoints/*",
        {"endpoint_names": "churn-prod"},
        {"endpoint_names": "ghost"},
    ),
    (
        "serving_deployment_health",
        "GET /api/2.0/serving-endpoints/*",
        {"endpoint_names": "churn-prod"},
        {"endpoint_names": "ghost"},
    ),
    (
        "uc_catalog_exists",
        "GET /api/2.1/unity-catalog/catalogs/*",
        {"catalog": "prod_ml"},
        {"catalog": "prod_nope"},
    ),
    (  # a table-based check: resources.tables_found
        "fs_data_types",
        "GET /api/2.1/unity-catalog/tables/*",
        {"feature_tables": "prod_ml.features.customer_features"},
        {"feature_tables": "prod_ml.features.nope"},
    ),
    (
        "model_cards",
        "GET /api/2.1/unity-catalog/models/*",
        {"model_names": "prod_ml.models.churn"},
        {"model_names": "prod_ml.models.nope"},
    ),
]
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize("code", ["ENDPOINT_NOT_FOUND", "FEATURE_DISABLED"])
@pytest.mark.parametrize(("check_id", "route", "present", "absent"), CASES, ids=IDS)
def test_unavailable_api_is_skipped(
    run_check: RunCheck,
    fake: Callable[..., FakeWorkspace],
    code: str,
    check_id: str,
    route: str,
    present: dict[str, Any],
    absent: dict[str, Any],
) -> None:
    ws = fake("compliant")
    ws.set_fault(route, {"status": 404, "error_code": code, "message": "No API found"})
    result = run_check(check_id, ws, **present)
    assert result.outcome is CheckOutcome.SKIPPED, result.message
    assert "does not exist" not in result.message
    assert ws.fault_fired_count(route) >= 1


@pytest.mark.parametrize(("check_id", "route", "present", "absent"), CASES, ids=IDS)
def test_absent_resource_still_fails(
    run_check: RunCheck, check_id: str, route: str, present: dict[str, Any], absent: dict[str, Any]
) -> None:
    result = run_check(check_id, "compliant", **absent)
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "not exist" in result.message
