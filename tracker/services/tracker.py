"""The one service object the CLI and the TUI talk to."""

from __future__ import annotations

from typing import Literal

from tracker.services.dependencies import DependencyOps
from tracker.services.milestones import MilestoneOps
from tracker.services.notify import NotifyOps
from tracker.services.owners import OwnerOps
from tracker.services.release_changes import ReleaseChangeOps
from tracker.services.schedule import ScheduleOps
from tracker.services.signoffs import SignoffOps
from tracker.services.undo import UndoOps
from tracker.services.verification import VerificationOps
from tracker.services.waivers import WaiverOps

ExportFormat = Literal["md", "json", "retro"]


class TrackerService(
    NotifyOps,
    ScheduleOps,
    UndoOps,
    OwnerOps,
    ReleaseChangeOps,
    VerificationOps,
    DependencyOps,
    SignoffOps,
    WaiverOps,
    MilestoneOps,
):
    """All use-cases over one database for one acting user."""

    def export(
        self, release: str, fmt: ExportFormat, *, mentions: bool = False, summary: bool = False
    ) -> str:
        """A release as Markdown or JSON (``tracker.release/v1``), or its retrospective: the
        same text for ``tracker export``, ``tracker retro`` and the app's export dialog. All
        three list the sign-offs and waivers; the retrospective also has the diff to the
        previous release of the same template."""
        from tracker.domain.export_gonogo import gonogo_to_dict, gonogo_to_markdown

        status = self.signoff_status(release)
        waivers = self.list_waivers(release)
        today = self.clock.today()
        gonogo_md = gonogo_to_markdown(status.roles, waivers, today)
        if fmt == "retro":
            return self._retro_with_diff(release, gonogo_md)
        from tracker.config import stale_after_days

        view = self.release_view(release)
        now, stale_days = self.clock.now(), stale_after_days()
        if fmt == "json":
            import json

            from tracker.domain.export_json import release_to_dict

            data = release_to_dict(
                view,
                generated_at=now,
                automated_item_keys=self.automated_items(view.release.name),
                stale_days=stale_days,
            )
            data.update(gonogo_to_dict(status.roles, waivers, today))
            return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
        from tracker.domain.export_md import release_to_markdown

        return release_to_markdown(
            view,
            generated_at=now,
            stale_days=stale_days,
            mentions=mentions,
            summary=summary,
            gonogo=gonogo_md,
        )

    def _retro_with_diff(self, release: str, gonogo_md: str) -> str:
        from tracker.domain.milestones import diff_to_markdown

        text = self.retro_markdown(release).rstrip("\n") + "\n\n" + gonogo_md
        previous = self.previous_release(release)
        if previous is not None:
            diff = self.diff(previous, self.get_release(release).name)
            text = text.rstrip("\n") + "\n\n" + diff_to_markdown(diff)
        return text
