"""Post-deployment schedule: planning, reconciling, due buckets, completion, and the clock."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.clock import Clock, FixedClock, SystemClock, local_date
from tracker.domain.enums import PhaseRecurrence, TaskStatus
from tracker.domain.models import TaskOccurrence
from tracker.domain.schedule import (
    DueFilter,
    ExistingOccurrence,
    PlannedOccurrence,
    ScheduleChanges,
    add_months,
    due_bucket,
    filter_occurrences,
    is_overdue,
    lateness_days,
    monthly_due_date,
    phase_completion,
    plan_occurrences,
    reconcile,
)
from tracker.domain.template import Phase, Task

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")

WEEK1_TASKS = [
    "monitor-alerts",
    "verify-feature-freshness",
    "check-prediction-quality",
    "review-cost-consumption",
    "validate-backups",
]
WEEKS2_4_TASKS = [
    "analyze-bottlenecks",
    "optimize-slow-queries",
    "right-size-compute",
    "fine-tune-alerts",
    "document-learnings",
]
MONTHLY_TASKS = [
    "review-incidents",
    "analyze-cost-trends",
    "update-documentation",
    "team-retrospective",
    "plan-enhancements",
]


def seed_phases() -> list[Phase]:
    """The seed checklist's "Post-Deployment Tasks"."""
    return [
        Phase(
            id="week-1-validation",
            title="Week 1: Validation",
            start_day=1,
            end_day=7,
            tasks=[
                Task(id=t, text=t, daily=(t == "verify-feature-freshness")) for t in WEEK1_TASKS
            ],
        ),
        Phase(
            id="weeks-2-4-optimization",
            title="Week 2-4: Optimization",
            start_day=8,
            end_day=28,
            tasks=[Task(id=t, text=t) for t in WEEKS2_4_TASKS],
        ),
        Phase(
            id="monthly-review",
            title="Monthly: Review & Improve",
            recurrence=PhaseRecurrence.MONTHLY,
            tasks=[Task(id=t, text=t) for t in MONTHLY_TASKS],
        ),
    ]


PHASES = seed_phases()


# --- a tiny in-memory store, to apply changes the way the service will -----------------------


class Store:
    def __init__(self) -> None:
        self.rows: dict[int, ExistingOccurrence] = {}
        self._next_id = 1

    def apply(self, changes: ScheduleChanges) -> None:
        for occ_id in changes.remove:
            assert self.rows[occ_id].is_open, "only open occurrences may be removed"
            del self.rows[occ_id]
        for occ_id, due in changes.reschedule:
            assert self.rows[occ_id].is_open, "only open occurrences may be rescheduled"
            self.rows[occ_id] = replace(self.rows[occ_id], due_date=due)
        for p in changes.create:
            self.rows[self._next_id] = ExistingOccurrence(
                self._next_id, p.task_key, p.seq, p.due_date, TaskStatus.TODO
            )
            self._next_id += 1

    def sync(self, plan: list[PlannedOccurrence]) -> ScheduleChanges:
        changes = reconcile(list(self.rows.values()), plan)
        self.apply(changes)
        return changes

    def set_status(
        self, task_key: str, seq: int, status: TaskStatus, *, notes: bool = False
    ) -> int:
        for occ_id, row in self.rows.items():
            if (row.task_key, row.seq) == (task_key, seq):
                self.rows[occ_id] = replace(row, status=status, has_user_input=notes)
                return occ_id
        raise KeyError((task_key, seq))

    def due(self, task_key: str, seq: int = 1) -> date:
        return next(
            r.due_date for r in self.rows.values() if (r.task_key, r.seq) == (task_key, seq)
        )

    def identities(self) -> list[tuple[str, int]]:
        return [(r.task_key, r.seq) for r in self.rows.values()]


def identities(plan: list[PlannedOccurrence]) -> list[tuple[str, int]]:
    return [p.identity for p in plan]


# --- month arithmetic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2028, 1, 31), 2, date(2028, 3, 31)),
        (date(2028, 1, 31), 3, date(2028, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("golive", "expected"),
    [
        (
            date(2026, 1, 31),
            [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)],
        ),
        (
            date(2028, 1, 31),  # leap year
            [date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30), date(2028, 5, 31)],
        ),
        (
            date(2027, 12, 30),
            [date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30), date(2028, 4, 30)],
        ),
        (
            date(2026, 8, 29),
            [date(2026, 9, 29), date(2026, 10, 29), date(2026, 11, 29), date(2026, 12, 29)],
        ),
    ],
)
def test_monthly_due_dates_never_drift_from_golive_day(golive: date, expected: list[date]) -> None:
    assert [monthly_due_date(golive, k) for k in range(1, 5)] == expected


