"""Issue 12 "Done when", in the TUI (Pilot): the go/no-go path with the gate checked at each
step. The app acts as ``ana``; ``other`` is ``bo`` on the same database.

- ticking an item with open dependencies warns (the tree says "waiting on …") and is stored;
- a waiver requested in the app, one approved in the go/no-go view (G, then a);
- two of three sign-offs in the view (i), then a blocking item changes in the checklist and
  they go stale (the panel says so); the summary shows the panel and signs with i;
- milestones frozen (m) before and after, and the diff view (d);
- the waivers expire (a later clock): the items reopen and the tree flags them.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList, Static

from tests.tui.conftest import RELEASE, make_app, select, settle, wait_until
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus
from tracker.domain.waivers import WaiverState
from tracker.services.tracker import TrackerService
from tracker.tui.labels import gonogo_suffix
from tracker.tui.screens.gonogo_dialogs import MilestoneDialog, SignoffDialog, WaiverDialog
from tracker.tui.screens.gonogo_screen import GoNoGoScreen
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.screens.summary_screen import SummaryScreen
from tracker.tui.widgets.signoff_panel import SignoffPanel

ENDPOINT, SCALING = "serving-endpoint-created", "serving-endpoint-scaling"
WAIVED_IN_APP, WAIVED_BY_ANA = "serving-latency-slas", "serving-load-testing"
CHANGES = "audit-change-management"  # blocking
EXPIRY = date(2026, 12, 10)


def gate(svc: TrackerService) -> tuple[int, list[str], list[str]]:
    report = svc.verification.gate(RELEASE)
    unsigned = [f"{s.role.role} {s.state.value}" for s in report.signoff_blockers]
    return report.exit_code, [g.item.key for g in report.blockers], unsigned


def _close_all_but(svc: TrackerService, *open_keys: str) -> None:
    view = svc.releases.release_view(RELEASE)
    for category in dict.fromkeys(i.category_key for i in view.active_items):
        svc.items.bulk_update(RELEASE, category, _done())
    for key in open_keys:
        svc.items.set_status(RELEASE, key, ItemStatus.TODO)


def _done() -> Any:
    from tracker.domain.changes import ItemChange

    return ItemChange(status=ItemStatus.DONE)


def panel_text(screen: Any) -> str:
    return str(screen.query_one(SignoffPanel).render())


async def sign(pilot: Any, comment: str) -> None:
    await pilot.press("i")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SignoffDialog))
    await pilot.press("enter")  # the first role still to sign, then to the comment
    await pilot.press(*comment, "enter")
    await settle(pilot)


async def test_a_release_walks_the_go_no_go_path_in_the_app(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    _close_all_but(other, ENDPOINT, SCALING, WAIVED_IN_APP, WAIVED_BY_ANA)
    code, blockers, unsigned = gate(other)
    assert code == 1 and len(blockers) == 4
    assert unsigned == ["ml-lead missing", "platform missing", "security missing"]

    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)

        # dependencies: the tree says what the item waits on; ticking it warns but stores
        assert screen.items[SCALING].waiting_on == (ENDPOINT,)
        assert gonogo_suffix(screen.items[SCALING]) == f" · ⧗ waiting on {ENDPOINT}"
        await select(pilot, SCALING)
        await pilot.press("space")
        await wait_until(
            pilot, lambda: other.items.item(RELEASE, SCALING).status is ItemStatus.DONE
        )
        assert any(
            f"waiting on {ENDPOINT}: ticked anyway" in str(n.message) for n in app._notifications
        )
        await select(pilot, ENDPOINT)
        await pilot.press("space")
        await wait_until(
            pilot, lambda: other.items.item(RELEASE, ENDPOINT).status is ItemStatus.DONE
        )
        assert gate(other)[1] == [WAIVED_BY_ANA, WAIVED_IN_APP]

        # a waiver requested in the app (bo approves it elsewhere)
        await select(pilot, WAIVED_IN_APP)
        await pilot.press("W")
        await wait_until(pilot, lambda: isinstance(app.screen, WaiverDialog))
        dialog = app.screen
        for field, value in (
            ("reason", "latency SLO agreed later"),
            ("control", "p99 alert at 300 ms"),
            ("approver", "bo"),
            ("expires", EXPIRY.isoformat()),
        ):
            dialog.query_one(f"#waiver-{field}", Input).value = value
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(other.waivers.list_waivers(RELEASE)) == 1)
        mine = other.waivers.list_waivers(RELEASE)[0]
        assert (mine.item_key, mine.requested_by, mine.approver) == (WAIVED_IN_APP, "ana", "bo")
        other.waivers.decide_waiver(RELEASE, mine.id, _approve())
        # bo asks ana to waive the other one
        theirs = other.waivers.request_waiver(
            RELEASE, WAIVED_BY_ANA, reason="no load env", control="canary 5%",
            approver="ana", expires_on=EXPIRY,
        )  # fmt: skip

        # the go/no-go view: freeze "before", approve bo's waiver
        await pilot.press("G")
        await wait_until(pilot, lambda: isinstance(app.screen, GoNoGoScreen))
        view = app.screen
        await settle(pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, MilestoneDialog))
        await pilot.press(*"before", "enter")
        await wait_until(
            pilot, lambda: [m.name for m in other.milestones.list_milestones(RELEASE)] == ["before"]
        )
        await settle(pilot)
        options = view.query_one("#gonogo-waivers", OptionList)
        options.highlighted = 1
        await pilot.press("a")
        await wait_until(
            pilot,
            lambda: other.waivers.list_waivers(RELEASE)[1].state is WaiverState.APPROVED,
        )
        assert other.waivers.list_waivers(RELEASE)[1].id == theirs.id
        code, blockers, unsigned = gate(other)
        assert (code, blockers) == (1, [])
        assert unsigned == ["ml-lead missing", "platform missing", "security missing"]

        # two of three sign-offs
        await settle(pilot)
        await sign(pilot, "model card ok")
        await wait_until(pilot, lambda: gate(other)[2] == ["platform missing", "security missing"])
        await sign(pilot, "")
        await wait_until(pilot, lambda: gate(other)[2] == ["security missing"])
        await settle(pilot)
        assert "FRESH" in panel_text(view) and "MISSING" in panel_text(view)

        # a blocking item changes in the checklist (and back): the sign-offs go stale
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await select(pilot, CHANGES)
        await pilot.press("space")
        await wait_until(
            pilot, lambda: other.items.item(RELEASE, CHANGES).status is ItemStatus.TODO
        )
        await pilot.press("space")
        await wait_until(
            pilot, lambda: other.items.item(RELEASE, CHANGES).status is ItemStatus.DONE
        )
        code, blockers, unsigned = gate(other)
        assert (code, blockers) == (1, [])
        assert unsigned == ["ml-lead stale", "platform stale", "security missing"]

        # the summary shows the panel (stale) and signs the third role with i
        await settle(pilot)
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        summary = app.screen
        await settle(pilot)
        await wait_until(pilot, lambda: "STALE" in panel_text(summary))
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, SignoffDialog))
        await pilot.press("down", "down", "enter", "enter")  # stale first: security is third
        await wait_until(pilot, lambda: gate(other)[2] == ["ml-lead stale", "platform stale"])
        await pilot.press("escape")

        # renew both in the view: GO; freeze "after" and look at the diff
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("G")
        await wait_until(pilot, lambda: isinstance(app.screen, GoNoGoScreen))
        view = app.screen
        await settle(pilot)
        await sign(pilot, "")
        await sign(pilot, "")
        await wait_until(pilot, lambda: gate(other)[0] == 0)
        await settle(pilot)
        title = str(view.query_one("#gonogo-title", Static).render())
        assert "GO" in title and "NO-GO" not in title
        await pilot.press("d")
        await settle(pilot)
        diff = str(view.query_one("#gonogo-diff", Static).render())
        assert diff.startswith(f"{RELEASE}@before -> {RELEASE}: 1 improvement, 3 sign-off changes")
        assert f"improvement  {WAIVED_BY_ANA}  todo → waived" in diff

    # the waivers expire: a later clock reopens the items and the tree flags them
    later = FixedClock(clock.now() + timedelta(days=15))
    seeded.clock = other.clock = later
    code, blockers, unsigned = gate(other)
    assert code == 1 and blockers == [WAIVED_BY_ANA, WAIVED_IN_APP]
    assert unsigned == ["ml-lead stale", "platform stale", "security stale"]
    app = make_app(seeded, later, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        assert gonogo_suffix(screen.items[WAIVED_BY_ANA]) == " · ⚑ waiver expired Dec 10"
        assert screen.items[WAIVED_BY_ANA].is_open


def _approve() -> Any:
    from tracker.domain.waivers import WaiverAction

    return WaiverAction.APPROVE


async def test_go_live_without_fresh_sign_offs_needs_a_reason(
    seeded: TrackerService, other: TrackerService, clock: FixedClock, tmp_path: Path
) -> None:
    """Issue 12: go-live requires every role's fresh sign-off; forcing it is recorded."""
    from tracker.tui.screens.golive_screen import GoLiveScreen

    _close_all_but(other)
    other.signoffs.sign_off(RELEASE, "ml-lead")
    app = make_app(seeded, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, GoLiveScreen))
        dialog = app.screen
        warning = str(dialog.query_one("#golive-unsigned", Static).render())
        assert warning == "Sign-offs missing or stale: platform (missing), security (missing)."
        await pilot.press("enter")  # no reason: refused, nothing stored
        await settle(pilot)
        assert app.screen is dialog and other.releases.get_release(RELEASE).golive_date is None
        dialog.query_one("#golive-reason", Input).value = "security review booked for Monday"
        await pilot.press("enter")
        await wait_until(pilot, lambda: other.releases.get_release(RELEASE).golive_date is not None)
    assert (
        other.releases.get_release(RELEASE).golive_forced_reason
        == "security review booked for Monday"
    )
    forced = [e for e in other.items.release_history(RELEASE) if e.action == "golive.forced"]
    assert forced and forced[0].old_value == (
        "sign-offs missing or stale: platform (missing), security (missing)"
    )
