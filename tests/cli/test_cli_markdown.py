"""Releases straight from Markdown, and the export -> import round trip (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.conftest import Tracker
from tests.services.dbutil import ITEM_COUNT

KV = "secrets-azure-key-vault"
CATALOG = "uc-production-catalog"
VNET = "network-vnet-injection"

CHECKLIST = """\
# Launch checklist

## Access

- [x] Use `HTTPS` everywhere, see [the guide](https://example.com/tls)
  for the ciphers we allow
- [ ] Rotate keys
  - [x] Keys inventoried
"""


def items(t: Tracker, release: str) -> list[dict[str, Any]]:
    """Every item of the JSON export, with its category and group titles."""
    data = json.loads(t.ok("export", release, "--format", "json"))
    return [
        {**item, "category": c["title"], "group": g["title"]}
        for c in data["categories"]
        for g in c["groups"]
        for item in g["items"]
    ]


def test_release_new_from_markdown_keeps_ticked_boxes_and_audits_the_import(
    tracker: Tracker, tmp_path: Path
) -> None:
    # Why: "Ticked state is lost ... there is no way to create a release straight from a
    # Markdown file".
    md = tmp_path / "launch.md"
    md.write_text(CHECKLIST, encoding="utf-8")
    out = tracker.ok("release", "new", "launch", "--template", str(md))
    assert out == "created release 'launch' from launch v1 (3 items, 2 already ticked)\n"
    got = [(i["text"], i["status"]) for i in items(tracker, "launch")]
    assert got == [
        (
            "Use `HTTPS` everywhere, see [the guide](https://example.com/tls) for the ciphers"
            " we allow",
            "done",
        ),
        ("Rotate keys", "todo"),
        ("Keys inventoried", "done"),
    ]
    history = tracker.ok("history", "launch")
    assert history.count("(imported from launch.md): marked") == 2


def test_release_new_from_markdown_warns_with_file_and_line(
    tracker: Tracker, tmp_path: Path
) -> None:
    # Why: unparseable structure gets a warning with file:line, never a silent drop.
    md = tmp_path / "odd.md"
    md.write_text("## A\n\n- [ ] real\n\n> - [ ] quoted\n", encoding="utf-8")
    result = tracker("release", "new", "odd", "--template", str(md))
    assert result.exit_code == 0
    assert "tracker: warning: odd.md:5: a checkbox inside a quote" in result.stderr


def test_export_then_release_new_round_trips_items_texts_and_states(
    tracker: Tracker, tmp_path: Path
) -> None:
    tracker.ok("item", "set", "r1", KV, "--status", "done")
    tracker.ok(
        "item", "set", "r1", VNET, "--na-reason", "out-of-scope", "--na-note", "AWS — no VNet"
    )
    tracker.ok("item", "set", "r1", CATALOG, "--status", "in_progress")
    before = items(tracker, "r1")
    exported = tmp_path / "r1.md"
    tracker.ok("export", "r1", "--format", "md", "-o", str(exported))
    result = tracker("release", "new", "again", "--template", str(exported))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    after = items(tracker, "again")
    assert len(after) == len(before) == ITEM_COUNT

    def shape(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(i["category"], i["group"], i["text"], i["status"], i.get("na")) for i in rows]

    assert shape(after) == shape(before)
    assert [i["id"] for i in after] == [i["id"] for i in before]


def test_export_summary_and_mentions(tracker: Tracker) -> None:
    tracker.ok("item", "set", "r1", KV, "--owner", "ana")
    plain = tracker.ok("export", "r1")
    assert "@ana" not in plain  # Why: "Every owner ... is written as an @-mention"
    assert "owner ana" in plain
    assert "owner @ana" in tracker.ok("export", "r1", "--mentions")
    summary = tracker.ok("export", "r1", "--summary")
    before_details = summary.split("<details>", 1)[0]
    assert len(before_details.splitlines()) <= 60  # Why: "no short mode (334 lines)"
    assert f"<details><summary>Full checklist ({ITEM_COUNT} items)</summary>" in summary
    assert summary.rstrip().endswith("</details>")


def test_summary_export_round_trips_too(tracker: Tracker, tmp_path: Path) -> None:
    tracker.ok("item", "set", "r1", KV, "--status", "done")
    exported = tmp_path / "summary.md"
    tracker.ok("export", "r1", "--summary", "-o", str(exported))
    result = tracker("release", "new", "from-summary", "--template", str(exported))
    assert result.exit_code == 0 and result.stderr == ""
    after = {i["id"]: i["status"] for i in items(tracker, "from-summary")}
    assert after == {i["id"]: i["status"] for i in items(tracker, "r1")}
