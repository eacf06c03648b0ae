"""Post-deployment schedule: which task occurrences a release has, when they are due, and how
a stored schedule is brought in line with the plan (idempotently) when go-live or time moves.

Pure: the caller passes ``today`` (from a ``Clock``) and the time zone; nothing here reads the clock.

Timing rules (day 1 = the day after go-live):

- one-off phase: each task gets one occurrence (seq 1) due on ``golive + end_day``; a ``daily``
  task gets one per day ``start_day..end_day``, due ``golive + day``, with ``seq = day``;
- monthly phase: occurrence ``k`` (seq k >= 1) is due on go-live's day of the month, ``k`` months
  after go-live, clamped to the month's end (Jan 31 -> Feb 28/29, Mar 31, Apr 30 ...). It is always
  computed from go-live itself, so the day never drifts. Occurrences are planned up to
  ``today + horizon_months`` (and at least the first one).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal

from tracker.domain.clock import local_date
from tracker.domain.enums import PhaseRecurrence, TaskStatus
from tracker.domain.models import TaskOccurrence

if TYPE_CHECKING:
    from tracker.domain.template import Phase  # pydantic stays off the read path

DueBucket = Literal["overdue", "today", "week", "later", "closed"]
DueFilter = Literal["today", "week", "overdue"]

DEFAULT_HORIZON_MONTHS = 3
WEEK_DAYS = 7


def add_months(d: date, months: int, *, day: int | None = None) -> date:
    """``d`` moved by ``months`` calendar months, on ``day`` (default ``d.day``) clamped to the
    length of the target month."""
    year, month0 = divmod(d.year * 12 + (d.month - 1) + months, 12)
    wanted = d.day if day is None else day
    return date(year, month0 + 1, min(wanted, calendar.monthrange(year, month0 + 1)[1]))


def monthly_due_date(golive: date, k: int) -> date:
    """Due date of the ``k``-th monthly occurrence (k >= 1)."""
    return add_months(golive, k, day=golive.day)


@dataclass(frozen=True, slots=True)
class PlannedOccurrence:
    """An occurrence the schedule should have; ``(task_key, seq)`` identifies it."""

    task_key: str
    phase_key: str
    due_date: date
    seq: int

    @property
    def identity(self) -> tuple[str, int]:
        return (self.task_key, self.seq)


def plan_occurrences(
    phases: Sequence[Phase],
    golive: date,
    today: date,
    horizon_months: int = DEFAULT_HORIZON_MONTHS,
) -> list[PlannedOccurrence]:
    """Every occurrence the template's post-deployment phases call for, given go-live and today.

    Sorted by (due date, phase order, task order, seq).
    """
    if horizon_months < 0:
        raise ValueError("horizon_months must not be negative")
    horizon_end = add_months(today, horizon_months)
    keyed: list[tuple[tuple[date, int, int, int], PlannedOccurrence]] = []
    for p_index, phase in enumerate(phases):
        for t_index, task in enumerate(phase.tasks):
            for occ in _plan_task(phase, task.id, task.daily, golive, horizon_end):
                keyed.append(((occ.due_date, p_index, t_index, occ.seq), occ))
    keyed.sort(key=lambda pair: pair[0])
    return [occ for _, occ in keyed]


def _plan_task(
    phase: Phase, task_key: str, daily: bool, golive: date, horizon_end: date
) -> Iterable[PlannedOccurrence]:
    if phase.recurrence is PhaseRecurrence.MONTHLY:
        k = 1
        while True:
            due = monthly_due_date(golive, k)
            if k > 1 and due > horizon_end:
                return
            yield PlannedOccurrence(task_key, phase.id, due, k)
            k += 1
    # A one-off phase always has both days (the template validates it).
    start = phase.start_day if phase.start_day is not None else 0
    end = phase.end_day if phase.end_day is not None else start
    if daily:
        for day in range(start, end + 1):
            yield PlannedOccurrence(task_key, phase.id, golive + timedelta(days=day), day)
    else:
        yield PlannedOccurrence(task_key, phase.id, golive + timedelta(days=end), 1)


# --- reconciling a stored schedule with the plan ---------------------------------------------


@dataclass(frozen=True, slots=True)
class ExistingOccurrence:
    """What ``reconcile`` needs to know about a stored occurrence.

    ``has_user_input``: notes or evidence were entered on it; an open occurrence carrying them
    is never deleted (see ``ScheduleChanges.orphaned``).
    """

    id: int
    task_key: str
    seq: int
    due_date: date
    status: TaskStatus
    has_user_input: bool = False

    @property
    def is_open(self) -> bool:
        return self.status is TaskStatus.TODO

    @classmethod
    def from_occurrence(cls, occ: TaskOccurrence) -> ExistingOccurrence:
        return cls(
            id=occ.id,
            task_key=occ.task_key,
            seq=occ.seq,
            due_date=occ.due_date,
            status=occ.status,
            has_user_input=bool(occ.notes) or bool(occ.evidence),
        )


@dataclass(frozen=True, slots=True)
class ScheduleChanges:
    """What to do to a stored schedule so it matches the plan. Anything not listed stays as is.

    - ``create``: planned occurrences that are not stored yet;
    - ``reschedule``: (id, new due date) of open occurrences whose due date moved;
    - ``remove``: ids of open occurrences the plan no longer has (e.g. monthly ones beyond the
      horizon after go-live moved later, or duplicates);
    - ``orphaned``: ids of open occurrences the plan no longer has but that carry notes or
      evidence; they are kept, untouched, rather than silently losing what a user wrote.

    Done and skipped occurrences are never rescheduled or removed: they are history.
    """

    create: list[PlannedOccurrence] = field(default_factory=list)
    reschedule: list[tuple[int, date]] = field(default_factory=list)
    remove: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing to write (``orphaned`` is informational)."""
        return not (self.create or self.reschedule or self.remove)


