from __future__ import annotations

import json
from datetime import date, datetime
from importlib.resources import files
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import (
    FIXED_NOW,
    make_check_result,
    make_evidence,
    make_item,
    make_release,
    make_view,
)
from tracker.domain.enums import CheckOutcome, ItemStatus, MLTestSection, NaReason
from tracker.domain.export_json import (
    SCHEMA_FILE,
    SCHEMA_VERSION,
    release_to_dict,
    release_to_json,
)
from tracker.domain.models import ReleaseItem, ReleaseView

SCHEMA: dict[str, Any] = json.loads(
    files("tracker.domain").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
)
DEFS: dict[str, Any] = SCHEMA["$defs"]


def export(view: ReleaseView, **kwargs: Any) -> dict[str, Any]:
    return release_to_dict(view, generated_at=FIXED_NOW, **kwargs)


def all_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for c in data["categories"] for g in c["groups"] for i in g["items"]]


# --- envelope and release --------------------------------------------------------------------


def test_envelope() -> None:
    data = export(make_view())
    assert list(data) == [
        "schema",
        "schema_version",
        "generated_at",
        "release",
        "progress",
        "categories",
        "archived_items",
        "open_blocking",
        "ml_test_score",
    ]
    assert data["schema"] == "tracker.release/v1"
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert data["generated_at"] == "2025-03-14T09:30:00+00:00"


def test_release_block() -> None:
    release = make_release(
        name="churn-v2",
        golive_date=date(2025, 4, 3),
        variables={"catalog": "prod"},
        environment=None,
    )
    assert export(make_view(release=release))["release"] == {
        "name": "churn-v2",
        "template": {
            "id": "databricks-ml-production",
            "version": 1,
            "title": "Databricks ML production readiness",
        },
        "environment": None,
        "target_date": "2025-04-01",
        "golive_date": "2025-04-03",
        "variables": {"catalog": "prod"},
    }


def test_progress_and_hierarchy() -> None:
    data = export(make_view())
    assert data["progress"] == {
        "total": 5,
        "closed": 2,
        "done": 1,
        "na": 1,
        "in_progress": 1,
        "blocked": 1,
        "todo": 1,
        "percent": 40.0,
    }
    assert [
        (c["id"], c["open_blocking"], [g["id"] for g in c["groups"]]) for c in data["categories"]
    ] == [
        ("infra", 2, ["uc", "network"]),
        ("data", 1, ["validation"]),
    ]
    assert data["categories"][0]["progress"]["closed"] == 2
    assert data["categories"][0]["groups"][1]["ml_test_section"] == "infrastructure"
    assert data["open_blocking"] == ["uc-schemas", "secrets", "schema-validation"]
    assert [i["id"] for i in data["archived_items"]] == ["old-item"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {},
            {
                "severity": "blocking",
                "optional": False,
                "condition": None,
                "status": "todo",
                "na": None,
                "owner": None,
                "due_date": None,
                "notes": None,
                "evidence": [],
                "check": None,
                "latest_check": None,
                "archived": False,
            },
        ),
        (
            {"status": ItemStatus.NA, "na_reason": NaReason.OUT_OF_SCOPE, "na_note": "no"},
            {"status": "na", "na": {"reason": "out_of_scope", "note": "no"}},
        ),
        ({"status": ItemStatus.NA}, {"na": {"reason": None, "note": None}}),
        (
            {"optional": True, "condition": "if required"},
            {"optional": True, "condition": "if required"},
        ),
        (
            {"owner": "ana", "due_date": date(2025, 5, 1)},
            {"owner": "ana", "due_date": "2025-05-01"},
        ),
        (
            {"check": {"id": "uc_catalog_exists", "params": {"catalog": "${catalog}"}}},
            {"check": {"id": "uc_catalog_exists", "params": {"catalog": "${catalog}"}}},
        ),
        (
            {"evidence": (make_evidence(url="https://x.example/1", title="Run", added_by="bo"),)},
            {
                "evidence": [
                    {
                        "url": "https://x.example/1",
                        "title": "Run",
                        "added_by": "bo",
                        "added_at": "2025-03-14T09:30:00+00:00",
                    }
                ]
            },
        ),
        (
            {
                "latest_check": make_check_result(
                    outcome=CheckOutcome.FAIL,
                    message="missing",
                    link="https://ws/x",
                    run_id="run-1",
                    scheduled=True,
                    facts={"when": datetime(2025, 1, 2, 3, 4), "tags": ("a", "b"), "n": 3},
                )
            },
            {
                "latest_check": {
                    "check_id": "uc_catalog_exists",
                    "outcome": "FAIL",
                    "message": "missing",
                    "started_at": "2025-03-14T09:30:00+00:00",
                    "actor": "ana",
                    "duration_ms": 120,
                    "link": "https://ws/x",
                    "run_id": "run-1",
                    "scheduled": True,
                    "facts": {"when": "2025-01-02T03:04:00", "tags": ["a", "b"], "n": 3},
                }
            },
        ),
    ],
)
def test_item_fields(overrides: dict[str, Any], expected: dict[str, Any]) -> None:
    item = make_item(key="the-item", text="The item", **overrides)
    (exported,) = all_items(export(make_view([item])))
    assert exported["id"] == "the-item"
    assert exported["text"] == "The item"
    assert {k: exported[k] for k in expected} == expected


