from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_compliant_passes(run_check: RunCheck) -> None:
    result = run_check("audit_system_tables", "compliant")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts == {
        "access_schema": "ENABLE_COMPLETED",
        "verbose_audit_logs": "true",
        "examined": ["system.access.audit"],
    }


def test_access_schema_not_enabled_fails(run_check: RunCheck) -> None:
    result = run_check("audit_system_tables", "non-compliant")
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert result.facts["verbose_audit_logs"] == "not configured"


def test_non_admin_is_error(run_check: RunCheck) -> None:
    result = run_check("audit_system_tables", "non-admin")
    assert result.outcome is CheckOutcome.ERROR and "metastore admin" in result.message


def test_verbose_flag_unknown_does_not_block(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/workspace-conf", {"status": 403})
    result = run_check("audit_system_tables", ws)
    assert result.outcome is CheckOutcome.PASS and result.facts["verbose_audit_logs"] == "unknown"
