from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "compute_photon"
PARAMS = {
    "prod_cluster_regex": "^prod-",
    "prod_job_names": "churn-feature-pipeline,churn-batch-inference",
    "warehouse_ids": "abcdef0123456789",
}


def test_photon_everywhere_passes(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "warehouse wh-prod" in result.facts["photon"]
    assert "job cluster churn-feature-pipeline/main" in result.facts["photon"]


def test_photon_off_fails(run_check: RunCheck) -> None:
    # non-compliant: clusters run the STANDARD engine, the warehouse has Photon off
    result = run_check(CHECK, "non-compliant", **PARAMS)
    assert result.outcome is CheckOutcome.FAIL
    assert result.facts["without_photon"] == [
        "cluster prod-ml-shared",
        "cluster prod-ml-batch",
        "warehouse wh-prod",
    ]


def test_exempt_clusters_do_not_fail(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "non-compliant",
        prod_cluster_regex="^prod-",
        prod_job_names="churn-batch-inference",
        exempt_regex="prod-ml-(shared|batch)",
    )
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["exempt"] == ["cluster prod-ml-shared", "cluster prod-ml-batch"]
    assert "Exempt: cluster prod-ml-shared" in result.message


def test_all_exempt_leaves_nothing_to_check(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", prod_cluster_regex="^prod-", exempt_regex="^cluster")
    assert result.outcome is CheckOutcome.FAIL and "all exempt" in result.message


def test_no_scope_is_bad_parameter(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant")
    assert result.outcome is CheckOutcome.ERROR and "Bad parameter" in result.message


def test_forbidden_clusters_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/clusters/list", {"status": 403})
    assert run_check(CHECK, ws, **PARAMS).outcome is CheckOutcome.ERROR


def test_the_warehouse_alone_does_not_pass_when_no_cluster_or_job_matches(
    run_check: RunCheck,
) -> None:
    """Issue 9 "Vacuous PASS": compute-photon passed on the checks' own SQL warehouse alone."""
    r = run_check(
        "compute_photon",
        "compliant",
        prod_cluster_regex="^no-such-cluster$",
        warehouse_ids="abcdef0123456789",
    )
    assert r.outcome is CheckOutcome.FAIL, r.message
    assert "no production cluster or job cluster matched" in r.message
