"""Post-deployment use-cases on SQLite and PostgreSQL: go-live, the schedule as time passes,
task occurrences, what is due, and the retrospective. (The pure schedule rules are covered by
tests/unit/test_schedule.py.)"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import FROZEN_NOW
from tests.services.conftest import ServiceFactory
from tests.services.dbutil import ACTOR, RELEASE, count, unchanged
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus, NaReason, TaskStatus
from tracker.domain.template import Template
from tracker.errors import AmbiguousNameError, ConflictError, NotFoundError, ValidationError
from tracker.services.tracker import TrackerService

TODAY = FROZEN_NOW.date()  # 2026-11-26
FRESHNESS = "verify-feature-freshness"  # daily in week 1
ALERTS = "monitor-all-alerts"  # week 1, due on day 7
REVIEW = "review-incident-reports"  # monthly
WEEK1_TASKS, WEEKS24_TASKS, MONTHLY_TASKS = 5, 5, 5


def expected_count(golive: date, today: date, horizon_months: int = 3) -> int:
    """Occurrences the shipped template's phases call for (see tracker/domain/schedule.py)."""
    from tracker.domain.schedule import add_months, monthly_due_date

    horizon = add_months(today, horizon_months)
    months = 1
    while monthly_due_date(golive, months + 1) <= horizon:
        months += 1
    return (WEEK1_TASKS - 1) + 7 + WEEKS24_TASKS + MONTHLY_TASKS * months


def close_blocking(svc: TrackerService) -> None:
    """Finish every blocking item directly in the database (fast set-up, not under test)."""
    with svc.engine.begin() as conn:
        conn.execute(text("UPDATE release_item SET status = 'done' WHERE severity = 'blocking'"))


def force_live(svc: TrackerService, on: date = TODAY, release: str = RELEASE) -> None:
    svc.schedule.golive(release, on, force=True, reason="accepted by the CTO")


# --- go-live -------------------------------------------------------------------------------


def test_golive_is_refused_while_blocking_items_are_open(
    svc: TrackerService, seeded_url: str
) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(
        ValidationError,
        match=r"blocking items are still open \(uc-production-catalog, .*--force --reason",
    ):
        svc.schedule.golive(RELEASE)
    with pytest.raises(ValidationError, match="needs --reason"):
        svc.schedule.golive(RELEASE, force=True)
    with pytest.raises(ValidationError, match="needs --reason"):
        svc.schedule.golive(RELEASE, force=True, reason="  ")
    check()
    assert svc.releases.get_release(RELEASE).golive_date is None


def test_forced_golive_records_the_reason_and_schedules_every_task(svc: TrackerService) -> None:
    report = svc.schedule.golive(RELEASE, force=True, reason="  accepted \n by the CTO ")
    assert report.forced
    assert (report.release.golive_date, report.release.golive_forced_reason) == (
        TODAY,
        "accepted by the CTO",
    )
    occs = svc.occurrences.occurrences(RELEASE)
    assert report.created == len(occs) == expected_count(TODAY, TODAY)
    assert (report.rescheduled, report.removed) == (0, 0)
    per_task = Counter(o.task_key for o in occs)
    assert per_task[FRESHNESS] == 7
    assert per_task[ALERTS] == 1
    assert [o.due_date for o in occs if o.task_key == FRESHNESS] == [
        TODAY + timedelta(days=d) for d in range(1, 8)
    ]
    assert next(o for o in occs if o.task_key == ALERTS).due_date == TODAY + timedelta(days=7)
    assert next(
        o for o in occs if o.task_key == "document-learnings"
    ).due_date == TODAY + timedelta(days=28)
    assert [o.due_date for o in occs if o.task_key == REVIEW] == [
        date(2026, 12, 26),
        date(2027, 1, 26),
        date(2027, 2, 26),
    ]
    assert all(o.status is TaskStatus.TODO for o in occs)
    actions = [(e.action, e.new_value) for e in svc.items.release_history(RELEASE)]
    assert ("golive", TODAY.isoformat()) in actions
    assert ("golive.forced", "accepted by the CTO") in actions


