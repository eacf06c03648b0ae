"""Derived verification flags, the ML Test Score's automated items, exit codes, JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

import pytest

from tests.factories import FIXED_NOW, make_item
from tracker.domain.enums import CheckOutcome, ItemStatus
from tracker.domain.models import CheckResult
from tracker.domain.verification import (
    JUnitCase,
    VerificationFlags,
    automated_item_keys,
    has_fresh_pass,
    item_flags,
    junit_xml,
    verify_exit_code,
)

CHECK = {"id": "uc_catalog_exists", "params": {"catalog": "${catalog}"}}
_ids = iter(range(1, 10_000))


def result(
    outcome: CheckOutcome, *, days_ago: float = 0, item: str = "a", scheduled: bool = False
) -> CheckResult:
    return CheckResult(
        id=next(_ids),
        item_key=item,
        check_id="c",
        outcome=outcome,
        message="m",
        started_at=FIXED_NOW - timedelta(days=days_ago),
        actor="t",
        scheduled=scheduled,
    )


@pytest.mark.parametrize(
    ("status", "check", "latest", "flags"),
    [
        (ItemStatus.DONE, None, None, VerificationFlags()),
        (ItemStatus.TODO, CHECK, None, VerificationFlags(unverified=True)),
        (ItemStatus.DONE, CHECK, result(CheckOutcome.FAIL), VerificationFlags(drift=True)),
        (ItemStatus.TODO, CHECK, result(CheckOutcome.FAIL), VerificationFlags()),
        (ItemStatus.DONE, CHECK, result(CheckOutcome.ERROR), VerificationFlags()),
        (
            ItemStatus.DONE,
            CHECK,
            result(CheckOutcome.PASS, days_ago=8),
            VerificationFlags(stale=True),
        ),
        (
            ItemStatus.DONE,
            CHECK,
            result(CheckOutcome.FAIL, days_ago=8),
            VerificationFlags(drift=True, stale=True),
        ),
        (ItemStatus.DONE, CHECK, result(CheckOutcome.PASS, days_ago=6.9), VerificationFlags()),
    ],
)
def test_item_flags(
    status: ItemStatus, check: Any, latest: CheckResult | None, flags: VerificationFlags
) -> None:
    item = make_item(status=status, check=check, latest_check=latest)
    assert item_flags(item, FIXED_NOW, 7) == flags


def test_flag_labels() -> None:
    assert VerificationFlags(drift=True, stale=True).labels == ("drift", "stale")


@pytest.mark.parametrize(
    ("latest", "fresh"),
    [
        (None, False),
        (result(CheckOutcome.PASS), True),
        (result(CheckOutcome.SKIPPED), True),
        (result(CheckOutcome.MANUAL_REVIEW), True),
        (result(CheckOutcome.FAIL), False),
        (result(CheckOutcome.ERROR), False),
        (result(CheckOutcome.PASS, days_ago=30), False),
    ],
)
def test_has_fresh_pass(latest: CheckResult | None, fresh: bool) -> None:
    assert has_fresh_pass(make_item(check=CHECK, latest_check=latest), FIXED_NOW, 7) is fresh


def test_automated_item_keys() -> None:
    results = [
        result(CheckOutcome.PASS, item="scheduled-pass", scheduled=True, days_ago=1),
        result(CheckOutcome.PASS, item="manual-pass", days_ago=1),
        result(CheckOutcome.PASS, item="old", scheduled=True, days_ago=30),
        result(CheckOutcome.PASS, item="then-failed", scheduled=True, days_ago=2),
        result(CheckOutcome.FAIL, item="then-failed", days_ago=1),
        result(CheckOutcome.PASS, item="manual-after", scheduled=True, days_ago=3),
        result(CheckOutcome.PASS, item="manual-after", days_ago=1),
        result(CheckOutcome.ERROR, item="error", scheduled=True, days_ago=1),
    ]
    assert automated_item_keys(results, FIXED_NOW, 7) == {"scheduled-pass", "manual-after"}


@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        ([], 0),
        ([CheckOutcome.PASS, CheckOutcome.SKIPPED, CheckOutcome.MANUAL_REVIEW], 0),
        ([CheckOutcome.PASS, CheckOutcome.FAIL], 1),
        ([CheckOutcome.ERROR, CheckOutcome.FAIL], 1),
        ([CheckOutcome.PASS, CheckOutcome.ERROR], 3),
    ],
)
def test_verify_exit_code(outcomes: list[CheckOutcome], code: int) -> None:
    assert verify_exit_code(outcomes) == code


def test_junit_xml_escapes_and_counts() -> None:
    cases = [
        JUnitCase("uc", "a: ok", CheckOutcome.PASS, "fine", 0.5, details="link: http://x"),
        JUnitCase(
            "uc", 'b: <tag> & "quotes"', CheckOutcome.FAIL, "Catalog <x> & y\x01 missing", 1.25
        ),
        JUnitCase("ops", "c", CheckOutcome.ERROR, "403", details="needs admin"),
        JUnitCase("ops", "d", CheckOutcome.SKIPPED, "other cloud"),
        JUnitCase("ops", "e", CheckOutcome.MANUAL_REVIEW, "a person decides"),
    ]
    text = junit_xml("tracker verify r&d", cases, timestamp=FIXED_NOW)
    root = ET.fromstring(text)
    suite = root.find("testsuite")
    assert suite is not None
    assert (
        suite.get("name"),
        suite.get("tests"),
        suite.get("failures"),
        suite.get("errors"),
        suite.get("skipped"),
    ) == ("tracker verify r&d", "5", "1", "1", "2")
    assert suite.get("time") == "1.750" and suite.get("timestamp") == "2025-03-14T09:30:00"
    tcs = list(suite.iter("testcase"))
    assert tcs[1].get("name") == 'b: <tag> & "quotes"'
    failure = tcs[1].find("failure")
    assert failure is not None and failure.get("message") == "Catalog <x> & y? missing"
    error = tcs[2].find("error")
    assert error is not None and error.text == "needs admin" and error.get("type") == "ERROR"
    assert tcs[3].find("skipped") is not None and tcs[4].find("skipped") is not None
    out = tcs[0].find("system-out")
    assert out is not None and out.text == "link: http://x"
