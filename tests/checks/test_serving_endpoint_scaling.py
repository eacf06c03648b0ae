from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

CHECK = "serving_endpoint_scaling"


def test_provisioned_concurrency_passes(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "compliant",
        endpoint_names="churn-prod",
        allow_scale_to_zero="${allow_scale_to_zero}",
        variables={"allow_scale_to_zero": "false"},
    )
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "churn-prod/churn-champion 4-16 concurrency" in result.message
    assert (
        result.facts["endpoints"]["churn-prod"]["churn-challenger"]["max_provisioned_concurrency"]
        == 8
    )


def test_scale_to_zero_fails_unless_allowed(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", endpoint_names="churn-prod")
    assert (
        result.outcome is CheckOutcome.FAIL
        and "churn-prod/churn-champion scales to zero" in result.message
    )
    allowed = run_check(
        CHECK, "non-compliant", endpoint_names="churn-prod", allow_scale_to_zero="true"
    )
    assert allowed.outcome is CheckOutcome.PASS, allowed.message


def test_no_size_or_missing_endpoint_fails(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant").model_copy(deep=True)
    entity = scenario.resources.serving_endpoints[0]["config"]["served_entities"][0]
    for key in ("workload_size", "min_provisioned_concurrency", "max_provisioned_concurrency"):
        entity.pop(key)
    result = run_check(CHECK, fake(scenario), endpoint_names="churn-prod,ghost")
    assert result.outcome is CheckOutcome.FAIL
    assert "churn-prod/churn-champion has no workload size" in result.message
    assert "ghost does not exist" in result.message
