"""How items, groups and categories read on screen: glyphs, tree labels and text bars.

Pure functions of read models and a ``Palette`` (colours taken from the current Textual theme,
so the checklist follows theme changes). Tests call them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from rich.text import Text
from textual.content import Content

from tracker.domain.enums import CheckOutcome, ItemStatus
from tracker.domain.inert import one_line
from tracker.domain.models import CheckResult, ReleaseItem
from tracker.domain.progress import Progress, is_overdue

STATUS_GLYPH: dict[ItemStatus, str] = {
    ItemStatus.TODO: "○",
    ItemStatus.IN_PROGRESS: "◐",
    ItemStatus.BLOCKED: "✗",
    ItemStatus.DONE: "✓",
    ItemStatus.NA: "–",  # noqa: RUF001
}
STATUS_LABEL: dict[ItemStatus, str] = {
    ItemStatus.TODO: "todo",
    ItemStatus.IN_PROGRESS: "in progress",
    ItemStatus.BLOCKED: "blocked",
    ItemStatus.DONE: "done",
    ItemStatus.NA: "N/A",
}
CHECK_BADGE: dict[CheckOutcome, str] = {
    CheckOutcome.PASS: "pass",
    CheckOutcome.FAIL: "FAIL",
    CheckOutcome.ERROR: "err",
    CheckOutcome.SKIPPED: "skip",
    CheckOutcome.MANUAL_REVIEW: "rev",
}
CHECK_GLYPH: dict[CheckOutcome, str] = {
    CheckOutcome.PASS: "✔",
    CheckOutcome.FAIL: "✘",
    CheckOutcome.ERROR: "⊘",
    CheckOutcome.SKIPPED: "↷",
    CheckOutcome.MANUAL_REVIEW: "◎",
}
UNVERIFIED_GLYPH = "◌"
RUNNING_GLYPH = "⋯"
STALE_MARK = "~"
CHECK_WIDTH = 8
"""Glyph, space, a word of up to five letters, the stale mark."""

OWNER_WIDTH = 12
META_WIDTH = 1 + OWNER_WIDTH + 1 + 3 + 1 + 6 + 1 + CHECK_WIDTH
"""Cells after an item's text: owner, evidence count, due date, check badge."""


_DEFAULTS = {
    "success": "#4EBF71",
    "error": "#ba3c5b",
    "warning": "#ffa62b",
    "accent": "#0178D4",
    "muted": "#808080",
}


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours for Rich text, as hex strings from the theme's CSS variables."""

    success: str = _DEFAULTS["success"]
    error: str = _DEFAULTS["error"]
    warning: str = _DEFAULTS["warning"]
    accent: str = _DEFAULTS["accent"]
    muted: str = _DEFAULTS["muted"]

    @classmethod
    def from_theme(cls, variables: Mapping[str, str]) -> Palette:
        def pick(*names: str, default: str) -> str:
            for name in names:
                value = variables.get(name)
                if value and value.startswith("#"):
                    return value[:7]
            return default

        return cls(
            success=pick("text-success", "success", default=_DEFAULTS["success"]),
            error=pick("text-error", "error", default=_DEFAULTS["error"]),
            warning=pick("text-warning", "warning", default=_DEFAULTS["warning"]),
            accent=pick("text-primary", "primary", default=_DEFAULTS["accent"]),
            muted=pick("foreground-darken-3", "foreground-darken-2", default=_DEFAULTS["muted"]),
        )

    def status(self, status: ItemStatus) -> str:
        return {
            ItemStatus.TODO: "",
            ItemStatus.IN_PROGRESS: self.warning,
            ItemStatus.BLOCKED: f"bold {self.error}",
            ItemStatus.DONE: self.success,
            ItemStatus.NA: self.muted,
        }[status]


def fit(text: str, width: int) -> str:
    """``text`` cut with an ellipsis or padded with spaces to exactly ``width`` cells."""
    if width <= 0:
        return ""
    text = one_line(" ".join(text.split()))  # stored text: control characters shown, not sent
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    return text.ljust(width)


