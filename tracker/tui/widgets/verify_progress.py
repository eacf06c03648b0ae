"""The status-area line of a verification run: a progress bar and the outcomes so far.

Mounted over the status line the first time a verification starts (ProgressBar stays off the
start-up path); hidden a few seconds after the run ends.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Label, ProgressBar

from tracker.domain.enums import CheckOutcome
from tracker.tui.check_text import duration_text
from tracker.tui.labels import CHECK_BADGE, CHECK_GLYPH

HIDE_AFTER = 8.0
"""Seconds the final counts stay on screen."""
_STYLE = {
    CheckOutcome.PASS: "$success",
    CheckOutcome.FAIL: "bold $error",
    CheckOutcome.ERROR: "bold $warning",
    CheckOutcome.SKIPPED: "$text-muted",
    CheckOutcome.MANUAL_REVIEW: "$accent",
}


def counts_text(counts: Mapping[CheckOutcome, int]) -> Content:
    """``31 ✔ pass · 2 ✘ FAIL · 2 ⊘ err`` (outcomes that occurred, in a fixed order)."""
    parts = [
        Content.styled(f"{n} {CHECK_GLYPH[o]} {CHECK_BADGE[o]}", _STYLE[o])
        for o in CheckOutcome
        if (n := counts.get(o, 0))
    ]
    return Content(" · ").join(parts)


class VerifyProgress(Horizontal):
    DEFAULT_CSS = """
    VerifyProgress {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    VerifyProgress #verify-bar {
        width: auto;
        margin-right: 2;
    }
    VerifyProgress #verify-label {
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.what = ""
        self.total: int | None = None
        self.counts: dict[CheckOutcome, int] = {}
        self.running = False
        self._hide_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=None, show_eta=False, id="verify-bar")
        yield Label(id="verify-label")

    def on_resize(self, event: events.Resize) -> None:
        # The counts matter more than the bar on narrow terminals.
        self.query_one("#verify-bar Bar").styles.width = 12 if event.size.width < 100 else 24

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def start(self, what: str, expected: int | None = None) -> None:
        """A run began: ``what`` is being verified (``expected`` checks, if known)."""
        if self._hide_timer is not None:
            self._hide_timer.stop()
        self.what, self.total, self.counts, self.running = what, expected, {}, True
        self.display = True
        bar = self.query_one(ProgressBar)
        bar.update(total=expected, progress=0)
        self._show()

    def begin(self, total: int) -> None:
        """The service says how many checks will run."""
        self.total = total
        self.query_one(ProgressBar).update(total=total, progress=self.done)
        self._show()

    def advance(self, outcome: CheckOutcome) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        self.query_one(ProgressBar).update(progress=self.done)
        self._show()

    def finish(self, counts: Mapping[CheckOutcome, int] | None, duration_ms: int) -> None:
        """The run ended (``counts`` None: it failed); the line hides after a while."""
        self.running = False
        bar = self.query_one(ProgressBar)
        if counts is not None:
            self.counts = dict(counts)
            total = sum(self.counts.values())
            bar.update(total=max(total, 1), progress=max(total, 1))
            head = Content.styled(
                f"Verified {self.what}: {total} check{'' if total == 1 else 's'} in "
                f"{duration_text(duration_ms)}  ",
                "bold",
            )
            self.query_one("#verify-label", Label).update(
                Content.assemble(head, counts_text(self.counts))
            )
        else:
            self.query_one("#verify-label", Label).update(
                Content.styled(f"Verification of {self.what} failed", "bold $error")
            )
        self._hide_timer = self.set_timer(HIDE_AFTER, self._hide)

    def _hide(self) -> None:
        if not self.running:
            self.display = False

    def _show(self) -> None:
        total = "?" if self.total is None else str(self.total)
        head = Content.styled(f"Verifying {self.what}… {self.done}/{total}  ", "bold")
        self.query_one("#verify-label", Label).update(
            Content.assemble(head, counts_text(self.counts))
        )
