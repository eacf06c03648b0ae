"""Unit tests of the small shared helpers in ``tracker.checks.resources``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

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
