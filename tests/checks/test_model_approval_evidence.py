from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

MODEL = "prod_ml.models.churn"


def test_compliant_reviews_owner_aliases_and_webhooks(run_check: RunCheck) -> None:
    result = run_check("model_approval_evidence", "compliant", model_names=MODEL)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["models"][MODEL] == {
        "owner": "ml-admins",
        "aliases": {"champion": 12, "challenger": 13},
    }
    assert "TRANSITION_REQUEST_TO_PRODUCTION_CREATED" in result.message
    assert result.link and result.link.endswith("/explore/data/models/prod_ml/models/churn")


def test_non_compliant_has_no_aliases(run_check: RunCheck) -> None:
    result = run_check("model_approval_evidence", "non-compliant", model_names=MODEL)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW and "aliases none" in result.message


def test_missing_model_fails(run_check: RunCheck) -> None:
    result = run_check("model_approval_evidence", "compliant", model_names="prod_ml.models.nope")
    assert result.outcome is CheckOutcome.FAIL and "prod_ml.models.nope" in result.message


def test_webhooks_api_unavailable_is_a_fact(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault(
        "GET /api/2.0/mlflow/registry-webhooks/list",
        {"status": 404, "error_code": "FEATURE_DISABLED"},
    )
    result = run_check("model_approval_evidence", ws, model_names=MODEL)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW and result.facts["approval_webhooks"] == [
        "unavailable"
    ]


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/models/*", {"status": 403})
    assert run_check("model_approval_evidence", ws, model_names=MODEL).outcome is CheckOutcome.ERROR
