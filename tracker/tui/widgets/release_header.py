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


Part = Content | str | tuple[str, str]


def _blocking_parts(blocking: int) -> tuple[tuple[str, str], tuple[str, str]]:
    """The open blocking items, long and short."""
    if blocking:
        return (f"{blocking} blocking open", "bold $error"), (
            f"!{blocking} blocking",
            "bold $error",
        )
    return ("no blocking item open", "bold $success"), ("no blocking", "bold $success")


def header_variants(
    release: Release,
    items: Sequence[ReleaseItem],
    today: date,
    *,
    demo: bool = False,
    database: str | None = None,
) -> list[Content]:
    """The header line from longest to shortest; a narrow terminal takes the first that fits.

    What goes first when space runs out: the database, the progress bar, the long words, the
    days to go-live. The release name, the go-live date and the environment always stay.
    """
    progress = item_progress(items)
    long_blocking, short_blocking = _blocking_parts(len(open_blocking(items)))
    lead: list[Part] = [(" DEMO ", "bold reverse $warning"), " "] if demo else []
    name = (release.name, "bold")
    env = release.environment or "no environment"
    archived: list[Part] = ["  ·  ", ("ARCHIVED", "reverse $warning")] if release.archived else []
    target = release.golive_date or release.target_date
    short_golive = f"go-live {target.isoformat()}" if target else "no go-live date"
    full: list[Part] = [
        *lead,
        name,
        "  ",
        bar_content(progress.fraction, 10),
        f" {progress.label} ({progress.percent}%)  ·  ",
        long_blocking,
        "  ·  ",
        golive_text(release, today),
        ("  ·  " + env, "$text-muted"),
        *archived,
    ]
    shown_db = [("  ·  db " + database, "$text-muted")] if database and not demo else []
    no_bar = [*lead, name, f"  {progress.percent}%  ·  ", long_blocking, "  ·  "]
    compact = [*lead, name, f" {progress.percent}% · ", short_blocking, " · "]
    variants = [
        Content.assemble(*full, *shown_db),
        Content.assemble(*full),
        Content.assemble(
            *no_bar, golive_text(release, today), ("  ·  " + env, "$text-muted"), *archived
        ),
        Content.assemble(
            *compact, golive_text(release, today), (" · " + env, "$text-muted"), *archived
        ),
        Content.assemble(*compact, short_golive, (" · " + env, "$text-muted"), *archived),
        Content.assemble(*lead, name, " · ", short_golive, (" · " + env, "$text-muted")),
    ]
    # Inert: control characters in a name or environment show as visible stand-ins.
    return [Content(visible(v.plain, compact=True), list(v.spans)) for v in variants]


def fitting(variants: Sequence[Content], width: int) -> Content:
    """The first variant that fits ``width`` cells (the shortest when none does)."""
    if width <= 0:
        return variants[0]
    return next((v for v in variants if v.cell_length <= width), variants[-1])


class ReleaseHeader(Static):
    """One line (fixed height): updates never need a layout pass."""

    _shown: Content | None = None

    def __init__(
        self, *, id: str | None = None, demo: bool = False, database: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.demo = demo
        self.database = database
        self._variants: list[Content] = []

    def show(self, release: Release, items: Sequence[ReleaseItem], today: date) -> None:
        self._variants = header_variants(
            release, items, today, demo=self.demo, database=self.database
        )
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if not self._variants:
            return
        content = fitting(self._variants, self.content_region.width or self.app.size.width)
        if content != self._shown:
            self._shown = content
            self.update(content, layout=False)
