"""Turn a Markdown checklist into checklist-template data, the states of its ticked boxes and
warnings (the importer's second half; ``md_blocks`` reads the file). Pure.

The rules:

- Each heading under which checkboxes live is a **category**. A category at a deeper heading
  level than the shallowest category keeps its parents ("Authorization / OAuth", joined by U+203A); a title that
  still repeats is qualified by its parent ("Images / Best practices").
- A checkbox whose text is only bold (``- [ ] **Unity Catalog Setup**``) with checkbox children
  is a **group** title; its descendants are the group's items. Any other checkbox is an **item**
  (ticked ``[x]`` means done); its checkbox children follow it, in order, as items of the same
  group that depend on it (``depends_on``). Loose items go into a group named after the
  category; a heading inside a list, or a plain bullet holding checkboxes, starts a new group.
- A table with a check/item/name column gives one item per row ("Name: Description"); level or
  priority columns give its severity (ticked at every level, or High/Critical: blocking).
- Text keeps its inline Markdown (code spans, links, emphasis; reference links become inline
  links); a "High"/"Medium"/"Low" image badge sets the severity and is dropped from the text.
  Content after an item (resource bullets, code blocks, quotes, notes) becomes its guidance.
- "(if …)" or "(optional …)" anywhere in the text makes an item optional and advisory, with the
  parenthetical as its condition.
- A heading containing "Post-Deployment" starts the post-deployment part: every heading under it
  is a **phase** ("Week 1", "Weeks 2-4", "Monthly" set the timing) and every checkbox in it a
  **task** (``daily: true`` when its text says "daily").
- Ids are kebab-case slugs of the visible words only (no URLs, no image names), at most 40
  characters cut at a word boundary, made unique with ``-2``, ``-3`` suffixes.
- A file written by ``tracker export --format md`` comes back with its own template id, title,
  categories, groups and item states (done, N/A with its reason, in progress, blocked).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tracker.domain import md_format as fmt
from tracker.domain.enums import ItemStatus, PhaseRecurrence, Severity
from tracker.domain.md_blocks import Box, Document, Section, SubGroup, read_document
from tracker.domain.md_ids import (
    CONDITION,
    Ids,
    ImportedState,
    MarkdownImport,
    guess_ml_test_section,
    missing_items,
    visible_text,
)
from tracker.domain.md_reimport import import_export
from tracker.domain.template import ID_PATTERN
from tracker.errors import TemplateError

_POST_DEPLOYMENT = re.compile(r"post[\s_-]*deployment", re.IGNORECASE)
_BOLD = re.compile(r"^(?:\*\*(?P<star>(?:(?!\*\*).)+)\*\*|__(?P<under>(?:(?!__).)+)__)$")
_DAILY = re.compile(r"\bdaily\b", re.IGNORECASE)
_ID = re.compile(ID_PATTERN)
_BADGE_SEVERITY = {"high": Severity.BLOCKING, "medium": Severity.ADVISORY, "low": Severity.ADVISORY}

_RANGE = r"\s*(?P<a>\d+)\s*(?:-|\u2013|\u2014|to|through)\s*(?P<b>\d+)"
_WEEK_RANGE = re.compile(r"\bweeks?" + _RANGE, re.IGNORECASE)
_WEEK = re.compile(r"\bweek\s*(?P<a>\d+)", re.IGNORECASE)
_DAY_RANGE = re.compile(r"\bdays?" + _RANGE, re.IGNORECASE)
_DAY = re.compile(r"\bday\s*(?P<a>\d+)", re.IGNORECASE)
_MONTHLY = re.compile(r"\bmonth(?:ly|s)?\b", re.IGNORECASE)


def _phase_timing(title: str) -> dict[str, Any]:
    if _MONTHLY.search(title):
        return {"recurrence": PhaseRecurrence.MONTHLY.value}
    start, end = 1, 7
    if m := _WEEK_RANGE.search(title):
        a, b = sorted((max(int(m.group("a")), 1), max(int(m.group("b")), 1)))
        start, end = (a - 1) * 7 + 1, b * 7
    elif m := _WEEK.search(title):
        week = max(int(m.group("a")), 1)
        start, end = (week - 1) * 7 + 1, week * 7
    elif m := _DAY_RANGE.search(title):
        start, end = sorted((int(m.group("a")), int(m.group("b"))))
    elif m := _DAY.search(title):
        start = end = int(m.group("a"))
    return {"recurrence": PhaseRecurrence.ONCE.value, "start_day": start, "end_day": end}


class _Builder:
    def __init__(self, doc: Document, where: str, template_id: str) -> None:
        self.doc = doc
        self.where = where
        self.ids = Ids()
        self.ids.claim(template_id, "template")
        self.states: dict[str, ImportedState] = {}
        self.checkboxes = 0

    # --- items ---
    def item(self, box: Box, depends_on: str | None) -> dict[str, Any]:
        self.checkboxes += 1
        item: dict[str, Any] = {
            "id": self.ids.claim(visible_text(box.text), "item"),
            "text": box.text,
        }
        severity = Severity(box.priority) if box.priority else None
        for badge in box.badges:
            severity = severity or _BADGE_SEVERITY.get(badge.strip().lower())
        if m := CONDITION.search(box.text):
            item["severity"] = Severity.ADVISORY.value
            item["optional"] = True
            item["condition"] = m.group("condition").strip()
        else:
            item["severity"] = (severity or Severity.BLOCKING).value
        if box.guidance:
            item["guidance"] = "\n\n".join(box.guidance)
        if depends_on:
            item["depends_on"] = [depends_on]
        if box.checked:
            self.states[item["id"]] = ImportedState(ItemStatus.DONE)
        return item

    def items(self, boxes: list[Box], depends_on: str | None = None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for box in boxes:
            item = self.item(box, depends_on)
            out.append(item)
            out += self.items(box.children, item["id"])
        return out

    def group(self, title: str, id_text: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": self.ids.claim(visible_text(id_text), "group"),
            "title": title,
            "ml_test_section": guess_ml_test_section(visible_text(title)).value,
            "items": items,
        }

    def category(self, section: Section, title: str) -> dict[str, Any]:
        category: dict[str, Any] = {
            "id": self.ids.claim(visible_text(title), "category"),
            "title": title,
        }
        groups: list[dict[str, Any]] = []
        loose: dict[str, Any] | None = None
        for entry in section.entries:
            if isinstance(entry, SubGroup):
                loose = self.group(entry.title, entry.title, [])
                groups.append(loose)
                continue
            bold = _BOLD.match(entry.text)
            if entry.children and bold:
                self.checkboxes += 1
                group_title = (bold.group("star") or bold.group("under") or "").strip()
                group = self.group(group_title, group_title, [])
                group["items"] = self.items(entry.children)
                groups.append(group)
                continue
            if loose is None:
                loose = self.group(section.title, f"{section.title} items", [])
                groups.append(loose)
            loose["items"] += self.items([entry])
        category["groups"] = [g for g in groups if g["items"]]
        return category

    def phase(self, section: Section) -> dict[str, Any]:
        tasks = []
        for box in _flatten(section.boxes):
            self.checkboxes += 1
            task: dict[str, Any] = {
                "id": self.ids.claim(visible_text(box.text), "task"),
                "text": box.text,
            }
            if _DAILY.search(box.text):
                task["daily"] = True
            if box.guidance:
                task["guidance"] = "\n\n".join(box.guidance)
            tasks.append(task)
        return {
            "id": self.ids.claim(visible_text(section.title), "phase"),
            "title": section.title,
            **_phase_timing(visible_text(section.title)),
            "tasks": tasks,
        }


def _flatten(boxes: list[Box]) -> list[Box]:
    return [b for box in boxes for b in (box, *_flatten(box.children))]


def _is_post(section: Section) -> bool:
    return any(
        _POST_DEPLOYMENT.search(t) for t in (section.title, *(t for _, t in section.parents))
    )


def _category_titles(sections: list[Section]) -> list[str]:
    """Titles that keep their parents below the shallowest category level, then stay unique."""
    shallowest = min((s.level for s in sections if s.level > 0), default=0)
    titles = []
    for s in sections:
        kept = [t for level, t in s.parents if level >= max(shallowest, 2)]
        titles.append(" \u203a ".join([*kept, s.title]))
    for i, s in enumerate(sections):
        if titles.count(titles[i]) > 1:
            outer = [t for level, t in s.parents if level > 1 and not titles[i].startswith(t)]
            if outer:
                titles[i] = f"{outer[-1]} \u203a {titles[i]}"
    return titles


def import_markdown(
    text: str,
    *,
    template_id: str,
    title: str | None = None,
    source: str | None = None,
) -> MarkdownImport:
    """Template data, ticked states and warnings from a Markdown checklist.

    Raises ``TemplateError`` when the id is not kebab-case or the text has no checklist items.
    """
    where = source or "<markdown>"
    if not _ID.match(template_id):
        raise TemplateError(
            f"template id {template_id!r} must be kebab-case (e.g. 'ml-production')", path=where
        )
    doc = read_document(text, title or "Checklist")
    if fmt.is_release_export(text):
        return import_export(doc, text, where=where, fallback_id=template_id, source=source)
    builder = _Builder(doc, where, template_id)
    item_sections = [s for s in doc.sections if s.boxes and not _is_post(s)]
    titles = _category_titles(item_sections)
    categories = [builder.category(s, t) for s, t in zip(item_sections, titles, strict=True)]
    phases = [builder.phase(s) for s in doc.sections if s.boxes and _is_post(s)]
    if not categories:
        raise missing_items(doc, bool(phases), where)
    data: dict[str, Any] = {
        "id": template_id,
        "version": 1,
        "title": title or doc.title or template_id,
    }
    if source:
        data["source"] = source
    data["categories"] = categories
    if phases:
        data["post_deployment"] = phases
    warnings = [f"{where}:{line}: {message}" for line, message in doc.warnings]
    return MarkdownImport(data, builder.states, warnings, builder.checkboxes)


def markdown_to_template(
    text: str,
    *,
    template_id: str,
    title: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """Template data (ready for ``template_dict_to_yaml``) from a Markdown checklist."""
    return import_markdown(text, template_id=template_id, title=title, source=source).data


def template_dict_to_yaml(d: dict[str, Any]) -> str:
    """Block-style YAML for template data, keys in template order, with a review reminder."""
    origin = str(d.get("source") or "a Markdown checklist")
    origin = " ".join(origin.split())
    header = (
        f"# Checklist template imported from {origin}.\n"
        "# Review before use: ids are slugs of the visible words (never rename one once releases\n"
        "# use it), items are blocking unless a badge, a table level or an '(optional)'/'(if ...)'\n"
        "# made them advisory, nested checkboxes depend on their parent, and each group's\n"
        "# ml_test_section is a guess from its title.\n"
    )
    body = yaml.safe_dump(
        d, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return header + body
