"""The one service object the CLI and the TUI talk to."""

from __future__ import annotations

from tracker.services.items import ItemOps
from tracker.services.releases import ReleaseOps
from tracker.services.schedule import ScheduleOps
from tracker.services.verification import VerificationOps


class TrackerService(ScheduleOps, ItemOps, ReleaseOps, VerificationOps):
    """All use-cases over one database for one acting user."""
