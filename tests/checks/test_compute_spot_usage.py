from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "compute_spot_usage"
PARAMS = {
    "prod_cluster_regex": "^prod-",
    "pool_name_regex": "^prod-",
    "prod_job_names": "churn-feature-pipeline",
}


def test_spot_usage_is_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["availability"]["pool prod-pool"] == "SPOT"
    assert (
        result.facts["availability"]["cluster prod-ml-shared"]
        == "SPOT_WITH_FALLBACK, first 1 on-demand"
    )
    assert result.facts["on_demand"] == []
    assert "4 of 4" in result.message


def test_azure_attributes_are_read(run_check: RunCheck) -> None:
    result = run_check(CHECK, "azure", **PARAMS)
    assert result.facts["availability"]["pool prod-pool"] == "SPOT_AZURE"


def test_nothing_matched_is_still_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", prod_cluster_regex="^gpu-")
    assert (
        result.outcome is CheckOutcome.MANUAL_REVIEW and "No production cluster" in result.message
    )


def test_forbidden_pools_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/instance-pools/list", {"status": 403})
    assert run_check(CHECK, ws, **PARAMS).outcome is CheckOutcome.ERROR
