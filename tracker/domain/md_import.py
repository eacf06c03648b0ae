"""Turn a Markdown checklist into checklist-template data (and YAML a person can then refine).

The rules, in the order they apply:

- Everything inside fenced code blocks (```` ``` ```` or ``~~~``) is skipped.
- A checkbox is a list line ``- [ ]``, ``* [ ]``, ``+ [ ]``, ``1. [ ]`` (or ``[x]``) at any
  indentation, spaces or tabs; a deeper-indented checkbox is a child of the one above it.
- Each heading under which checkboxes live directly is a **category**. Other content
  (paragraphs, sections without checkboxes) is ignored.
- A top-level checkbox with checkbox children is a **group** (its title loses surrounding
  ``**bold**``); its descendants are the group's **items**. Top-level leaf checkboxes go into a
  group named after the category.
- A heading containing "Post-Deployment" starts the post-deployment part: every heading under it
  is a **phase** ("Week 1", "Weeks 2-4", "Monthly" set the timing) and every checkbox in it a
  **task** (``daily: true`` when its text says "daily").
- Ids are kebab-case slugs of the text, at most 40 characters cut at a word boundary, made
  unique in the template with ``-2``, ``-3`` suffixes.
- Items are blocking; items saying "(if required)", "(if applicable)" or "(optional ...)" are
  optional and advisory, with the parenthetical as their condition.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from tracker.domain.enums import MLTestSection, PhaseRecurrence, Severity
from tracker.domain.template import ID_PATTERN
from tracker.errors import TemplateError

MAX_ID_LENGTH = 40

_CHECKBOX = re.compile(
    r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\[(?P<mark>[ xX])\](?:[ \t]+(?P<text>.*))?$"
)
_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_POST_DEPLOYMENT = re.compile(r"post[\s_-]*deployment", re.IGNORECASE)
_BOLD = re.compile(r"^(?:\*\*(?P<star>(?:(?!\*\*).)+)\*\*|__(?P<under>(?:(?!__).)+)__)$")
_CONDITION = re.compile(r"\((?P<condition>(?:if|optional)\b[^()]*)\)", re.IGNORECASE)
_DAILY = re.compile(r"\bdaily\b", re.IGNORECASE)
_ID = re.compile(ID_PATTERN)

_RANGE = r"\s*(?P<a>\d+)\s*(?:-|\u2013|\u2014|to|through)\s*(?P<b>\d+)"
_WEEK_RANGE = re.compile(r"\bweeks?" + _RANGE, re.IGNORECASE)
_WEEK = re.compile(r"\bweek\s*(?P<a>\d+)", re.IGNORECASE)
_DAY_RANGE = re.compile(r"\bdays?" + _RANGE, re.IGNORECASE)
_DAY = re.compile(r"\bday\s*(?P<a>\d+)", re.IGNORECASE)
_MONTHLY = re.compile(r"\bmonth(?:ly|s)?\b", re.IGNORECASE)

# Words match at the start of a word ("validation", "models"); "data" only as a whole word,
# so that "Databricks" says nothing about the section.
_MONITORING_WORDS = re.compile(r"\b(?:monitor|alert|observ)", re.IGNORECASE)
_SECTION_WORDS: tuple[tuple[re.Pattern[str], MLTestSection], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), section)
    for pattern, section in (
        (r"\bdata(?:sets?)?\b", MLTestSection.DATA),
        (r"\bfeature", MLTestSection.DATA),
        (r"\bquality", MLTestSection.DATA),
        (r"\bvalid", MLTestSection.DATA),
        (r"\bmodel", MLTestSection.MODEL),
        (r"\bmlflow", MLTestSection.MODEL),
        (r"\btrain", MLTestSection.MODEL),
        (r"\bgovern", MLTestSection.MODEL),
    )
)


# --- parsing -------------------------------------------------------------------------------


@dataclass
class _Checkbox:
    text: str
    line: int
    children: list[_Checkbox] = field(default_factory=list)

    def descendants(self) -> Iterator[_Checkbox]:
        for child in self.children:
            yield child
            yield from child.descendants()


@dataclass
class _Section:
    title: str
    line: int
    post_deployment: bool
    checkboxes: list[_Checkbox] = field(default_factory=list)


@dataclass
class _Document:
    title: str | None
    sections: list[_Section]
    unclosed_fence: int | None


def _indent_width(indent: str) -> int:
    width = 0
    for ch in indent:
        width = width + 4 - width % 4 if ch == "\t" else width + 1
    return width


def _parse(text: str, default_title: str) -> _Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc_title: str | None = None
    section = _Section(default_title, 1, post_deployment=False)
    sections = [section]
    headings: list[tuple[int, bool]] = []  # (level, starts post-deployment) of open headings
    parents: list[tuple[int, _Checkbox]] = []  # (indent, checkbox) of the current list
    fence: tuple[str, int, int] | None = None  # (char, length, line) of the open code fence
    for lineno, line in enumerate(lines, start=1):
        if fence is not None:
            stripped = line.strip()
            char, length, _ = fence
            if stripped.startswith(char * length) and not stripped.strip(char):
                fence = None
            continue
        if m := _FENCE.match(line):
            marker = m.group("fence")
            if marker[0] == "`" and "`" in m.group("info"):
                pass  # not a fence: an inline code span at the start of a line
            else:
                fence = (marker[0], len(marker), lineno)
                continue
        if m := _HEADING.match(line):
            level = len(m.group("hashes"))
            title = (m.group("text") or "").strip()
            while headings and headings[-1][0] >= level:
                headings.pop()
            starts_post = bool(_POST_DEPLOYMENT.search(title))
            headings.append((level, starts_post))
            if level == 1 and doc_title is None and title:
                doc_title = title
            in_post = any(post for _, post in headings)
            section = _Section(title or "Untitled", lineno, post_deployment=in_post)
            sections.append(section)
            parents.clear()
            continue
        if m := _CHECKBOX.match(line):
            item_text = (m.group("text") or "").strip()
            if not item_text:
                continue
            indent = _indent_width(m.group("indent"))
            while parents and parents[-1][0] >= indent:
                parents.pop()
            box = _Checkbox(item_text, lineno)
            (parents[-1][1].children if parents else section.checkboxes).append(box)
            parents.append((indent, box))
    return _Document(doc_title, sections, fence[2] if fence is not None else None)


# --- ids and guesses -----------------------------------------------------------------------


def _truncate_words(words: list[str], max_length: int) -> str:
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > max_length:
            return out or word[:max_length]
        out = candidate
    return out


def slugify(text: str, *, max_length: int = MAX_ID_LENGTH, fallback: str = "item") -> str:
    """A kebab-case id for ``text``: ASCII words, at most ``max_length`` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return _truncate_words(words, max_length) or fallback


