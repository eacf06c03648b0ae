"""Inline Markdown, both ways: rebuild an item's text from parsed tokens, and write user text back.

One parser (markdown-it, CommonMark plus GFM tables and strikethrough) serves the importer and the
exports, so what an export writes is exactly what the importer reads back.

- ``inline_source`` turns parsed inline tokens into normalised Markdown source: code spans, links
  and emphasis are kept, reference links become inline links, images are dropped (their alt text
  is returned apart, e.g. a "High" priority badge), line breaks become spaces.
- ``literal`` writes plain text so that it reads back as exactly that text, escaping only what the
  context needs (``churn-2026-q4`` and ``Infrastructure & Security`` stay as they are).
- ``safe_inline`` keeps a text's inline Markdown when it is safe (no raw HTML, images or
  non-http(s) links, nothing that could reach outside its own span) and is ``literal`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # markdown-it is imported when a text needs the parse (see _plain)
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_SPECIAL = re.compile(r"([\\`*_\[\]<>!~|&])")
_LINE_START = re.compile(r"^(\s*)([#>+=:|*_`~-]|\d+[.)])")
_TRAILING_HASHES = re.compile(r"(\s)(#+)\s*$")
_SAFE_SCHEMES = ("http", "https", "mailto")
_KEPT_TOKENS = frozenset(
    {
        "text",
        "code_inline",
        "em_open",
        "em_close",
        "strong_open",
        "strong_close",
        "s_open",
        "s_close",
        "link_open",
        "link_close",
        "softbreak",
    }
)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one Markdown parser (CommonMark + GFM tables and strikethrough)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def one_line(text: str) -> str:
    """``text`` with every line break (and run of whitespace) folded into one space."""
    return " ".join(_LINE_BREAKS.sub(" ", text.replace("\x00", "\ufffd")).split())


def _inline_tokens(text: str) -> list[Token]:
    tokens = parser().parseInline(text)
    return list(tokens[0].children or []) if tokens else []


_LINK_LIKE = re.compile(r"\]\s*[(\[:]|<[A-Za-z/!?]|&#?\w+;")
# What can start inline syntax (escape, code, emphasis, strikethrough, link, image, an autolink
# or raw HTML: "<" before a letter, "/", "!" or "?"; an entity: "&" before "#" or a letter or
# digit) or a table cell; text without one parses as exactly itself ("(< 10ms)", ">80%" do).
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]!~|]|<[A-Za-z/!?]|&[#A-Za-z0-9]")


def _plain(text: str) -> bool:
    """``text`` (one line) holds nothing Markdown reads inline: the parse would be one text token.

    Item texts and titles are nearly all plain; this spares them the parse (an export made
    ~300) and an export of a plain checklist the import of markdown-it."""
    return _INLINE_SYNTAX.search(text) is None


def _reads_as_text(source: str, text: str) -> bool:
    if source == text and _plain(text):
        return True
    if _LINK_LIKE.search(source):  # a link a stricter renderer than ours might still honour
        return False
    children = _inline_tokens(source)
    return "".join(c.content for c in children if c.type == "text") == text and all(
        c.type == "text" for c in children
    )


def literal(text: str, *, table: bool = False, heading: bool = False) -> str:
    """One line of Markdown that reads back as exactly ``text`` (folded onto one line).

    Nothing is escaped when the text already reads as itself; otherwise Markdown punctuation is
    backslash-escaped. ``table`` also escapes ``|``; ``heading`` protects trailing ``#``. The
    result never starts block syntax (a list, quote, heading or table row) at the start of a line.
    """
    text = one_line(text)
    out = text
    if not _reads_as_text(out, text):
        out = _SPECIAL.sub(r"\\\1", text)
    if table:
        out = re.sub(r"(?<!\\)\|", r"\\|", out)
    if heading:
        out = _TRAILING_HASHES.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), out)
    return _LINE_START.sub(_escape_line_start, out, count=1)


def _escape_line_start(m: re.Match[str]) -> str:
    marker = m.group(2)
    if marker[0].isdigit():  # "1." -> "1\." (a backslash before a digit is literal)
        return m.group(1) + marker[:-1] + "\\" + marker[-1]
    return m.group(1) + "\\" + marker


def _safe_href(href: str) -> bool:
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return False
    return scheme in _SAFE_SCHEMES or (scheme == "" and not href.startswith("//"))


def _text_source(content: str) -> str:
    children = _inline_tokens(content)
    if all(c.type == "text" for c in children) and "".join(c.content for c in children) == content:
        return content
    return _SPECIAL.sub(r"\\\1", content)


def item_source(raw: str, children: Sequence[Token]) -> tuple[str, list[str]]:
    """An item's Markdown as written (folded onto one line) when nothing in it needs the parse
    (no images, no reference links); else ``inline_source``. Alt texts of images come apart."""
    images = [t.content for t in children if t.type == "image"]
    links = [str(t.attrs.get("href", "")) for t in children if t.type == "link_open"]
    written = all(f"]({href}" in raw or f"<{href}>" in raw for href in links)
    if not images and written:
        return one_line(raw), []
    return inline_source(children)


def _code_source(content: str) -> str:
    run = max((len(m) for m in re.findall(r"`+", content)), default=0)
    fence = "`" * (run + 1)
    pad = " " if content.startswith("`") or content.endswith("`") or not content.strip() else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def _destination(href: str) -> str:
    if re.search(r"[\s()<>]", href):
        return "<" + href.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"
    return href


def _link_open(token: Token) -> str:
    return "<" if token.markup == "autolink" else "["


def _link_close(opener: Token) -> str:
    if opener.markup == "autolink":
        return ">"
    href = _destination(str(opener.attrs.get("href", "")))
    title = opener.attrs.get("title")
    if title:
        return f'{"]("}{href} "{str(title).replace(chr(34), chr(92) + chr(34))}")'
    return f"]({href})"


def inline_source(children: Sequence[Token]) -> tuple[str, list[str]]:
    """Normalised Markdown source of inline tokens, and the alt texts of the images left out."""
    out: list[str] = []
    images: list[str] = []
    links: list[Token] = []
    for tok in children:
        kind = tok.type
        if kind == "text":
            out.append(
                _text_source(tok.content)
                if not links or links[-1].markup != "autolink"
                else tok.content
            )
        elif kind == "code_inline":
            out.append(_code_source(tok.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "image":
            images.append(tok.content)
        elif kind == "link_open":
            links.append(tok)
            out.append(_link_open(tok))
        elif kind == "link_close":
            out.append(_link_close(links.pop()) if links else "")
        elif kind.endswith("_open") or kind.endswith("_close"):
            out.append(tok.markup)
        else:  # html_inline and anything new: kept as written (exports neutralise it)
            out.append(tok.content)
    return one_line("".join(out)), images


def _is_safe(children: Sequence[Token]) -> bool:
    for tok in children:
        if tok.type not in _KEPT_TOKENS:
            return False
        if tok.type == "text" and _LINK_LIKE.search(tok.content):
            return False
        if tok.type == "link_open" and not _safe_href(str(tok.attrs.get("href", ""))):
            return False
    return True


_PROBE = "\u2063probe **x** `y` [z](http://z) *w*"


def _self_contained(text: str) -> bool:
    """Appending other Markdown after ``text`` changes nothing in how either part parses."""
    render = parser().renderInline
    joined: str = render(f"{text} {_PROBE}")
    return joined == f"{render(text)} {render(_PROBE)}"


def safe_inline(text: str, *, table: bool = False) -> str:
    """``text`` with its inline Markdown kept when that is safe, else ``literal(text)``.

    Safe means: only text, code spans, emphasis, strikethrough and http(s)/mailto/relative links,
    and nothing reaches outside it (appending words after it changes nothing in how it parses).
    It is meant for the middle of a line (after "- [ ] ", "## ", "| "), where no block starts.
    """
    text = one_line(text)
    if _plain(text):  # no syntax: safe, self-contained, and no "|" to escape
        return text
    if not text or not _is_safe(_inline_tokens(text)) or not _self_contained(text):
        return literal(text, table=table)
    return re.sub(r"(?<!\\)\|", r"\\|", text) if table else text
