"""The help text's parser, search and layout (pure, table-driven)."""

from __future__ import annotations

import pytest

from tracker.tui.help_text import Block, lines, parse, search

HELP = """# tracker

Some `code` and **bold**
on two lines.

## Keys

| key | command | what it does |
| --- | --- | --- |
| `u` | edit: undo | Undo your last change. |
| `s` | item: set status | todo, in progress, blocked, done, or not applicable here. |

## Team

Undo reverts your own change.
"""


def test_parse_headings_paragraphs_and_tables() -> None:
    blocks = parse(HELP)
    assert [b.kind for b in blocks] == ["title", "text", "heading", "table", "heading", "text"]
    assert blocks[1].text == "Some `code` and **bold** on two lines."
    assert blocks[3].rows == (
        ("key", "command", "what it does"),
        ("`u`", "edit: undo", "Undo your last change."),
        ("`s`", "item: set status", "todo, in progress, blocked, done, or not applicable here."),
    )


def label(block: Block) -> str:
    """A heading's text, a paragraph's first word, a table's keys."""
    if block.kind == "table":
        return "|" + ",".join(row[0].strip("`") for row in block.rows[1:])
    return block.text if block.kind != "text" else block.text.split()[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["tracker", "Some", "Keys", "|u,s", "Team", "Undo"]),
        ("undo", ["Keys", "|u", "Team", "Undo"]),
        ("UNDO   own", ["Team", "Undo"]),  # every word, any case
        ("set status", ["Keys", "|s"]),
        ("code bold", ["tracker", "Some"]),  # the Markdown marks are not searched
        ("keys", ["Keys", "|u,s"]),  # a matching heading keeps its whole section
        ("nothing like this", []),
    ],
)
def test_search_keeps_blocks_with_every_word_under_their_heading(
    query: str, expected: list[str]
) -> None:
    assert [label(b) for b in search(parse(HELP), query)] == expected


def test_lines_fit_the_width_and_wrap_a_table_under_its_last_column() -> None:
    shown = [line.plain.rstrip() for line in lines(parse(HELP), "", 64)]
    assert all(len(line) <= 64 for line in shown)
    rows = shown[shown.index("Keys") + 1 :]
    assert rows[:4] == [
        "key  command           what it does",
        "u    edit: undo        Undo your last change.",
        "s    item: set status  todo, in progress, blocked, done, or not",
        "                       applicable here.",
    ]
