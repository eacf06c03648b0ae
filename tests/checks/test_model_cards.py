from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

MODEL = "prod_ml.models.churn"


def test_compliant_reviews_descriptions(run_check: RunCheck) -> None:
    result = run_check("model_cards", "compliant", model_names=MODEL)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["models"][MODEL]["versions_checked"] == [12, 13]
    assert result.facts["models"][MODEL]["versions_without_description"] == []


def test_missing_descriptions_fail(run_check: RunCheck) -> None:
    result = run_check("model_cards", "non-compliant", model_names=MODEL)
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "prod_ml.models.churn has no description" in result.message
    # without aliases the newest version (13, described) is the one checked
    assert result.facts["models"][MODEL]["versions_checked"] == [13]


def test_missing_model_fails(run_check: RunCheck) -> None:
    result = run_check("model_cards", "compliant", model_names="prod_ml.models.nope")
    assert result.outcome is CheckOutcome.FAIL and "does not exist" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/models/*", {"status": 403})
    assert run_check("model_cards", ws, model_names=MODEL).outcome is CheckOutcome.ERROR
