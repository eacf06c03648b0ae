"""``tracker publish``: readiness into Unity Catalog tables through the Statement Execution API.

Issue 13, "publish": idempotent (MERGE on stable keys: run twice leaves the same rows), all user
text bound as statement parameters (asserted on the recorded requests), identifiers validated,
errors one line. The fake warehouse applies CREATE TABLE / MERGE to in-memory tables."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tests.reach.conftest import ok, run
from tracker.fakeworkspace import FakeWorkspace

WAREHOUSE = "5f3a9c0e1d2b4a67"
HOSTILE = "Bobby'); DROP TABLE tracker_items; --"


@pytest.fixture
def seeded(tmp_path: Path, workspace: FakeWorkspace) -> str:
    db = f"sqlite:///{tmp_path / 't.db'}"
    ok(db, "db", "init", db)
    ok(db, "owner", "add", "bob", "--name", HOSTILE, "--team", "ml-platform")
    ok(
        db,
        "release",
        "new",
        "r1",
        "--template",
        "databricks-ml-production",
        "--var",
        "catalog=prod_ml",
    )
    ok(db, "release", "new", "r2", "--template", "databricks-ml-production")
    ok(
        db,
        "item",
        "set",
        "r1",
        "uc-production-catalog",
        "--status",
        "done",
        "--owner",
        "bob",
        "--note",
        HOSTILE,
    )
    ok(db, "item", "set", "r1", "uc-domain-schemas", "--status", "blocked", "--owner", "bob")
    # A verification that fails on a ticked item: drift, and a check result to publish.
    run(db, "verify", "r1", "--item", "uc-production-catalog")
    ok(db, "release", "golive", "r2", "--force", "--reason", "pilot")
    return db


def publish(db: str, *extra: str) -> str:
    return ok(db, "publish", "--all", "--to", "prod_ml.readiness", "--warehouse", WAREHOUSE, *extra)


def test_publish_twice_leaves_the_same_rows(seeded: str, workspace: FakeWorkspace) -> None:
    out = publish(seeded)
    assert out.startswith("published 2 releases to prod_ml.readiness")
    tables = workspace.state.sql_tables
    assert sorted(tables) == [
        f"prod_ml.readiness.tracker_{t}" for t in ("checks", "items", "owners", "releases", "tasks")
    ]
    first = copy.deepcopy(tables)
    items = tables["prod_ml.readiness.tracker_items"]["rows"]
    assert len(items) == 2 * 129
    row = items[("r1", "uc-production-catalog")]
    assert (row["status"], row["owner"], row["drift"]) == ("done", "bob", "true")
    assert row["check_outcome"] in ("FAIL", "ERROR")
    releases = tables["prod_ml.readiness.tracker_releases"]["rows"]
    assert releases[("r1",)]["closed_items"] == "1"
    assert len(tables["prod_ml.readiness.tracker_tasks"]["rows"]) > 0
    owners = tables["prod_ml.readiness.tracker_owners"]["rows"]
    assert owners[("bob",)]["team"] == "ml-platform"

    publish(seeded)
    assert workspace.state.sql_tables == first

    ok(seeded, "item", "set", "r1", "uc-domain-schemas", "--status", "done")
    publish(seeded)
    after = workspace.state.sql_tables["prod_ml.readiness.tracker_items"]["rows"]
    assert len(after) == 2 * 129
    assert after[("r1", "uc-domain-schemas")]["status"] == "done"


def test_user_text_travels_only_as_parameters(seeded: str, workspace: FakeWorkspace) -> None:
    workspace.reset_requests()
    publish(seeded)
    statements = [
        r
        for r in workspace.requests
        if r.path == "/api/2.0/sql/statements/" or r.path == "/api/2.0/sql/statements"
    ]
    assert statements
    bound = [p.get("value") for r in statements for p in r.body.get("parameters") or []]
    assert HOSTILE in bound
    for request in statements:
        text = request.body["statement"]
        assert HOSTILE not in text and "Bobby" not in text
        assert "'r1'" not in text and "uc-production-catalog" not in text
        assert request.body["warehouse_id"] == WAREHOUSE
    merge = next(r for r in statements if r.body["statement"].startswith("MERGE INTO `prod_ml`"))
    types = {p["type"] for p in merge.body["parameters"]}
    assert types <= {"STRING", "INT", "BOOLEAN", "DATE", "TIMESTAMP"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--to", "prod_ml"), "--to must be CATALOG.SCHEMA"),
        (("--to", "prod_ml.x`; DROP"), "--to must be CATALOG.SCHEMA"),
        (("--to", "a.b.c"), "--to must be CATALOG.SCHEMA"),
    ],
)
def test_bad_targets_are_refused_before_any_statement(
    seeded: str, workspace: FakeWorkspace, args: tuple[str, ...], message: str
) -> None:
    workspace.reset_requests()
    result = run(seeded, "publish", "r1", *args, "--warehouse", WAREHOUSE)
    assert result.exit_code == 2
    assert result.stderr.startswith("tracker: error: " + message)
    assert workspace.request_count("/api/2.0/sql/statements") == 0


def test_unknown_warehouse_is_one_line(seeded: str, workspace: FakeWorkspace) -> None:
    result = run(seeded, "publish", "r1", "--to", "prod_ml.readiness", "--warehouse", "0000ffff")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "tracker: error: SQL warehouse 0000ffff: SQL warehouse 0000ffff does not exist."
    ]


def test_release_or_all(seeded: str) -> None:
    result = run(seeded, "publish", "--to", "a.b", "--warehouse", WAREHOUSE)
    assert result.exit_code == 2 and "give a RELEASE or --all" in result.stderr


def test_rows_that_no_longer_exist_are_pruned(seeded: str, workspace: FakeWorkspace) -> None:
    """A task occurrence or owner gone from tracker (a new go-live date, a rename) must not
    linger in the dashboard: the releases published get exactly their current rows."""
    publish(seeded)
    tables = workspace.state.sql_tables
    tasks = tables["prod_ml.readiness.tracker_tasks"]["rows"]
    current = dict(tasks)
    ghost = dict(next(iter(current.values())), task_id="removed-task", seq="1")
    tasks[(ghost["release"], "removed-task", "1")] = ghost
    tables["prod_ml.readiness.tracker_owners"]["rows"][("gone",)] = {
        "handle": "gone", "name": "Gone", "team": None, "kind": "person"
    }  # fmt: skip
    other = dict(ghost, release="someone-elses-release")
    tasks[("someone-elses-release", "removed-task", "1")] = other
    ok(seeded, "publish", "r2", "--to", "prod_ml.readiness", "--warehouse", WAREHOUSE)
    assert tasks == {**current, ("someone-elses-release", "removed-task", "1"): other}
    assert ("gone",) not in tables["prod_ml.readiness.tracker_owners"]["rows"]
