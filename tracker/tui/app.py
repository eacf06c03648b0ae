"""The Textual application: which screen to show, and the app-wide commands.

Start-up is kept lean: the checklist is rendered straight from one ``release_view()`` read;
SQLModel (the write path) is imported in a thread after the first paint; templates (pydantic),
Markdown and every dialog are imported when first used.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from textual import on, work
from textual.app import App
from textual.binding import BindingType
from textual.screen import ModalScreen, Screen

from tracker.domain.clock import Clock
from tracker.errors import NotFoundError, TrackerError
from tracker.services.tracker import TrackerService
from tracker.tui.commands import CommandTableProvider, bindings
from tracker.tui.context import AppContext
from tracker.tui.messages import JobFailed, ReleaseArchived, ReleaseCreated
from tracker.tui.screens.first_run_screen import FirstRunScreen
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.widgets.new_release_form import NewRelease, NewReleaseForm

WARM_UP_DELAY = 0.3


def database_label(db_url: str) -> str:
    """The database as shown to the user: a file path, or the URL without its password."""
    if db_url.startswith("sqlite:///"):
        return db_url.removeprefix("sqlite:///") or ":memory:"
    parts = urlsplit(db_url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return db_url


GC_THRESHOLDS = (10_000, 20, 20)


def _tune_gc() -> None:
    """Fewer, cheaper cyclic-GC pauses while the app runs.

    Objects alive after the first paint (Textual's and the checklist's) live as long as the
    app: frozen, full collections don't scan them. Rendering allocates many short-lived objects
    that reference counting frees; a larger first threshold keeps the collector from running
    several times per keystroke (each full collection otherwise pauses the UI 30-60 ms).
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


class TrackerApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tracker"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")  # type: ignore[assignment]
    COMMANDS = App.COMMANDS | {CommandTableProvider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def __init__(
        self, service: TrackerService, *, clock: Clock | None = None, release: str | None = None,
        poll_interval: float = 1.0, export_dir: Path | None = None, warm_up: bool = True,
        database: str | None = None,
    ) -> None:
        super().__init__()
        self.ctx = AppContext(
            service=service, clock=clock or service.clock, poll_interval=poll_interval,
            export_dir=export_dir or Path.cwd(),
        )
        self.database = database or "this database"
        self.release_screen: ReleaseScreen | None = None
        self._initial_release = release
        self._warm_up_enabled = warm_up
        self._first_run = False

    @property
    def service(self) -> TrackerService:
        return self.ctx.service

    # --- start-up ---
    def get_default_screen(self) -> Screen[Any]:
        name = self._initial_release
        if name is not None:
            try:
                name = self.service.get_release(name).name
            except NotFoundError as exc:
                self.call_later(self.notify, str(exc), severity="warning")
                name = None
        if name is None:
            name = next(iter(self.service.recent_release_names(1)), None)
        if name is None:
            # A plain base screen: the first-run screen goes on top of it (on_mount) so that it
            # can be replaced by the release screen once a release exists.
            self._first_run = True
            return Screen()
        token = self.service.change_token(name)
        self.release_screen = ReleaseScreen(self.ctx, self.service.release_view(name), token)
        return self.release_screen

    def on_mount(self) -> None:
        self.call_after_refresh(_tune_gc)
        if self._first_run:
            self.push_screen(FirstRunScreen(self.database))
        if self._warm_up_enabled:
            self.set_timer(WARM_UP_DELAY, self._warm_up)

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        self.service.warm_up()

    # --- releases ---
    def open_release(self, name: str) -> None:
        """Show a release on the release screen (creating it after the first run)."""
        try:
            token = self.service.change_token(name)
            view = self.service.release_view(name)
        except TrackerError as exc:
            self.notify(str(exc), severity="error")
            return
        if self.release_screen is None:
            self.release_screen = ReleaseScreen(self.ctx, view, token)
            self.switch_screen(self.release_screen)  # replaces the first-run screen
            return
        if isinstance(self.screen, FirstRunScreen):
            self.pop_screen()
        self.release_screen.show_release(view, token)

    def action_switch_release(self) -> None:
        from tracker.tui.screens.release_list_screen import ReleaseListScreen

        if isinstance(self.screen, ModalScreen | ReleaseListScreen):
            return  # finish the dialog first
        current = self.release_screen.release.name if self.release_screen else None
        self.push_screen(ReleaseListScreen(self.ctx, current), self._release_chosen)

    async def _release_chosen(self, name: str | None) -> None:
        if name is not None:
            await self._back_to_checklist()
            self.open_release(name)

    async def _back_to_checklist(self) -> None:
        """Close what is open over the release screen (the release list, a summary...)."""
        if self.release_screen is None or self.release_screen not in self.screen_stack:
            return
        while self.screen is not self.release_screen and not isinstance(self.screen, FirstRunScreen):
            await self.pop_screen()

    def action_new_release(self) -> None:
        from tracker.tui.screens.new_release_screen import NewReleaseScreen

        if isinstance(self.screen, FirstRunScreen | ModalScreen):
            return  # the form is already on screen, or a dialog is open
        self.push_screen(NewReleaseScreen())

    @on(NewReleaseForm.Submitted)
    def _new_release_submitted(self, event: NewReleaseForm.Submitted) -> None:
        self._create_release(event.request)

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def _create_release(self, request: NewRelease) -> None:
        try:
            release = self.service.create_release(
                request.name, request.template, environment=request.environment,
                target_date=request.target_date, variables=request.variables,
            )
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        self.post_message(ReleaseCreated(release.name))

    @on(ReleaseCreated)
    async def _release_created(self, message: ReleaseCreated) -> None:
        from tracker.tui.screens.new_release_screen import NewReleaseScreen

        if isinstance(self.screen, NewReleaseScreen):
            await self.pop_screen()
        await self._back_to_checklist()
        self.open_release(message.name)
        self.notify(f"Created release {message.name}", timeout=3)

    @on(ReleaseArchived)
    def _release_archived(self, message: ReleaseArchived) -> None:
        self.notify(f"Archived {message.name}", timeout=3)
        following = next(iter(self.service.recent_release_names(1)), None)
        if following is not None:
            self.open_release(following)
        else:
            self.push_screen(FirstRunScreen(self.database))

    @on(JobFailed)
    def _job_failed(self, message: JobFailed) -> None:
        self.notify(str(message.error), title="Failed", severity="error", timeout=6)

    # --- views ---
    def action_help(self) -> None:
        from tracker.tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def run(*, db_url: str, actor: str, **options: Any) -> None:
    """Open the database and run the app until the user quits.

    ``options`` go to ``TrackerApp`` (``release``, ``clock``, ``poll_interval``, ...).
    """
    service = TrackerService.open(db_url, actor)
    try:
        TrackerApp(service, database=database_label(db_url), **options).run()
    finally:
        service.close()
