"""Verification results reach the CLI and the TUI as the domain's ``CheckArrived`` (issue 14,
"Verification results reach the TUI as a checks-layer type")."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.checks.model import Result
from tracker.checks.runner import CheckRun
from tracker.domain.enums import CheckOutcome
from tracker.domain.verification import CheckArrived, CheckFinding
from tracker.services.verify_runs import arrived_to as _arrived_to


def test_the_service_passes_each_run_on_as_the_domain_type() -> None:
    seen: list[CheckArrived] = []
    started = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    result = Result(CheckOutcome.FAIL, "Catalog prod_ml has no owner.", "https://x/c", {"n": 1})
    _arrived_to(seen.append)(
        CheckRun("uc-catalog", "uc_catalog_exists", "Catalog", result, started, 12)
    )
    assert seen == [
        CheckArrived(
            item_key="uc-catalog",
            check_id="uc_catalog_exists",
            title="Catalog",
            result=CheckFinding(
                CheckOutcome.FAIL, "Catalog prod_ml has no owner.", "https://x/c", {"n": 1}
            ),
            started_at=started,
            duration_ms=12,
        )
    ]
    assert type(seen[0]) is CheckArrived and seen[0].outcome is CheckOutcome.FAIL
