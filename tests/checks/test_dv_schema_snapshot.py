from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "dv_schema_snapshot"
TABLE = "prod_ml.features.customer_features"
EXPECTED = f"{TABLE}.customer_id:bigint,{TABLE}.tenure_months:int,{TABLE}.monthly_spend:double"


def test_snapshot_is_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", tables=TABLE, expected_columns=EXPECTED)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["schemas"][TABLE]["tenure_months"] == "int"
    assert len(result.facts["fingerprints"][TABLE]) == 12
    assert result.facts["pipelines"] == ["customer_features_online-sync", "raw-events-ingest"]
    assert "matching 3 expected column(s)" in result.message


def test_fingerprint_changes_with_the_schema(run_check: RunCheck) -> None:
    before = run_check(CHECK, "compliant", tables=TABLE).facts["fingerprints"][TABLE]
    after = run_check(CHECK, "non-compliant", tables=TABLE).facts["fingerprints"][TABLE]
    assert before != after


def test_drift_from_expected_schema_fails(run_check: RunCheck) -> None:
    # non-compliant: tenure_months and monthly_spend became STRING
    result = run_check(
        CHECK,
        "non-compliant",
        tables=TABLE,
        expected_columns=EXPECTED + f",{TABLE}.sessions_7d:int",
    )
    assert result.outcome is CheckOutcome.FAIL
    assert f"{TABLE}.tenure_months is string, expected int" in result.message
    assert f"{TABLE}.sessions_7d is missing" in result.message


def test_decimal_types_survive_the_comma_split(run_check: RunCheck) -> None:
    result = run_check(
        CHECK, "compliant", tables=TABLE, expected_columns=f"{TABLE}.monthly_spend:decimal(10,2)"
    )
    assert result.outcome is CheckOutcome.FAIL
    assert "monthly_spend is double, expected decimal(10,2)" in result.message


def test_bad_expected_entry_is_error(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", tables=TABLE, expected_columns="customer_id:bigint")
    assert result.outcome is CheckOutcome.ERROR and "Bad parameter" in result.message


def test_forbidden_pipelines_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/pipelines", {"status": 403})
    assert run_check(CHECK, ws, tables=TABLE).outcome is CheckOutcome.ERROR