def reconcile(
    existing: Sequence[ExistingOccurrence], planned: Sequence[PlannedOccurrence]
) -> ScheduleChanges:
    """The changes that bring ``existing`` in line with ``planned``. Idempotent: once applied,
    reconciling again with the same plan yields no changes."""
    plan_by_id: dict[tuple[str, int], PlannedOccurrence] = {}
    for p in planned:
        plan_by_id.setdefault(p.identity, p)

    by_identity: dict[tuple[str, int], list[ExistingOccurrence]] = {}
    for e in existing:
        by_identity.setdefault((e.task_key, e.seq), []).append(e)

    reschedule: list[tuple[int, date]] = []
    remove: list[int] = []
    orphaned: list[int] = []
    for identity, group in by_identity.items():
        plan = plan_by_id.get(identity)
        keeper = _keeper(group)
        for e in group:
            if not e.is_open:
                continue  # done / skipped: history, never touched
            if e is keeper and plan is not None:
                if e.due_date != plan.due_date:
                    reschedule.append((e.id, plan.due_date))
            elif not e.has_user_input:
                remove.append(e.id)  # gone from the plan, or a duplicate of the keeper
            elif plan is None:
                orphaned.append(e.id)
            # else: an open duplicate carrying user input next to the keeper: leave it alone

    # plan_by_id keeps the plan's order (dicts are ordered), and so does ``create``.
    create = [p for identity, p in plan_by_id.items() if identity not in by_identity]
    return ScheduleChanges(
        create=create,
        reschedule=sorted(reschedule),
        remove=sorted(remove),
        orphaned=sorted(orphaned),
    )


def _keeper(group: Sequence[ExistingOccurrence]) -> ExistingOccurrence:
    """The one stored occurrence that stands for an identity: a completed one if any (history
    wins), else the one with user input, else the oldest."""
    return min(group, key=lambda e: (e.is_open, not e.has_user_input, e.id))


