from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "compute_prod_pools"


def test_active_prod_pool_passes(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "compliant",
        pool_name_regex="${pool_name_regex}",
        variables={"pool_name_regex": "^prod-"},
    )
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["pools"] == {"prod-pool": "ACTIVE"}
    assert result.link and result.link.endswith("/compute/instance-pools/0601-171512-pool-prod0001")


def test_stopped_prod_pool_fails(run_check: RunCheck) -> None:
    # non-compliant: prod-pool is STOPPED
    result = run_check(CHECK, "non-compliant", pool_name_regex="^prod-")
    assert result.outcome is CheckOutcome.FAIL and "prod-pool (STOPPED)" in result.message


def test_no_matching_pool_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", pool_name_regex="^gpu-")
    assert result.outcome is CheckOutcome.FAIL and "dev-pool, prod-pool" in result.message


def test_bad_regex_is_error(run_check: RunCheck) -> None:
    assert run_check(CHECK, "compliant", pool_name_regex="(").outcome is CheckOutcome.ERROR


def test_forbidden_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/instance-pools/list", {"status": 403})
    assert run_check(CHECK, ws, pool_name_regex="^prod-").outcome is CheckOutcome.ERROR
