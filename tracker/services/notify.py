"""``tracker notify``'s use-cases: the notices due today, and which were already delivered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import delete, select

from tracker.domain.notices import (
    DEFAULT_WAIVER_DAYS,
    Notice,
    drift_notices,
    signoff_notices,
    task_notices,
    waiver_notices,
)
from tracker.services.base import ServiceContext
from tracker.services.occurrences import OccurrenceService
from tracker.services.releases import ReleaseService
from tracker.services.signoffs import SignoffService
from tracker.services.waivers import WaiverService

KEEP_DELIVERIES_DAYS = 30


class NotifyService:
    """``tracker notify``: the notices due, and which were already delivered."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        releases: ReleaseService,
        occurrences: OccurrenceService,
        signoffs: SignoffService,
        waivers: WaiverService,
    ) -> None:
        self.ctx = ctx
        self.releases = releases
        self.occurrences = occurrences
        self.signoffs = signoffs
        self.waivers = waivers

    def notices(
        self, release: str | None = None, *, waiver_days: int = DEFAULT_WAIVER_DAYS
    ) -> list[Notice]:
        """Across live releases (or one): overdue and due-today post-deployment tasks, drifted
        items, stale sign-offs (before go-live) and waivers expiring within ``waiver_days``."""
        today = self.ctx.clock.today()
        due = self.occurrences.due_tasks(release)
        found = task_notices(((d.release, d.occurrence) for d in due), today)
        names = (
            [self.releases.get_release(release).name]
            if release is not None
            else [r.name for r in self.releases.list_releases()]
        )
        for name in names:
            view = self.releases.release_view(name)
            found.extend(drift_notices([view]))
            if view.release.golive_date is None:
                found.extend(signoff_notices(name, self.signoffs.signoff_status(name).roles))
            owners = {i.key: i.owner for i in view.items}
            found.extend(
                waiver_notices(name, self.waivers.list_waivers(name), today, waiver_days, owners)
            )
        return found

    def delivered_today(self, destination: str, keys: Iterable[str]) -> set[str]:
        from tracker.db.tables import NoticeSentRow

        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return set()
        table = NoticeSentRow.__table__  # type: ignore[attr-defined]
        with self.ctx.read() as conn:
            rows = conn.execute(
                select(table.c.notice_key).where(
                    table.c.destination == destination,
                    table.c.sent_on == self.ctx.clock.today(),
                    table.c.notice_key.in_(wanted),
                )
            )
            return {row[0] for row in rows}

    def record_delivered(self, destination: str, keys: Iterable[str]) -> int:
        """Remember that ``keys`` reached ``destination`` today (and forget month-old records)."""
        from tracker.db.tables import NoticeSentRow

        today, now = self.ctx.clock.today(), self.ctx.now()
        fresh = set(keys) - self.delivered_today(destination, keys)
        table = NoticeSentRow.__table__  # type: ignore[attr-defined]
        with self.ctx.write() as session:
            session.execute(
                delete(table).where(table.c.sent_on < today - timedelta(days=KEEP_DELIVERIES_DAYS))
            )
            for key in sorted(fresh):
                session.add(
                    NoticeSentRow(
                        notice_key=key, destination=destination, sent_on=today, sent_at=now
                    )
                )
        return len(fresh)
