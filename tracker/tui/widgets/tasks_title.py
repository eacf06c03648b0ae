"""The post-deployment view's title line, and what it shows before go-live."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widgets import Static

from tracker.domain.models import Release, ReleaseItem, TaskOccurrence
from tracker.domain.progress import open_blocking
from tracker.tui.task_labels import task_counts
from tracker.tui.widgets.release_header import golive_text

NOT_LIVE = (
    "Not live yet.\n\n"
    "When the release goes live, press L (release: go live) to record the date. tracker then "
    "schedules the template's post-deployment work from it: week 1 validation (with daily "
    "tasks), weeks 2-4 optimisation, and a monthly review that goes on; what is due and overdue "
    "shows here and in `tracker tasks`."
)


class TasksTitle(Static):
    """``Post-deployment · <release>  ·  live since …  ·  3/12 closed  ·  1 overdue``."""

    def __init__(self, *, demo: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.demo = demo

    def show(self, release: Release, occurrences: Sequence[TaskOccurrence], today: date) -> None:
        parts: list[Content | str | tuple[str, str]] = []
        if self.demo:
            parts += [(" DEMO ", "bold reverse $warning"), " "]
        parts += [("Post-deployment", "bold"), " · ", (release.name, "bold")]
        parts += ["  ·  ", golive_text(release, today)]
        if release.golive_forced_reason:
            parts += ["  ", (" forced ", "reverse $warning")]
        if occurrences and release.golive_date is not None:
            counts = task_counts(list(occurrences), today)
            parts += ["  ·  ", f"{counts.closed}/{counts.total} closed"]
            if counts.overdue:
                parts += ["  ·  ", (f"{counts.overdue} overdue", "bold $error")]
            if counts.due_today:
                parts += ["  ·  ", (f"{counts.due_today} due today", "bold $warning")]
        self.update(Content.assemble(*parts))


class NotLive(Static):
    """Before go-live: what going live does, whether blocking items are open, and the way to."""

    def show(self, items: Sequence[ReleaseItem]) -> None:
        blocking = open_blocking(items)
        parts: list[Content | str | tuple[str, str]] = [
            (NOT_LIVE.split("\n", 1)[0], "bold"),
            "\n",
            NOT_LIVE.split("\n", 1)[1],
            "\n\n",
        ]
        if blocking:
            parts += [
                (f"{len(blocking)} blocking items are still open", "bold $error"),
                ": going live now needs a reason, recorded for the retrospective.",
            ]
        else:
            parts += [("Every blocking item is done or N/A: ready to go live.", "bold $success")]
        parts += ["\n\n", ("[go live]", "$accent @click=screen.go_live"), "   "]
        parts += [("[back to the checklist]", "$accent @click=screen.close")]
        self.update(Content.assemble(*parts))
