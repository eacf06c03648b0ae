"""A small text chart of open blocking and advisory items over time."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from tracker.tui.burndown import BurndownPoint, resample

BLOCKS = " ▁▂▃▄▅▆▇█"
AXIS = 5


def column_chart(values: Sequence[int], height: int, top: int) -> list[str]:
    """Rows (top first) of an eighth-block column chart scaled so ``top`` fills ``height``."""
    rows = []
    scale = (height * 8) / top if top else 0.0
    cells = [round(v * scale) for v in values]
    for row in range(height - 1, -1, -1):
        base = row * 8
        rows.append("".join(BLOCKS[max(0, min(8, c - base))] for c in cells))
    return rows


class BurndownChart(Widget):
    """Two stacked charts sharing the time axis: blocking (top) and advisory (below)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points: list[BurndownPoint] = []

    def show(self, points: Sequence[BurndownPoint]) -> None:
        self.points = list(points)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 11 if self.points else 1

    def render(self) -> RenderResult:
        if not self.points:
            return Content.styled("no history yet", "$text-muted")
        width = max(4, self.size.width - AXIS - 1)
        points = resample(self.points, width)
        top = max(max(p.blocking for p in points), max(p.advisory for p in points), 1)
        lines: list[Content] = []
        for name, values, style, height in (
            ("blocking", [p.blocking for p in points], "$error", 5),
            ("advisory", [p.advisory for p in points], "$warning", 3),
        ):
            rows = column_chart(values, height, top)
            for n, row in enumerate(rows):
                axis = f"{top:>{AXIS}}" if n == 0 else " " * AXIS
                lines.append(Content.assemble((axis, "$text-muted"), "│", (row, style)))
            last = values[-1]
            lines.append(
                Content.assemble(
                    (" " * AXIS, ""),
                    "└",
                    (f" {name}: {values[0]} → {last} open", "$text-muted"),
                )
            )
        first, final = points[0].day.isoformat(), points[-1].day.isoformat()
        gap = max(1, width - len(first) - len(final))
        lines.append(Content.styled(" " * (AXIS + 1) + first + " " * gap + final, "$text-muted"))
        return Content("\n").join(lines)
