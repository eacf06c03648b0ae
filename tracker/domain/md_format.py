"""The Markdown release export's own vocabulary, shared by the export and the importer.

An exported release is known by its header (``# Release NAME``, a ``| Template | TITLE (ID vN) |``
row and an ``## Open blocking items`` section: ``is_release_export``); each item line is ``- [x] TEXT — META`` where
META is " · "-separated parts (the item's id in backticks first) the importer recognises by how
they start, so an exported file
comes back in with the same items, texts and states.
"""

from __future__ import annotations

import re

from tracker.domain.enums import ItemStatus, NaReason

META_SEPARATOR = " — "
PART_SEPARATOR = " · "

STATUS_LABELS: dict[ItemStatus, str] = {
    ItemStatus.TODO: "To do",
    ItemStatus.IN_PROGRESS: "In progress",
    ItemStatus.BLOCKED: "Blocked",
    ItemStatus.DONE: "Done",
    ItemStatus.NA: "N/A",
}

NA_REASON_LABELS: dict[NaReason, str] = {
    NaReason.OUT_OF_SCOPE: "out of scope",
    NaReason.BUSINESS_PRIORITIES: "business priorities",
    NaReason.ARCHITECTURE_CONSTRAINTS: "architecture constraints",
    NaReason.OTHER: "other",
}

NA_MARK = "**N/A**"
BLOCKING_MARK = "**blocking**"
ADVISORY_MARK = "*advisory*"

# How every part of an item's META starts (the first part decides where META begins).
META_STARTS: tuple[str, ...] = (
    "`",  # the item's id
    NA_MARK,
    "*(in progress)*",
    "*(blocked)*",
    BLOCKING_MARK,
    ADVISORY_MARK,
    "*optional",
    "owner ",
    "due ",
    "✅",
    "❌",
    "⚠️",
    "⏭",
    "👀",
    "*verification older",
    "*not verified",
)

# Sections of the export that are reports, not checklist content.
REPORT_SECTIONS = frozenset(
    {"Progress by category", "Open blocking items", "Item status", "Summary", "Full checklist"}
)
ARCHIVED_SECTION = "Archived items (removed from the template)"
GROUP_COUNT = re.compile(r"\s*\(\d+/\d+\)$")
TEMPLATE_ROW = re.compile(
    r"^\| Template \| (?P<title>.*) \((?P<id>[a-z0-9-]+) v(?P<version>\d+)\) \|$"
)
ID_PART = re.compile(r"^`(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)`$")


def is_release_export(text: str) -> bool:
    """Whether ``text`` is a document written by ``tracker export --format md``."""
    lines = [line.strip() for line in text.splitlines()[:400]]
    return (
        any(line.startswith("# Release ") for line in lines[:3])
        and any(TEMPLATE_ROW.match(line) for line in lines[:12])
        and "## Open blocking items" in lines
    )
