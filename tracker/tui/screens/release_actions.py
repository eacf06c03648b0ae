"""The release screen's release-wide commands: undo, export, summary, archive.

Each runs in a thread worker that posts one result message.
"""

from __future__ import annotations

from textual import work

from tracker.errors import TrackerError
from tracker.tui.messages import JobFailed, ReleaseArchived, ReleaseChanged
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

    def action_summary(self) -> None:
        from tracker.tui import navigation
        from tracker.tui.screens.summary_screen import SummaryScreen

        async def chosen(jump: navigation.Jump | None) -> None:
            if jump is not None:
                await navigation.go(self.app, jump)  # type: ignore[arg-type]

        self.app.push_screen(SummaryScreen(self.ctx, self.release.name), chosen)

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
