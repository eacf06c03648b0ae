"""The release screen's go/no-go commands: open the go/no-go view, request a waiver for the
item under the cursor (a worker posts the outcome)."""

from __future__ import annotations

from typing import Any

from textual import work

from tracker.errors import TrackerError
from tracker.tui.messages import JobFailed, ReleaseChanged
from tracker.tui.screens.release_parts import ReleaseScreenParts


class GoNoGoActions(ReleaseScreenParts):
    """Base of ``ReleaseScreen``: the go/no-go view and waiver requests."""

    def action_go_no_go(self) -> None:
        from tracker.tui.screens.gonogo_screen import GoNoGoScreen

        self.app.push_screen(GoNoGoScreen(self.ctx, self.release.name))

    def action_request_waiver(self) -> None:
        from tracker.tui.screens.gonogo_dialogs import WaiverDialog, WaiverDraft

        ref = self.checklist.cursor_ref
        item = self.items.get(ref.key) if ref is not None and ref.kind == "item" else None
        if item is None:
            self.notify("Put the cursor on an item to request a waiver for it.", severity="warning")
            return
        name = self.release.name

        def chosen(draft: WaiverDraft | None) -> None:
            if draft is not None:
                self._waiver_worker(name, item.key, draft)

        self.app.push_screen(WaiverDialog(item, self.ctx.clock.today()), chosen)

    @work(thread=True, group="waiver", exit_on_error=False)
    def _waiver_worker(self, release: str, key: str, draft: Any) -> None:
        try:
            w = self.ctx.service.request_waiver(
                release,
                key,
                reason=draft.reason,
                control=draft.control,
                approver=draft.approver,
                expires_on=draft.expires_on,
            )
        except TrackerError as exc:
            self.post_message(JobFailed(exc))
            return
        self.post_message(ReleaseChanged(f"Waiver #{w.id} on {key} requested from @{w.approver}"))
