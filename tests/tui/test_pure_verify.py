"""The pure helpers of verification and post-deployment: badges, facts, due states, go-live
dates, Content cells for tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from rich.text import Text
from textual.content import Content

from tests.factories import make_check_result, make_item, make_occurrence
from tracker.domain.enums import CheckOutcome, ItemStatus, TaskStatus
from tracker.errors import ValidationError
from tracker.tui.check_text import check_history, check_section, fact_value
from tracker.tui.labels import CHECK_WIDTH, Palette, check_badge, item_label
from tracker.tui.rich_cells import rich_cell
from tracker.tui.screens.golive_screen import parse_golive
from tracker.tui.task_labels import due_state, task_label
from tracker.tui.verify_outcome import VerifyOutcome, notice

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
CHECK = {"id": "uc_catalog_exists"}


def badge(**item: object) -> str:
    return check_badge(make_item(check=CHECK, **item), Palette(), now=NOW, stale_days=7).plain


@pytest.mark.parametrize(
    ("outcome", "status", "expected"),
    [
        (CheckOutcome.PASS, ItemStatus.TODO, "✔ pass  "),
        (CheckOutcome.FAIL, ItemStatus.TODO, "✘ FAIL  "),
        (CheckOutcome.FAIL, ItemStatus.DONE, "✘ DRIFT "),
        (CheckOutcome.ERROR, ItemStatus.DONE, "⊘ err   "),
        (CheckOutcome.SKIPPED, ItemStatus.TODO, "↷ skip  "),
        (CheckOutcome.MANUAL_REVIEW, ItemStatus.TODO, "◎ rev   "),
    ],
)
def test_check_badges(outcome: CheckOutcome, status: ItemStatus, expected: str) -> None:
    shown = badge(status=status, latest_check=make_check_result(outcome=outcome, started_at=NOW))
    assert shown == expected and len(shown) == CHECK_WIDTH


def test_badges_for_stale_unverified_running_and_no_check() -> None:
    old = make_check_result(started_at=NOW - timedelta(days=8))
    assert badge(latest_check=old) == "✔ pass ~"
    assert badge() == "◌".ljust(CHECK_WIDTH)
    running = check_badge(make_item(check=CHECK), Palette(), running=True)
    assert running.plain.startswith("⋯ run")
    assert check_badge(make_item(), Palette()).plain == " " * CHECK_WIDTH
    error = make_item(check=CHECK, latest_check=make_check_result(outcome=CheckOutcome.ERROR))
    assert "pass" not in item_label(error, 30, TODAY, Palette()).plain


def test_the_detail_section_shows_result_facts_and_flags() -> None:
    result = make_check_result(
        outcome=CheckOutcome.FAIL,
        message="catalog prod is owned by a user",
        link="https://ws.example.com/explore/data/prod",
        facts={"catalog": "prod", "owners": ["alice", "bob"], "grants": [{"to": "alice"}]},
    )
    item = make_item(check=CHECK, status=ItemStatus.DONE, latest_check=result)
    text = check_section(item, UTC, now=NOW + timedelta(days=9), stale_days=7).plain
    assert "✘ FAIL" in text and "catalog prod is owned by a user" in text
    assert "DRIFT" in text and "stale: verified 9 days ago" in text
    assert "by ana · 120 ms" in text and "open in the workspace" in text
    assert "owners" in text and "alice, bob" in text and "to: alice" in text
    assert check_section(make_item(), UTC).plain == ""
    assert "not verified yet" in check_section(make_item(check=CHECK), UTC).plain


def test_history_is_newest_first_and_short() -> None:
    results = [
        make_check_result(started_at=NOW + timedelta(hours=h), message=f"run {h}") for h in range(8)
    ]
    lines = check_history(results, UTC).plain.splitlines()
    assert lines[0] == "Check results (8)"
    assert "run 7" in lines[1] and "run 2" in lines[6]
    assert lines[-1] == "… 2 earlier"


def test_fact_values_read_as_one_line() -> None:
    assert fact_value(["a", "b"]) == "a, b"
    assert fact_value([]) == "none"
    assert fact_value({"k": 1}) == "k: 1"
    assert fact_value(True) == "yes"
    assert fact_value("x" * 200).endswith("…")


def test_notice_says_plainly_when_every_check_failed_the_same_way() -> None:
    title, text, severity = notice(
        VerifyOutcome({CheckOutcome.ERROR: 3}, 10, errors=("cannot configure auth",) * 3)
    )
    assert (title, text, severity) == ("Could not verify", "cannot configure auth", "error")
    title, text, _ = notice(VerifyOutcome({CheckOutcome.PASS: 1}, 10))
    assert (title, text) == ("Verified", "1 check: 1 pass")
    assert notice(VerifyOutcome({}, 0, failure="boom"))[2] == "error"


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (TaskStatus.TODO, TODAY - timedelta(days=3), ("3 d overdue", "error")),
        (TaskStatus.TODO, TODAY, ("due today", "warning")),
        (TaskStatus.TODO, TODAY + timedelta(days=4), ("in 4 d", "")),
        (TaskStatus.TODO, TODAY + timedelta(days=20), ("in 20 d", "muted")),
        (TaskStatus.SKIPPED, TODAY - timedelta(days=3), ("skipped", "muted")),
    ],
)
def test_due_states(status: TaskStatus, due: date, expected: tuple[str, str]) -> None:
    assert due_state(make_occurrence(status=status, due_date=due), TODAY) == expected


def test_done_late_and_the_overdue_mark() -> None:
    late = make_occurrence(
        status=TaskStatus.DONE, due_date=TODAY - timedelta(days=2), completed_at=NOW
    )
    assert due_state(late, TODAY) == ("done 2 d late", "warning")
    overdue = make_occurrence(due_date=TODAY - timedelta(days=1))
    assert task_label(overdue, 20, TODAY, Palette()).plain.startswith("○! ")


def test_a_completion_counts_on_its_local_date_as_in_the_retrospective() -> None:
    from zoneinfo import ZoneInfo

    # 03:00 UTC on 2 March is still 1 March in New York: done on the due date, not late.
    done = make_occurrence(
        status=TaskStatus.DONE,
        due_date=date(2026, 3, 1),
        completed_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
    )
    assert due_state(done, TODAY) == ("done 1 d late", "warning")
    new_york = ZoneInfo("America/New_York")
    assert due_state(done, TODAY, new_york) == ("done", "success")
    assert "done 1 d late" not in task_label(done, 20, TODAY, Palette(), new_york).plain


def test_parse_golive() -> None:
    assert parse_golive("", TODAY) == TODAY
    assert parse_golive("-3", TODAY) == TODAY - timedelta(days=3)
    assert parse_golive("yesterday", TODAY) == TODAY - timedelta(days=1)
    assert parse_golive("2025-01-31", TODAY) == date(2025, 1, 31)
    with pytest.raises(ValidationError):
        parse_golive("soon", TODAY)


def test_rich_cells_resolve_theme_variables() -> None:
    cell = rich_cell(Content.styled("3 overdue", "bold $error"), {"error": "#ff0000"})
    assert isinstance(cell, Text) and cell.plain == "3 overdue"
    assert "#ff0000" in str(cell.spans[0].style) and "bold" in str(cell.spans[0].style)
    assert rich_cell("plain", {}) == "plain"


def test_notice_shows_the_one_cause_when_the_workspace_was_not_reached() -> None:
    """Issue 9: the TUI shows the same single message as `tracker verify`, even when some
    optional items were SKIPPED from their parameters alone."""
    cause = "workspace http://127.0.0.1:9 unreachable: cannot connect to 127.0.0.1:9"
    outcome = VerifyOutcome(
        {CheckOutcome.ERROR: 3, CheckOutcome.SKIPPED: 2}, 10, errors=(cause,) * 3, not_reached=cause
    )
    assert notice(outcome) == ("Workspace not reached", cause, "error")


def test_notice_lists_configuration_warnings() -> None:
    """Issue 9 "Misconfiguration shows after a run": the TUI shows what `release show` lists."""
    warning = "`prod_cluster_regex` matched 0 clusters (compute-photon, last run)"
    title, text, severity = notice(VerifyOutcome({CheckOutcome.PASS: 2}, 10, warnings=(warning,)))
    assert (title, severity) == ("Verified, with configuration warnings", "warning")
    assert warning in text
