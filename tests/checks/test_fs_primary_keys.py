from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "fs_primary_keys"
TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_primary_keys_pass(run_check: RunCheck) -> None:
    result = run_check(
        CHECK, "compliant", feature_tables="${feature_tables}", variables={"feature_tables": TABLES}
    )
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["primary_keys"]["prod_ml.features.customer_daily_activity"] == [
        "customer_id",
        "event_date",
    ]
    assert result.link and result.link.endswith("/explore/data/prod_ml/features")


def test_missing_primary_key_fails(run_check: RunCheck) -> None:
    # non-compliant: customer_features has no table constraints
    result = run_check(CHECK, "non-compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.FAIL
    assert "customer_features has no primary key constraint" in result.message


def test_nullable_key_column_fails(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    from tracker.fakeworkspace import load_scenario

    scenario = load_scenario("compliant")
    table = next(t for t in scenario.resources.tables if t["name"] == "customer_features")
    table["columns"][0]["nullable"] = True
    result = run_check(CHECK, fake(scenario), feature_tables="prod_ml.features.customer_features")
    assert (
        result.outcome is CheckOutcome.FAIL
        and "nullable key column(s) customer_id" in result.message
    )


def test_missing_table_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables="prod_ml.features.nope")
    assert (
        result.outcome is CheckOutcome.FAIL
        and "prod_ml.features.nope does not exist" in result.message
    )


def test_forbidden_table_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*", {"status": 403})
    result = run_check(CHECK, ws, feature_tables=TABLES)
    assert result.outcome is CheckOutcome.ERROR and "USE_SCHEMA" in result.message
