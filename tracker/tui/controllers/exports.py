"""Exporting a release (Markdown, JSON) or its retrospective: the dialog, then the export in
a worker, written to a file or copied to the clipboard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work

from tracker.config import last_export_dir, remember_export_dir
from tracker.errors import TrackerError
from tracker.files import write_atomically
from tracker.tui.context import AppContext
from tracker.tui.controllers.base import Controller
from tracker.tui.messages import ExportFinished, JobFailed

if TYPE_CHECKING:
    from tracker.services.export import ExportFormat


class Exporter(Controller):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def ask(self, name: str, fmt: ExportFormat) -> None:
        """Open the export dialog for release ``name`` in format ``fmt``."""
        from tracker.tui.screens.export_screen import ExportRequest, ExportScreen

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export_worker(name, request.fmt, request.path)

        folder = last_export_dir() or self.ctx.export_dir  # the last one used, else the default
        self.app.push_screen(ExportScreen(name, fmt, folder), chosen)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_worker(self, release: str, fmt: ExportFormat, path: Path | None) -> None:
        try:
            text = self.ctx.service.exports.export(release, fmt)
            if path is not None:
                write_atomically(path, text)
                remember_export_dir(path.parent)  # the next export starts there
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        self.post_message(ExportFinished(text, path))

    @on(ExportFinished)
    def _export_finished(self, message: ExportFinished) -> None:
        message.stop()
        if message.path is None:
            self.app.copy_to_clipboard(message.text)
            self.notify("Copied to the clipboard (if your terminal allows it).", timeout=4)
        else:
            self.notify(f"Wrote {message.path}", title="Exported", timeout=5)
