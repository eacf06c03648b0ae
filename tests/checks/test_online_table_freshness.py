from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

CHECK = "online_table_freshness"
TABLE = "prod_ml.features.customer_features_online"


def test_recent_sync_is_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "compliant",
        online_tables=TABLE,
        max_staleness_hours="${max_staleness_hours}",
        variables={"max_staleness_hours": "24"},
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    facts = result.facts["tables"][TABLE]
    assert facts["sync_mode"] == "continuous" and facts["state"] == "ONLINE_CONTINUOUS_UPDATE"
    assert 0 <= facts["age_hours"] < 1 and result.facts["max_staleness_hours"] == 24.0


def test_failed_sync_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", online_tables=TABLE)
    assert result.outcome is CheckOutcome.FAIL
    assert "has no successful sync recorded (state OFFLINE_FAILED)" in result.message


def test_stale_triggered_table_fails(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant").model_copy(deep=True)
    table = scenario.resources.online_tables[0]
    table["spec"] = {**table["spec"], "run_continuously": None, "run_triggered": {}}
    table["status"] = {
        "detailed_state": "ONLINE_NO_PENDING_UPDATE",
        "triggered_update_status": {"timestamp": "${now-30h}"},
    }
    result = run_check(CHECK, fake(scenario), online_tables=TABLE, max_staleness_hours="12")
    assert result.outcome is CheckOutcome.FAIL
    assert "(triggered) last synced 30 h ago, over 12 h" in result.message


def test_feature_disabled_is_skipped(run_check: RunCheck) -> None:
    assert (
        run_check(CHECK, "features-disabled", online_tables=TABLE).outcome is CheckOutcome.SKIPPED
    )
