"""What every screen needs from the app: the service, the clock, who is acting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.clock import Clock

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService


@dataclass(frozen=True, slots=True)
class AppContext:
    service: TrackerService
    clock: Clock
    poll_interval: float = 1.0
    """Seconds between checks for changes made by other processes."""
    export_dir: Path = Path(".")
    """Where export files go by default."""

    @property
    def actor(self) -> str:
        return self.service.actor

    @property
    def actor_handle(self) -> str:
        """The acting user as an owner handle ("filter: mine")."""
        return self.service.actor.strip().removeprefix("@")
