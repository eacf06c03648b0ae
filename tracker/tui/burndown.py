"""The burn-down: open blocking and advisory items at the end of each day (pure).

Reconstructed backwards from the items' current state through the release's status audit
events, so it needs no stored history beyond the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from tracker.domain.clock import local_date
from tracker.domain.enums import ItemStatus
from tracker.domain.models import AuditEvent, ReleaseItem


@dataclass(frozen=True, slots=True)
class BurndownPoint:
    day: date
    blocking: int
    advisory: int


def _is_open(status: str | None) -> bool:
    return status not in (ItemStatus.DONE.value, ItemStatus.NA.value)


def burndown(
    items: Iterable[ReleaseItem],
    events: Sequence[AuditEvent],
    today: date,
    tz: tzinfo,
    *,
    start: date | None = None,
) -> list[BurndownPoint]:
    """One point per day from ``start`` (default: the first event's day) to ``today``."""
    active = [i for i in items if not i.archived]
    blocking = {i.key: i.is_blocking for i in active}
    status: dict[str, str | None] = {i.key: i.status.value for i in active}
    changes = sorted(
        (e for e in events if e.action == "status" and e.item_key in status), key=lambda e: e.id
    )
    if start is None:
        start = min((local_date(e.at, tz) for e in events), default=today)
    start = min(start, today)

    def counts(day: date) -> BurndownPoint:
        open_keys = [k for k, s in status.items() if _is_open(s)]
        b = sum(1 for k in open_keys if blocking[k])
        return BurndownPoint(day, b, len(open_keys) - b)

    points: list[BurndownPoint] = []
    pending = list(changes)
    day = today
    while day >= start:
        # The state now is the state at the end of ``day`` once later changes are undone.
        while pending and local_date(pending[-1].at, tz) > day:
            event = pending.pop()
            assert event.item_key is not None
            status[event.item_key] = event.old_value
        points.append(counts(day))
        day -= timedelta(days=1)
    points.reverse()
    return points


def resample(points: Sequence[BurndownPoint], width: int) -> list[BurndownPoint]:
    """At most ``width`` points, keeping the last point of each bucket (the end-of-day state)."""
    if width <= 0 or not points:
        return []
    if len(points) <= width:
        return list(points)
    step = len(points) / width
    return [points[min(len(points) - 1, int((i + 1) * step) - 1)] for i in range(width)]
