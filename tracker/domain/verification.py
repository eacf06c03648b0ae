"""Verification facts derived from stored check results (pure).

Manual status and verification are separate facts; these flags relate them:

- **drift**: the item is ticked done but its latest check FAILED;
- **stale**: the last verification is older than ``stale_days`` (``tracker.config.stale_after_days``);
- **unverified**: the item has a check but no result yet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tracker.domain.enums import CheckOutcome
from tracker.domain.models import CheckResult, ReleaseItem

# Outcomes that do not fail a verification run (exit code 0).
NOT_FAILING = frozenset({CheckOutcome.PASS, CheckOutcome.SKIPPED, CheckOutcome.MANUAL_REVIEW})


@dataclass(frozen=True, slots=True)
class CheckFinding:
    """What one check decided, before it is stored: the outcome, one sentence naming the
    resource, a link to it, and the facts the check used."""

    outcome: CheckOutcome
    message: str
    link: str | None = None
    facts: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CheckArrived:
    """One check's result as it arrives during a verification run (``on_result`` of the
    verification service): the domain's type, so callers need nothing from ``tracker.checks``."""

    item_key: str
    check_id: str
    title: str
    result: CheckFinding
    started_at: datetime
    duration_ms: int

    @property
    def outcome(self) -> CheckOutcome:
        return self.result.outcome


@dataclass(frozen=True, slots=True)
class VerificationFlags:
    drift: bool = False
    stale: bool = False
    unverified: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(
            name
            for name, on in (
                ("drift", self.drift),
                ("stale", self.stale),
                ("unverified", self.unverified),
            )
            if on
        )


def is_stale(result: CheckResult, now: datetime, stale_days: int) -> bool:
    return now - result.started_at > timedelta(days=stale_days)


def item_flags(item: ReleaseItem, now: datetime, stale_days: int) -> VerificationFlags:
    """The derived verification flags of one item (all off for items without a check)."""
    if item.check is None:
        return VerificationFlags()
    latest = item.latest_check
    if latest is None:
        return VerificationFlags(unverified=True)
    return VerificationFlags(
        drift=item.drifted,
        stale=is_stale(latest, now, stale_days),
    )


def has_fresh_pass(item: ReleaseItem, now: datetime, stale_days: int) -> bool:
    """The item's latest check result is fresh and did not fail: a PASS, a SKIPPED (the check
    does not apply here: other cloud, feature not in this tier) or a MANUAL_REVIEW (the facts were
    gathered; the person who ticked the item decided)."""
    latest = item.latest_check
    return (
        latest is not None
        and latest.outcome in NOT_FAILING
        and not is_stale(latest, now, stale_days)
    )


def automated_item_keys(
    results: Iterable[CheckResult], now: datetime, window_days: int
) -> frozenset[str]:
    """Items that count as automated in the ML Test Score: their latest result is a PASS and a
    *scheduled* run PASSED them within the window (a manual ``verify`` alone does not count)."""
    cutoff = now - timedelta(days=window_days)
    by_item: dict[str, list[CheckResult]] = defaultdict(list)
    for r in results:
        by_item[r.item_key].append(r)
    keys = set()
    for key, history in by_item.items():
        latest = max(history, key=lambda r: (r.started_at, r.id))
        if latest.outcome is not CheckOutcome.PASS:
            continue
        if any(
            r.scheduled and r.outcome is CheckOutcome.PASS and r.started_at >= cutoff
            for r in history
        ):
            keys.add(key)
    return frozenset(keys)


def verify_exit_code(outcomes: Iterable[CheckOutcome]) -> int:
    """0 all PASS/SKIPPED/MANUAL_REVIEW, 1 any FAIL, 3 any ERROR and no FAIL."""
    seen = set(outcomes)
    if CheckOutcome.FAIL in seen:
        return 1
    if CheckOutcome.ERROR in seen:
        return 3
    return 0


# --- JUnit XML ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JUnitCase:
    """One test case: an item. ``outcome`` decides failure / error / skipped / passed."""

    classname: str
    name: str
    outcome: CheckOutcome
    message: str = ""
    duration_s: float = 0.0
    details: str | None = None


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped."""
    return _INVALID_XML.sub("?", text)


def junit_xml(suite: str, cases: Sequence[JUnitCase], *, timestamp: datetime | None = None) -> str:
    """A JUnit XML report (one ``testsuite``) that CI systems display per item."""
    counts = {o: sum(1 for c in cases if c.outcome is o) for o in CheckOutcome}
    skipped = counts[CheckOutcome.SKIPPED] + counts[CheckOutcome.MANUAL_REVIEW]
    import xml.etree.ElementTree as ET  # only JUnit output needs it

    root = ET.Element("testsuites")
    attrs = {
        "name": _clean(suite),
        "tests": str(len(cases)),
        "failures": str(counts[CheckOutcome.FAIL]),
        "errors": str(counts[CheckOutcome.ERROR]),
        "skipped": str(skipped),
        "time": f"{sum(c.duration_s for c in cases):.3f}",
    }
    if timestamp is not None:
        attrs["timestamp"] = (
            timestamp.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
        )
    ts = ET.SubElement(root, "testsuite", attrs)
    for case in cases:
        tc = ET.SubElement(
            ts,
            "testcase",
            {
                "classname": _clean(case.classname),
                "name": _clean(case.name),
                "time": f"{case.duration_s:.3f}",
            },
        )
        message = _clean(case.message)
        tag = {
            CheckOutcome.FAIL: "failure",
            CheckOutcome.ERROR: "error",
            CheckOutcome.SKIPPED: "skipped",
            CheckOutcome.MANUAL_REVIEW: "skipped",
        }.get(case.outcome)
        if tag is not None:
            el = ET.SubElement(tc, tag, {"message": message})
            if tag != "skipped":
                el.set("type", case.outcome.value)
            if case.details:
                el.text = _clean(case.details)
        elif case.details:
            ET.SubElement(tc, "system-out").text = _clean(case.details)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
