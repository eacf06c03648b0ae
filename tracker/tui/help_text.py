"""Pure: the help text (``screens/help.md``) as blocks that can be searched, and their rendering.

The help screen once rendered the file with Textual's ``Markdown`` widget: ~0.7 s to open (a
widget per block, per table cell). It is small, plain Markdown (headings, paragraphs, tables),
so it is parsed here into blocks and drawn as lines of styled content. A search keeps the blocks
(paragraphs, table rows) holding every word typed, under their headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from textual.content import Content

Kind = Literal["heading", "title", "text", "table"]

_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|~~(.+?)~~|\*(.+?)\*")
CODE_STYLE = "bold $text-accent"
HEADING_STYLE = "bold $text-primary"
HEADER_STYLE = "bold $text-muted"
HIT_STYLE = "reverse"
GAP = 2


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph, or a table: ``rows[0]`` is its header."""

    kind: Kind
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def parse(markdown: str) -> list[Block]:
    """Headings (``#``, ``##``), paragraphs (consecutive lines) and pipe tables."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    rows: list[tuple[str, ...]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("text", " ".join(paragraph)))
            paragraph.clear()
        if rows:
            blocks.append(Block("table", rows=tuple(rows)))
            rows.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if paragraph:
                flush()
            cells = tuple(cell.strip() for cell in line.strip("|").split(" | "))
            if not all(set(cell) <= {"-", ":", " "} for cell in cells):  # the |---| line
                rows.append(cells)
            continue
        if rows or not line:
            flush()
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            blocks.append(Block("title" if level == 1 else "heading", line.lstrip("# ")))
        elif line:
            paragraph.append(line)
    flush()
    return blocks


def _words(query: str) -> list[str]:
    return query.lower().split()


def _plain(markdown: str) -> str:
    return _INLINE.sub(lambda m: next(g for g in m.groups() if g is not None), markdown)


def _matches(text: str, words: Sequence[str]) -> bool:
    lowered = _plain(text).lower()
    return all(word in lowered for word in words)


def search(blocks: Sequence[Block], query: str) -> list[Block]:
    """The blocks that hold every word of ``query`` (case-insensitive), under their headings;
    a table keeps its header and the matching rows; a matching heading keeps its whole section.
    An empty query keeps everything."""
    words = _words(query)
    if not words:
        return list(blocks)
    found: list[Block] = []
    heading: Block | None = None  # the section's heading, until something in it is kept
    whole_section = False  # the heading matched: its section is kept whole
    for block in blocks:
        if block.kind in ("heading", "title"):
            whole_section = _matches(block.text, words)
            heading = None if whole_section else block
            if whole_section:
                found.append(block)
            continue
        if whole_section:
            found.append(block)
            continue
        if block.kind == "table":
            rows = [row for row in block.rows[1:] if _matches(" ".join(row), words)]
            kept = Block("table", rows=(block.rows[0], *rows)) if rows else None
        else:
            kept = block if _matches(block.text, words) else None
        if kept is not None:
            if heading is not None:
                found.append(heading)
                heading = None
            found.append(kept)
    return found


def inline(markdown: str, words: Sequence[str] = ()) -> Content:
    """One line of Markdown (code, bold, italic, strike-through) as styled content, the search
    words highlighted."""
    parts: list[tuple[str, str] | str] = []
    position = 0
    for match in _INLINE.finditer(markdown):
        parts.append(markdown[position : match.start()])
        code, bold, strike, italic = match.groups()
        if code is not None:
            parts.append((code, CODE_STYLE))
        elif bold is not None:
            parts.append((bold, "bold"))
        elif strike is not None:
            parts.append((strike, "strike"))
        else:
            parts.append((italic, "italic"))
        position = match.end()
    parts.append(markdown[position:])
    content = Content.assemble(*parts)
    if words:
        pattern = "|".join(re.escape(word) for word in words)
        content = content.highlight_regex(re.compile(pattern, re.IGNORECASE), style=HIT_STYLE)
    return content


def lines(blocks: Iterable[Block], query: str, width: int) -> list[Content]:
    """The blocks as lines of at most ``width`` cells."""
    words = _words(query)
    width = max(width, 20)
    out: list[Content] = []
    after_heading = True
    for block in blocks:
        if out and not (after_heading and block.kind not in ("heading", "title")):
            out.append(Content(""))  # a blank line between blocks, none under a heading
        after_heading = block.kind in ("heading", "title")
        if after_heading:
            out.append(Content.styled(block.text, HEADING_STYLE))
        elif block.kind == "text":
            out.extend(inline(block.text, words).wrap(width))
        else:
            out.extend(_table_lines(block.rows, words, width))
    return out


def _table_lines(
    rows: Sequence[tuple[str, ...]], words: Sequence[str], width: int
) -> list[Content]:
    """Columns padded to their widest cell (at most a quarter of the width each), the last one
    wrapped under itself."""
    cells = [[inline(cell, words) for cell in row] for row in rows]
    columns = len(rows[0])
    widths = [
        min(max(row[n].cell_length for row in cells if n < len(row)), width // 4)
        for n in range(columns - 1)
    ]
    indent = sum(widths) + GAP * len(widths)
    out: list[Content] = []
    for number, row in enumerate(cells):
        prefix = Content("").join(
            cell.truncate(w, ellipsis=True).pad_right(w - min(cell.cell_length, w) + GAP)
            for cell, w in zip(row, widths, strict=False)
        )
        last = row[-1] if len(row) == columns else Content("")
        wrapped = last.wrap(max(width - indent, 10)) or [Content("")]
        if number == 0:  # the header
            prefix, wrapped = (
                prefix.stylize(HEADER_STYLE),
                [w.stylize(HEADER_STYLE) for w in wrapped],
            )
        out.append(prefix + wrapped[0])
        out.extend(Content(" " * indent) + line for line in wrapped[1:])
    return out