def test_golive_without_open_blocking_items_needs_no_force(svc: TrackerService) -> None:
    close_blocking(svc)
    for role in ("ml-lead", "platform", "security"):
        svc.signoffs.sign_off(RELEASE, role)
    report = svc.schedule.golive(RELEASE, date(2026, 11, 20))
    assert not report.forced
    assert report.release.golive_forced_reason is None
    assert report.release.golive_date == date(2026, 11, 20)


def test_changing_the_golive_date_reschedules_open_occurrences_and_keeps_done_ones(
    svc: TrackerService,
) -> None:
    force_live(svc, TODAY)
    done = svc.occurrences.update_occurrence(RELEASE, ALERTS, status=TaskStatus.DONE)
    noted = svc.occurrences.update_occurrence(
        RELEASE, "check-prediction-quality", notes="looked fine"
    )
    before = {o.id: o for o in svc.occurrences.occurrences(RELEASE)}

    report = svc.schedule.golive(RELEASE, TODAY + timedelta(days=4), force=True, reason="moved")

    after = {o.id: o for o in svc.occurrences.occurrences(RELEASE)}
    assert after[done.id].due_date == done.due_date  # history is kept
    assert after[done.id].status is TaskStatus.DONE
    assert after[noted.id].due_date == noted.due_date + timedelta(days=4)
    assert after[noted.id].notes == "looked fine"
    moved = [i for i in after if i in before and after[i].due_date != before[i].due_date]
    assert report.rescheduled == len(moved) > 0
    # the later go-live pushes the third monthly review past the horizon: removed, not kept open
    assert report.removed == MONTHLY_TASKS
    # the done occurrence still stands for its task: no second one is planned next to it
    assert len(after) == expected_count(TODAY + timedelta(days=4), TODAY)
    assert Counter((o.task_key, o.due_date) for o in after.values()).most_common(1)[0][1] == 1


def test_golive_again_on_the_same_date_changes_nothing(svc: TrackerService) -> None:
    force_live(svc)
    report = svc.schedule.golive(RELEASE, TODAY, force=True, reason="again")
    assert (report.created, report.rescheduled, report.removed) == (0, 0, 0)
    assert len(svc.occurrences.occurrences(RELEASE)) == expected_count(TODAY, TODAY)


def test_schedules_extend_as_time_passes_without_duplicates(
    make_svc: ServiceFactory, seeded_url: str
) -> None:
    svc = make_svc()
    force_live(svc)
    assert svc.schedule.extend_schedules() == 0  # nothing new today
    later = make_svc(ACTOR, FixedClock(FROZEN_NOW).advanced(timedelta(days=40)))  # 2027-01-05
    assert (
        later.schedule.extend_schedules() == MONTHLY_TASKS
    )  # the 2027-03-26 reviews come into view
    assert later.schedule.extend_schedules() == 0
    much_later = make_svc(ACTOR, FixedClock(FROZEN_NOW).advanced(timedelta(days=100)))  # 2027-03-06
    assert much_later.schedule.extend_schedules() == 2 * MONTHLY_TASKS
    reviews = [
        o.due_date for o in much_later.occurrences.occurrences(RELEASE) if o.task_key == REVIEW
    ]
    assert reviews == [date(2026, 12, 26), *(date(2027, m, 26) for m in range(1, 6))]
    duplicates = count(
        seeded_url,
        "SELECT COUNT(*) FROM (SELECT release_task_id, seq FROM task_occurrence "
        "GROUP BY release_task_id, seq HAVING COUNT(*) > 1) d",
    )
    assert duplicates == 0
    assert [e.action for e in much_later.items.release_history(RELEASE)].count(
        "schedule.extend"
    ) == 2


