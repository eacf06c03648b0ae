"""The CLI end to end, in-process through ``tracker.cli.cli``: the quick start, every command's
happy path, output formats, atomic exports, the acting user and ``db`` commands."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.conftest import Tracker
from tests.services.dbutil import (
    ITEM_COUNT,
    SEED_MD,
    SHIPPED_TEMPLATE,
    SHIPPED_VERSION,
    TASK_COUNT,
    count,
    rows,
)
from tracker.db.engine import redact_url
from tracker.db.migrate import HEAD_REVISION

KV = "secrets-azure-key-vault"
CATALOG = "uc-production-catalog"
VNET = "network-vnet-injection"


def as_json(text: str) -> Any:
    return json.loads(text)


def test_quick_start(empty_tracker: Tracker, tmp_path: Path) -> None:
    t = empty_tracker
    out = t.ok(
        "release",
        "new",
        "churn-2026-q4",
        "--template",
        "databricks-ml-production",
        "--env",
        "prod",
        "--target-date",
        "2026-12-15",
        "--var",
        "catalog=prod_ml",
        "--var",
        "warehouse_id=abc123",
    )
    assert out == (
        f"created release 'churn-2026-q4' from databricks-ml-production v{SHIPPED_VERSION} "
        "(129 items)\n"
    )
    assert t.ok(
        "owner", "add", "ana", "--name", "Ana Lima", "--email", "ana@example.com", "--team", "ml"
    ) == ("added person @ana (Ana Lima)\n")
    t.ok("owner", "add", "platform", "--kind", "team")
    assert "@ana" in t.ok("owner", "list")
    assert [o["handle"] for o in as_json(t.ok("owner", "list", "--format", "json"))] == [
        "ana",
        "platform",
    ]

    item = as_json(
        t.ok(
            "item",
            "set",
            "churn-2026-q4",
            CATALOG,
            "--status",
            "done",
            "--owner",
            "ana",
            "--due",
            "2026-12-01",
            "--note",
            "created by terraform",
            "--evidence",
            "https://a.example/catalog",
            "--title",
            "Catalog page",
            "--evidence",
            "https://a.example/grants/",
            "--format",
            "json",
        )
    )
    assert (
        item["id"],
        item["status"],
        item["owner"],
        item["due_date"],
        item["notes"],
        item["version"],
    ) == (
        CATALOG,
        "done",
        "ana",
        "2026-12-01",
        "created by terraform",
        2,
    )
    assert [(e["url"], e["title"]) for e in item["evidence"]] == [
        ("https://a.example/catalog", "Catalog page"),
        ("https://a.example/grants/", "a.example/grants"),
    ]
    assert t.ok(
        "item",
        "set",
        "churn-2026-q4",
        "vnet injection",
        "--na-reason",
        "architecture_constraints: serverless only",
    ) == (f"{VNET}: na (architecture_constraints: serverless only)\n")
    assert t.ok(
        "item", "set", "churn-2026-q4", CATALOG, "--remove-evidence", str(item["evidence"][1]["id"])
    ) == (f"{CATALOG}: done @ana due 2026-12-01 1 evidence\n")
    assert t.ok(
        "item", "set", "churn-2026-q4", CATALOG, "--owner", "-", "--due", "-", "--note", ""
    ) == (f"{CATALOG}: done 1 evidence\n")
    out = t.ok("item", "bulk", "churn-2026-q4", "Unity Catalog Setup", "--owner", "ana")
    assert out.endswith(" items changed\n")

    status = t.ok("status", "churn-2026-q4")
    assert status.startswith(
        f"churn-2026-q4 · databricks-ml-production v{SHIPPED_VERSION} · env prod · target 2026-12-15"
    )
    assert "2/129 closed" in status
    assert "Infrastructure & Security" in status
    assert "Open blocking items (" in status
    data = as_json(t.ok("status", "churn-2026-q4", "--format", "json"))
    assert (
        data["progress"]["total"],
        data["progress"]["closed"],
        data["progress"]["done"],
        data["progress"]["na"],
    ) == (
        ITEM_COUNT,
        2,
        1,
        1,
    )
    assert len(data["categories"]) == 8
    assert CATALOG not in {i["id"] for i in data["open_blocking"]}

    md_path, json_path = tmp_path / "status.md", tmp_path / "status.json"
    result = t("export", "churn-2026-q4", "--format", "md", "-o", str(md_path))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"wrote {md_path}\n"
    md = md_path.read_text(encoding="utf-8")
    assert md.startswith("# Release churn-2026-q4\n")  # issue 11: no needless escapes
    assert "```mermaid" in md and "- [x]" in md
    t.ok("export", "churn-2026-q4", "--format", "json", "-o", str(json_path))
    exported = as_json(json_path.read_text(encoding="utf-8"))
    assert exported["release"]["name"] == "churn-2026-q4"
    assert as_json(t.ok("export", "churn-2026-q4", "--format", "json")).keys() == exported.keys()
    assert t.ok("export", "churn-2026-q4").startswith(md.splitlines()[0])

    history = t.ok("history", "churn-2026-q4").splitlines()
    assert len(history) == len(as_json(t.ok("history", "churn-2026-q4", "--format", "json")))
    assert all(" tester: " in line for line in history)
    assert any(CATALOG in line for line in history)
    assert t.ok("undo", "churn-2026-q4").startswith("undid ")  # the bulk owner change
    items = as_json(t.ok("item", "list", "churn-2026-q4", "--format", "json"))
    assert {i["owner"] for i in items if i["group"] == "Unity Catalog Setup"} == {None}


@pytest.fixture
def r1(tracker: Tracker) -> Tracker:
    return tracker


def test_release_list_show_and_archive(r1: Tracker) -> None:
    listing = r1.ok("release", "list")
    assert listing.splitlines()[0].split() == [
        "Release",
        "Env",
        "Target",
        "Go-live",
        "State",
        "Progress",
        "Blocking",
        "Template",
    ]
    assert "r1" in listing and "0/129" in listing
    (row,) = as_json(r1.ok("release", "list", "--format", "json"))
    assert (row["name"], row["total"], row["closed"], row["archived"], row["environment"]) == (
        "r1",
        129,
        0,
        False,
        "prod",
    )
    show = r1.ok("release", "show", "r1")
    assert f"Template  databricks-ml-production v{SHIPPED_VERSION}" in show
    assert "required_aliases = champion,challenger" in show
    assert (
        as_json(r1.ok("release", "show", "r1", "--format", "json"))["target_date"] == "2026-12-15"
    )
    assert r1.ok("release", "set-var", "r1", "catalog=prod_ml") == "catalog = prod_ml\n"
    assert r1.ok("release", "archive", "r1") == "r1: archived\n"
    assert r1.ok("release", "list").startswith("no releases yet")
    assert "r1 (archived)" in r1.ok("release", "list", "--all")
    assert r1.ok("release", "archive", "r1", "--undo") == "r1: active\n"


def test_release_sync(r1: Tracker, tmp_path: Path, seeded_db: str) -> None:
    data = yaml.safe_load(SHIPPED_TEMPLATE.read_text(encoding="utf-8"))
    data["version"] = SHIPPED_VERSION + 1
    group = data["categories"][0]["groups"][0]
    removed = group["items"].pop(0)["id"]
    for category in data["categories"]:  # nothing may depend on the removed item
        for g in category["groups"]:
            for item in g["items"]:
                if removed in item.get("depends_on", []):
                    item["depends_on"].remove(removed)
    group["items"].append({"id": "brand-new-item", "text": "Brand new item"})
    path = tmp_path / "v2.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = r1.ok("release", "sync", "r1", "--template", str(path))
    assert out.splitlines() == [
        f"r1: v{SHIPPED_VERSION} -> v{SHIPPED_VERSION + 1}: 1 added, 1 archived, 0 restored, 0 updated",
        "  + brand-new-item",
        f"  - {removed} (archived)",
    ]
    assert count(seeded_db, "SELECT COUNT(*) FROM release_item") == ITEM_COUNT + 1
    # the default is the release's template id on the search path, found via $TRACKER_TEMPLATES
    data["version"] = SHIPPED_VERSION + 2
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "databricks-ml-production.yaml").write_text(
        yaml.safe_dump(data), encoding="utf-8"
    )
    out = r1.ok("release", "sync", "r1", env={"TRACKER_TEMPLATES": str(tmp_path / "search")})
    assert out == (
        f"r1: v{SHIPPED_VERSION + 1} -> v{SHIPPED_VERSION + 2}: "
        "0 added, 0 archived, 0 restored, 0 updated\n"
    )


def test_item_show_list_and_history(r1: Tracker) -> None:
    r1.ok(
        "item",
        "set",
        "r1",
        KV,
        "--status",
        "blocked",
        "--note",
        "line one\nline two",
        "--owner",
        "ana",
    )
    show = r1.ok("item", "show", "r1", "azure key vault")
    assert (
        show.splitlines()[0]
        == f"{KV}  [advisory, optional]  Infrastructure & Security > Network & Security"
    )
    assert "status: blocked @ana   (version 2)" in show
    assert "    line two" in show
    assert "guidance:" in show and "history:" in show
    data = as_json(r1.ok("item", "show", "r1", KV, "--format", "json"))
    assert [h["action"] for h in data["history"]] == ["status", "owner", "notes"]
    listing = r1.ok("item", "list", "r1", "--status", "blocked")
    assert listing.splitlines()[2].startswith(KV)
    assert len(listing.splitlines()) == 3
    assert [
        i["id"] for i in as_json(r1.ok("item", "list", "r1", "--owner", "ana", "--format", "json"))
    ] == [KV]
    assert (
        len(as_json(r1.ok("item", "list", "r1", "--blocking", "--open", "--format", "json"))) > 50
    )
    assert [
        i["id"]
        for i in as_json(r1.ok("item", "list", "r1", "--search", "line two", "--format", "json"))
    ] == [KV]
    events = as_json(r1.ok("history", "r1", KV, "--format", "json"))
    assert [(e["action"], e["actor"], e["item"]) for e in events] == [
        ("status", "tester", KV),
        ("owner", "tester", KV),
        ("notes", "tester", KV),
    ]
    assert len(r1.ok("history", "r1", "--limit", "2").splitlines()) == 2


def test_item_set_na_note_and_expect_version(r1: Tracker) -> None:
    out = r1.ok(
        "item",
        "set",
        "r1",
        KV,
        "--na-reason",
        "out-of-scope",
        "--na-note",
        "AWS only",
        "--format",
        "json",
    )
    data = as_json(out)
    assert (data["status"], data["na"], data["version"]) == (
        "na",
        {"reason": "out_of_scope", "note": "AWS only"},
        2,
    )
    # REASON:TEXT and --na-note combine
    r1.ok("item", "set", "r1", CATALOG, "--na-reason", "other: part one", "--na-note", "part two")
    assert (
        as_json(r1.ok("item", "show", "r1", CATALOG, "--format", "json"))["na"]["note"]
        == "part one part two"
    )
    assert (
        r1.ok("item", "set", "r1", KV, "--status", "done", "--expect-version", "2")
        == f"{KV}: done\n"
    )
    # issue 10: the conflict shows the current value next to yours
    assert r1.fail("item", "set", "r1", KV, "--status", "todo", "--expect-version", "2") == (
        f"{KV} is at version 3, not 2: tester set status to done just now (yours: todo); "
        "nothing written"
    )


def test_retro_and_export_of_a_release_not_live(r1: Tracker) -> None:
    retro = r1.ok("retro", "r1")
    assert retro.startswith("# Retrospective: r1")
    assert "## Monthly: Review & Improve" in retro
    assert as_json(r1.ok("export", "r1", "--format", "json"))["release"]["name"] == "r1"


def test_bulk_and_undo(r1: Tracker, seeded_db: str) -> None:
    out = r1.ok(
        "item",
        "bulk",
        "r1",
        "Documentation",
        "--status",
        "na",
        "--na-reason",
        "out_of_scope: internal tool",
    )
    assert out.endswith("items changed\n")
    changed = int(out.split(": ")[1].split()[0])
    assert count(seeded_db, "SELECT COUNT(*) FROM release_item WHERE status = 'na'") == changed
    lines = r1.ok("undo", "r1").splitlines()
    assert len(lines) == 2 * changed  # status and reason of each item
    assert count(seeded_db, "SELECT COUNT(*) FROM release_item WHERE status = 'na'") == 0


def test_post_deployment_commands(r1: Tracker, tmp_path: Path, seeded_db: str) -> None:
    today = date.today()
    golive = today - timedelta(days=3)
    out = r1.ok(
        "release",
        "golive",
        "r1",
        "--date",
        golive.isoformat(),
        "--force",
        "--reason",
        "CTO accepted",
    )
    assert out.startswith(f"r1: live since {golive} (FORCED); ")
    assert count(seeded_db, "SELECT COUNT(*) FROM task_occurrence") > TASK_COUNT
    overdue = as_json(r1.ok("tasks", "--overdue", "--format", "json"))
    assert [(t["task"], t["days_late"]) for t in overdue] == [
        ("verify-feature-freshness", 2),
        ("verify-feature-freshness", 1),
    ]
    assert [
        t["task"] for t in as_json(r1.ok("tasks", "r1", "--due", "today", "--format", "json"))
    ] == ["verify-feature-freshness"]
    table = r1.ok("tasks", "--week")
    assert table.splitlines()[0].split() == ["Release", "Id", "Task", "Due", "Owner", "State"]
    assert "due today" in table
    md = r1.ok("tasks", "--format", "md")
    assert md.startswith("| Release | Task | Phase | Due | Owner | State |")
    out = r1.ok(
        "task",
        "set",
        "r1",
        "monitor-all-alerts",
        "--owner",
        "ana",
        "--note",
        "quiet",
        "--evidence",
        "https://example.com/alerts",
        "--title",
        "Alerts",
    )
    assert out == f"monitor-all-alerts@{golive + timedelta(days=7)}: todo @ana\n"
    assert r1.ok("tasks", "--owner", "ana", "--format", "json")[0:1] == "["
    assert (
        len(as_json(r1.ok("tasks", "--mine", "--format", "json", env={"TRACKER_USER": "ana"}))) == 1
    )
    first = overdue[0]["key"]
    assert r1.ok("task", "set", "r1", first, "--status", "done") == f"{first}: done\n"
    skipped = r1.ok(
        "task",
        "set",
        "r1",
        "verify-feature-freshness",
        "--status",
        "skipped",
        "--reason",
        "holiday",
    )
    assert skipped == f"{overdue[1]['key']}: skipped\n"
    assert r1.ok("tasks", "--overdue").startswith("nothing due: ")
    assert r1.ok("tasks", "--overdue").endswith(" open task(s), none overdue\n")
    retro_path = tmp_path / "retro.md"
    r1.ok("retro", "r1", "-o", str(retro_path))
    retro = retro_path.read_text(encoding="utf-8")
    assert retro.startswith("# Retrospective: r1")
    assert "CTO accepted" in retro and "holiday" in retro


def test_export_writes_atomically_and_keeps_the_old_file_on_error(
    r1: Tracker, tmp_path: Path
) -> None:
    out = tmp_path / "status.md"
    out.write_text("OLD", encoding="utf-8")
    r1.fail("export", "no-such-release", "-o", str(out))
    assert out.read_text(encoding="utf-8") == "OLD"
    message = r1.fail("export", "r1", "-o", str(tmp_path / "missing-dir" / "x.md"))
    assert message.startswith("cannot write") and "does not exist" in message
    target = tmp_path / "a-directory"
    target.mkdir()
    assert r1.fail("export", "r1", "-o", str(target)).startswith(f"cannot write {target}")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left
    assert list(target.iterdir()) == []
    r1.ok("export", "r1", "-o", str(out), "--force")  # an existing file needs --force
    assert out.read_text(encoding="utf-8").startswith("#")


# --- templates -----------------------------------------------------------------------------------


def test_template_commands(empty_tracker: Tracker, tmp_path: Path) -> None:
    t = empty_tracker
    listing = t.ok("template", "list")
    assert "databricks-ml-production" in listing and "bundled" in listing
    (info,) = [
        i
        for i in as_json(t.ok("template", "list", "--format", "json"))
        if i["id"] == "databricks-ml-production"
    ]
    assert (info["items"], info["tasks"], info["error"]) == (ITEM_COUNT, TASK_COUNT, None)
    out = t.ok("template", "validate", str(SHIPPED_TEMPLATE))
    assert out.startswith(
        f"{SHIPPED_TEMPLATE}: ok — databricks-ml-production v{SHIPPED_VERSION}: 8 categories, 25 groups, 129 items, 15 post-deployment tasks"
    )
    schema = as_json(t.ok("template", "schema"))
    assert "categories" in schema["properties"]
    t.ok("template", "schema", "-o", str(tmp_path / "schema.json"))
    assert as_json((tmp_path / "schema.json").read_text(encoding="utf-8")) == schema

    imported = tmp_path / "imported.yaml"
    t.ok("template", "import-md", str(SEED_MD), "-o", str(imported))
    assert (
        yaml.safe_load(imported.read_text(encoding="utf-8"))["id"]
        == "production-deployment-checklist"
    )
    assert ": ok — production-deployment-checklist v1: 8 categories, 25 groups, 129 items" in t.ok(
        "template", "validate", str(imported)
    )
    stdout = t.ok("template", "import-md", str(SEED_MD), "--id", "seed", "--title", "Seed")
    assert yaml.safe_load(stdout)["id"] == "seed"
    out = t.ok("release", "new", "from-md", "--template", str(imported))
    assert out == "created release 'from-md' from production-deployment-checklist v1 (129 items)\n"


def test_template_validate_reports_each_bad_file(empty_tracker: Tracker, tmp_path: Path) -> None:
    bad1, bad2 = tmp_path / "bad1.yaml", tmp_path / "bad2.yaml"
    bad1.write_text("id: x\nversion: [\n", encoding="utf-8")
    bad2.write_text("id: x\nversion: 1\ntitle: X\ncategories: []\ncolour: red\n", encoding="utf-8")
    result = empty_tracker("template", "validate", str(SHIPPED_TEMPLATE), str(bad1), str(bad2))
    assert result.exit_code == 2
    assert ": ok — " in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"tracker: error: {bad1}:3:1: invalid YAML")
    assert lines[1].startswith(
        f"tracker: error: {bad2}:4:13: categories: List should have at least 1 item"
    )


def test_template_import_md_of_odd_input(empty_tracker: Tracker, tmp_path: Path) -> None:
    latin = tmp_path / "latin.md"
    latin.write_bytes("# Caf\xe9\n- [ ] x\n".encode("latin-1"))
    assert empty_tracker.fail("template", "import-md", str(latin)) == f"{latin}: not UTF-8 text"
    missing = tmp_path / "missing.md"
    assert empty_tracker.fail("template", "import-md", str(missing)).startswith(
        f"{missing}: cannot read"
    )


# --- the acting user -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        (["--as", "alice"], {"TRACKER_USER": "bob", "USER": "carol", "LOGNAME": "carol"}, "alice"),
        ([], {"TRACKER_USER": "bob", "USER": "carol", "LOGNAME": "carol"}, "bob"),
        ([], {"TRACKER_USER": None, "USER": "carol", "LOGNAME": "carol"}, "carol"),
        ([], {"TRACKER_USER": "", "USER": "carol", "LOGNAME": "carol"}, "carol"),
    ],
    ids=["flag", "env", "os-user", "empty-env"],
)
def test_actor_precedence(
    tracker: Tracker, seeded_db: str, flag: list[str], env: dict[str, str | None], expected: str
) -> None:
    result = tracker(*flag, "item", "set", "r1", KV, "--status", "done", env=env)
    assert result.exit_code == 0, result.stderr
    (actor,) = rows(seeded_db, "SELECT actor FROM audit_event WHERE item_key = :k", k=KV)[0]
    assert actor == expected
    assert as_json(tracker.ok("history", "r1", KV, "--format", "json"))[0]["actor"] == expected


# --- database selection and db commands -----------------------------------------------------------


def test_db_from_a_bare_path_or_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    t = Tracker(str(path))
    t.ok("db", "init")
    assert t.ok("release", "list").startswith("no releases yet")
    assert path.is_file()
    result = Tracker("").__call__(
        "db", "current", db=False, env={"TRACKER_DB": f"sqlite:///{path}"}
    )
    assert result.exit_code == 0
    assert result.stdout == f"database  sqlite:///{path}\nrevision  {HEAD_REVISION} (up to date)\n"


def test_db_current_and_upgrade(empty_tracker: Tracker) -> None:
    assert empty_tracker.fail("db", "current").startswith("no such directory")
    assert empty_tracker.fail("db", "upgrade").startswith("no such directory")
    assert (
        empty_tracker.ok("db", "init")
        == f"{empty_tracker.db}: created, at revision {HEAD_REVISION}\n"
    )
    assert empty_tracker.ok("db", "init").endswith(
        f": already there, at revision {HEAD_REVISION}\n"
    )
    assert empty_tracker.ok("db", "upgrade") == f"{empty_tracker.db}: at revision {HEAD_REVISION}\n"
    data = as_json(empty_tracker.ok("db", "current", "--format", "json"))
    assert data == {
        "url": empty_tracker.db,
        "revision": HEAD_REVISION,
        "head": HEAD_REVISION,
        "state": "up to date",
    }


@pytest.mark.postgres
def test_db_current_on_postgres_hides_the_password(pg_url: str) -> None:
    with_password = pg_url.replace("postgres@", "postgres:s3cret@")  # trust auth ignores it
    t = Tracker(with_password)
    out = t.ok("db", "upgrade")
    assert "s3cret" not in out and "***" in out
    out = t.ok("db", "current")
    assert "s3cret" not in out
    assert out.splitlines() == [
        f"database  {with_password.replace('s3cret', '***')}",
        f"revision  {HEAD_REVISION} (up to date)",
    ]
    assert "s3cret" not in t.ok("db", "current", "--format", "json")
    t.ok("release", "new", "pg", "--template", "databricks-ml-production")
    assert as_json(t.ok("status", "pg", "--format", "json"))["progress"]["total"] == ITEM_COUNT


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgresql+psycopg://u:secret@db.example.com:5432/tracker",
            "postgresql+psycopg://u:***@db.example.com:5432/tracker",
        ),
        ("postgresql://u:p%40ss@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("not a url", "<invalid URL>"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_version(empty_tracker: Tracker) -> None:
    result = empty_tracker("--version", db=False)
    assert result.exit_code == 0
    assert result.stdout == "tracker, version 0.1.0\n"
