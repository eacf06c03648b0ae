"""Read a file written by ``tracker export --format md`` back into template data and states.

The export's own layout is known: ``## Category`` > ``### Group (done/total)`` > item lines
``- [x] TEXT — META``; report sections, evidence bullets and notes are not checklist content.
"""

from __future__ import annotations

import re
from typing import Any

from tracker.domain import md_format as fmt
from tracker.domain.enums import ItemStatus, NaReason, Severity
from tracker.domain.md_blocks import Box, Document
from tracker.domain.md_ids import (
    CONDITION,
    Ids,
    ImportedState,
    MarkdownImport,
    guess_ml_test_section,
    missing_items,
    visible_text,
)

_NA = re.compile(r"^\*\*N/A\*\*(?: \((?P<reason>[a-z ]+)\))?(?:: (?P<note>.*))?$")
_NA_REASONS = {label: reason for reason, label in fmt.NA_REASON_LABELS.items()}


def split_meta(line: str) -> tuple[str, list[str]]:
    """An exported item line's TEXT and its META parts (none when it has no META)."""
    start = len(line)
    while (start := line.rfind(fmt.META_SEPARATOR, 0, start)) >= 0:
        rest = line[start + len(fmt.META_SEPARATOR) :]
        if rest.startswith(fmt.META_STARTS):
            return line[:start], rest.split(fmt.PART_SEPARATOR)
    return line, []


def _state(box: Box, meta: list[str]) -> ImportedState | None:
    na_at = next((i for i, part in enumerate(meta) if part.startswith(fmt.NA_MARK)), None)
    if na_at is not None:  # the N/A part comes last: its note may hold anything
        m = _NA.match(fmt.PART_SEPARATOR.join(meta[na_at:]))
        reason = _NA_REASONS.get(m.group("reason") or "") if m else None
        note = visible_text(m.group("note")) if m and m.group("note") else None
        return ImportedState(ItemStatus.NA, reason or NaReason.OTHER, note)
    if "*(in progress)*" in meta:
        return ImportedState(ItemStatus.IN_PROGRESS)
    if "*(blocked)*" in meta:
        return ImportedState(ItemStatus.BLOCKED)
    return ImportedState(ItemStatus.DONE) if box.checked else None


def _exported_id(meta: list[str]) -> str | None:
    m = fmt.ID_PART.match(meta[0]) if meta else None
    return m.group("id") if m else None


def _item_id(ids: Ids, exported: dict[str, bool], text: str, meta: list[str]) -> str:
    """The id the export wrote (reserved up front; first use wins), else a slug of the text."""
    key = _exported_id(meta)
    if key is not None and exported.get(key) is False:
        exported[key] = True
        return key
    return ids.claim(visible_text(text), "item")


def _template_row(text: str) -> tuple[str, str, int] | None:
    for line in text.splitlines():
        if m := fmt.TEMPLATE_ROW.match(line.strip()):
            return visible_text(m.group("title")), m.group("id"), int(m.group("version"))
    return None


def _reserve_exported_ids(doc: Document, ids: Ids) -> dict[str, bool]:
    """The ids the export wrote (reserved so no other item takes one) -> used yet."""
    exported: dict[str, bool] = {}
    for section in doc.sections:
        for box in section.boxes:
            if (key := _exported_id(split_meta(box.text)[1])) is not None:
                exported[key] = False
                ids.reserve(key)
    return exported


def _import_item(
    box: Box, ids: Ids, exported: dict[str, bool], states: dict[str, ImportedState]
) -> dict[str, Any]:
    """One exported checkbox as template item data; its ticked state goes into ``states``."""
    item_text, meta = split_meta(box.text)
    item: dict[str, Any] = {"id": _item_id(ids, exported, item_text, meta), "text": item_text}
    item["severity"] = (
        Severity.ADVISORY
        if fmt.ADVISORY_MARK in meta or CONDITION.search(item_text)
        else Severity.BLOCKING
    ).value
    if m := CONDITION.search(item_text):
        item["optional"] = True
        item["condition"] = m.group("condition").strip()
    if (state := _state(box, meta)) is not None:
        states[item["id"]] = state
    return item


def import_export(
    doc: Document, text: str, *, where: str, fallback_id: str, source: str | None
) -> MarkdownImport:
    """Template data and item states of an exported release (its template id, if it names one)."""
    title, template_id, version = _template_row(text) or (doc.title or fallback_id, fallback_id, 1)
    ids = Ids()
    exported = _reserve_exported_ids(doc, ids)
    states: dict[str, ImportedState] = {}
    categories: list[dict[str, Any]] = []
    count = 0
    for section in doc.sections:
        if not section.boxes or section.level != 3 or not section.parents:
            continue
        category_title = section.parents[-1][1]
        if category_title in fmt.REPORT_SECTIONS or category_title == fmt.ARCHIVED_SECTION:
            continue
        if not categories or categories[-1]["title"] != category_title:
            categories.append(
                {
                    "id": ids.claim(visible_text(category_title), "category"),
                    "title": category_title,
                    "groups": [],
                }
            )
        group_title = fmt.GROUP_COUNT.sub("", section.title)
        items = [_import_item(box, ids, exported, states) for box in section.boxes]
        count += len(items)
        categories[-1]["groups"].append(
            {
                "id": ids.claim(visible_text(group_title), "group"),
                "title": group_title,
                "ml_test_section": guess_ml_test_section(visible_text(group_title)).value,
                "items": items,
            }
        )
    if not categories:
        raise missing_items(doc, False, where)
    data: dict[str, Any] = {"id": template_id, "version": version, "title": title}
    if source:
        data["source"] = source
    data["categories"] = categories
    # The export's own report tables are not checklists; anything else odd is still reported.
    warnings = [
        f"{where}:{line}: {message}"
        for line, message in doc.warnings
        if not message.startswith("a table without")
    ]
    return MarkdownImport(data, states, warnings, count)
