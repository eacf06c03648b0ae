"""A read the workspace refuses is an ERROR, never a PASS or a FAIL: one parametrised test for
the checks whose test files each carried a copy of it (issue 14, "byte-identical
test bodies sit in five files")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

FEATURE_TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


@pytest.mark.parametrize(
    "check",
    [
        "dv_range_constraints",
        "dv_null_policies",
        "fs_feature_metadata",
        "fs_data_types",
        "fs_delta_properties",
    ],
)
def test_forbidden_table_is_error(
    check: str, run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*", {"status": 403})
    assert run_check(check, ws, feature_tables=FEATURE_TABLES).outcome is CheckOutcome.ERROR


@pytest.mark.parametrize(
    "check", ["serving_deployment_health", "serving_rate_limits", "serving_endpoint_scaling"]
)
def test_endpoint_permission_denied_is_error(
    check: str, run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/serving-endpoints/*", {"status": 403})
    assert run_check(check, ws, endpoint_names="churn-prod").outcome is CheckOutcome.ERROR
