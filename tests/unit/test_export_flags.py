"""Derived verification flags (drift, stale, unverified) show in both exports."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.factories import FIXED_NOW, make_check_result, make_item, make_view
from tracker.domain.enums import CheckOutcome, ItemStatus
from tracker.domain.export_json import release_to_json
from tracker.domain.export_md import release_to_markdown
from tracker.domain.models import ReleaseItem

CHECK = {"id": "uc_catalog_exists", "params": {"catalog": "prod"}}


@pytest.mark.parametrize(
    ("item", "flags", "markdown"),
    [
        (
            make_item(
                key="a",
                status=ItemStatus.DONE,
                check=CHECK,
                latest_check=make_check_result(item_key="a", outcome=CheckOutcome.FAIL),
            ),
            ["drift"],
            "**DRIFT**",
        ),
        (
            make_item(
                key="a",
                check=CHECK,
                latest_check=make_check_result(
                    item_key="a", started_at=FIXED_NOW - timedelta(days=30)
                ),
            ),
            ["stale"],
            "verification older than 7 days",
        ),
        (make_item(key="a", check=CHECK), ["unverified"], "not verified yet"),
        (make_item(key="a", check=CHECK, latest_check=make_check_result(item_key="a")), [], None),
        (make_item(key="a"), [], None),
    ],
)
def test_flags_in_exports(item: ReleaseItem, flags: list[str], markdown: str | None) -> None:
    view = make_view([item])
    data = json.loads(release_to_json(view, generated_at=FIXED_NOW))
    [exported] = [i for c in data["categories"] for g in c["groups"] for i in g["items"]]
    assert exported["verification_flags"] == flags
    md = release_to_markdown(view, generated_at=FIXED_NOW)
    for text in ("**DRIFT**", "verification older than", "not verified yet"):
        assert (text in md) == (text == markdown or (markdown is not None and text in markdown))
