from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

WAREHOUSE = "abcdef0123456789"


def test_compliant_lists_slowest_queries(run_check: RunCheck) -> None:
    result = run_check("slow_queries_report", "compliant", warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["slow_queries"] == 2 and result.facts["queries_seen"] == 3
    assert result.facts["slowest"][0]["query_id"] == "01ef-q-0001"
    assert "48.2 s" in result.message


def test_threshold_param(run_check: RunCheck) -> None:
    result = run_check(
        "slow_queries_report", "compliant", warehouse_id=WAREHOUSE, slow_query_seconds="40"
    )
    assert result.facts["slow_queries"] == 1


def test_other_warehouse_has_no_history(run_check: RunCheck) -> None:
    result = run_check("slow_queries_report", "compliant", warehouse_id="0000000000000000")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW and "No query ran" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/sql/history/queries", {"status": 403})
    assert (
        run_check("slow_queries_report", ws, warehouse_id=WAREHOUSE).outcome is CheckOutcome.ERROR
    )
