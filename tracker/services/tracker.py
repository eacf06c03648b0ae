"""The one service object the CLI and the TUI talk to: a small facade over the area services.

Each area (``svc.releases``, ``svc.items``, ``svc.verification``, ...) is its own class sharing
one ``ServiceContext`` (engine, acting user, clock, transactions); an area that needs another
is given it explicitly when the facade makes it (on first use). The facade itself only opens
and closes.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Self

from sqlalchemy import Engine

from tracker.db.engine import make_engine
from tracker.db.migrate import ensure_schema
from tracker.domain.clock import Clock
from tracker.services.base import ServiceContext

if TYPE_CHECKING:
    from tracker.services.dependencies import DependencyService
    from tracker.services.export import ExportFormat as ExportFormat
    from tracker.services.export import ExportService
    from tracker.services.items import ItemService
    from tracker.services.milestones import MilestoneService
    from tracker.services.notify import NotifyService
    from tracker.services.occurrences import OccurrenceService
    from tracker.services.owners import OwnerService
    from tracker.services.release_changes import ReleaseChangeService
    from tracker.services.releases import ReleaseService
    from tracker.services.schedule import ScheduleService
    from tracker.services.signoffs import SignoffService
    from tracker.services.undo import UndoService
    from tracker.services.verification import VerificationService
    from tracker.services.waivers import WaiverService


class TrackerService:
    """All use-cases over one database for one acting user, by area."""

    def __init__(self, engine: Engine, actor: str, clock: Clock | None = None) -> None:
        self.ctx = ServiceContext(engine, actor, clock)

    # Each area is made (and its module imported) when first used: ``tracker status`` needs
    # three of the fourteen, and their imports were ~15% of its run (bench/bench_core.py).

    @cached_property
    def releases(self) -> ReleaseService:
        from tracker.services.releases import ReleaseService

        return ReleaseService(self.ctx)

    @cached_property
    def release_changes(self) -> ReleaseChangeService:
        from tracker.services.release_changes import ReleaseChangeService

        return ReleaseChangeService(self.ctx, self.releases)

    @cached_property
    def items(self) -> ItemService:
        from tracker.services.items import ItemService

        return ItemService(self.ctx)

    @cached_property
    def owners(self) -> OwnerService:
        from tracker.services.owners import OwnerService

        return OwnerService(self.ctx)

    @cached_property
    def occurrences(self) -> OccurrenceService:
        from tracker.services.occurrences import OccurrenceService

        return OccurrenceService(self.ctx)

    @cached_property
    def schedule(self) -> ScheduleService:
        from tracker.services.schedule import ScheduleService

        return ScheduleService(self.ctx, self.releases)

    @cached_property
    def undo(self) -> UndoService:
        from tracker.services.undo import UndoService

        return UndoService(self.ctx)

    @cached_property
    def verification(self) -> VerificationService:
        from tracker.services.verification import VerificationService

        return VerificationService(self.ctx)

    @cached_property
    def dependencies(self) -> DependencyService:
        from tracker.services.dependencies import DependencyService

        return DependencyService(self.ctx)

    @cached_property
    def signoffs(self) -> SignoffService:
        from tracker.services.signoffs import SignoffService

        return SignoffService(self.ctx)

    @cached_property
    def waivers(self) -> WaiverService:
        from tracker.services.waivers import WaiverService

        return WaiverService(self.ctx)

    @cached_property
    def milestones(self) -> MilestoneService:
        from tracker.services.milestones import MilestoneService

        return MilestoneService(self.ctx)

    @cached_property
    def notify(self) -> NotifyService:
        from tracker.services.notify import NotifyService

        return NotifyService(
            self.ctx,
            releases=self.releases,
            occurrences=self.occurrences,
            signoffs=self.signoffs,
            waivers=self.waivers,
        )

    @cached_property
    def exports(self) -> ExportService:
        """Export reads every other area (imported on first use: off the start-up path)."""
        from tracker.services.export import ExportService

        return ExportService(
            self.ctx,
            releases=self.releases,
            signoffs=self.signoffs,
            waivers=self.waivers,
            verification=self.verification,
            schedule=lambda: self.schedule,
            milestones=lambda: self.milestones,
        )

    @classmethod
    def open(
        cls, db_url: str, actor: str, clock: Clock | None = None, *, create: bool = True
    ) -> Self:
        """``create=False`` refuses a SQLite database that does not exist yet."""
        engine = make_engine(db_url, create=create)
        ensure_schema(engine)
        return cls(engine, actor, clock)

    def close(self) -> None:
        self.ctx.engine.dispose()

    @property
    def engine(self) -> Engine:
        return self.ctx.engine

    @property
    def actor(self) -> str:
        return self.ctx.actor

    @actor.setter
    def actor(self, actor: str) -> None:
        self.ctx.actor = actor

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self.ctx.clock = clock

    def today(self) -> date:
        return self.ctx.clock.today()

    @staticmethod
    def warm_up() -> None:
        """Import the write path (SQLModel, ~0.3 s) ahead of the first change, e.g. from a
        background thread once the TUI has painted."""
        from sqlmodel import Session  # noqa: F401

        import tracker.db.tables  # noqa: F401
