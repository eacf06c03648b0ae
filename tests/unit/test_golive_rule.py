"""The go-live rule as pure functions (issue 14, "Rules hide inside large methods")."""

from __future__ import annotations

import pytest

from tests.factories import make_item
from tracker.domain.golive import forced_reason, golive_problems
from tracker.errors import ValidationError


@pytest.mark.parametrize(
    ("blocking", "expected"),
    [
        (0, []),
        (1, ["1 blocking items are still open (i0)"]),
        (6, ["6 blocking items are still open (i0, i1, i2, i3, i4 ...)"]),
    ],
    ids=["none", "one", "more-than-five"],
)
def test_golive_problems(blocking: int, expected: list[str]) -> None:
    items = [make_item(key=f"i{n}") for n in range(blocking)]
    assert golive_problems(items, []) == expected


@pytest.mark.parametrize(
    ("problems", "force", "reason", "expected"),
    [
        ([], False, None, None),
        ([], True, "x", None),
        (["p"], True, "  hot\nfix ", "hot fix"),
    ],
    ids=["clear", "forced-but-clear", "forced-with-reason"],
)
def test_forced_reason(
    problems: list[str], force: bool, reason: str | None, expected: str | None
) -> None:
    assert forced_reason(problems, force=force, reason=reason) == expected


@pytest.mark.parametrize(
    ("force", "reason", "message"),
    [
        (False, "x", "finish them or use --force"),
        (True, None, "needs --reason"),
        (True, "  ", "needs --reason"),
    ],
    ids=["not-forced", "no-reason", "blank-reason"],
)
def test_refused(force: bool, reason: str | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        forced_reason(["p"], force=force, reason=reason)
