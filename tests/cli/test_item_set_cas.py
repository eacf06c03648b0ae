"""`tracker item set` is compare-and-set against the state it read (issue 10, points 1 and 12).

Pins the "Why" bullets "Silent overwrite" and "Lost updates" for the CLI path (the state read at
the start is what the write is checked against) and point 12's `item set --append-note`.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.cli.conftest import Tracker
from tracker.services.items import ItemService
from tracker.services.tracker import TrackerService

KV = "secrets-azure-key-vault"


def test_expect_version_999_shows_the_current_value(tracker: Tracker) -> None:
    msg = tracker.fail("item", "set", "r1", KV, "--status", "done", "--expect-version", "999")
    assert (
        msg == f"{KV} is at version 1, not 999: status is now todo (yours: done); nothing written"
    )


def test_a_change_between_read_and_write_is_refused(
    tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saves the same field after `item set` read the item: nothing is written."""
    real_read = ItemService.item
    done = threading.Event()

    def read_then_someone_writes(self: ItemService, release: str, ref: str) -> Any:
        item = real_read(self, release, ref)
        if not done.is_set():
            done.set()
            other = TrackerService(self.ctx.engine, "ana", self.ctx.clock)
            other.items.set_notes(release, ref, "ana's note")
        return item

    monkeypatch.setattr(ItemService, "item", read_then_someone_writes)
    msg = tracker.fail("item", "set", "r1", KV, "--note", "mine")
    assert msg == (
        f"{KV} changed since you read it: ana set notes to ana's note just now "
        "(yours: mine); nothing written"
    )
    monkeypatch.undo()
    assert "ana's note" in tracker.ok("item", "show", "r1", KV)


def test_append_note(tracker: Tracker) -> None:
    tracker.ok("item", "set", "r1", KV, "--note", "first")
    tracker.ok("item", "set", "r1", KV, "--append-note", "second")
    out = tracker.ok("item", "show", "r1", KV, "--format", "json")
    import json

    assert json.loads(out)["notes"] == "first\n\nsecond"
    assert "not both" in tracker.fail("item", "set", "r1", KV, "--note", "a", "--append-note", "b")


def test_task_set_is_checked_against_the_occurrence_it_read(
    tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date, timedelta

    from tracker.services.occurrences import OccurrenceService

    golive = date.today() - timedelta(days=3)
    tracker.ok("release", "golive", "r1", "--date", str(golive), "--force", "--reason", "ok")
    real_read = OccurrenceService.occurrence
    done = threading.Event()

    def read_then_someone_writes(self: OccurrenceService, *args: Any, **kwargs: Any) -> Any:
        occ = real_read(self, *args, **kwargs)
        if not done.is_set():
            done.set()
            other = TrackerService(self.ctx.engine, "ana", self.ctx.clock)
            other.occurrences.update_occurrence("r1", str(occ.id), notes="ana's")
        return occ

    monkeypatch.setattr(OccurrenceService, "occurrence", read_then_someone_writes)
    day = golive + timedelta(days=1)
    msg = tracker.fail("task", "set", "r1", f"verify-feature-freshness@{day}", "--note", "mine")
    assert msg == (
        f"verify-feature-freshness ({day}) changed since you read it: ana set notes to ana's "
        "just now (yours: mine); nothing written"
    )