# --- planning ---------------------------------------------------------------------------------


def test_daily_task_gets_one_occurrence_per_day_of_week_one() -> None:
    golive = date(2026, 11, 2)
    plan = plan_occurrences(PHASES, golive, today=golive)
    daily = [p for p in plan if p.task_key == "verify-feature-freshness"]
    assert [p.seq for p in daily] == [1, 2, 3, 4, 5, 6, 7]
    assert [p.due_date for p in daily] == [golive + timedelta(days=d) for d in range(1, 8)]
    assert {p.phase_key for p in daily} == {"week-1-validation"}


@pytest.mark.parametrize(
    ("task_key", "phase_key", "day"),
    [(t, "week-1-validation", 7) for t in WEEK1_TASKS if t != "verify-feature-freshness"]
    + [(t, "weeks-2-4-optimization", 28) for t in WEEKS2_4_TASKS],
)
def test_one_off_tasks_are_due_on_the_phase_end_day(
    task_key: str, phase_key: str, day: int
) -> None:
    golive = date(2026, 11, 2)
    plan = plan_occurrences(PHASES, golive, today=golive)
    [occ] = [p for p in plan if p.task_key == task_key]
    assert occ == PlannedOccurrence(task_key, phase_key, golive + timedelta(days=day), 1)


@pytest.mark.parametrize(
    ("golive", "today", "horizon", "expected_dues"),
    [
        # horizon ends 2026-04-30: Feb 28, Mar 31, Apr 30
        (
            date(2026, 1, 31),
            date(2026, 1, 31),
            3,
            [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)],
        ),
        # leap year: Feb 29
        (
            date(2028, 1, 31),
            date(2028, 1, 31),
            3,
            [date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30)],
        ),
        # horizon ends 2026-05-10: May 31 is beyond it
        (
            date(2026, 1, 31),
            date(2026, 2, 10),
            3,
            [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)],
        ),
        # horizon ends 2026-06-01: May 31 now inside
        (
            date(2026, 1, 31),
            date(2026, 3, 1),
            3,
            [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)],
        ),
        # no horizon: still the first month
        (date(2026, 1, 31), date(2026, 1, 31), 0, [date(2026, 2, 28)]),
        # go-live in the future, beyond the horizon: still the first month
        (date(2027, 6, 15), date(2026, 1, 1), 3, [date(2027, 7, 15)]),
        # go-live long ago: every month up to the horizon (catch-up)
        (
            date(2026, 1, 10),
            date(2026, 3, 20),
            1,
            [date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 10)],
        ),
    ],
)
def test_monthly_occurrences_reach_the_rolling_horizon(
    golive: date, today: date, horizon: int, expected_dues: list[date]
) -> None:
    plan = plan_occurrences(PHASES, golive, today, horizon_months=horizon)
    for task_key in MONTHLY_TASKS:
        occs = [p for p in plan if p.task_key == task_key]
        assert [p.due_date for p in occs] == expected_dues
        assert [p.seq for p in occs] == list(range(1, len(expected_dues) + 1))
        assert {p.phase_key for p in occs} == {"monthly-review"}


def test_plan_is_sorted_by_due_then_phase_then_task_then_seq() -> None:
    plan = plan_occurrences(PHASES, date(2026, 11, 2), today=date(2026, 11, 2))
    day7 = [p.task_key for p in plan if p.due_date == date(2026, 11, 9)]
    assert day7 == WEEK1_TASKS  # the daily task's day-7 occurrence sits in task order
    assert [p.due_date for p in plan] == sorted(p.due_date for p in plan)
    assert len(plan) == 4 + 7 + 5 + 5 * 3


def test_negative_horizon_is_rejected() -> None:
    with pytest.raises(ValueError):
        plan_occurrences(PHASES, date(2026, 1, 1), date(2026, 1, 1), horizon_months=-1)