def text_bar(fraction: float, width: int = 10, empty: str = " ") -> str:
    """A bar of ``width`` cells in eighths of a cell; ``empty`` fills the rest."""
    fraction = max(0.0, min(1.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if full < width and part else ""
    return ("█" * full + partial).ljust(width, empty)


def bar_content(fraction: float, width: int, style: str = "$success") -> Content:
    """A bar whose empty part shows as a muted track."""
    bar = text_bar(fraction, width, "░")
    filled = len(bar.rstrip("░"))
    return Content.assemble((bar[:filled], style), (bar[filled:], "$text-muted"))


def item_label(
    item: ReleaseItem,
    text_width: int,
    today: date,
    palette: Palette,
    *,
    now: datetime | None = None,
    stale_days: int | None = None,
    running: bool = False,
) -> Text:
    """One checklist line: status glyph, severity mark, text, owner, evidence, due, check.

    ``now`` and ``stale_days`` mark results older than the freshness window as stale;
    ``running``: the item's check is part of a verification in progress.
    """
    closed = not item.is_open
    glyph_style = palette.status(item.status)
    label = Text(no_wrap=True, overflow="ellipsis")
    if item.waived:  # shown apart from done and N/A
        label.append(WAIVED_GLYPH, style=f"bold {palette.accent}")
    else:
        label.append(STATUS_GLYPH[item.status], style=glyph_style)
    if item.is_blocking and not closed:
        label.append("!", style=f"bold {palette.error}")
    else:
        label.append(" ")
    label.append(" ")
    shown = item.text + (" (optional)" if item.optional else "") + gonogo_suffix(item)
    text_style = ""
    if item.status is ItemStatus.NA:
        text_style = f"strike {palette.muted}"
    elif closed:
        text_style = palette.muted
    elif item.optional:
        text_style = "italic"
    elif item.is_blocking:
        text_style = "bold"
    label.append(fit(shown, text_width), style=text_style)
    label.append(" ")
    owner = f"@{item.owner}" if item.owner else "—"
    label.append(fit(owner, OWNER_WIDTH), style="" if item.owner else palette.muted)
    label.append(" ")
    count = len(item.evidence)
    label.append(f"↗{count}".ljust(3) if count else "   ", style=palette.accent)
    label.append(" ")
    if item.due_date is not None:
        style = f"bold {palette.error}" if is_overdue(item, today) else palette.muted
        label.append(item.due_date.strftime("%b %d").ljust(6), style=style)
    else:
        label.append(" " * 6)
    label.append(" ")
    label.append_text(check_badge(item, palette, now=now, stale_days=stale_days, running=running))
    return label


WAIVED_GLYPH = "≈"
"""An open item under an approved, unexpired waiver (counts as closed)."""


def gonogo_suffix(item: ReleaseItem) -> str:
    """What the checklist line adds for go/no-go: waived until, waiver expired, waiting on."""
    parts: list[str] = []
    if item.waived and item.waived_until is not None:
        parts.append(f"waived until {item.waived_until:%b %d}")
    elif item.waiver_expired is not None and item.is_open:
        parts.append(f"⚑ waiver expired {item.waiver_expired:%b %d}")
    if item.waiting_on and item.is_open:
        parts.append("⧗ waiting on " + ", ".join(item.waiting_on))
    return "".join(f" · {p}" for p in parts)


def check_style(outcome: CheckOutcome, palette: Palette) -> str:
    return {
        CheckOutcome.PASS: palette.success,
        CheckOutcome.FAIL: f"bold {palette.error}",
        CheckOutcome.ERROR: f"bold {palette.warning}",
        CheckOutcome.MANUAL_REVIEW: palette.accent,
    }.get(outcome, palette.muted)


def check_badge(
    item: ReleaseItem,
    palette: Palette,
    *,
    now: datetime | None = None,
    stale_days: int | None = None,
    running: bool = False,
) -> Text:
    """The latest automated check's outcome, ``CHECK_WIDTH`` cells: ``✔ pass``, ``✘ FAIL``,
    ``⊘ err``, ``↷ skip``, ``◎ rev``; ``✘ DRIFT`` (reversed) for an item ticked done whose check
    failed; a trailing ``~`` when the result is stale; ``◌`` for a check never run; ``⋯`` while
    it runs. Blank for items without a check."""
    if item.check is None and item.latest_check is None:
        return Text(" " * CHECK_WIDTH)
    if running:
        return Text(f"{RUNNING_GLYPH} run".ljust(CHECK_WIDTH), style=f"italic {palette.accent}")
    check = item.latest_check
    if check is None:
        return Text(UNVERIFIED_GLYPH.ljust(CHECK_WIDTH), style=palette.muted)
    badge = Text(no_wrap=True)
    if item.drifted:
        badge.append(f"{CHECK_GLYPH[check.outcome]} DRIFT", style=f"bold reverse {palette.error}")
    else:
        word = f"{CHECK_GLYPH[check.outcome]} {CHECK_BADGE[check.outcome]}"
        badge.append(word.ljust(CHECK_WIDTH - 1), style=check_style(check.outcome, palette))
    stale = now is not None and stale_days is not None and is_stale_result(check, now, stale_days)
    badge.append(STALE_MARK if stale else " ", style=f"bold {palette.warning}")
    return badge


def is_stale_result(check: CheckResult, now: datetime, stale_days: int) -> bool:
    # Imported on first use: the verification module is off the start-up path.
    from tracker.domain.verification import is_stale

    return is_stale(check, now, stale_days)


def node_label(
    title: str,
    progress: Progress,
    open_blocking: int,
    width: int,
    palette: Palette,
    *,
    bar: bool,
) -> Text:
    """A category or group line: title, progress count (and bar), open blocking count."""
    tail = Text(no_wrap=True)
    if bar:
        tail.append(text_bar(progress.fraction, 10), style=palette.success)
        tail.append(" ")
    tail.append(f"{progress.label:>7}", style=palette.success if progress.open == 0 else "")
    if open_blocking:
        tail.append(f"  !{open_blocking:<3}", style=f"bold {palette.error}")
    else:
        tail.append(" " * 6)
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(fit(title, max(8, width - tail.cell_len - 1)), style="bold" if bar else "")
    label.append(" ")
    label.append_text(tail)
    return label
