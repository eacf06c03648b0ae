"""What every screen needs from the app: the service, the clock, who is acting."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.clock import Clock

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService


@dataclass(frozen=True, slots=True)
class AppContext:
    """What every screen needs from the app: the service, the clock, who is acting."""

    opened: Future[TrackerService]
    """The service; still being opened in a thread right after a start from a snapshot."""
    clock: Clock
    actor: str
    poll_interval: float = 1.0
    """Seconds between checks for changes made by other processes."""
    export_dir: Path = field(default_factory=Path)
    """Where export files go by default."""
    demo: bool = False
    """``tracker demo``: a throw-away database and the built-in fake workspace (labelled DEMO)."""
    database: str | None = None
    """Which database is open, as shown to the user (a file path or a redacted URL)."""

    @property
    def service(self) -> TrackerService:
        """The service (waits for it during the first moments after a snapshot start)."""
        return self.opened.result()

    @property
    def actor_handle(self) -> str:
        """The acting user as an owner handle ("filter: mine")."""
        return self.actor.strip().removeprefix("@")