def test_extend_writes_only_to_releases_with_occurrences_to_add(
    make_svc: ServiceFactory, shipped: Template, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = make_svc()
    svc.releases.create_release("second", shipped)
    force_live(svc)
    force_live(svc, on=TODAY - timedelta(days=60), release="second")
    later = make_svc(ACTOR, FixedClock(FROZEN_NOW).advanced(timedelta(days=40)))
    assert later.schedule.extend_schedules() > 0  # both releases' monthly reviews come into view
    writes: list[None] = []
    write = later.ctx.write

    def counted() -> Any:
        writes.append(None)
        return write()

    monkeypatch.setattr(later.ctx, "write", counted)
    assert later.schedule.extend_schedules() == 0
    assert writes == []


def test_extend_ignores_releases_not_live_or_archived(
    make_svc: ServiceFactory, shipped: Template
) -> None:
    svc = make_svc()
    svc.releases.create_release("not-live", shipped)
    svc.releases.create_release("archived", shipped)
    force_live(svc, release="archived")
    svc.release_changes.archive_release("archived")
    later = make_svc(ACTOR, FixedClock(FROZEN_NOW).advanced(timedelta(days=40)))
    assert later.schedule.extend_schedules() == 0
    assert later.occurrences.occurrences("not-live") == []


# --- occurrences -------------------------------------------------------------------------------


def test_done_records_who_and_when(svc: TrackerService) -> None:
    force_live(svc)
    occ = svc.occurrences.update_occurrence(RELEASE, ALERTS, status=TaskStatus.DONE)
    assert (occ.status, occ.completed_by, occ.completed_at) == (TaskStatus.DONE, ACTOR, FROZEN_NOW)
    assert occ.row_version == 2
    events = [e for e in svc.items.item_history(RELEASE, ALERTS)]
    assert [(e.action, e.old_value, e.new_value, e.actor) for e in events] == [
        ("status", "todo", "done", ACTOR)
    ]
    reopened = svc.occurrences.update_occurrence(RELEASE, str(occ.id), status=TaskStatus.TODO)
    assert (reopened.status, reopened.completed_by, reopened.completed_at) == (
        TaskStatus.TODO,
        None,
        None,
    )


def test_skip_needs_a_reason(svc: TrackerService, seeded_url: str) -> None:
    force_live(svc)
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="skipping a task needs a reason"):
        svc.occurrences.update_occurrence(RELEASE, ALERTS, status=TaskStatus.SKIPPED)
    with pytest.raises(ValidationError, match="skipping a task needs a reason"):
        svc.occurrences.update_occurrence(
            RELEASE, ALERTS, status=TaskStatus.SKIPPED, skip_reason=" "
        )
    with pytest.raises(ValidationError, match="--reason goes with --status skipped"):
        svc.occurrences.update_occurrence(RELEASE, ALERTS, skip_reason="why")
    check()
    occ = svc.occurrences.update_occurrence(
        RELEASE, ALERTS, status=TaskStatus.SKIPPED, skip_reason="no alerts set up yet"
    )
    assert (occ.status, occ.skip_reason) == (TaskStatus.SKIPPED, "no alerts set up yet")


def test_owner_notes_and_evidence_on_an_occurrence(svc: TrackerService, seeded_url: str) -> None:
    force_live(svc)
    occ = svc.occurrences.update_occurrence(
        RELEASE,
        ALERTS,
        owner="@ana",
        notes="two alerts",
        evidence=[("https://example.com/alerts", None)],
    )
    assert (occ.owner, occ.notes) == ("ana", "two alerts")
    ((ev_url, ev_title),) = [(e.url, e.title) for e in occ.evidence]
    assert (ev_url, ev_title) == ("https://example.com/alerts", "example.com/alerts")
    assert [e.action for e in svc.items.item_history(RELEASE, ALERTS)] == [
        "owner",
        "notes",
        "evidence.add",
    ]
    occ = svc.occurrences.update_occurrence(RELEASE, str(occ.id), owner=None, notes=None)
    assert (occ.owner, occ.notes) == (None, None)
    check = unchanged(seeded_url)
    with pytest.raises(NotFoundError, match="unknown owner 'nobody'"):
        svc.occurrences.update_occurrence(RELEASE, ALERTS, status=TaskStatus.DONE, owner="nobody")
    with pytest.raises(ValidationError, match="http:// or https://"):
        svc.occurrences.update_occurrence(
            RELEASE, ALERTS, status=TaskStatus.DONE, evidence=[("javascript:alert(1)", None)]
        )
    with pytest.raises(ValidationError, match="nothing to change"):
        svc.occurrences.update_occurrence(RELEASE, ALERTS)
    check()


def test_occurrence_evidence_is_audited_like_item_evidence(svc: TrackerService) -> None:
    force_live(svc)
    occ = svc.occurrences.update_occurrence(
        RELEASE, ALERTS, evidence=[("https://example.com/alerts", "Alert list")]
    )
    (ev,) = occ.evidence
    (event,) = svc.items.item_history(RELEASE, ALERTS)
    assert (event.action, event.old_value, event.actor) == ("evidence.add", None, ACTOR)
    assert json.loads(event.new_value or "") == {
        "id": ev.id,
        "url": "https://example.com/alerts",
        "title": "Alert list",
    }


