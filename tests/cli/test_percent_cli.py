"""`tracker status` uses the one rounding rule (issue 10, point 8).

Pins the "Why" bullet "199/200 shows 100% in `tracker status` [...] 2/129 shows 2% in the app":
the old code rounded (100% and 2%), the exports floored (99% and 1%).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.cli.conftest import Tracker


def small_template(path: Path, items: int) -> Path:
    data = {
        "id": "pct",
        "version": 1,
        "title": "Percent",
        "categories": [
            {
                "id": "cat",
                "title": "Cat",
                "groups": [
                    {
                        "id": "all",
                        "title": "All",
                        "ml_test_section": "infrastructure",
                        "items": [{"id": f"i{n}", "text": f"Item {n}"} for n in range(items)],
                    }
                ],
            }
        ],
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_status_199_of_200_is_99_percent(tracker: Tracker, tmp_path: Path) -> None:
    tracker.ok("release", "new", "p", "--template", str(small_template(tmp_path / "t.yaml", 200)))
    tracker.ok("item", "bulk", "p", "all", "--status", "done")
    tracker.ok("item", "set", "p", "i0", "--status", "todo")
    assert "199/200 closed (99%)" in tracker.ok("status", "p")
    data = json.loads(tracker.ok("status", "p", "--format", "json"))
    assert data["progress"]["percent"] == 99


def test_status_2_of_129_is_1_percent(tracker: Tracker) -> None:
    for key in ("uc-production-catalog", "uc-domain-schemas"):
        tracker.ok("item", "set", "r1", key, "--status", "done")
    out = tracker.ok("status", "r1")
    assert "2/129 closed (1%)" in out
    data = json.loads(tracker.ok("status", "r1", "--format", "json"))
    assert data["progress"]["percent"] == 1
