from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

CHECK = "online_tables_syncing"
PARAMS = {
    "online_tables": "prod_ml.features.customer_features_online",
    "online_store_name": "churn-online-store",
}


def test_online_table_and_store_pass(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["states"] == {
        "prod_ml.features.customer_features_online": "ONLINE_CONTINUOUS_UPDATE",
        "churn-online-store": "AVAILABLE",
    }


def test_failed_table_and_stopped_store_fail(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", **PARAMS)
    assert result.outcome is CheckOutcome.FAIL
    assert "OFFLINE_FAILED" in result.message and "churn-online-store is STOPPED" in result.message


def test_missing_resources_fail_and_store_alone_is_enough(run_check: RunCheck) -> None:
    missing = run_check(
        CHECK, "compliant", online_tables="prod_ml.features.nope_online", online_store_name="nope"
    )
    assert missing.outcome is CheckOutcome.FAIL
    assert "online table prod_ml.features.nope_online does not exist" in missing.message
    assert "online store nope does not exist" in missing.message
    assert (
        run_check(CHECK, "compliant", online_store_name="churn-online-store").outcome
        is CheckOutcome.PASS
    )


def test_nothing_to_check_is_a_bad_parameter(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "compliant",
        online_tables="${online_tables}",
        online_store_name="${online_store_name}",
    )
    assert (
        result.outcome is CheckOutcome.ERROR
        and "set online_tables or online_store_name" in result.message
    )


def test_feature_disabled_is_skipped(run_check: RunCheck) -> None:
    assert run_check(CHECK, "features-disabled", **PARAMS).outcome is CheckOutcome.SKIPPED