@pytest.mark.parametrize(
    ("golive", "tz"),
    [(date(2026, 3, 8), NY), (date(2026, 3, 29), LONDON), (date(2026, 10, 25), LONDON)],
)
def test_dst_change_days_do_not_shift_due_dates(golive: date, tz: tzinfo) -> None:
    # the clock's zone decides "today"; due dates are plain date arithmetic
    clock = FixedClock(datetime(golive.year, golive.month, golive.day, 12, tzinfo=tz), tz)
    plan = plan_occurrences(PHASES, golive, clock.today())
    daily = [p.due_date for p in plan if p.task_key == "verify-feature-freshness"]
    assert daily == [golive + timedelta(days=d) for d in range(1, 8)]
    assert {p.due_date for p in plan if p.task_key == "monitor-alerts"} == {
        golive + timedelta(days=7)
    }
    assert {p.due_date for p in plan if p.task_key == "document-learnings"} == {
        golive + timedelta(days=28)
    }


# --- time zones and the clock -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "tz", "expected"),
    [
        # New York springs forward 2026-03-08 02:00 EST -> 03:00 EDT
        (datetime(2026, 3, 8, 4, 30, tzinfo=UTC), NY, date(2026, 3, 7)),  # 23:30 EST
        (datetime(2026, 3, 8, 6, 59, tzinfo=UTC), NY, date(2026, 3, 8)),  # 01:59 EST
        (datetime(2026, 3, 9, 3, 30, tzinfo=UTC), NY, date(2026, 3, 8)),  # 23:30 EDT
        (datetime(2026, 3, 9, 4, 30, tzinfo=UTC), NY, date(2026, 3, 9)),  # 00:30 EDT (EST: 3-8)
        # London springs forward 2026-03-29 01:00 GMT -> 02:00 BST
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), LONDON, date(2026, 3, 28)),
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), LONDON, date(2026, 3, 29)),
        (datetime(2026, 3, 29, 23, 30, tzinfo=UTC), LONDON, date(2026, 3, 30)),  # 00:30 BST
        # London falls back 2026-10-25 02:00 BST -> 01:00 GMT
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), LONDON, date(2026, 10, 25)),  # 00:30 BST
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), LONDON, date(2026, 10, 25)),  # 23:30 GMT
        # a naive timestamp (SQLite) is UTC
        (datetime(2026, 3, 9, 4, 30), NY, date(2026, 3, 9)),
    ],
)
def test_local_date_around_dst_changes(instant: datetime, tz: tzinfo, expected: date) -> None:
    assert local_date(instant, tz) == expected
    if instant.tzinfo is not None:
        assert FixedClock(instant, tz).today() == expected


def test_fixed_clock_is_a_clock_and_reports_utc() -> None:
    clock = FixedClock(datetime(2026, 3, 9, 0, 30, tzinfo=NY), NY)
    assert isinstance(clock, Clock)
    assert clock.now() == datetime(2026, 3, 9, 4, 30, tzinfo=UTC)
    assert clock.now().utcoffset() == timedelta(0)
    assert clock.today() == date(2026, 3, 9)
    assert clock.advanced(timedelta(hours=23, minutes=30)).today() == date(2026, 3, 10)
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 3, 9), NY)


def test_system_clock_from_env() -> None:
    clock = SystemClock.from_env({"TRACKER_TZ": "Europe/London"})
    assert clock.tz == LONDON
    assert isinstance(clock, Clock)
    assert clock.now().utcoffset() == timedelta(0)
    before = datetime.now(UTC)
    today = clock.today()
    assert today in {local_date(before, LONDON), local_date(datetime.now(UTC), LONDON)}
    assert SystemClock.from_env({}).tz is not None
    assert SystemClock.from_env({"TRACKER_TZ": "  "}).today() is not None


def test_system_clock_rejects_unknown_zone() -> None:
    from tracker.errors import ConfigError

    with pytest.raises(ConfigError, match="TRACKER_TZ"):
        SystemClock.from_env({"TRACKER_TZ": "Mars/Olympus_Mons"})


# --- reconciling ------------------------------------------------------------------------------


def test_first_reconcile_creates_the_whole_plan_then_nothing() -> None:
    golive = date(2026, 11, 2)
    plan = plan_occurrences(PHASES, golive, golive)
    store = Store()
    changes = store.sync(plan)
    assert changes.create == plan
    assert not changes.reschedule and not changes.remove
    assert reconcile(list(store.rows.values()), plan).is_empty


