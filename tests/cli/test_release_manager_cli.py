"""The CLI a release manager reaches for (issue 10, point 12): release rename/delete, due dates
in item list and bulk, go-live date and state in release list, the forced go-live reason in
release show, and which database is open in tracker status."""

from __future__ import annotations

import json
from datetime import date, timedelta

from click.testing import CliRunner

from tests.cli.conftest import Tracker
from tracker.cli import cli

KV = "secrets-azure-key-vault"
CATALOG = "uc-production-catalog"


def test_release_rename(tracker: Tracker) -> None:
    assert tracker.ok("release", "rename", "r1", "Churn Q4") == "renamed 'r1' to 'Churn Q4'\n"
    assert "Churn Q4" in tracker.ok("release", "list")
    assert "renamed the release from r1 to Churn Q4" in tracker.ok("history", "Churn Q4")
    tracker.ok("release", "new", "other", "--template", "databricks-ml-production")
    assert "already exists" in tracker.fail("release", "rename", "other", "churn q4")


def _delete(tracker: Tracker, *args: str, typed: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--db", tracker.db, "release", "delete", *args], input=typed, prog_name="tracker"
    )
    return result.exit_code, result.stdout, result.stderr


def test_release_delete_asks_for_the_name(tracker: Tracker) -> None:
    tracker.ok("item", "set", "r1", KV, "--status", "done", "--evidence", "https://x.example/1")
    code, out, err = _delete(tracker, "r1", typed="r2\n")
    assert (code, out) == (2, "")
    assert err.endswith("tracker: error: not deleted: the name typed is not 'r1'\n")
    assert "r1" in tracker.ok("release", "list")
    code, out, _ = _delete(tracker, "r1")  # no input at all (a script without --yes)
    assert (code, out) == (2, "")
    code, out, _ = _delete(tracker, "r1", typed="r1\n")
    assert (code, out) == (0, "deleted release 'r1'\n")
    assert tracker.ok("release", "list").startswith("no releases yet")
    # the name is free again, and the new release's history is append-only as before
    tracker.ok("release", "new", "r1", "--template", "databricks-ml-production")
    assert tracker.ok("history", "r1").count("\n") == 1


def test_release_delete_yes_needs_the_exact_name(tracker: Tracker) -> None:
    assert "exact release name" in tracker.fail("release", "delete", "R", "--yes")
    assert tracker.ok("release", "delete", "r1", "--yes") == "deleted release 'r1'\n"


def test_item_list_due_column_and_filter(tracker: Tracker) -> None:
    today = date.today()
    tracker.ok("item", "set", "r1", KV, "--due", str(today - timedelta(days=2)))
    tracker.ok("item", "set", "r1", CATALOG, "--due", str(today + timedelta(days=5)))
    listing = tracker.ok("item", "list", "r1", "--due", "week")
    assert listing.splitlines()[0].split()[:5] == ["Item", "Status", "Sev", "Owner", "Due"]
    assert f"{today - timedelta(days=2)} overdue" in listing
    assert CATALOG in listing and len(listing.splitlines()) == 4  # header, rule, two items
    overdue = json.loads(tracker.ok("item", "list", "r1", "--due", "overdue", "--format", "json"))
    assert [i["id"] for i in overdue] == [KV]
    by_date = tracker.ok("item", "list", "r1", "--due", str(today), "--format", "json")
    assert [i["id"] for i in json.loads(by_date)] == [KV]
    assert "--due takes overdue, week or YYYY-MM-DD" in tracker.fail(
        "item", "list", "r1", "--due", "soon"
    )


def test_item_bulk_due(tracker: Tracker) -> None:
    group = json.loads(tracker.ok("item", "show", "r1", CATALOG, "--format", "json"))["group"]
    del group
    out = tracker.ok("item", "bulk", "r1", "unity-catalog-setup", "--due", "2026-12-01")
    assert out.startswith("unity-catalog-setup: ") and out.endswith(" items changed\n")
    shown = json.loads(tracker.ok("item", "show", "r1", CATALOG, "--format", "json"))
    assert shown["due_date"] == "2026-12-01"


def test_release_list_golive_and_state_show_forced_reason(tracker: Tracker) -> None:
    listing = tracker.ok("release", "list")
    assert listing.splitlines()[0].split()[:5] == ["Release", "Env", "Target", "Go-live", "State"]
    assert "in progress" in listing
    golive = date.today() - timedelta(days=1)
    tracker.ok(
        "release", "golive", "r1", "--date", str(golive), "--force", "--reason", "CTO said so"
    )
    listing = tracker.ok("release", "list")
    assert str(golive) in listing and " live " in listing
    data = json.loads(tracker.ok("release", "list", "--format", "json"))
    assert (data[0]["golive_date"], data[0]["state"]) == (str(golive), "live")
    assert "Forced    CTO said so" in tracker.ok("release", "show", "r1")
    shown = json.loads(tracker.ok("release", "show", "r1", "--format", "json"))
    assert shown["golive_forced_reason"] == "CTO said so"


def test_status_names_the_database(tracker: Tracker) -> None:
    path = tracker.db.removeprefix("sqlite:///")
    assert f"database {path}\n" in tracker.ok("status", "r1")
    assert json.loads(tracker.ok("status", "r1", "--format", "json"))["database"] == path
