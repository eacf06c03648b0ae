from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

TABLES = "prod_ml.features.customer_features,prod_ml.raw.customers"


def test_compliant_reviews_tags_and_auto_classification(run_check: RunCheck) -> None:
    result = run_check("data_classification_tags", "compliant", catalog="prod_ml", tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["auto_classification"] == ["pii"]
    assert result.facts["table_tags"]["prod_ml.raw.customers"] == {"classification": "pii"}


def test_untagged_tables_without_auto_classification_fail(run_check: RunCheck) -> None:
    result = run_check(
        "data_classification_tags", "non-compliant", catalog="prod_ml", tables=TABLES
    )
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "carry no classification tag" in result.message and "not configured" in result.message


def test_custom_tag_keys(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault(
        "GET /api/data-classification/*", {"status": 404, "error_code": "ENDPOINT_NOT_FOUND"}
    )
    result = run_check(
        "data_classification_tags",
        ws,
        catalog="prod_ml",
        tables=TABLES,
        classification_tag_keys="sensitivity",
    )
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert result.facts["auto_classification"] == "unavailable"


def test_missing_catalog_fails(run_check: RunCheck) -> None:
    result = run_check("data_classification_tags", "compliant", catalog="prod_nope")
    assert result.outcome is CheckOutcome.FAIL and "prod_nope" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/entity-tag-assignments/*", {"status": 403})
    result = run_check("data_classification_tags", ws, catalog="prod_ml", tables=TABLES)
    assert result.outcome is CheckOutcome.ERROR