def test_archived_item_says_where_it_was() -> None:
    gone = make_item(
        key="gone",
        archived=True,
        category_key="c",
        category_title="C",
        group_key="g",
        group_title="G",
    )
    data = export(make_view([make_item(key="live"), gone]))
    assert [i["id"] for i in all_items(data)] == ["live"]
    (archived,) = data["archived_items"]
    assert archived["archived"] is True
    assert archived["category"] == {"id": "c", "title": "C"}
    assert archived["group"] == {"id": "g", "title": "G"}
    assert data["progress"]["total"] == 1


def test_ml_test_score_block() -> None:
    items = [
        make_item(key="a", ml_section=MLTestSection.DATA),
        make_item(
            key="b",
            ml_section=MLTestSection.MODEL,
            status=ItemStatus.DONE,
            evidence=(make_evidence(),),
        ),
    ]
    score = export(make_view(items), automated_item_keys=frozenset({"a"}))["ml_test_score"]
    assert score == {
        "sections": {"data": 1.0, "model": 0.5, "infrastructure": 0.0, "monitoring": 0.0},
        "final": 0.0,
        "manual": 1,
        "automated": 1,
    }


def test_json_text_is_indented_and_unicode() -> None:
    item = make_item(text="Données validées ✅")
    text = release_to_json(make_view([item]), generated_at=FIXED_NOW)
    assert '\n  "schema": "tracker.release/v1",' in text
    assert "Données validées ✅" in text
    assert text.endswith("}\n")
    assert json.loads(text) == export(make_view([item]))


# --- the schema ------------------------------------------------------------------------------


def _object_keys(schema: dict[str, Any]) -> set[str]:
    return set(schema["required"])


def check_shape(data: dict[str, Any]) -> None:
    """Every object carries exactly the keys the JSON Schema requires (no validator needed)."""
    assert set(data) == _object_keys(SCHEMA)
    assert set(data["release"]) == _object_keys(SCHEMA["properties"]["release"])
    score = SCHEMA["properties"]["ml_test_score"]
    assert set(data["ml_test_score"]) == _object_keys(score)
    assert set(data["ml_test_score"]["sections"]) == _object_keys(score["properties"]["sections"])
    progress_keys = _object_keys(DEFS["progress"])
    assert set(data["progress"]) == progress_keys
    item_keys = _object_keys(DEFS["item_fields"])
    for category in data["categories"]:
        assert set(category) == _object_keys(DEFS["category"])
        assert set(category["progress"]) == progress_keys
        for group in category["groups"]:
            assert set(group) == _object_keys(DEFS["group"])
            assert set(group["progress"]) == progress_keys
            assert (
                group["ml_test_section"] in DEFS["group"]["properties"]["ml_test_section"]["enum"]
            )
            for item in group["items"]:
                assert set(item) == item_keys
                for ev in item["evidence"]:
                    assert set(ev) == _object_keys(DEFS["evidence"])
                if item["latest_check"] is not None:
                    assert set(item["latest_check"]) == _object_keys(DEFS["check_result"])
    for item in data["archived_items"]:
        assert set(item) == item_keys | _object_keys(DEFS["archived_item"])


def validate(data: dict[str, Any]) -> None:
    check_shape(data)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def test_schema_is_shipped_beside_the_module() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_sample_export_matches_schema() -> None:
    items = [
        *make_view().items,
        make_item(latest_check=make_check_result(), evidence=(make_evidence(),)),
    ]
    validate(export(make_view(items)))


def test_validates_with_jsonschema() -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(export(make_view()))


# --- property: round trip --------------------------------------------------------------------


@st.composite
def views(draw: st.DrawFn) -> ReleaseView:
    """Releases shaped like real ones: categories > groups > items, in position order."""
    items: list[ReleaseItem] = []
    shape = draw(st.lists(st.lists(st.integers(1, 3), min_size=1, max_size=2), max_size=3))
    for c, groups in enumerate(shape):
        for g, count in enumerate(groups):
            for _ in range(count):
                n = len(items)
                items.append(
                    make_item(
                        key=f"item-{n}",
                        position=n,
                        text=draw(st.text(min_size=1)),
                        category_key=f"c{c}",
                        category_title=draw(st.text()),
                        group_key=f"c{c}-g{g}",
                        group_title=draw(st.text()),
                        status=draw(st.sampled_from(list(ItemStatus))),
                        notes=draw(st.none() | st.text()),
                        owner=draw(st.none() | st.text()),
                        archived=draw(st.booleans()),
                        evidence=tuple(
                            make_evidence(title=t) for t in draw(st.lists(st.text(), max_size=2))
                        ),
                    )
                )
    shuffled = draw(st.permutations(items))
    return make_view(shuffled, release=make_release(name=draw(st.text())))


@settings(max_examples=200)
@given(views())
def test_json_round_trips_with_items_in_order(view: ReleaseView) -> None:
    text = release_to_json(view, generated_at=FIXED_NOW)
    data = json.loads(text)
    assert data == export(view)
    validate(data)
    ordered = sorted(view.items, key=lambda i: i.position)
    assert [i["id"] for i in all_items(data)] == [i.key for i in ordered if not i.archived]
    assert [i["id"] for i in data["archived_items"]] == [i.key for i in ordered if i.archived]
    assert data["progress"]["total"] == len(view.active_items)
