"""What every section of the retrospective reads (the release, today, the time zone) and the
small text helpers they share."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from tracker.domain.clock import to_local
from tracker.domain.export_md import escape_md_inline
from tracker.domain.models import ReleaseItem, ReleaseView, TaskOccurrence


@dataclass(frozen=True, slots=True)
class RetroContext:
    view: ReleaseView
    today: date
    tz: tzinfo
    monthly: frozenset[str]

    def owner(self, handle: str | None) -> str:
        if not handle:
            return "unassigned"
        handle = handle.strip().removeprefix("@")
        for o in self.view.owners:
            if o.handle == handle and o.name and o.name != handle:
                return f"{escape_md_inline(o.name)} ({escape_md_inline(handle)})"
        # No "@": pasted into GitHub, a mention would ping the person.
        return escape_md_inline(handle)

    def when(self, dt: datetime) -> str:
        return to_local(dt, self.tz).strftime("%Y-%m-%d %H:%M")


def monthly_keys(occs: Iterable[TaskOccurrence], given: Collection[str] | None) -> frozenset[str]:
    if given is not None:
        return frozenset(given)
    return frozenset(
        o.phase_key
        for o in occs
        if "monthly" in o.phase_key.lower() or "monthly" in o.phase_title.lower()
    )


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def item_ref(item: ReleaseItem) -> str:
    return f"**{escape_md_inline(item.text)}** ({escape_md_inline(item.key)})"


def cell(text: str) -> str:
    # escape_md_inline escapes "|", so user text cannot break a table row.
    return escape_md_inline(text) or "—"


# --- header -----------------------------------------------------------------------------------
