from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "bundle_deployed_targets"
ROOT = "/Workspace/Users/7f3c1a52-9a4e-4b8e-9c1d-2f6a8b3e4d51/.bundle/churn"
ROOTS = f"{ROOT}/dev,{ROOT}/staging/"


def test_deployed_targets_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", bundle_root_paths=ROOTS)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["targets"] == {f"{ROOT}/dev": True, f"{ROOT}/staging": True}


def test_never_deployed_target_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", bundle_root_paths=ROOTS)
    assert result.outcome is CheckOutcome.FAIL
    assert f"{ROOT}/staging" in result.message and result.facts["targets"][f"{ROOT}/dev"] is True


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/workspace/get-status", {"status": 403})
    result = run_check(CHECK, ws, bundle_root_paths=ROOTS)
    assert (
        result.outcome is CheckOutcome.ERROR and "CAN_READ on the bundle folders" in result.message
    )