def test_occurrence_owner_events_record_the_registered_handle(svc: TrackerService) -> None:
    force_live(svc)
    occ = svc.occurrences.update_occurrence(RELEASE, ALERTS, owner="@ANA")
    assert occ.owner == "ana"
    (event,) = svc.items.item_history(RELEASE, ALERTS)
    assert (event.action, event.old_value, event.new_value) == ("owner", None, "ana")


def test_occurrence_expected_version_conflict(make_svc: ServiceFactory, seeded_url: str) -> None:
    me, ana = make_svc(), make_svc("ana")
    force_live(me)
    occ = me.occurrences.occurrence(RELEASE, ALERTS)
    ana.occurrences.update_occurrence(RELEASE, ALERTS, notes="mine")
    check = unchanged(seeded_url)
    with pytest.raises(
        ConflictError,
        match=rf"{ALERTS} \(\d{{4}}-\d\d-\d\d\) is at version 2, not 1: ana set notes to mine",
    ):
        me.occurrences.update_occurrence(
            RELEASE, str(occ.id), status=TaskStatus.DONE, expected_version=occ.row_version
        )
    check()


def test_naming_occurrences(svc: TrackerService) -> None:
    force_live(svc)
    occs = svc.occurrences.occurrences(RELEASE)
    first = next(o for o in occs if o.task_key == FRESHNESS)
    third = [o for o in occs if o.task_key == FRESHNESS][2]
    assert svc.occurrences.occurrence(RELEASE, str(third.id)) == third
    assert svc.occurrences.occurrence(RELEASE, third.key) == third  # task@YYYY-MM-DD
    assert svc.occurrences.occurrence(RELEASE, FRESHNESS, on=third.due_date) == third
    assert svc.occurrences.occurrence(RELEASE, "feature freshness") == first  # earliest open one
    svc.occurrences.update_occurrence(RELEASE, first.key, status=TaskStatus.DONE)
    assert svc.occurrences.occurrence(RELEASE, FRESHNESS).due_date == first.due_date + timedelta(
        days=1
    )
    with pytest.raises(AmbiguousNameError, match="task 'review' is ambiguous"):
        svc.occurrences.occurrence(RELEASE, "review")
    with pytest.raises(
        NotFoundError, match="unknown task 'monitr-all-alerts'; did you mean 'monitor-all-alerts'"
    ):
        svc.occurrences.occurrence(RELEASE, "monitr-all-alerts")
    with pytest.raises(NotFoundError, match="unknown occurrence"):
        svc.occurrences.occurrence(RELEASE, f"{ALERTS}@2030-01-01")
    with pytest.raises(NotFoundError, match="unknown task occurrence '999999'"):
        svc.occurrences.occurrence(RELEASE, "999999")
    with pytest.raises(ValidationError, match="invalid date"):
        svc.occurrences.occurrence(RELEASE, f"{ALERTS}@tomorrow")


def test_a_release_not_live_has_no_tasks(svc: TrackerService) -> None:
    with pytest.raises(NotFoundError, match="unknown task"):
        svc.occurrences.update_occurrence(RELEASE, ALERTS, status=TaskStatus.DONE)


# --- what is due ---------------------------------------------------------------------------------


