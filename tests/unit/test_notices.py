"""Notices of ``tracker notify`` (pure rules): which task occurrences notify, how they group."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.enums import TaskStatus
from tracker.domain.models import Owner, TaskOccurrence
from tracker.domain.notices import (
    Notice,
    NoticeKind,
    group_by_owner,
    inert,
    slack_payload,
    task_notices,
)

TODAY = date(2026, 12, 4)


def occ(
    due: date, status: TaskStatus = TaskStatus.TODO, owner: str | None = None
) -> TaskOccurrence:
    return TaskOccurrence(
        id=1, task_key="t", phase_key="w1", phase_title="Week 1", text="Do it",
        due_date=due, status=status, owner=owner,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (date(2026, 12, 1), TaskStatus.TODO, NoticeKind.OVERDUE),
        (TODAY, TaskStatus.TODO, NoticeKind.DUE_TODAY),
        (date(2026, 12, 5), TaskStatus.TODO, None),
        (date(2026, 12, 1), TaskStatus.DONE, None),
        (date(2026, 12, 1), TaskStatus.SKIPPED, None),
    ],
)
def test_task_notices(due: date, status: TaskStatus, expected: NoticeKind | None) -> None:
    found = task_notices([("r1", occ(due, status))], TODAY)
    assert [n.kind for n in found] == ([expected] if expected else [])


def test_grouped_per_owner_unowned_last_by_due_date() -> None:
    notices = [
        Notice(NoticeKind.OVERDUE, "r1", "t#10", "x", None, date(2026, 12, 3)),
        Notice(NoticeKind.OVERDUE, "r1", "t#2", "x", None, date(2026, 11, 28)),
        Notice(NoticeKind.DRIFT, "r1", "item", "x", "zoe"),
        Notice(NoticeKind.DUE_TODAY, "r1", "t#9", "x", "ana", TODAY),
    ]
    owners = {"ana": Owner(handle="ana", name="Ana Lima", email="ana@example.com")}
    digests = group_by_owner(notices, owners)
    assert [(d.owner, d.name, d.email) for d in digests] == [
        ("ana", "Ana Lima", "ana@example.com"),
        ("zoe", "zoe", None),
        (None, "(unassigned)", None),
    ]
    assert [n.subject for n in digests[2].notices] == ["t#2", "t#10"]


def test_user_text_cannot_ping_or_hide_in_slack() -> None:
    notice = Notice(NoticeKind.DRIFT, "r1", "item", "<!channel> fix\x1b[2J", "ana")
    payload = slack_payload(group_by_owner([notice], {}), TODAY)
    text = payload["blocks"][1]["text"]["text"]
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "\x1b" not in text and inert("\x1b") in text
