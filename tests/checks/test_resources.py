"""Unit tests of the small shared helpers in ``tracker.checks.resources``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

import pytest

from tracker.checks import resources
from tracker.checks.model import CheckContext

T = TypeVar("T")


class _Ctx:
    """Just enough of a CheckContext for the link helpers."""

    def cached(self, key: tuple[Any, ...], fetch: Callable[[], T]) -> T:
        return fetch()

    def ui_link(self, path: str) -> str:
        return "https://ws.example" + path


CTX = cast(CheckContext, _Ctx())


def test_explore_link_one_table() -> None:
    assert resources.explore_link(CTX, ["c.s.t"]) == "https://ws.example/explore/data/c/s/t"


def test_explore_link_several_tables_is_the_first_schema() -> None:
    link = resources.explore_link(CTX, ["c.s.t", "d.x.y"])
    assert link == "https://ws.example/explore/data/c/s"


def test_explore_link_no_table_is_catalog_explorer() -> None:
    assert resources.explore_link(CTX, []) == "https://ws.example/explore/data"


def test_warehouse_link() -> None:
    assert resources.warehouse_link(CTX, "wh1") == "https://ws.example/sql/warehouses/wh1"


def test_statement_failure_message() -> None:
    failed = resources.StatementOutcome(state="FAILED", error="TABLE_OR_VIEW_NOT_FOUND")
    assert failed.failure("Audit query on warehouse wh1") == (
        "Audit query on warehouse wh1 did not succeed (FAILED): TABLE_OR_VIEW_NOT_FOUND"
    )
    bare = resources.StatementOutcome(state="CANCELED")
    assert bare.failure("SQL") == "SQL did not succeed (CANCELED): no error message"


def test_statement_scalar_int() -> None:
    assert resources.StatementOutcome(state="SUCCEEDED", rows=[["12.0"]]).scalar_int() == 12
    assert resources.StatementOutcome(state="SUCCEEDED").scalar_int() == 0
    assert resources.StatementOutcome(state="SUCCEEDED", rows=[[]]).scalar_int(empty=3) == 3
    with pytest.raises(ValueError):
        resources.StatementOutcome(state="SUCCEEDED").scalar_int(empty=None)
    with pytest.raises(ValueError):
        resources.StatementOutcome(state="SUCCEEDED", rows=[["n/a"]]).scalar_int()
    with pytest.raises(TypeError):
        resources.StatementOutcome(state="SUCCEEDED", rows=[[None]]).scalar_int()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-02T03:04:05Z", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2026-01-02 03:04:05", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2026-01-02T03:04:05.5+01:00", datetime(2026, 1, 2, 2, 4, 5, 500000, tzinfo=UTC)),
        ("", None),
        (None, None),
        ("yesterday", None),
    ],
)
def test_parse_timestamp(text: str | None, expected: datetime | None) -> None:
    assert resources.parse_timestamp(text) == expected
