"""The release screen's side of go-live: opening the post-deployment view and showing a go-live.
(Apart from ``schedule_actions``, which the post-deployment screen builds on, so the two screens
do not import each other.)"""

from __future__ import annotations

from tracker.domain.models import ReleaseItem
from tracker.tui.screens.schedule_actions import ScheduleActions, WentLive


class ReleaseScheduleActions(ScheduleActions):
    """The release screen's side: open the post-deployment view; show a go-live."""

    items: dict[str, ReleaseItem]

    def reload(self) -> None:
        raise NotImplementedError

    def blocking_open(self) -> list[ReleaseItem]:
        from tracker.domain.progress import open_blocking

        return open_blocking(self.items.values())

    def action_post_deployment(self) -> None:
        # Imported on first use: the post-deployment view is not on the path to the first paint.
        from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen

        self.app.push_screen(PostDeploymentScreen(self.ctx, self.release))

    def went_live(self, message: WentLive) -> None:
        self.reload()
        from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen

        if not isinstance(self.app.screen, PostDeploymentScreen):
            self.app.push_screen(PostDeploymentScreen(self.ctx, message.release))