@pytest.mark.parametrize("shift_days", [10, -5, 45, -40])
def test_moving_golive_moves_open_occurrences_and_keeps_completed_ones(shift_days: int) -> None:
    golive, today = date(2026, 11, 2), date(2026, 11, 6)
    store = Store()
    store.sync(plan_occurrences(PHASES, golive, today))
    store.set_status("verify-feature-freshness", 1, TaskStatus.DONE)
    store.set_status("verify-feature-freshness", 2, TaskStatus.SKIPPED)
    store.set_status("review-incidents", 1, TaskStatus.DONE)
    before = dict(store.rows)

    new_golive = golive + timedelta(days=shift_days)
    new_plan = plan_occurrences(PHASES, new_golive, today)
    changes = store.sync(new_plan)

    # completed ones stay exactly as they were
    for task_key, seq in [
        ("verify-feature-freshness", 1),
        ("verify-feature-freshness", 2),
        ("review-incidents", 1),
    ]:
        assert store.due(task_key, seq) == next(
            r.due_date for r in before.values() if (r.task_key, r.seq) == (task_key, seq)
        )
    # open ones follow go-live
    assert store.due("verify-feature-freshness", 3) == new_golive + timedelta(days=3)
    assert store.due("monitor-alerts") == new_golive + timedelta(days=7)
    assert store.due("document-learnings") == new_golive + timedelta(days=28)
    assert store.due("analyze-cost-trends") == monthly_due_date(new_golive, 1)
    assert changes.reschedule
    # nothing duplicated, and the store now matches the plan
    assert not [k for k, n in Counter(store.identities()).items() if n > 1]
    planned = set(identities(new_plan))
    assert {i for i in store.identities() if i not in planned} <= {("review-incidents", 1)}
    assert reconcile(list(store.rows.values()), new_plan).is_empty


def test_golive_moved_later_removes_open_monthly_occurrences_beyond_the_horizon() -> None:
    golive, today = date(2026, 1, 31), date(2026, 1, 31)
    store = Store()
    store.sync(plan_occurrences(PHASES, golive, today))  # months 1..3: Feb 28, Mar 31, Apr 30
    done_id = store.set_status("review-incidents", 3, TaskStatus.DONE)
    noted_id = store.set_status("analyze-cost-trends", 3, TaskStatus.TODO, notes=True)

    later = date(2026, 3, 15)  # months now Apr 15, May 15 (horizon ends Apr 30)
    new_plan = plan_occurrences(PHASES, later, today)
    assert {p.seq for p in new_plan if p.task_key == "review-incidents"} == {1}
    changes = reconcile(list(store.rows.values()), new_plan)

    removed = {(store.rows[i].task_key, store.rows[i].seq) for i in changes.remove}
    assert removed == {(t, s) for t in MONTHLY_TASKS for s in (2, 3)} - {
        ("review-incidents", 3),
        ("analyze-cost-trends", 3),
    }
    assert done_id not in changes.remove and done_id not in dict(changes.reschedule)
    assert changes.orphaned == [noted_id]  # open, but carries notes: kept
    assert not changes.create
    store.apply(changes)
    assert store.rows[done_id].due_date == date(2026, 4, 30)
    assert reconcile(list(store.rows.values()), new_plan).is_empty

    # time passes: the orphan is back in the plan and is rescheduled, not duplicated
    plan_later = plan_occurrences(PHASES, later, date(2026, 5, 1))
    changes = store.sync(plan_later)
    assert (noted_id, date(2026, 6, 15)) in changes.reschedule
    assert ("analyze-cost-trends", 3) not in [p.identity for p in changes.create]
    assert not [k for k, n in Counter(store.identities()).items() if n > 1]


def test_horizon_extension_only_creates_the_new_months() -> None:
    golive = date(2026, 1, 31)
    store = Store()
    store.sync(plan_occurrences(PHASES, golive, golive))
    changes = store.sync(plan_occurrences(PHASES, golive, date(2026, 3, 1)))  # horizon -> Jun 1
    assert not changes.reschedule and not changes.remove
    assert [(p.task_key, p.seq, p.due_date) for p in changes.create] == [
        (t, 4, date(2026, 5, 31)) for t in MONTHLY_TASKS
    ]
    assert store.sync(plan_occurrences(PHASES, golive, date(2026, 3, 1))).is_empty


