"""Export: a release as Markdown or JSON, or its retrospective (``tracker export``, ``tracker
retro`` and the app's export dialog)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from tracker.db import gonogo_queries

if TYPE_CHECKING:
    from tracker.services.base import ServiceContext
    from tracker.services.milestones import MilestoneService
    from tracker.services.releases import ReleaseService
    from tracker.services.schedule import ScheduleService
    from tracker.services.signoffs import SignoffService
    from tracker.services.verification import VerificationService
    from tracker.services.waivers import WaiverService

ExportFormat = Literal["md", "json", "retro"]


class ExportService:
    """Reads every other area it exports; writes nothing. The areas only the retrospective
    reads (``schedule``, ``milestones``) come as factories: made when a retrospective is."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        releases: ReleaseService,
        signoffs: SignoffService,
        waivers: WaiverService,
        verification: VerificationService,
        schedule: Callable[[], ScheduleService],
        milestones: Callable[[], MilestoneService],
    ) -> None:
        self.ctx = ctx
        self.releases = releases
        self.signoffs = signoffs
        self.waivers = waivers
        self.verification = verification
        self.schedule = schedule
        self.milestones = milestones

    def export(
        self, release: str, fmt: ExportFormat, *, mentions: bool = False, summary: bool = False
    ) -> str:
        """A release as Markdown or JSON (``tracker.release/v1``), or its retrospective: the
        same text for ``tracker export``, ``tracker retro`` and the app's export dialog. All
        three list the sign-offs and waivers; the retrospective also has the diff to the
        previous release of the same template."""
        from tracker.domain.export_gonogo import gonogo_to_dict, gonogo_to_markdown

        today = self.ctx.clock.today()
        if fmt == "retro":
            status = self.signoffs.signoff_status(release)
            waivers = self.waivers.list_waivers(release)
            return self._retro_with_diff(release, gonogo_to_markdown(status.roles, waivers, today))
        from tracker.config import stale_after_days

        view = self.releases.release_view(release)
        with self.ctx.read() as conn:  # the view's items are the ones the sign-offs are on
            roles = gonogo_queries.role_status(conn, view.release.id, view.items)
            waivers = gonogo_queries.waivers(conn, view.release.id)
        gonogo_md = gonogo_to_markdown(roles, waivers, today)
        now, stale_days = self.ctx.clock.now(), stale_after_days()
        if fmt == "json":
            import json

            from tracker.domain.export_json import release_to_dict

            data = release_to_dict(
                view,
                generated_at=now,
                automated_item_keys=self.verification.automated_items(view.release.name),
                stale_days=stale_days,
            )
            data.update(gonogo_to_dict(roles, waivers, today))
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

        text = self.schedule().retro_markdown(release).rstrip("\n") + "\n\n" + gonogo_md
        milestones = self.milestones()
        previous = milestones.previous_release(release)
        if previous is not None:
            diff = milestones.diff(previous, self.releases.get_release(release).name)
            text = text.rstrip("\n") + "\n\n" + diff_to_markdown(diff)
        return text
