"""Pieces the Markdown importers share: visible words, ids, section guesses, the result type."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from tracker.domain.enums import ItemStatus, MLTestSection, NaReason
from tracker.domain.md_blocks import Document
from tracker.domain.md_inline import parser
from tracker.errors import TemplateError

MAX_ID_LENGTH = 40
CONDITION = re.compile(r"\((?P<condition>(?:if|optional)\b[^()]*)\)", re.IGNORECASE)

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


@dataclass(frozen=True, slots=True)
class ImportedState:
    """The state a checkbox brings in: done when ticked; an export also carries N/A and more."""

    status: ItemStatus
    na_reason: NaReason | None = None
    na_note: str | None = None


@dataclass
class MarkdownImport:
    """Template data (for ``template_dict_to_yaml``/``parse_template``) and what came with it."""

    data: dict[str, Any]
    states: dict[str, ImportedState] = field(default_factory=dict)  # item id -> non-todo state
    warnings: list[str] = field(default_factory=list)  # "file:line: message"
    checkboxes: int = 0  # checklist entries seen in the source (boxes and table rows)


def visible_text(markdown: str) -> str:
    """The words a reader sees in inline Markdown: no URLs, no image names, no markup."""
    tokens = parser().parseInline(markdown)
    children = tokens[0].children or [] if tokens else []
    return "".join(c.content for c in children if c.type in ("text", "code_inline"))


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


class Ids:
    """Hands out ids that are unique in the whole template."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def reserve(self, exact: str) -> None:
        """Keep ``exact`` out of ``claim``'s hands (an id that is already spoken for)."""
        self._used.add(exact)

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


def missing_items(doc: Document, phases: bool, where: str) -> TemplateError:
    hint = ""
    if doc.unclosed_fence is not None:
        hint = f"; the code fence opened at line {doc.unclosed_fence} is never closed"
    if phases:
        first = next(s for s in doc.sections if s.boxes)
        return TemplateError(
            "only post-deployment tasks found; a template needs checklist items ('- [ ] ...')"
            f" outside 'Post-Deployment' sections{hint}",
            path=where,
            line=first.line,
        )
    return TemplateError(f"no checklist items ('- [ ] ...') found{hint}", path=where, line=1)