def test_duplicates_are_collapsed_onto_the_completed_one() -> None:
    plan = [PlannedOccurrence("t", "p", date(2026, 1, 8), 1)]
    existing = [
        ExistingOccurrence(1, "t", 1, date(2026, 1, 5), TaskStatus.TODO),
        ExistingOccurrence(2, "t", 1, date(2026, 1, 5), TaskStatus.DONE),
        ExistingOccurrence(3, "t", 1, date(2026, 1, 5), TaskStatus.TODO),
    ]
    changes = reconcile(existing, plan)
    assert changes == ScheduleChanges(remove=[1, 3])


def test_existing_from_occurrence_notes_user_input() -> None:
    occ = make_occ(due=date(2026, 1, 1), notes="looked at it")
    e = ExistingOccurrence.from_occurrence(occ)
    assert (e.id, e.task_key, e.seq, e.due_date, e.status) == (
        occ.id,
        occ.task_key,
        occ.seq,
        occ.due_date,
        occ.status,
    )
    assert e.has_user_input
    assert not ExistingOccurrence.from_occurrence(make_occ(due=date(2026, 1, 1))).has_user_input


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@settings(max_examples=150, deadline=None)
@given(
    golive=dates,
    today_offset=st.integers(min_value=-90, max_value=900),
    horizon=st.integers(min_value=0, max_value=12),
    shift=st.integers(min_value=-120, max_value=120),
    later=st.integers(min_value=0, max_value=400),
    completed=st.sets(st.integers(min_value=0, max_value=60), max_size=10),
)
def test_reconcile_is_idempotent(
    golive: date, today_offset: int, horizon: int, shift: int, later: int, completed: set[int]
) -> None:
    today = golive + timedelta(days=today_offset)
    plan = plan_occurrences(PHASES, golive, today, horizon)
    ids = identities(plan)
    assert len(ids) == len(set(ids)), "plan must not repeat (task_key, seq)"

    store = Store()
    first = store.sync(plan)
    assert len(first.create) == len(plan)
    assert store.sync(plan).is_empty

    # some occurrences get completed, then go-live moves and time passes
    for n, occ_id in enumerate(sorted(store.rows)):
        if n in completed:
            status = TaskStatus.DONE if n % 2 else TaskStatus.SKIPPED
            store.rows[occ_id] = replace(store.rows[occ_id], status=status)
    closed_before = {k: v for k, v in store.rows.items() if not v.is_open}

    new_plan = plan_occurrences(
        PHASES, golive + timedelta(days=shift), today + timedelta(days=later), horizon
    )
    store.sync(new_plan)
    assert reconcile(list(store.rows.values()), new_plan).is_empty
    assert {k: v for k, v in store.rows.items() if not v.is_open} == closed_before
    assert len(store.identities()) == len(set(store.identities()))
    assert set(identities(new_plan)) <= set(store.identities())


# --- due, overdue, buckets, filters -----------------------------------------------------------


def make_occ(
    *,
    due: date,
    status: TaskStatus = TaskStatus.TODO,
    owner: str | None = None,
    completed_at: datetime | None = None,
    phase: str = "week-1-validation",
    notes: str | None = None,
    occ_id: int = 1,
) -> TaskOccurrence:
    return TaskOccurrence(
        id=occ_id,
        task_key="monitor-alerts",
        phase_key=phase,
        phase_title=phase.replace("-", " ").title(),
        text="Monitor all alerts",
        due_date=due,
        status=status,
        owner=owner,
        completed_at=completed_at,
        notes=notes,
    )


# 23:30 in New York on 2026-03-08 is already 2026-03-09 in UTC: "today" must be the local date
NY_CLOCK = FixedClock(datetime(2026, 3, 9, 3, 30, tzinfo=UTC), NY)
TODAY = date(2026, 3, 8)


@pytest.mark.parametrize(
    ("due_offset", "status", "bucket", "overdue"),
    [
        (-30, TaskStatus.TODO, "overdue", True),
        (-1, TaskStatus.TODO, "overdue", True),
        (0, TaskStatus.TODO, "today", False),
        (1, TaskStatus.TODO, "week", False),
        (6, TaskStatus.TODO, "week", False),
        (7, TaskStatus.TODO, "later", False),
        (-1, TaskStatus.DONE, "closed", False),
        (-1, TaskStatus.SKIPPED, "closed", False),
        (3, TaskStatus.DONE, "closed", False),
    ],
)
def test_due_buckets_in_local_time(
    due_offset: int, status: TaskStatus, bucket: str, overdue: bool
) -> None:
    assert NY_CLOCK.today() == TODAY
    occ = make_occ(due=TODAY + timedelta(days=due_offset), status=status)
    assert due_bucket(occ, NY_CLOCK.today()) == bucket
    assert is_overdue(occ, NY_CLOCK.today()) is overdue


