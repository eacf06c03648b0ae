"""Going live (``L``) from the checklist or the post-deployment view: the dialog, then the
write in a worker; ``WentLive`` bubbles up to the screen, which shows the release live."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.message import Message

from tracker.domain.models import Release, ReleaseItem
from tracker.errors import TrackerError
from tracker.tui.context import AppContext
from tracker.tui.controllers.base import Controller


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


class GoLive(Controller):
    """Asks for the go-live date (and a reason when blocking items are open), stores it."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def ask(
        self, release: Release, blocking_open: list[ReleaseItem], unsigned: Sequence[str]
    ) -> None:
        """Open the go-live dialog for ``release``, whose ``blocking_open`` items are open."""
        from tracker.tui.screens.golive_screen import GoLiveRequest, GoLiveScreen

        def chosen(request: GoLiveRequest | None) -> None:
            if request is not None:
                self._golive_worker(release.name, request)

        screen = GoLiveScreen(release, blocking_open, self.ctx.clock.today(), unsigned)
        self.app.push_screen(screen, chosen)

    @work(thread=True, exclusive=True, group="golive", exit_on_error=False)
    def _golive_worker(self, name: str, request: object) -> None:
        from tracker.tui.screens.golive_screen import GoLiveRequest

        assert isinstance(request, GoLiveRequest)
        try:
            report = self.ctx.service.schedule.golive(
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
        # Said here; the message goes on up to the screen, which shows the release live.
        self.notify(message.note, title="Live", timeout=6)

    @on(GoLiveFailed)
    def _golive_failed(self, message: GoLiveFailed) -> None:
        message.stop()
        self.notify(str(message.error), title="Not live", severity="error", timeout=8)