class _Ids:
    """Hands out ids that are unique in the whole template."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, text: str, fallback: str) -> str:
        base = slugify(text, fallback=fallback)
        candidate, n = base, 1
        while candidate in self._used:
            n += 1
            suffix = f"-{n}"
            stem = _truncate_words(base.split("-"), MAX_ID_LENGTH - len(suffix))
            candidate = stem + suffix
        self._used.add(candidate)
        return candidate


def guess_ml_test_section(title: str) -> MLTestSection:
    """Monitoring words win; otherwise the earliest data or model word; else infrastructure."""
    if _MONITORING_WORDS.search(title):
        return MLTestSection.MONITORING
    hits = [
        (m.start(), section)
        for pattern, section in _SECTION_WORDS
        if (m := pattern.search(title)) is not None
    ]
    if hits:
        return min(hits, key=lambda hit: hit[0])[1]
    return MLTestSection.INFRASTRUCTURE


def _group_title(text: str) -> str:
    m = _BOLD.match(text)
    if m is None:
        return text
    inner = (m.group("star") or m.group("under") or "").strip()
    return inner or text


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


def _item(box: _Checkbox, ids: _Ids) -> dict[str, Any]:
    item: dict[str, Any] = {"id": ids.claim(box.text, "item"), "text": box.text}
    if m := _CONDITION.search(box.text):
        item["severity"] = Severity.ADVISORY.value
        item["optional"] = True
        item["condition"] = m.group("condition").strip()
    else:
        item["severity"] = Severity.BLOCKING.value
    return item


def _task(box: _Checkbox, ids: _Ids) -> dict[str, Any]:
    task: dict[str, Any] = {"id": ids.claim(box.text, "task"), "text": box.text}
    if _DAILY.search(box.text):
        task["daily"] = True
    return task


# --- building ------------------------------------------------------------------------------


def _category(section: _Section, ids: _Ids) -> dict[str, Any]:
    category: dict[str, Any] = {"id": ids.claim(section.title, "category"), "title": section.title}
    groups: list[dict[str, Any]] = []
    loose: dict[str, Any] | None = None  # the group of leaf checkboxes right under the heading
    for box in section.checkboxes:
        if box.children:
            title = _group_title(box.text)
            groups.append(
                {
                    "id": ids.claim(title, "group"),
                    "title": title,
                    "ml_test_section": guess_ml_test_section(title).value,
                    "items": [_item(child, ids) for child in box.descendants()],
                }
            )
            continue
        if loose is None:
            loose = {
                "id": ids.claim(f"{section.title} items", "group"),
                "title": section.title,
                "ml_test_section": guess_ml_test_section(section.title).value,
                "items": [],
            }
            groups.append(loose)
        loose["items"].append(_item(box, ids))
    category["groups"] = groups
    return category


def _phase(section: _Section, ids: _Ids) -> dict[str, Any]:
    tasks = [_task(box, ids) for top in section.checkboxes for box in (top, *top.descendants())]
    return {
        "id": ids.claim(section.title, "phase"),
        "title": section.title,
        **_phase_timing(section.title),
        "tasks": tasks,
    }


def markdown_to_template(
    text: str,
    *,
    template_id: str,
    title: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """Template data (ready for ``template_dict_to_yaml``) from a Markdown checklist.

    Raises ``TemplateError`` when the id is not kebab-case or the text has no checklist items.
    """
    where = source or "<markdown>"
    if not _ID.match(template_id):
        raise TemplateError(
            f"template id {template_id!r} must be kebab-case (e.g. 'ml-production')", path=where
        )
    doc = _parse(text, title or "Checklist")
    ids = _Ids()
    ids.claim(template_id, "template")
    categories = [_category(s, ids) for s in doc.sections if s.checkboxes and not s.post_deployment]
    phases = [_phase(s, ids) for s in doc.sections if s.checkboxes and s.post_deployment]
    if not categories:
        hint = ""
        if doc.unclosed_fence is not None:
            hint = f"; the code fence opened at line {doc.unclosed_fence} is never closed"
        if phases:
            first = next(s for s in doc.sections if s.checkboxes)
            raise TemplateError(
                "only post-deployment tasks found; a template needs checklist items ('- [ ] ...')"
                f" outside 'Post-Deployment' sections{hint}",
                path=where,
                line=first.line,
            )
        raise TemplateError(f"no checklist items ('- [ ] ...') found{hint}", path=where, line=1)
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
    return data


def template_dict_to_yaml(d: dict[str, Any]) -> str:
    """Block-style YAML for template data, keys in template order, with a review reminder."""
    origin = str(d.get("source") or "a Markdown checklist")
    origin = " ".join(origin.split())
    header = (
        f"# Checklist template imported from {origin}.\n"
        "# Review before use: ids are slugs of the text (never rename one once releases use it),\n"
        "# every item is blocking unless its text made it optional, and each group's\n"
        "# ml_test_section is a guess from its title.\n"
    )
    body = yaml.safe_dump(
        d, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return header + body