def test_filter_occurrences_by_due_and_owner() -> None:
    occs = [
        make_occ(occ_id=1, due=TODAY - timedelta(days=2), owner="ana"),
        make_occ(occ_id=2, due=TODAY, owner="ben"),
        make_occ(occ_id=3, due=TODAY + timedelta(days=3), owner="ana"),
        make_occ(occ_id=4, due=TODAY + timedelta(days=20), owner="ana"),
        make_occ(occ_id=5, due=TODAY - timedelta(days=2), owner="ana", status=TaskStatus.DONE),
    ]

    def ids(due: DueFilter | None, owner: str | None) -> list[int]:
        return [o.id for o in filter_occurrences(occs, due=due, owner=owner, today=TODAY)]

    assert ids(None, None) == [1, 2, 3, 4, 5]
    assert ids("overdue", None) == [1]
    assert ids("today", None) == [2]
    # Why (issue 15): "tasks --due week says 'nothing due (week)' while 11 tasks are overdue".
    assert ids("week", None) == [1, 2, 3]
    assert ids(None, "ana") == [1, 3, 4, 5]
    assert ids(None, "@ana") == [1, 3, 4, 5]
    assert ids("week", "ana") == [1, 3]
    assert ids(None, "ANA") == [1, 3, 4, 5]
    assert ids("overdue", "ben") == []


@pytest.mark.parametrize(
    ("occ", "expected"),
    [
        (make_occ(due=TODAY - timedelta(days=4)), 4),
        (make_occ(due=TODAY + timedelta(days=4)), 0),
        (make_occ(due=TODAY - timedelta(days=4), status=TaskStatus.SKIPPED), 0),
        # done at 23:30 New York time on the due date: on time, although UTC says the next day
        (
            make_occ(
                due=date(2026, 3, 1),
                status=TaskStatus.DONE,
                completed_at=datetime(2026, 3, 2, 4, 30, tzinfo=UTC),
            ),
            0,
        ),
        (
            make_occ(
                due=date(2026, 3, 1),
                status=TaskStatus.DONE,
                completed_at=datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
            ),
            2,
        ),
        (make_occ(due=date(2026, 3, 1), status=TaskStatus.DONE), 0),
    ],
)
def test_lateness_days(occ: TaskOccurrence, expected: int) -> None:
    assert lateness_days(occ, TODAY, NY) == expected


def test_phase_completion_counts_on_time_late_and_missed() -> None:
    due = date(2026, 3, 1)
    done_on_time = datetime(2026, 3, 2, 4, 30, tzinfo=UTC)  # 2026-03-01 23:30 in New York
    done_late = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    occs = [
        make_occ(occ_id=1, due=due, status=TaskStatus.DONE, completed_at=done_on_time),
        make_occ(occ_id=2, due=due, status=TaskStatus.DONE, completed_at=done_late),
        make_occ(occ_id=3, due=due, status=TaskStatus.SKIPPED),
        make_occ(occ_id=4, due=due),  # open and overdue: missed
        make_occ(occ_id=5, due=TODAY + timedelta(days=10)),  # open, not yet due
        make_occ(occ_id=6, due=TODAY + timedelta(days=30), phase="monthly-review"),
    ]
    week1, monthly = phase_completion(occs, today=TODAY, tz=NY)
    assert (week1.phase_key, week1.phase_title) == ("week-1-validation", "Week 1 Validation")
    assert (
        week1.total,
        week1.done,
        week1.skipped,
        week1.open,
        week1.on_time,
        week1.late,
        week1.missed,
    ) == (5, 2, 1, 2, 1, 1, 1)
    assert week1.closed == 3
    assert (monthly.phase_key, monthly.total, monthly.open, monthly.missed) == (
        "monthly-review",
        1,
        1,
        0,
    )
    # in UTC the first one would have been late
    assert phase_completion(occs, today=TODAY, tz=UTC)[0].late == 2
