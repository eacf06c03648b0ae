"""Issue 12 "Done when", in the CLI: a release walks the whole go/no-go path on SQLite and on
PostgreSQL, with the gate's exit code and message checked at each step:

- a dependency refusal (ticking scaling before the endpoint exists);
- a waiver requested, refused to its own requester, approved, expiring (``TRACKER_NOW``) and
  reopening the item, which then shows in ``tracker tasks --overdue``;
- two of three sign-offs, then a blocking item changes and they go stale;
- milestones before and after, and the diff (table, Markdown, JSON);
- go-live refused without fresh sign-offs, then forced with a reason that is recorded.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.cli.conftest import Tracker
from tests.services.dbutil import shipped_template

T0 = "2026-11-26T09:30:00Z"
EXPIRY = "2026-12-10"
AFTER_EXPIRY = "2026-12-11T09:00:00Z"
WAIVED = "serving-load-testing"
PENTEST = "audit-penetration-testing"  # advisory
CHANGES = "audit-change-management"  # blocking


def gate(t: Tracker, now: str) -> tuple[int, str, str]:
    result = t("gate", "r1", env={"TRACKER_NOW": now})
    return result.exit_code, result.stdout, result.stderr.strip()


def as_(user: str, now: str = T0) -> dict[str, str | None]:
    return {"TRACKER_USER": user, "TRACKER_NOW": now}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def walk_db(request: pytest.FixtureRequest, seeded_db: str) -> str:
    if request.param == "sqlite":
        return seeded_db
    pg: str = request.getfixturevalue("pg_url")
    from tests.conftest import FROZEN_NOW
    from tests.services.dbutil import seed
    from tracker.domain.clock import FixedClock

    seed(pg, shipped_template(), FixedClock(FROZEN_NOW))
    return pg


def test_a_release_walks_the_go_no_go_path(walk_db: str) -> None:
    t = Tracker(walk_db)
    env = as_("rm")

    # 0. a new release: every blocking item open, no sign-offs
    code, out, err = gate(t, T0)
    assert code == 1 and out.startswith("NO-GO: 75 of 75 blocking item(s) of r1 block go-live:")
    assert err == (
        "tracker: error: r1: 75 blocking item(s) not ready; sign-offs missing or stale: "
        "ml-lead (missing), platform (missing), security (missing)"
    )
    # what unblocks the most comes first: the serving endpoint (7 items wait on it)
    first_row = out.splitlines()[3]
    assert first_row.startswith("serving-endpoint-created ")
    t.ok("milestone", "r1", "before", env=env)

    # 1. dependency refusal: nothing is written
    msg = t.fail("item", "set", "r1", "serving-endpoint-scaling", "--status", "done", env=env)
    assert msg == (
        "serving-endpoint-scaling is waiting on serving-endpoint-created (todo); "
        "finish those first or use --force"
    )
    shown = json.loads(t.ok("item", "show", "r1", "serving-endpoint-scaling", "--format", "json"))
    assert (shown["status"], shown["waiting_on"]) == ("todo", ["serving-endpoint-created"])
    deps = json.loads(t.ok("depends", "r1", "serving-endpoint-scaling", "--format", "json"))
    assert deps == [
        {
            "item": "serving-endpoint-scaling",
            "depends_on": ["serving-endpoint-created"],
            "waiting_on": ["serving-endpoint-created"],
        }
    ]

    # 2. close everything (categories in template order satisfy the dependencies), then reopen
    #    the item that gets a waiver
    for category in shipped_template().categories:
        t.ok("item", "bulk", "r1", category.id, "--status", "done", env=env)
    t.ok("item", "set", "r1", WAIVED, "--status", "todo", env=env)
    code, out, err = gate(t, T0)
    assert code == 1 and out.startswith("NO-GO: 1 of 75 blocking item(s) of r1 block go-live:")
    assert err.endswith(
        "r1: 1 blocking item(s) not ready; sign-offs missing or stale: "
        "ml-lead (missing), platform (missing), security (missing)"
    )

    # 3. waiver: its requester can't approve it, the named approver can
    t.ok(
        "waiver", "request", "r1", WAIVED,
        "--reason", "no load-test environment this quarter",
        "--control", "canary at 5% traffic with auto-rollback",
        "--approver", "ana", "--expires", EXPIRY,
        env=env,
    )  # fmt: skip
    assert t.fail("waiver", "approve", "r1", "1", env=env) == (
        "rm requested waiver 1 and can't approve it"
    )
    assert t.fail("waiver", "approve", "r1", "1", env=as_("pat")) == (
        "waiver 1 names @ana as approver, not pat"
    )
    assert t.ok("waiver", "approve", "r1", "1", env=as_("ana")) == (
        f"waiver 1 on {WAIVED}: approved\n"
    )
    listed = json.loads(t.ok("release", "list", "--format", "json", env=env))
    assert [(r["closed"], r["open_blocking"]) for r in listed] == [(129, 0)]  # waived = closed
    code, out, err = gate(t, T0)
    assert code == 1
    assert out.splitlines()[0] == (
        "NO-GO: all 75 blocking item(s) of r1 are closed, but sign-offs are missing or stale:"
    )
    assert err == (
        "tracker: error: r1: sign-offs missing or stale: "
        "ml-lead (missing), platform (missing), security (missing)"
    )

    # 4. two of three sign-offs
    t.ok("signoff", "r1", "--role", "ml-lead", "--comment", "model card reviewed", env=as_("lee"))
    t.ok("signoff", "r1", "--role", "platform", env=as_("pat"))
    code, out, err = gate(t, T0)
    assert code == 1 and err == "tracker: error: r1: sign-offs missing or stale: security (missing)"
    assert "  ml-lead: fresh (lee, 2026-11-26 09:30)" in out.splitlines()

    # 5. an advisory item changing leaves them fresh; a blocking item changing (even back
    #    again) makes both stale
    t.ok("item", "set", "r1", PENTEST, "--status", "in_progress", env=env)
    roles = json.loads(t.ok("signoff", "r1", "--format", "json", env=env))["roles"]
    assert [r["state"] for r in roles] == ["fresh", "fresh", "missing"]
    t.ok("item", "set", "r1", CHANGES, "--status", "in_progress", env=env)
    t.ok("item", "set", "r1", CHANGES, "--status", "done", env=env)
    roles = json.loads(t.ok("signoff", "r1", "--format", "json", env=env))["roles"]
    assert [(r["role"], r["state"]) for r in roles] == [
        ("ml-lead", "stale"),
        ("platform", "stale"),
        ("security", "missing"),
    ]
    code, out, err = gate(t, T0)
    assert code == 1 and err == (
        "tracker: error: r1: sign-offs missing or stale: "
        "ml-lead (stale), platform (stale), security (missing)"
    )
    assert t.fail("release", "golive", "r1", env=env) == (
        "sign-offs missing or stale: ml-lead (stale), platform (stale), security (missing); "
        "finish them or use --force --reason TEXT"
    )

    # 6. renew both, add the third: GO
    for role, who in (("ml-lead", "lee"), ("platform", "pat"), ("security", "sam")):
        t.ok("signoff", "r1", "--role", role, env=as_(who))
    code, out, err = gate(t, T0)
    assert (code, err) == (0, "")
    assert out == (
        "GO: all 75 blocking item(s) of r1 are done, N/A or waived (1 waived); "
        "fresh sign-offs: ml-lead, platform, security.\n"
    )
    t.ok("milestone", "r1", "go-no-go", env=env)

    # 7. the waiver expires: the item reopens, is flagged, and the sign-offs are stale again
    code, out, err = gate(t, AFTER_EXPIRY)
    assert code == 1 and err == (
        "tracker: error: r1: 1 blocking item(s) not ready; sign-offs missing or stale: "
        "ml-lead (stale), platform (stale), security (stale)"
    )
    assert f"{WAIVED}  todo    status todo (waiver expired {EXPIRY})" in out
    later = as_("rm", AFTER_EXPIRY)
    waivers = json.loads(t.ok("waiver", "list", "r1", "--format", "json", env=later))
    assert [(w["id"], w["state"]) for w in waivers] == [(1, "expired")]
    overdue = json.loads(t.ok("tasks", "--overdue", "--format", "json", env=later))
    assert [o for o in overdue if o.get("kind") == "expired_waiver"] == [
        {
            "release": "r1",
            "kind": "expired_waiver",
            "item": WAIVED,
            "text": "Load testing completed",
            "due_date": EXPIRY,
            "owner": None,
            "days_late": 1,
        }
    ]
    status = json.loads(t.ok("status", "r1", "--format", "json", env=later))
    assert [b["id"] for b in status["open_blocking"]] == [WAIVED]
    assert status["open_blocking"][0]["waiver_expired"] == EXPIRY

    # 8. milestones before and after, and the diff
    t.ok("milestone", "r1", "after", env=later)
    diff: dict[str, Any] = json.loads(
        t.ok("diff", "r1@go-no-go", "r1@after", "--format", "json", env=later)
    )
    assert [(c["kind"], c["item"], c["before"], c["after"]) for c in diff["changes"]] == [
        ("regression", WAIVED, "waived", "todo"),
        ("signoff", "ml-lead", "fresh", "stale"),
        ("signoff", "platform", "fresh", "stale"),
        ("signoff", "security", "fresh", "stale"),
    ]
    whole = json.loads(t.ok("diff", "r1@before", "r1@after", "--format", "json", env=later))
    assert whole["counts"]["improvement"] == 127 and whole["counts"]["regression"] == 0
    md = t.ok("diff", "r1@go-no-go", "r1@after", "--format", "md", env=later)
    assert md.startswith("## Changes from r1@go-no-go to r1@after\n")
    assert f"| `{WAIVED}` | waived | todo |" in md
    table = t.ok("diff", "r1@go-no-go", "r1@after", env=later)
    assert table.splitlines()[0] == ("r1@go-no-go -> r1@after: 1 regression, 3 sign-off changes")
    assert t("diff", "r1@go-no-go", "r1@after", "--fail-on-regression", env=later).exit_code == 1

    # 9. go-live refused, then forced with a reason that is recorded
    assert t.fail("release", "golive", "r1", env=later).startswith(
        f"1 blocking items are still open ({WAIVED}); sign-offs missing or stale:"
    )
    t.ok("release", "golive", "r1", "--force", "--reason", "CTO accepted the risk", env=later)
    history = t.ok("history", "r1", env=later)
    assert "forced go-live (1 blocking items are still open" in history
    for action in (
        f"requested waiver #1 until {EXPIRY} (approver @ana)",
        f"ana: approved waiver #1 on {WAIVED}",
        "lee: signed off ml-lead",
        "froze milestone go-no-go",
    ):
        assert action in history, action

    # the exports list the sign-offs and waivers
    data = json.loads(t.ok("export", "r1", "--format", "json", env=later))
    assert [s["state"] for s in data["signoffs"]] == ["stale", "stale", "stale"]
    assert data["waivers"][0]["state"] == "expired"
    md_export = t.ok("export", "r1", "--format", "md", env=later)
    assert "## Sign-offs" in md_export and "## Waivers" in md_export


def test_undo_withdraws_a_sign_off_and_revives_a_revoked_one(seeded_db: str) -> None:
    """``tracker undo`` after ``tracker signoff`` (issue 12: undo where it makes sense): before,
    it refused with "the last change (signoff) can't be undone"."""
    t = Tracker(seeded_db)
    lead, rm = as_("lead"), as_("rm")
    t.ok("signoff", "r1", "--role", "ml-lead", env=lead)
    out = t.ok("undo", "r1", env=lead)
    assert re.fullmatch(r"undid \S+ \S+ lead: signed off ml-lead @ \w{12}\n", out), out
    t.ok("signoff", "r1", "--role", "ml-lead", env=lead)
    t.ok("signoff", "r1", "--role", "ml-lead", "--revoke", env=rm)
    assert t.ok("undo", "r1", env=rm).endswith("rm: revoked the sign-off of ml-lead by lead\n")
    roles = json.loads(t.ok("signoff", "r1", "--format", "json", env=rm))["roles"]
    assert (roles[0]["role"], roles[0]["state"], roles[0]["signed_by"]) == (
        "ml-lead",
        "fresh",
        "lead",
    )
