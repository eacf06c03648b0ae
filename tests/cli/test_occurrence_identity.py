"""Post-deployment occurrences have an identity (issue 10, point 3).

Pins the "Why" bullet "Ticking or skipping different days of 'Verify feature freshness daily' is
logged as 'marked verify-feature-freshness done'. Neither `tracker history`, the TUI history nor
the retrospective says which day, or who did which day."
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.cli.conftest import Tracker

TASK = "verify-feature-freshness"


def test_history_and_retro_name_the_day(tracker: Tracker) -> None:
    golive = date.today() - timedelta(days=3)
    tracker.ok("release", "golive", "r1", "--date", golive.isoformat(), "--force", "--reason", "ok")
    day1, day2 = golive + timedelta(days=1), golive + timedelta(days=2)
    tracker.ok("task", "set", "r1", f"{TASK}@{day1}", "--status", "done")
    tracker(
        "--as", "bo", "task", "set", "r1", f"{TASK}@{day2}", "--status", "skipped",
        "--reason", "holiday",
    )  # fmt: skip
    history = tracker.ok("history", "r1")
    assert f"marked {TASK} ({day1}) done" in history
    assert f"bo: skipped {TASK} ({day2}): holiday" in history
    events = json.loads(tracker.ok("history", "r1", "--format", "json"))
    assert {e["occurrence_due"] for e in events if e["item"] == TASK} == {
        day1.isoformat(),
        day2.isoformat(),
    }
    retro = tracker.ok("retro", "r1")
    assert f"{TASK} ({day1})" in retro.replace("\\", "")