def test_due_tasks_filters(svc: TrackerService, shipped: Template) -> None:
    golive = TODAY - timedelta(days=6)  # 2026-11-20: freshness checks due 11-21 .. 11-27
    force_live(svc, golive)
    svc.releases.create_release("not-live", shipped)
    occs = svc.occurrences.occurrences(RELEASE)
    done = next(o for o in occs if o.task_key == FRESHNESS)
    svc.occurrences.update_occurrence(RELEASE, done.key, status=TaskStatus.DONE)
    mine = svc.occurrences.update_occurrence(RELEASE, ALERTS, owner="ana")
    open_occs = [o for o in svc.occurrences.occurrences(RELEASE) if o.status is TaskStatus.TODO]

    def keys(**kw: object) -> list[str]:
        return [d.occurrence.key for d in svc.occurrences.due_tasks(**kw)]  # type: ignore[arg-type]

    assert keys() == [o.key for o in sorted(open_occs, key=lambda o: (o.due_date, o.task_key))]
    assert all(d.release == RELEASE for d in svc.occurrences.due_tasks())  # "not-live" has none
    assert done.key not in keys()
    assert keys(due="overdue") == [f"{FRESHNESS}@2026-11-{d}" for d in (22, 23, 24, 25)]
    assert keys(due="today") == [f"{FRESHNESS}@2026-11-26"]
    week = keys(due="week")  # due within 7 days, overdue included (issue 15)
    assert week[0] == f"{FRESHNESS}@2026-11-22"
    assert {o.key for o in open_occs if o.due_date < TODAY + timedelta(days=7)} == set(week)
    assert keys(owner="ana") == [mine.key] == keys(owner="@ana")
    assert keys(owner="ana", due="overdue") == []
    assert keys(release="r1", due="today") == keys(due="today")
    with_closed = [d.occurrence.key for d in svc.occurrences.due_tasks(include_closed=True)]
    assert done.key in with_closed


def test_due_tasks_across_live_releases(svc: TrackerService, shipped: Template) -> None:
    svc.releases.create_release("second", shipped)
    force_live(svc, TODAY - timedelta(days=6))
    force_live(svc, TODAY - timedelta(days=3), release="second")
    svc.occurrences.update_occurrence(
        "second", ALERTS, notes="seen", evidence=[("https://example.com/a", None)]
    )
    due = svc.occurrences.due_tasks()
    assert {d.release for d in due} == {RELEASE, "second"}
    for name in (RELEASE, "second"):
        assert [d.occurrence for d in due if d.release == name] == sorted(
            (o for o in svc.occurrences.occurrences(name) if o.status is TaskStatus.TODO),
            key=lambda o: (o.due_date, o.task_key),
        )
    (alerts,) = [
        d.occurrence for d in due if d.release == "second" and d.occurrence.task_key == ALERTS
    ]
    assert (alerts.notes, [e.url for e in alerts.evidence]) == ("seen", ["https://example.com/a"])


def test_due_tasks_skip_archived_releases(svc: TrackerService) -> None:
    force_live(svc, TODAY - timedelta(days=10))
    assert svc.occurrences.due_tasks(due="overdue")
    svc.release_changes.archive_release(RELEASE)
    assert svc.occurrences.due_tasks(due="overdue") == []
    assert svc.releases.list_releases(include_archived=True)[0].overdue_tasks > 0


def test_overdue_count_in_the_release_list(svc: TrackerService) -> None:
    force_live(svc, TODAY - timedelta(days=6))
    (summary,) = svc.releases.list_releases()
    assert summary.golive_date == TODAY - timedelta(days=6)
    assert summary.overdue_tasks == 5  # freshness checks of 11-21 .. 11-25


# --- retrospective -----------------------------------------------------------------------------


def test_retro_markdown_has_the_sections_and_the_forced_reason(svc: TrackerService) -> None:
    items = svc.releases.release_view(RELEASE).items
    svc.items.set_status(RELEASE, items[0].key, ItemStatus.DONE)
    svc.items.set_status(
        RELEASE, items[1].key, ItemStatus.NA, na_reason=NaReason.OUT_OF_SCOPE, na_note="no <script>"
    )
    svc.schedule.golive(
        RELEASE, TODAY - timedelta(days=3), force=True, reason="CTO said **ship it**"
    )
    svc.occurrences.update_occurrence(
        RELEASE, ALERTS, notes="quiet week", evidence=[("https://example.com/dash", "Dashboard")]
    )
    svc.occurrences.update_occurrence(RELEASE, FRESHNESS, status=TaskStatus.DONE)

    md = svc.schedule.retro_markdown(RELEASE)

    assert md.startswith("# Retrospective: r1")
    for heading in (
        "## Pre-production",
        "### Not applicable",
        "## Timeline",
        "## Post-deployment",
        "## Carry forward",
        "## Monthly: Review & Improve",
    ):
        assert heading in md, heading
    assert "CTO said" in md
    assert "**ship it**" not in md  # user text is escaped
    assert "<script>" not in md
    assert "quiet week" in md
    assert "https://example.com/dash" in md
    assert md.endswith("\n")
