from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

CHECK = "batch_prediction_tables"
TABLE = "prod_ml.monitoring.churn_predictions"


def test_delta_prediction_table_passes(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", prediction_tables=TABLE)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["tables"][TABLE] == {"table_type": "MANAGED", "format": "DELTA"}
    assert result.link and result.link.endswith(
        "/explore/data/prod_ml/monitoring/churn_predictions"
    )


def test_missing_prediction_table_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", prediction_tables=TABLE)
    assert result.outcome is CheckOutcome.FAIL
    assert f"{TABLE} does not exist" in result.message and result.facts["missing"] == [TABLE]


def test_view_or_non_delta_fails(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    scenario = load_scenario("compliant").model_copy(deep=True)
    for table in scenario.resources.tables:
        if table["full_name"] == TABLE:
            table["data_source_format"] = "PARQUET"
        if table["full_name"] == "prod_ml.raw.events":
            table["table_type"] = "VIEW"
    result = run_check(CHECK, fake(scenario), prediction_tables=f"{TABLE},prod_ml.raw.events")
    assert result.outcome is CheckOutcome.FAIL
    assert "stored as PARQUET, not Delta" in result.message and "is a VIEW" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*", {"status": 403})
    assert run_check(CHECK, ws, prediction_tables=TABLE).outcome is CheckOutcome.ERROR
