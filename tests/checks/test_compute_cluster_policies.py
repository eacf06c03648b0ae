from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

CHECK = "compute_cluster_policies"
PARAMS = {
    "policy_names": "prod-ml-policy,prod-ml-jobs-policy",
    "prod_cluster_regex": "^prod-",
    "prod_job_names": "churn-feature-pipeline,churn-batch-inference",
}


def test_policies_enforced_pass(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["policies"] == {"prod-ml-policy": "ok", "prod-ml-jobs-policy": "ok"}
    assert result.facts["compute"]["prod-ml-shared"] == "prod-ml-policy"
    assert result.facts["compute"]["churn-batch-inference/main"] == "prod-ml-jobs-policy"


def test_weak_policy_and_unmanaged_clusters_fail(run_check: RunCheck) -> None:
    # non-compliant: prod-ml-policy lost its node-type and auto-termination rules, prod-ml-shared
    # has no policy, prod-ml-batch is not compliant
    result = run_check(CHECK, "non-compliant", **PARAMS)
    assert result.outcome is CheckOutcome.FAIL
    assert "node_type_id is not fixed" in result.message
    assert "autotermination_minutes is not fixed" in result.message
    assert "cluster prod-ml-shared has no policy" in result.message
    assert "prod-ml-batch does not comply" in result.message


def test_missing_policy_and_foreign_policy_fail(run_check: RunCheck) -> None:
    result = run_check(
        CHECK, "compliant", policy_names="prod-jobs-policy", prod_cluster_regex="^prod-"
    )
    assert result.outcome is CheckOutcome.FAIL
    assert "policy prod-jobs-policy does not exist" in result.message
    assert "uses policy prod-ml-policy" in result.message


def test_non_admin_is_error(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-admin", **PARAMS)
    assert result.outcome is CheckOutcome.ERROR and "workspace admin" in result.message
