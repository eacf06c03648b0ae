"""Go-live and the retrospective: commands of both the release screen and the post-deployment
view (``ScheduleActions``; the release screen's side is in ``release_schedule_actions``). Writes
and exports run in thread workers posting one message each.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.screen import Screen

from tracker.config import last_export_dir, remember_export_dir
from tracker.domain.models import Release, ReleaseItem
from tracker.errors import TrackerError
from tracker.files import write_atomically
from tracker.tui.context import AppContext
from tracker.tui.messages import ExportFinished, JobFailed

if TYPE_CHECKING:
    from tracker.services.tracker import ExportFormat


class WentLive(Message):
    def __init__(self, release: Release, created: int, rescheduled: int, forced: bool) -> None:
        super().__init__()
        self.release = release
        self.created, self.rescheduled, self.forced = created, rescheduled, forced

    @property
    def note(self) -> str:
        live = self.release.golive_date
        when = live.isoformat() if live is not None else "today"
        parts = [f"{self.created} tasks scheduled"]
        if self.rescheduled:
            parts.append(f"{self.rescheduled} rescheduled")
        forced = " (forced: recorded for the retrospective)" if self.forced else ""
        return f"Live since {when}{forced}: {', '.join(parts)}."


class GoLiveFailed(Message):
    def __init__(self, error: TrackerError) -> None:
        super().__init__()
        self.error = error


class ScheduleActions(Screen[None]):
    """Go live (``L``) and export the retrospective (``R``)."""

    ctx: AppContext

    @property
    def release(self) -> Release:
        raise NotImplementedError

    def blocking_open(self) -> list[ReleaseItem]:
        """The blocking items still open (going live past them needs a reason)."""
        raise NotImplementedError

    def went_live(self, message: WentLive) -> None:
        """After go-live was stored: show it."""
        raise NotImplementedError

    # --- go live ---
    def action_go_live(self) -> None:
        from tracker.tui.screens.golive_screen import GoLiveRequest, GoLiveScreen

        release = self.release

        def chosen(request: GoLiveRequest | None) -> None:
            if request is not None:
                self._golive_worker(release.name, request)

        view = getattr(self, "view", None)
        unsigned = view.signoff_gaps if view is not None else ()
        screen = GoLiveScreen(release, self.blocking_open(), self.ctx.clock.today(), unsigned)
        self.app.push_screen(screen, chosen)

    @work(thread=True, exclusive=True, group="golive", exit_on_error=False)
    def _golive_worker(self, name: str, request: object) -> None:
        from tracker.tui.screens.golive_screen import GoLiveRequest

        assert isinstance(request, GoLiveRequest)
        try:
            report = self.ctx.service.golive(
                name, request.on, force=request.force, reason=request.reason
            )
        except TrackerError as exc:
            self.post_message(GoLiveFailed(exc))
            return
        self.post_message(
            WentLive(report.release, report.created, report.rescheduled, report.forced)
        )

    @on(WentLive)
    def _went_live(self, message: WentLive) -> None:
        self.notify(message.note, title="Live", timeout=6)
        self.went_live(message)

    @on(GoLiveFailed)
    def _golive_failed(self, message: GoLiveFailed) -> None:
        self.notify(str(message.error), title="Not live", severity="error", timeout=8)

    # --- export (the release as Markdown or JSON, or its retrospective) ---
    def action_export_markdown(self) -> None:
        self._export("md")

    def action_export_json(self) -> None:
        self._export("json")

    def action_export_retro(self) -> None:
        self._export("retro")

    def _export(self, fmt: ExportFormat) -> None:
        from tracker.tui.screens.export_screen import ExportRequest, ExportScreen

        name = self.release.name

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export_worker(name, request.fmt, request.path)

        folder = last_export_dir() or self.ctx.export_dir  # the last one used, else the default
        self.app.push_screen(ExportScreen(name, fmt, folder), chosen)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_worker(self, release: str, fmt: ExportFormat, path: Path | None) -> None:
        try:
            text = self.ctx.service.export(release, fmt)
            if path is not None:
                write_atomically(path, text)
                remember_export_dir(path.parent)  # the next export starts there
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        self.post_message(ExportFinished(text, path))

    @on(ExportFinished)
    def _export_finished(self, message: ExportFinished) -> None:
        if message.path is None:
            self.app.copy_to_clipboard(message.text)
            self.notify("Copied to the clipboard (if your terminal allows it).", timeout=4)
        else:
            self.notify(f"Wrote {message.path}", title="Exported", timeout=5)
