"""Exception -> Result mapping (docs/checks.md#errors): error_code first, then class; never PASS."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests
from databricks.sdk import errors as sdk

from tests.checks.conftest import RunCheck
from tracker.checks.errors import result_for_exception
from tracker.checks.model import CheckMeta
from tracker.databricks import ClientSetupError
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

META = CheckMeta(
    id="x",
    title="X",
    items=("x",),
    params=(),
    severity="low",
    permission="workspace admin",
    remediation="r",
    docs="https://example.com",
)


def _timeout(cause: BaseException | None) -> TimeoutError:
    exc = TimeoutError("Timed out after 0:00:02")
    exc.__cause__ = cause
    return exc


CASES: list[tuple[str, BaseException, CheckOutcome, str]] = [
    (
        "feature disabled as 404",
        sdk.NotFound("ACLs are disabled in this tier", error_code="FEATURE_DISABLED"),
        CheckOutcome.SKIPPED,
        "Not available",
    ),
    (
        "feature disabled as 400",
        sdk.BadRequest("nope", error_code="FEATURE_DISABLED"),
        CheckOutcome.SKIPPED,
        "FEATURE_DISABLED",
    ),
    (
        "endpoint not found",
        sdk.NotFound("No API found", error_code="ENDPOINT_NOT_FOUND"),
        CheckOutcome.SKIPPED,
        "ENDPOINT_NOT_FOUND",
    ),
    ("not implemented class", sdk.NotImplemented("later"), CheckOutcome.SKIPPED, "NOT_IMPLEMENTED"),
    (
        "permission denied",
        sdk.PermissionDenied("Only Admins", error_code="PERMISSION_DENIED"),
        CheckOutcome.ERROR,
        "needs workspace admin",
    ),
    (
        "unauthenticated",
        sdk.Unauthenticated("Invalid access token", error_code="UNAUTHENTICATED"),
        CheckOutcome.ERROR,
        "Not authenticated",
    ),
    (
        "missing resource",
        sdk.ResourceDoesNotExist(
            "Catalog 'x' does not exist.", error_code="RESOURCE_DOES_NOT_EXIST"
        ),
        CheckOutcome.FAIL,
        "Catalog 'x' does not exist",
    ),
    ("plain 404", sdk.NotFound("Not Found", error_code="NOT_FOUND"), CheckOutcome.FAIL, "missing"),
    (
        "throttled",
        _timeout(sdk.TooManyRequests("slow down", error_code="REQUEST_LIMIT_EXCEEDED")),
        CheckOutcome.ERROR,
        "throttled",
    ),
    (
        "unreachable after retries",
        _timeout(
            requests.ConnectionError(
                "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded (Connection refused)"
            )
        ),
        CheckOutcome.ERROR,
        "cannot connect to 127.0.0.1:9 (connection refused)",
    ),
    ("timeout without cause", _timeout(None), CheckOutcome.ERROR, "Timed out"),
    (
        "retried internal error",
        _timeout(sdk.InternalError("Unexpected error")),
        CheckOutcome.ERROR,
        "Timed out",
    ),
    (
        "connection error",
        requests.ConnectionError("Name or service not known"),
        CheckOutcome.ERROR,
        "host name not found",
    ),
    ("read timeout", requests.Timeout("Read timed out."), CheckOutcome.ERROR, "timed out"),
    (
        "non-JSON body",
        requests.exceptions.JSONDecodeError("Expecting value", "<html>", 0),
        CheckOutcome.ERROR,
        "non-JSON",
    ),
    (
        "bad request",
        sdk.InvalidParameterValue("bad name", error_code="INVALID_PARAMETER_VALUE"),
        CheckOutcome.ERROR,
        "Bad parameter",
    ),
    (
        "internal error",
        sdk.InternalError("boom", error_code="INTERNAL_ERROR"),
        CheckOutcome.ERROR,
        "InternalError: boom",
    ),
    ("bug in a check", KeyError("name"), CheckOutcome.ERROR, "KeyError"),
    (
        "client setup",
        ClientSetupError("cannot configure Databricks authentication: no credentials"),
        CheckOutcome.ERROR,
        "cannot configure",
    ),
]


@pytest.mark.parametrize(("label", "exc", "outcome", "needle"), CASES, ids=[c[0] for c in CASES])
def test_mapping(label: str, exc: BaseException, outcome: CheckOutcome, needle: str) -> None:
    result = result_for_exception(exc, META)
    assert result.outcome is outcome
    assert needle in result.message
    assert result.outcome is not CheckOutcome.PASS
    assert result.facts["error_type"] == type(exc).__name__


def test_config_dump_and_tokens_are_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-SECRET-abc123")
    exc = sdk.PermissionDenied(
        "Only Admins (token dapi-SECRET-abc123). Config: host=http://x, token=***, auth_type=pat. Env: DATABRICKS_TOKEN"
    )
    message = result_for_exception(exc, META).message
    assert "dapi-SECRET" not in message and "Config:" not in message


# --- the same mapping end to end: the fake answers, the real SDK raises ------------------------

FAULTS: list[tuple[dict[str, Any], CheckOutcome, str]] = [
    ({"status": 401}, CheckOutcome.ERROR, "Not authenticated"),
    (
        {"status": 403, "message": "User is not an owner"},
        CheckOutcome.ERROR,
        "Insufficient permission",
    ),
    (
        {"status": 404, "error_code": "FEATURE_DISABLED", "message": "not in tier"},
        CheckOutcome.SKIPPED,
        "not in tier",
    ),
    (
        {"status": 400, "error_code": "FEATURE_DISABLED", "message": "not in tier"},
        CheckOutcome.SKIPPED,
        "not in tier",
    ),
    (
        {"status": 404, "error_code": "ENDPOINT_NOT_FOUND", "message": "No API"},
        CheckOutcome.SKIPPED,
        "No API",
    ),
    ({"status": 501, "message": "later"}, CheckOutcome.SKIPPED, "later"),
    (
        {"status": 404, "message": "Catalog 'prod_ml' does not exist."},
        CheckOutcome.FAIL,
        "does not exist",
    ),
    ({"status": 400, "message": "bad catalog name"}, CheckOutcome.ERROR, "Bad parameter"),
    ({"status": 500, "message": "boom"}, CheckOutcome.ERROR, "boom"),
]


@pytest.mark.parametrize(
    ("fault", "outcome", "needle"),
    FAULTS,
    ids=[str(f[0]["status"]) + str(f[0].get("error_code", "")) for f in FAULTS],
)
def test_mapping_through_the_sdk(
    run_check: RunCheck,
    fake: Callable[..., FakeWorkspace],
    fault: dict[str, Any],
    outcome: CheckOutcome,
    needle: str,
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/schemas", fault)
    result = run_check("uc_domain_schemas", ws, catalog="prod_ml")
    assert result.outcome is outcome, result.message
    assert needle in result.message
