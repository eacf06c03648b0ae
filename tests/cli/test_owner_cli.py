"""`tracker owner edit` and `tracker owner rename` (issue 10, point 10): pins the "Why" bullet
"an owner cannot be renamed or edited (CLI or TUI)"."""

from __future__ import annotations

from tests.cli.conftest import Tracker

KV = "secrets-azure-key-vault"


def test_owner_edit_and_rename(tracker: Tracker) -> None:
    out = tracker.ok("owner", "edit", "ana", "--name", "Ana Lima", "--team", "ml", "--kind", "team")
    assert out == "@ana: Ana Lima · team · team ml · e-mail ana@example.com\n"
    tracker.ok("item", "set", "r1", KV, "--owner", "ana")
    assert tracker.ok("owner", "rename", "@ana", "ana.lima") == "renamed @ana to @ana.lima\n"
    assert "@ana.lima" in tracker.ok("item", "show", "r1", KV)
    history = tracker.ok("history", "r1")
    assert f"assigned {KV} to @ana" in history
    assert "renamed owner @ana to @ana.lima" in history
    assert "already exists" in tracker.fail("owner", "rename", "ana.lima", "platform")
    assert "nothing to change" in tracker.fail("owner", "edit", "platform")
