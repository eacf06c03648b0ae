"""The line above the checklist: which release, its go-live date and overall progress."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widgets import Static

from tracker.domain.inert import visible
from tracker.domain.models import Release, ReleaseItem
from tracker.domain.progress import item_progress, open_blocking
from tracker.tui.labels import bar_content


def golive_text(release: Release, today: date) -> str:
    target = release.golive_date or release.target_date
    if target is None:
        return "no go-live date"
    days = (target - today).days
    when = "today" if days == 0 else f"in {days} d" if days > 0 else f"{-days} d ago"
    word = "went live" if release.golive_date else "go-live"
    return f"{word} {target.isoformat()} ({when})"


class ReleaseHeader(Static):
    """One line (fixed height): updates never need a layout pass."""

    _shown: Content | None = None

    def __init__(
        self, *, id: str | None = None, demo: bool = False, database: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.demo = demo
        self.database = database

    def show(self, release: Release, items: Sequence[ReleaseItem], today: date) -> None:
        progress = item_progress(items)
        blocking = len(open_blocking(items))
        # Most important first: narrow terminals cut the end of the line.
        parts: list[Content | str | tuple[str, str]] = []
        if self.demo:
            parts += [(" DEMO ", "bold reverse $warning"), " "]
        parts += [
            (release.name, "bold"),
            "  ",
            bar_content(progress.fraction, 10),
            f" {progress.label} ({progress.percent}%)  ·  ",
            (f"{blocking} blocking open", "bold $error")
            if blocking
            else ("no blocking item open", "bold $success"),
            "  ·  ",
            golive_text(release, today),
            ("  ·  " + (release.environment or "no environment"), "$text-muted"),
        ]
        if release.archived:
            parts += ["  ·  ", ("ARCHIVED", "reverse $warning")]
        if self.database and not self.demo:  # last: the first thing a narrow terminal cuts
            parts += [("  ·  db " + self.database, "$text-muted")]
        content = Content.assemble(*parts)
        content = Content(visible(content.plain, compact=True), list(content.spans))  # inert
        if content != self._shown:
            self._shown = content
            self.update(content, layout=False)