# --- due dates, buckets, filters -------------------------------------------------------------


def is_open(occ: TaskOccurrence) -> bool:
    return occ.status is TaskStatus.TODO


def is_overdue(occ: TaskOccurrence, today: date) -> bool:
    """Open and due before today (local date)."""
    return is_open(occ) and occ.due_date < today


def due_bucket(occ: TaskOccurrence, today: date) -> DueBucket:
    """``closed`` (done or skipped), ``overdue``, ``today``, ``week`` (due in the 6 days after
    today), or ``later``."""
    if not is_open(occ):
        return "closed"
    if occ.due_date < today:
        return "overdue"
    if occ.due_date == today:
        return "today"
    if occ.due_date < today + timedelta(days=WEEK_DAYS):
        return "week"
    return "later"


_FILTER_BUCKETS: dict[DueFilter, frozenset[DueBucket]] = {
    "overdue": frozenset({"overdue"}),
    "today": frozenset({"today"}),
    "week": frozenset({"overdue", "today", "week"}),  # due within 7 days, overdue included
}


def filter_occurrences(
    occs: Iterable[TaskOccurrence],
    *,
    due: DueFilter | None = None,
    owner: str | None = None,
    today: date,
) -> list[TaskOccurrence]:
    """Occurrences matching every given filter, in their given order.

    ``due``: ``overdue`` (open, due before today), ``today`` (open, due today), ``week`` (open,
    overdue or due today or in the next 6 days). ``owner``: the owner's handle (a leading ``@``
    is ignored; case-insensitive).
    """
    wanted = _FILTER_BUCKETS[due] if due is not None else None
    handle = owner.removeprefix("@").casefold() if owner is not None else None
    return [
        o
        for o in occs
        if (wanted is None or due_bucket(o, today) in wanted)
        and (handle is None or (o.owner or "").casefold() == handle)
    ]


def lateness_days(occ: TaskOccurrence, today: date, tz: tzinfo | None = None) -> int:
    """Days past due: for an open occurrence, as of today; for a done one, when it was completed
    (its local date in ``tz``, UTC if not given). 0 when on time, skipped, or not yet due."""
    if is_open(occ):
        return max(0, (today - occ.due_date).days)
    if occ.status is TaskStatus.DONE and occ.completed_at is not None:
        completed = local_date(occ.completed_at, tz) if tz is not None else occ.completed_at.date()
        return max(0, (completed - occ.due_date).days)
    return 0


# --- per-phase completion --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseCompletion:
    """How one post-deployment phase went.

    ``on_time`` + ``late`` == ``done`` (a done occurrence without a completion time counts as on
    time); ``missed`` are the open ones already overdue.
    """

    phase_key: str
    phase_title: str
    total: int
    done: int
    skipped: int
    open: int
    on_time: int
    late: int
    missed: int

    @property
    def closed(self) -> int:
        return self.done + self.skipped


def phase_completion(
    occs: Iterable[TaskOccurrence], *, today: date, tz: tzinfo
) -> list[PhaseCompletion]:
    """Completion per phase, phases in order of first appearance in ``occs``."""
    order: list[str] = []
    titles: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    for o in occs:
        if o.phase_key not in counts:
            order.append(o.phase_key)
            titles[o.phase_key] = o.phase_title
            counts[o.phase_key] = dict.fromkeys(
                ("total", "done", "skipped", "open", "on_time", "late", "missed"), 0
            )
        c = counts[o.phase_key]
        c["total"] += 1
        if o.status is TaskStatus.DONE:
            c["done"] += 1
            c["late" if lateness_days(o, today, tz) > 0 else "on_time"] += 1
        elif o.status is TaskStatus.SKIPPED:
            c["skipped"] += 1
        else:
            c["open"] += 1
            if is_overdue(o, today):
                c["missed"] += 1
    return [PhaseCompletion(key, titles[key], **counts[key]) for key in order]
