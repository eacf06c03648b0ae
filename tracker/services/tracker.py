"""The one service object the CLI and the TUI talk to."""

from __future__ import annotations

from typing import Literal

from tracker.services.items import ItemOps
from tracker.services.owners import OwnerOps
from tracker.services.releases import ReleaseOps
from tracker.services.schedule import ScheduleOps
from tracker.services.verification import VerificationOps

ExportFormat = Literal["md", "json", "retro"]


class TrackerService(ScheduleOps, ItemOps, OwnerOps, ReleaseOps, VerificationOps):
    """All use-cases over one database for one acting user."""

    def export(self, release: str, fmt: ExportFormat) -> str:
        """A release as Markdown or JSON (``tracker.release/v1``), or its retrospective: the
        same text for ``tracker export``, ``tracker retro`` and the app's export dialog."""
        if fmt == "retro":
            return self.retro_markdown(release)
        from tracker.config import stale_after_days

        view = self.release_view(release)
        now, stale_days = self.clock.now(), stale_after_days()
        if fmt == "json":
            from tracker.domain.export_json import release_to_json

            return release_to_json(
                view,
                generated_at=now,
                automated_item_keys=self.automated_items(view.release.name),
                stale_days=stale_days,
            )
        from tracker.domain.export_md import release_to_markdown

        return release_to_markdown(view, generated_at=now, stale_days=stale_days)
