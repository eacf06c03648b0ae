"""A release's activity: who changed what, newest first, filtered by person and by day.

Pure functions over audit events (the activity screen reads the events in a worker)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from tracker.domain.clock import local_date
from tracker.domain.models import AuditEvent


@dataclass(frozen=True, slots=True)
class ActivityFilter:
    """Which events the activity screen shows; the default shows every one."""

    actor: str | None = None
    day: date | None = None
    """A calendar day in the user's time zone."""

    def matches(self, event: AuditEvent, tz: tzinfo) -> bool:
        if self.actor is not None and event.actor != self.actor:
            return False
        return self.day is None or local_date(event.at, tz) == self.day


def activity(events: Iterable[AuditEvent], f: ActivityFilter, tz: tzinfo) -> list[AuditEvent]:
    """The events the filter keeps, newest first (by id: the order they were stored in)."""
    return sorted((e for e in events if f.matches(e, tz)), key=lambda e: e.id, reverse=True)


def people(events: Iterable[AuditEvent]) -> list[tuple[str, int]]:
    """Who changed things and how many times: the most active first, then by name."""
    counts = Counter(e.actor for e in events)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))


def days(events: Iterable[AuditEvent], tz: tzinfo) -> list[tuple[date, int]]:
    """The days with changes (in ``tz``) and how many, newest first."""
    counts = Counter(local_date(e.at, tz) for e in events)
    return sorted(counts.items(), reverse=True)


def day_breaks(events: Sequence[AuditEvent], tz: tzinfo) -> list[int]:
    """The positions in ``events`` where a new day starts (a heading goes before each)."""
    breaks: list[int] = []
    previous: date | None = None
    for index, event in enumerate(events):
        day = local_date(event.at, tz)
        if day != previous:
            breaks.append(index)
            previous = day
    return breaks
