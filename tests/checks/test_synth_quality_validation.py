from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "synth_quality_validation"
TABLES = "prod_ml.raw.customers,prod_ml.features.customer_features"


def test_monitors_and_pipelines_are_evidence(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["monitors"] == {
        "prod_ml.raw.customers": "no monitor",
        "prod_ml.features.customer_features": "ACTIVE",
    }
    assert "1 of 2 generated table(s)" in result.message
    assert result.facts["pipelines"] == ["customer_features_online-sync", "raw-events-ingest"]


def test_unavailable_monitoring_is_a_fact(run_check: RunCheck) -> None:
    result = run_check(CHECK, "features-disabled", tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["monitors"]["prod_ml.raw.customers"] == "monitoring not available"


def test_missing_table_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", tables="prod_ml.raw.synthetic_nope")
    assert result.outcome is CheckOutcome.FAIL and "prod_ml.raw.synthetic_nope" in result.message


def test_forbidden_table_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*", {"status": 403})
    assert run_check(CHECK, ws, tables=TABLES).outcome is CheckOutcome.ERROR
