from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.checks.conftest import RunCheck
from tracker.checks.builtin.synth_referential_integrity import orphan_sql
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, StatementRule, load_scenario

CHECK = "synth_referential_integrity"
TABLES = "prod_ml.raw.customers,prod_ml.raw.events"
WAREHOUSE = "abcdef0123456789"
FK = "prod_ml.raw.events(customer_id) -> prod_ml.raw.customers"


def test_orphan_sql_quotes_validated_identifiers() -> None:
    assert orphan_sql("a.b.c", ["k"], "a.b.p", ["id"]) == (
        "SELECT count(*) AS orphans FROM `a`.`b`.`c` c LEFT ANTI JOIN `a`.`b`.`p` p "
        "ON c.`k` = p.`id` WHERE c.`k` IS NOT NULL"
    )
    with pytest.raises(ValueError):
        orphan_sql("a.b.c", ["k` OR 1=1 --"], "a.b.p", ["id"])


def test_declared_keys_without_orphans_are_evidence(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", tables=TABLES, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["orphan_rows"] == {FK: 0}
    assert "1 foreign key(s) declared with no orphan rows" in result.message


def test_without_warehouse_only_declarations(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["orphan_rows"] == {} and len(result.facts["foreign_keys"]) == 1


def test_orphan_rows_fail(run_check: RunCheck) -> None:
    # non-compliant: the anti-join finds 37 events without a customer
    result = run_check(CHECK, "non-compliant", tables=TABLES, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.FAIL and f"{FK} (37)" in result.message


def test_failed_orphan_query_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant")
    scenario.resources.statements.insert(
        0,
        StatementRule(
            match=r"LEFT\s+ANTI\s+JOIN", state="FAILED", error="[PERMISSION_DENIED] no SELECT"
        ),
    )
    result = run_check(CHECK, fake(scenario), tables=TABLES, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "PERMISSION_DENIED" in result.message
