"""The release screen's release-wide commands: undo, export, summary, archive.

Each runs in a thread worker that posts one result message.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work

from tracker.errors import TrackerError
from tracker.tui.files import write_atomically
from tracker.tui.messages import ExportFinished, JobFailed, ReleaseArchived, ReleaseChanged
from tracker.tui.screens.item_actions import ItemActions


class ReleaseActions(ItemActions):
    """Base of ``ReleaseScreen``: undo, export, summary and archive (plus the item commands)."""

    # --- undo ---
    def action_undo(self) -> None:
        self._undo_worker(self.release.name)

    @work(thread=True, exclusive=True, group="undo", exit_on_error=False)
    def _undo_worker(self, release: str) -> None:
        try:
            events = self.ctx.service.undo_last(release)
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        what = ", ".join(sorted({f"{e.action} of {e.item_key}" for e in events}))
        self.post_message(ReleaseChanged(f"Undone: {what}"))

    # --- export ---
    def action_export_markdown(self) -> None:
        self._export("md")

    def action_export_json(self) -> None:
        self._export("json")

    def _export(self, fmt: str) -> None:
        from tracker.tui.screens.export_screen import ExportRequest, ExportScreen

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export_worker(self.release.name, request.fmt, request.path)

        self.app.push_screen(ExportScreen(self.release.name, fmt, self.ctx.export_dir), chosen)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_worker(self, release: str, fmt: str, path: Path | None) -> None:
        from tracker.tui.export_text import export_text

        try:
            text = export_text(self.ctx.service, release, fmt, self.ctx.clock.now())
            if path is not None:
                write_atomically(path, text)
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

    # --- views ---
    def action_summary(self) -> None:
        from tracker.tui.screens.summary_screen import SummaryScreen

        self.app.push_screen(SummaryScreen(self.ctx, self.release.name))

    def action_archive_release(self) -> None:
        from tracker.tui.screens.confirm_screen import ConfirmScreen

        name = self.release.name
        question = f"Archive release “{name}”? It leaves the release list; nothing is deleted."

        def chosen(yes: bool | None) -> None:
            if yes:
                self._archive_worker(name)

        self.app.push_screen(ConfirmScreen(question, "Archive"), chosen)

    @work(thread=True, exclusive=True, group="archive", exit_on_error=False)
    def _archive_worker(self, name: str) -> None:
        try:
            self.ctx.service.archive_release(name)
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        self.post_message(ReleaseArchived(name))
