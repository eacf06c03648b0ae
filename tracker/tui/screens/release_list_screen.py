"""The releases: progress, open blocking items, go-live date; open, create, archive."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tracker.domain.inert import one_line
from tracker.domain.models import ReleaseSummary
from tracker.errors import TrackerError
from tracker.tui.context import AppContext
from tracker.tui.labels import bar_content
from tracker.tui.rich_cells import rich_cell
from tracker.tui.widgets.key_bar import KeyBar

COLUMNS = ("release", "env", "progress", "closed", "blocking open", "go-live", "tasks", "")


def golive_cell(summary: ReleaseSummary, today: date) -> Content:
    target = summary.golive_date or summary.target_date
    if target is None:
        return Content.styled("—", "$text-muted")
    days = (target - today).days
    if summary.golive_date is not None:
        return Content.styled(f"{target.isoformat()} live", "$success")
    style = "bold $error" if days < 0 else "$warning" if days <= 14 else ""
    return Content.styled(f"{target.isoformat()} ({days:+d} d)", style)


def tasks_cell(summary: ReleaseSummary) -> Content:
    """The post-deployment badge: overdue tasks stand out; "on track" once live."""
    if summary.overdue_tasks:
        return Content.styled(f" {summary.overdue_tasks} overdue ", "bold reverse $error")
    if summary.golive_date is not None:
        return Content.styled("on track", "$success")
    return Content.styled("—", "$text-muted")


def release_row(summary: ReleaseSummary, today: date) -> list[Content | str]:
    fraction = summary.closed / summary.total if summary.total else 0.0
    return [
        Content.styled(one_line(summary.name), "bold" if not summary.archived else "$text-muted"),
        one_line(summary.environment or "—"),
        bar_content(fraction, 16),
        f"{summary.closed}/{summary.total}",
        Content.styled(str(summary.open_blocking), "bold $error")
        if summary.open_blocking
        else Content.styled("0", "$success"),
        golive_cell(summary, today),
        tasks_cell(summary),
        Content.styled("archived", "$text-muted") if summary.archived else "",
    ]


class ReleaseListScreen(Screen[str]):
    """Dismisses with the name of the release to open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "open", tooltip="Open the highlighted release."),
        Binding("n", "app.new_release", "new", tooltip="Create a release from a template."),
        Binding(
            "a",
            "archive",
            "archive/restore",
            tooltip="Archive the highlighted release, or restore an archived one.",
        ),
        Binding("h", "toggle_archived", "show archived", tooltip="Show or hide archived releases."),
        Binding("escape", "close", "back", tooltip="Back to the open release."),
    ]

    class Listed(Message):
        def __init__(self, releases: Sequence[ReleaseSummary], token: int) -> None:
            super().__init__()
            self.releases = releases
            self.token = token

    class Failed(Message):
        def __init__(self, error: TrackerError) -> None:
            super().__init__()
            self.error = error

    class Archived(Message):
        def __init__(self, name: str, archived: bool) -> None:
            super().__init__()
            self.name = name
            self.archived = archived

    def __init__(self, ctx: AppContext, current: str | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.current = current
        self.show_archived = False
        self.releases: list[ReleaseSummary] = []
        self.token = -1

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Releases", "bold"), id="releases-title")
        yield DataTable(id="releases", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label or "flag")
        table.loading = True
        table.focus()
        self._list(self.show_archived, force=True)
        self.set_interval(
            self.ctx.poll_interval, lambda: self._list(self.show_archived, force=False)
        )

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _list(self, include_archived: bool, *, force: bool) -> None:
        try:
            token = self.ctx.service.releases.change_token()
            if token == self.token and not force:
                return
            releases = self.ctx.service.releases.list_releases(include_archived=include_archived)
        except TrackerError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Listed(releases, token))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(str(message.error), severity="error")

    @on(Listed)
    def _listed(self, message: Listed) -> None:
        self.token = message.token
        self.releases = list(message.releases)
        table = self.query_one(DataTable)
        keep = self._highlighted() or self.current
        table.clear()
        today = self.ctx.clock.today()
        variables = self.app.get_css_variables()
        for summary in self.releases:
            cells = (rich_cell(c, variables) for c in release_row(summary, today))
            table.add_row(*cells, key=summary.name)
        table.loading = False
        names = [r.name for r in self.releases]
        if keep in names:
            table.move_cursor(row=names.index(keep), animate=False)
        title = f"Releases ({len(self.releases)}{' incl. archived' if self.show_archived else ''})"
        self.query_one("#releases-title", Static).update(Content.styled(title, "bold"))

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.releases or table.cursor_row < 0 or table.cursor_row >= len(self.releases):
            return None
        return self.releases[table.cursor_row].name

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        name = self._highlighted()
        if name is not None:
            self.dismiss(name)

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self._list(self.show_archived, force=True)

    def action_archive(self) -> None:
        name = self._highlighted()
        summary = next((r for r in self.releases if r.name == name), None)
        if summary is not None:
            self._archive(summary.name, not summary.archived)

    @work(thread=True, exclusive=True, group="archive", exit_on_error=False)
    def _archive(self, name: str, archived: bool) -> None:
        try:
            self.ctx.service.release_changes.archive_release(name, archived=archived)
        except TrackerError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Archived(name, archived))

    @on(Archived)
    def _archived(self, message: Archived) -> None:
        verb = "Archived" if message.archived else "Restored"
        self.notify(f"{verb} {message.name}", timeout=3)
        self._list(self.show_archived, force=True)

    def action_close(self) -> None:
        if self.current is None:
            self.notify("Pick a release to open (or n to create one).", timeout=3)
            return
        self.dismiss(None)  # type: ignore[arg-type]
