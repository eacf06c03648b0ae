"""The Textual application: which screen to show, and the app-wide commands.

Start-up draws a snapshot (tracker.tui.launcher) and reads the rest after the first paint;
templates (pydantic), Markdown, dialogs and the write path are imported when first used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import BindingType
from textual.screen import ModalScreen, Screen

from tracker.config import clock_environ, default_export_dir
from tracker.domain.clock import Clock, clock_from_env
from tracker.errors import NotFoundError, TrackerError
from tracker.tui import start_up
from tracker.tui.commands import CommandTableProvider, bindings
from tracker.tui.context import AppContext
from tracker.tui.messages import (
    JobFailed,
    NoRelease,
    ReleaseArchived,
    ReleaseCreated,
    ReleaseRead,
    ServiceOpened,
)
from tracker.tui.palette_providers import PROVIDERS
from tracker.tui.screens.release_screen import ReleaseScreen
from tracker.tui.snapshot import Snapshot
from tracker.tui.type_ahead import KeysInOrderApp

if TYPE_CHECKING:
    from tracker.domain.models import ReleaseView
    from tracker.services.tracker import TrackerService
    from tracker.tui.widgets.new_release_form import NewRelease, NewReleaseForm

WARM_UP_DELAY = 0.3
SNAPSHOT_DELAY = 1.5


def _is_first_run(screen: Screen[Any]) -> bool:
    return type(screen).__name__ == "FirstRunScreen"  # by name: its module loads when needed


WRITING_GROUPS = frozenset({"writes", "undo", "archive", "create", "golive", "export", "verify"})
"""Worker groups whose jobs store something: quitting asks while one runs."""

WIDE_FROM = 120
"""Terminal width from which the checklist and the detail pane share a row (app.tcss)."""


class StartingScreen(Screen[None]):
    """Blank, under the first-run screen: keys typed now wait for the form."""

    accepts_keys = False


class TrackerApp(KeysInOrderApp):
    CSS_PATH = "app.tcss"
    TITLE = "tracker"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")  # type: ignore[assignment]
    COMMANDS = App.COMMANDS | {CommandTableProvider, *PROVIDERS}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]

    def __init__(
        self,
        service: TrackerService | Future[TrackerService],
        *,
        actor: str | None = None,
        clock: Clock | None = None,
        release: str | None = None,
        snapshot: Snapshot | None = None,
        poll_interval: float = 1.0,
        export_dir: Path | None = None,
        warm_up: bool = True,
        database: str | None = None,
        snapshot_file: Path | None = None,
        after_first_paint: Callable[[], object] | None = None,
        demo: bool = False,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        """``service`` is open, or being opened in a thread (then ``actor`` and a ``snapshot``
        to draw meanwhile are given). ``demo``: ``tracker demo`` (labelled DEMO everywhere).
        ``keymap``: key remaps by binding id (the settings file's ``[keys]``)."""
        super().__init__()
        self._user_keymap = dict(keymap or {})
        if isinstance(service, Future):
            opened = service
            assert actor is not None, "the actor is needed while the service opens"
        else:
            opened = Future()
            opened.set_result(service)
            actor = service.actor
            clock = clock or service.clock
        self.ctx = AppContext(
            opened=opened,
            clock=clock or clock_from_env(clock_environ()),
            actor=actor,
            poll_interval=poll_interval,
            export_dir=export_dir or default_export_dir(),
            demo=demo,
            database=database,
        )
        if demo:
            self.title = f"{self.TITLE} — DEMO workspace"
            self.sub_title = "a fake Databricks workspace on this machine · throw-away database"
        self.database = database or "this database"
        self.release_screen: ReleaseScreen | None = None
        self._initial_release = release
        self._snapshot = snapshot
        self._snapshot_file = snapshot_file
        self._after_first_paint = after_first_paint
        self._warm_up_enabled = warm_up
        self._first_run = False

    @property
    def service(self) -> TrackerService:
        return self.ctx.service

    # --- start-up ---
    def get_default_screen(self) -> Screen[Any]:
        snapshot = self._snapshot
        if snapshot is not None and self._initial_release in (None, snapshot.view.release.name):
            # Drawn before the database is open; replaced by the stored state once it is.
            return self._new_release_screen(snapshot.view, snapshot.token)
        name = self._initial_release
        if name is not None:
            try:
                name = self.service.releases.get_release(name).name
            except NotFoundError as exc:
                self.call_later(self.notify, str(exc), severity="warning")
                name = None
        if name is None:
            name = next(iter(self.service.releases.recent_release_names(1)), None)
        if name is None:
            # A base for the first-run form (on_mount); the release screen replaces both later
            self._first_run = True
            return StartingScreen()
        token = self.service.releases.change_token(name)
        return self._new_release_screen(self.service.releases.release_view(name), token)

    def _new_release_screen(self, view: ReleaseView, token: int) -> ReleaseScreen:
        # Textual sets the breakpoint classes at the first resize, after the first frame: given
        # now, before mounting, a narrow terminal's first frame is already laid out narrow.
        classes = "-wide" if self.size.width >= WIDE_FROM else "-narrow"
        self.release_screen = ReleaseScreen(self.ctx, view, token, classes=classes)
        return self.release_screen

    def on_mount(self) -> None:
        if self._user_keymap:
            self.set_keymap(self._user_keymap)
        self.call_after_refresh(start_up.tune_after_first_paint)
        if self._after_first_paint is not None:
            self.call_after_refresh(self._after_first_paint)
        if self.ctx.demo:
            self.notify(
                "A fake Databricks workspace answers the checks. Press V to verify the release, "
                "v for one item, p for the post-deployment view, ? for help.",
                title="DEMO",
                timeout=12,
            )
        if self._first_run:
            from tracker.tui.screens.first_run_screen import FirstRunScreen

            self.push_screen(FirstRunScreen(self.database))
        if self._snapshot is not None:
            # After the first paint, even if the database is open (a first launch): see launcher
            self.call_after_refresh(
                self.ctx.opened.add_done_callback, lambda _: self.post_message(ServiceOpened())
            )
        else:
            self._service_ready()

    @on(ServiceOpened)
    def _service_opened(self) -> None:
        """After a start from a snapshot: show the stored state instead."""
        error = self.ctx.opened.exception()
        if error is not None:
            self.exit(return_code=2)  # run() raises the error for the CLI to report
            return
        if self.release_screen is not None:
            self._check_snapshot_release(self.release_screen.release.name)
            self.release_screen.reload()
        self._service_ready()

    def _service_ready(self) -> None:
        """The database is open: warm the write path up, keep a snapshot soon after."""
        if self._warm_up_enabled:
            self.set_timer(WARM_UP_DELAY, self._warm_up)
        self.set_timer(SNAPSHOT_DELAY, self.save_snapshot)

    @work(thread=True, exclusive=True, group="snapshot", exit_on_error=False)
    def _check_snapshot_release(self, name: str) -> None:
        try:
            if not self.service.releases.get_release(name).archived:
                return
        except NotFoundError:
            pass
        except TrackerError:
            return
        self.post_message(ReleaseArchived(name))

    def snapshot(self) -> Snapshot | None:
        """What to draw at the next start: the release on screen now."""
        screen = self.release_screen
        return Snapshot(screen.view, screen.state.token) if screen is not None else None

    def save_snapshot(self) -> None:
        """Keep the release on screen for the next start (also done at exit, but a terminal
        closed under the app gives no chance to)."""
        snapshot = self.snapshot()
        if self._snapshot_file is not None and snapshot is not None:
            self._save_snapshot(self._snapshot_file, snapshot)

    @work(thread=True, exclusive=True, group="snapshot-save", exit_on_error=False)
    def _save_snapshot(self, path: Path, snapshot: Snapshot) -> None:
        from tracker.tui import snapshot as snapshots

        snapshots.save(path, snapshot)

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        self.service.warm_up()

    # --- releases ---
    def open_release(self, name: str) -> None:
        """Show a release on the release screen (creating it after the first run); it is read
        in a worker and shown when it arrives."""
        self._open_release_worker(name)

    @work(thread=True, exclusive=True, group="open-release", exit_on_error=False)
    def _open_release_worker(self, name: str) -> None:
        try:
            token = self.service.releases.change_token(name)
            view = self.service.releases.release_view(name)
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        self.post_message(ReleaseRead(view, token))

    @on(ReleaseRead)
    def _release_read(self, message: ReleaseRead) -> None:
        view, token = message.view, message.token
        if self.release_screen is None:
            # Replaces the first-run screen.
            self.switch_screen(self._new_release_screen(view, token))
        else:
            if _is_first_run(self.screen):
                self.pop_screen()
            self.release_screen.show_release(view, token)
        self.set_timer(SNAPSHOT_DELAY, self.save_snapshot)

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
        while self.screen is not self.release_screen and not _is_first_run(self.screen):
            await self.pop_screen()

    def action_new_release(self) -> None:
        from tracker.tui.screens.new_release_screen import NewReleaseScreen

        if _is_first_run(self.screen) or isinstance(self.screen, ModalScreen):
            return  # the form is already on screen, or a dialog is open
        self.push_screen(NewReleaseScreen())

    def on_new_release_form_submitted(self, event: NewReleaseForm.Submitted) -> None:
        self._create_release(event.request)

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def _create_release(self, request: NewRelease) -> None:
        from tracker.tui.release_creation import create_release

        def warn(text: str) -> None:
            self.call_from_thread(self.notify, text, severity="warning")

        try:
            name = create_release(self.service, request, warn)
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        self.post_message(ReleaseCreated(name))

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
        self._open_most_recent()

    @work(thread=True, exclusive=True, group="open-release", exit_on_error=False)
    def _open_most_recent(self) -> None:
        """After an archive: the most recently used release, or the first-run form."""
        try:
            following = next(iter(self.service.releases.recent_release_names(1)), None)
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        if following is not None:
            self.call_from_thread(self.open_release, following)
        else:
            self.post_message(NoRelease())

    @on(NoRelease)
    def _no_release(self) -> None:
        from tracker.tui.screens.first_run_screen import FirstRunScreen

        self.push_screen(FirstRunScreen(self.database))

    @on(JobFailed)
    def _job_failed(self, message: JobFailed) -> None:
        self.notify(str(message.error), title="Failed", severity="error", timeout=6)

    # --- quitting ---
    def work_in_flight(self) -> int:
        """Changes still being stored (edits, bulk changes, undo, release creation...)."""
        busy = sum(w.group in WRITING_GROUPS and not w.is_finished for w in self.workers)
        pending: int = sum(
            screen.writes.in_flight() for screen in self.screen_stack if hasattr(screen, "writes")
        )
        return max(busy, pending)

    async def action_quit(self) -> None:
        """Textual's own ``ctrl+q`` binding and palette entry: the same as ``q``."""
        self.action_quit_app()

    def action_quit_app(self) -> None:
        """``q`` / ``ctrl+q``: quit at once, or ask first while changes are still being stored."""
        from tracker.tui.screens.confirm_screen import ConfirmScreen

        busy = self.work_in_flight()
        if not busy:
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen):
            return
        question = (
            f"{busy} change{'s are' if busy > 1 else ' is'} still being saved. "
            "Quit anyway? What is not stored yet is lost."
        )

        def chosen(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen(question, "Quit"), chosen)

    # --- views ---
    def action_activity(self) -> None:
        """``l``: the open release's activity over the current screen (again: back)."""
        from tracker.tui import navigation
        from tracker.tui.screens.activity_screen import ActivityScreen

        if isinstance(self.screen, ActivityScreen):
            self.pop_screen()
            return
        screen = self.release_screen
        if screen is None or isinstance(self.screen, ModalScreen) or _is_first_run(self.screen):
            return
        texts = {key: item.text for key, item in screen.items.items()}

        async def chosen(jump: navigation.Jump | None) -> None:
            if jump is not None:
                await navigation.go(self, jump)

        self.push_screen(ActivityScreen(self.ctx, screen.release.name, texts), chosen)

    def action_help(self) -> None:
        from tracker.tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
