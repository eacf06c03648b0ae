"""Read a Markdown checklist into sections of checkboxes (the importer's first half; pure).

markdown-it parses the file, so wrapped lines, code fences, numbered lists, nesting and tables
follow CommonMark/GFM exactly. This module only walks the tree:

- a heading starts a section; a heading inside a list item starts a sub-group of its section;
- a task list item (``[ ]``/``[x]``) is a ``Box`` with its full text (continuation lines joined,
  inline Markdown kept) and its checkbox children in order;
- what follows a box until the next box or heading (resource bullets, code blocks, quotes,
  paragraphs) and the plain content nested in it become its guidance;
- a table with an item-like column gives one box per row;
- anything that looks like a checkbox but is not one gives a warning with its line.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from tracker.domain.md_inline import item_source, parser

_TASK = re.compile(r"^\[(?P<mark>[ xX])\](?:[ \t]+|$)")
_LOOKS_LIKE_TASK = re.compile(r"^[\s>]*(?:[-*+]|\d{1,9}[.)])?\s*\[(?:[ xX]?)\]", re.MULTILINE)
_ITEM_COLUMN = re.compile(r"check|item|task|name|requirement|control|title|step", re.I)
_DESCRIPTION_COLUMN = re.compile(r"desc|detail|summary|explanation|why|how", re.I)
_PRIORITY_COLUMN = re.compile(r"priority|severity|importance|criticality|required|level", re.I)
_STATUS_COLUMN = re.compile(r"^\s*(?:status|done|state|checked)\s*$", re.I)
_TRUTHY_CELL = re.compile(
    r"✅|✔|☑|:white_check_mark:|:heavy_check_mark:|^\s*(?:x|yes|y|done)\s*$", re.I
)


@dataclass
class Box:
    """One checkbox (or table row) with its text as Markdown source."""

    text: str
    checked: bool
    line: int
    badges: list[str] = field(default_factory=list)  # alt texts of images, e.g. "High"
    children: list[Box] = field(default_factory=list)
    guidance: list[str] = field(default_factory=list)
    priority: str | None = None  # from a table's level/priority columns: "blocking"/"advisory"


@dataclass
class SubGroup:
    """A heading inside a list item: the boxes after it form a group of that title."""

    title: str
    line: int


@dataclass
class Section:
    title: str
    level: int
    line: int
    parents: tuple[tuple[int, str], ...]  # (level, title) of enclosing headings, outermost first
    entries: list[Box | SubGroup] = field(default_factory=list)

    @property
    def boxes(self) -> list[Box]:
        return [e for e in self.entries if isinstance(e, Box)]


@dataclass
class Document:
    title: str | None
    sections: list[Section]
    warnings: list[tuple[int, str]]
    unclosed_fence: int | None = None


class _Walker:
    def __init__(self, source: str, default_title: str) -> None:
        self.lines = source.split("\n")
        self.title: str | None = None
        self.section = Section(default_title, 0, 1, ())
        self.sections = [self.section]
        self.headings: list[tuple[int, str]] = []
        self.last: Box | None = None  # the box that following content is guidance for
        self.warnings: list[tuple[int, str]] = []
        self.unclosed_fence: int | None = None

    def warn(self, node: SyntaxTreeNode, message: str) -> None:
        self.warnings.append((_line(node), message))

    def source(self, node: SyntaxTreeNode) -> str:
        if node.map is None:
            return ""
        start, end = node.map
        return textwrap.dedent("\n".join(self.lines[start:end])).strip("\n")

    def block(self, node: SyntaxTreeNode) -> None:
        kind = node.type
        if kind == "heading":
            self.heading(node)
        elif kind in ("bullet_list", "ordered_list"):
            for item in node.children:
                self.list_item(item, top=True)
        elif kind == "table":
            self.table(node)
        elif kind == "hr":
            self.last = None
        elif kind == "html_block":
            self.unrecognised(node, "inside an HTML block")
        elif kind == "blockquote":
            self.unrecognised(node, "inside a quote")
            self.add_guidance(node)
        elif kind == "paragraph":
            self.unrecognised(node, "not in a list ('- [ ] ...')")
            self.add_guidance(node)
        else:  # fence, code_block
            if kind == "fence" and self.unclosed(node):
                self.unclosed_fence = _line(node)
            self.add_guidance(node)

    def unclosed(self, node: SyntaxTreeNode) -> bool:
        start, end = node.map or (0, 0)
        closing = self.lines[end - 1].strip() if end - start > 1 else ""
        return not (
            closing and set(closing) == {node.markup[0]} and len(closing) >= len(node.markup)
        )

    def unrecognised(self, node: SyntaxTreeNode, where: str) -> None:
        if node.type in ("fence", "code_block"):
            return
        if _LOOKS_LIKE_TASK.search(self.source(node)):
            self.warn(node, f"a checkbox {where} is not a checklist item; skipped")

    def add_guidance(self, node: SyntaxTreeNode) -> None:
        if self.last is not None and (text := self.source(node)):
            self.last.guidance.append(text)

    def heading(self, node: SyntaxTreeNode) -> None:
        level = int(node.tag[1])
        title = _inline(node)[0] or "Untitled"
        if level == 1 and self.title is None:
            self.title = title
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        parents = tuple(self.headings)
        self.headings.append((level, title))
        self.section = Section(title, level, _line(node), parents)
        self.sections.append(self.section)
        self.last = None

    def list_item(self, item: SyntaxTreeNode, *, top: bool, parent: Box | None = None) -> None:
        box = self.task(item)
        if box is None:
            self.plain_item(item, top=top, parent=parent)
            return
        if parent is not None:
            parent.children.append(box)
        else:
            self.section.entries.append(box)
        for child in item.children[1:]:
            self.item_child(child, box)
        if top:
            self.last = box

    def plain_item(self, item: SyntaxTreeNode, *, top: bool, parent: Box | None) -> None:
        holds_tasks = any(self.task_like(n) for n in item.walk() if n is not item)
        if holds_tasks:  # "- Category" with checkboxes under it: a sub-group
            title = _inline(item.children[0])[0] if item.children else ""
            if top and title:
                self.section.entries.append(SubGroup(title, _line(item)))
            for child in item.children[1 if title else 0 :]:
                if child.type in ("bullet_list", "ordered_list"):
                    for grandchild in child.children:
                        self.list_item(grandchild, top=top, parent=parent)
                else:
                    self.block(child)
            return
        if parent is not None:
            parent.guidance.append(self.source(item))
        elif top and self.last is not None:
            self.last.guidance.append(self.source(item))
        self.unrecognised(item, "not in a task list")

    def task_like(self, node: SyntaxTreeNode) -> bool:
        return node.type == "list_item" and self.task(node, probe=True) is not None

    def item_child(self, child: SyntaxTreeNode, box: Box) -> None:
        if child.type in ("bullet_list", "ordered_list"):
            for item in child.children:
                self.list_item(item, top=False, parent=box)
        elif child.type == "heading":
            title = _inline(child)[0]
            if title:
                self.section.entries.append(SubGroup(title, _line(child)))
        elif child.type == "paragraph" and _LOOKS_LIKE_TASK.search(self.source(child)):
            self.warn(child, "a checkbox not at the start of a list item; skipped")
        else:
            box.guidance.append(self.source(child))

    def task(self, item: SyntaxTreeNode, *, probe: bool = False) -> Box | None:
        first = item.children[0] if item.children else None
        if first is None or first.type != "paragraph":
            return None
        inline = first.children[0] if first.children else None
        tokens: list[Token] = list(inline.token.children or []) if inline and inline.token else []
        if not tokens or tokens[0].type != "text" or not (m := _TASK.match(tokens[0].content)):
            return None
        if probe:
            return Box("", False, 0)
        head = tokens[0].copy()
        head.content = head.content[m.end() :]
        raw = inline.token.content.lstrip()[m.end() :] if inline and inline.token else ""
        text, badges = item_source(raw, [head, *tokens[1:]])
        if not text:
            self.warn(item, "an empty checkbox; skipped")
            return None
        return Box(text, m.group("mark") in "xX", _line(item), badges)

    def table(self, node: SyntaxTreeNode) -> None:
        rows = [r for part in node.children for r in part.children]
        if not rows:
            return
        header = [_inline(cell)[0] for cell in rows[0].children]
        item_col = next((i for i, h in enumerate(header) if _ITEM_COLUMN.search(h)), None)
        if item_col is None:
            self.warn(node, "a table without a check/item/name column; skipped")
            return
        desc_col = next(
            (i for i, h in enumerate(header) if i != item_col and _DESCRIPTION_COLUMN.search(h)),
            None,
        )
        levels = [i for i, h in enumerate(header) if i != item_col and _PRIORITY_COLUMN.search(h)]
        status_col = next((i for i, h in enumerate(header) if _STATUS_COLUMN.match(h)), None)
        for row in rows[1:]:
            cells = [_inline(cell)[0] for cell in row.children]
            cells += [""] * (len(header) - len(cells))
            name = cells[item_col]
            if not name:
                self.warn(row, "a table row without a check name; skipped")
                continue
            text = (
                f"{name}: {cells[desc_col]}" if desc_col is not None and cells[desc_col] else name
            )
            checked = status_col is not None and bool(_TRUTHY_CELL.search(cells[status_col]))
            box = Box(
                text,
                checked,
                _line(row) or _line(node),
                priority=_priority([cells[i] for i in levels]),
            )
            self.section.entries.append(box)
        self.last = None


def _priority(cells: list[str]) -> str | None:
    """Severity from level/priority cells: one column says it; several (levels) must all tick."""
    if not cells:
        return None
    if len(cells) == 1:
        word = cells[0].strip().lower()
        if re.search(r"high|critical|must|blocker|p0|p1|required|yes|✅|:white_check_mark:", word):
            return "blocking"
        return "advisory" if word else None
    return "blocking" if all(_TRUTHY_CELL.search(c) for c in cells) else "advisory"


def _line(node: SyntaxTreeNode) -> int:
    return node.map[0] + 1 if node.map else 0


def _inline(node: SyntaxTreeNode) -> tuple[str, list[str]]:
    """The inline source of a heading, paragraph or table cell."""
    for child in node.children:
        if child.type == "inline" and child.token is not None:
            return item_source(child.token.content, child.token.children or [])
    return "", []


def read_document(text: str, default_title: str) -> Document:
    """Sections (in document order) with their checkboxes, plus warnings as (line, message)."""
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    walker = _Walker(source, default_title)
    tree = SyntaxTreeNode(parser().parse(source))
    for node in tree.children:
        walker.block(node)
    return Document(walker.title, walker.sections, sorted(walker.warnings), walker.unclosed_fence)
