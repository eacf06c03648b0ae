from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.factories import (
    FIXED_NOW,
    make_check_result,
    make_evidence,
    make_item,
    make_release,
    make_view,
)
from tracker.domain.enums import CheckOutcome, ItemStatus, NaReason, Severity
from tracker.domain.export_md import escape_md_block, escape_md_inline, release_to_markdown
from tracker.domain.models import ReleaseItem, ReleaseView

CHECKBOX_LINE = re.compile(r"^[ \t]*- \[")
FIXED_HEADINGS = 4  # release title, progress by category, open blocking items, item status


def render(view: ReleaseView) -> str:
    return release_to_markdown(view, generated_at=FIXED_NOW)


def parse(md: str) -> list[Token]:
    # CommonMark plus GFM tables and strikethrough: what GitHub does, minus autolinking bare URLs.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)


def item_line(md: str, text: str) -> str:
    matches = [line for line in md.splitlines() if CHECKBOX_LINE.match(line) and text in line]
    assert len(matches) == 1, matches
    return matches[0]


# --- escaping: only what each context needs ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text", "plain text"),
        # Why: "The Markdown export escapes everything": churn\-2026\-q4, \(raw, features\), &amp;
        ("churn-2026-q4", "churn-2026-q4"),
        ("(raw, features)", "(raw, features)"),
        ("auto-termination", "auto-termination"),
        ("Infrastructure & Security", "Infrastructure & Security"),
        ("- [x] done", r"\- [x] done"),
        ("# heading", r"\# heading"),
        ("1. first", r"1\. first"),
        ("a | b", r"a \| b"),
        ("[link](http://evil)", r"\[link\](http://evil)"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("AT&T", "AT&T"),
        ("&amp;", r"\&amp;"),
        ("*bold* _em_ ~~s~~ `code`", r"\*bold\* \_em\_ \~\~s\~\~ \`code\`"),
        ("line one\nline two\r\nthree", "line one line two three"),
        ("back\\slash", "back\\slash"),
        ("{braces}! +plus", "{braces}! +plus"),
        ("setext\n===", "setext ==="),
        ("  padded  ", "padded"),
        ("snake_case_name", "snake_case_name"),
    ],
)
def test_escape_md_inline(text: str, expected: str) -> None:
    assert escape_md_inline(text) == expected
    assert _reads_back(escape_md_inline(text)) == " ".join(text.split())


def _reads_back(md: str) -> str:
    (para,) = [t for t in parse(md) if t.type == "inline"]
    return "".join(c.content for c in para.children or [] if c.type == "text")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one line", "> one line"),
        ("a\n\nb", "> a\n>\n> b"),
        ("- [x] fake\n# fake heading", "> \\- [x] fake\n> \\# fake heading"),
        ("    indented code", "> indented code"),
        ("<script>x</script>", "> \\<script\\>x\\</script\\>"),
        # Why: timeline links were escaped; a bare URL stays bare (GitHub links it).
        (
            "see https://adb-123.azuredatabricks.net/x",
            "> see https://adb-123.azuredatabricks.net/x",
        ),
    ],
)
def test_escape_md_block(text: str, expected: str) -> None:
    assert escape_md_block(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Why: "links, code and bold in item texts shown as literal syntax".
        (
            "Use `kubectl` and [docs](https://example.com)",
            "Use `kubectl` and [docs](https://example.com)",
        ),
        ("**Doctype:** is HTML5", "**Doctype:** is HTML5"),
        ("x <b>raw</b>", r"x \<b\>raw\</b\>"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("[x](data:text/html,hi)", r"\[x\](data:text/html,hi)"),
        ("![img](https://evil.example/x.png)", r"\!\[img\](https://evil.example/x.png)"),
        ("**unclosed", "**unclosed"),
        ("- [ ] fake", "- [ ] fake"),  # mid-line: plain text, no second checkbox
    ],
)
def test_item_text_keeps_safe_inline_markdown(text: str, expected: str) -> None:
    item = make_item(text=text, key="k")
    line = item_line(render(make_view([item])), "`k`")
    assert line == f"- [ ] {expected} — `k` · **blocking**"


# --- document structure ----------------------------------------------------------------------


def sample_view() -> ReleaseView:
    return make_view()


def test_header_table_and_summary() -> None:
    view = make_view(release=make_release(name="r1", golive_date=date(2025, 4, 2)))
    md = render(view)
    lines = md.splitlines()
    assert lines[0] == "# Release r1"
    assert "| Environment | prod |" in lines
    assert "| Target go-live | 2025-04-01 |" in lines
    assert "| Actual go-live | 2025-04-02 |" in lines
    assert "| Generated at | 2025-03-14T09:30:00+00:00 |" in lines
    assert any("(databricks-ml-production v1)" in line for line in lines)
    assert "**2/5 closed (40%)** · 3 open blocking" in lines
    assert md.endswith("\n")


def test_category_table_has_bars() -> None:
    md = render(sample_view())
    # Why: "Infrastructure &amp; Security inside tables".
    assert "| Infrastructure & Security | 1 | 1 | 2 | █████░░░░░ | 50% |" in md
    assert "| Data Quality & Validation | 0 | 0 | 1 | ░░░░░░░░░░ | 0% |" in md


def test_open_blocking_list() -> None:
    md = render(sample_view())
    section = md.split("## Open blocking items", 1)[1].split("## Item status", 1)[0]
    # Why: "The open-blocking list has no ids or due dates".
    assert [line for line in section.splitlines() if line] == [
        "- `uc-schemas` Schemas organized by domain (raw, features, models, monitoring) — "
        "owner bo · due 2025-03-01 · in progress",
        "- `secrets` Secrets stored in Azure Key Vault — unassigned · to do",
        "- `schema-validation` Schema validation automated — owner ana · blocked",
    ]


def test_no_open_blocking_items() -> None:
    md = render(make_view([make_item(status=ItemStatus.DONE)]))
    assert "## Open blocking items\n\nNone." in md


def test_mermaid_pie_omits_zero_counts() -> None:
    view = make_view(
        [make_item(status=ItemStatus.DONE), make_item(status=ItemStatus.DONE), make_item()]
    )
    md = render(view)
    pie = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert pie.splitlines() == [
        "pie showData title Item status",
        '    "To do" : 1',
        '    "Done" : 2',
    ]


def test_empty_release_has_no_pie() -> None:
    md = render(make_view([]))
    assert "```mermaid" not in md
    assert "**0/0 closed (0%)** · 0 open blocking" in md


def test_checklist_hierarchy() -> None:
    md = render(sample_view())
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# Release r1",
        "## Progress by category",
        "## Open blocking items",
        "## Item status",
        "## Infrastructure & Security",
        "### Unity Catalog Setup (1/2)",
        "### Network & Security (1/2)",
        "## Data Quality & Validation",
        "### Data Validation (0/1)",
        "## Archived items (removed from the template)",
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"text": "Plain todo"}, "- [ ] Plain todo — `k` · **blocking**"),
        ({"text": "Advisory", "severity": Severity.ADVISORY}, "- [ ] Advisory — `k` · *advisory*"),
        ({"text": "Finished", "status": ItemStatus.DONE}, "- [x] Finished — `k`"),
        (
            {"text": "Working", "status": ItemStatus.IN_PROGRESS, "owner": "ana"},
            "- [ ] Working — `k` · *(in progress)* · **blocking** · owner ana",
        ),
        (
            {"text": "Stuck", "status": ItemStatus.BLOCKED, "due_date": date(2025, 3, 1)},
            "- [ ] Stuck — `k` · *(blocked)* · **blocking** · due 2025-03-01",
        ),
        # Why: "N/A items are exported as open - [ ] boxes".
        (
            {
                "text": "VNet",
                "status": ItemStatus.NA,
                "na_reason": NaReason.OUT_OF_SCOPE,
                "na_note": "no VNet",
            },
            "- [x] VNet — `k` · **N/A** (out of scope): no VNet",
        ),
        (
            {"text": "Only reason", "status": ItemStatus.NA, "na_reason": NaReason.OTHER},
            "- [x] Only reason — `k` · **N/A** (other)",
        ),
        (
            {"text": "Opt", "optional": True, "condition": "if required"},
            "- [ ] Opt — `k` · **blocking** · *optional: if required*",
        ),
        (
            {"text": "Checked", "status": ItemStatus.DONE, "latest_check": make_check_result()},
            "- [x] Checked — `k` · ✅ PASS",
        ),
    ],
)
def test_item_lines(overrides: dict[str, object], expected: str) -> None:
    item = make_item(key="k", **overrides)
    assert item_line(render(make_view([item])), str(overrides["text"])) == expected


@pytest.mark.parametrize(
    ("outcome", "badge"),
    [
        (CheckOutcome.PASS, "✅ PASS"),
        (CheckOutcome.FAIL, "❌ FAIL"),
        (CheckOutcome.ERROR, "⚠️ ERROR"),
        (CheckOutcome.SKIPPED, "⏭ SKIPPED"),
        (CheckOutcome.MANUAL_REVIEW, "👀 MANUAL_REVIEW"),
    ],
)
def test_check_badges(outcome: CheckOutcome, badge: str) -> None:
    item = make_item(text="Checked", latest_check=make_check_result(outcome=outcome))
    assert item_line(render(make_view([item])), "Checked").endswith(badge)


def test_evidence_and_notes_are_nested_under_the_item() -> None:
    item = make_item(
        text="With evidence",
        evidence=(
            make_evidence(title="Run (prod)", url="https://example.com/a b(c)<d>"),
            make_evidence(title="Bad scheme", url="javascript:alert(1)"),
        ),
        notes="first line\n- [x] not a checkbox\n# not a heading",
    )
    md = render(make_view([item]))
    lines = md.splitlines()
    start = lines.index(item_line(md, "With evidence"))
    assert lines[start + 1 : start + 6] == [
        "  - 🔗 [Run (prod)](https://example.com/a%20b%28c%29%3Cd%3E) — added by ana on 2025-03-14",
        "  - 🔗 Bad scheme (javascript:alert(1)) — added by ana on 2025-03-14",
        "  > first line",
        "  > \\- [x] not a checkbox",
        "  > \\# not a heading",
    ]
    tokens = parse(md)
    links = [
        t for t in tokens if t.type == "inline" for t in (t.children or []) if t.type == "link_open"
    ]
    assert [link.attrGet("href") for link in links] == ["https://example.com/a%20b%28c%29%3Cd%3E"]
    assert any(t.type == "blockquote_open" for t in tokens)


def test_archived_items_section() -> None:
    live = make_item(text="Live")
    gone = make_item(text="Gone", archived=True, category_title="Cat", group_title="Grp")
    md = render(make_view([live, gone]))
    archived = md.split("## Archived items (removed from the template)", 1)[1]
    assert item_line(archived, "Gone") == f"- [ ] Gone — Cat \u203a Grp · `{gone.key}`"
    assert "Gone" not in md.split("## Archived items", 1)[0]
    assert "**0/1 closed (0%)** · 1 open blocking" in md


def test_percent_floors_until_complete() -> None:
    items = [make_item(status=ItemStatus.DONE) for _ in range(199)] + [make_item()]
    assert "**199/200 closed (99%)**" in render(make_view(items))


# --- hostile user text -----------------------------------------------------------------------

HOSTILE = [
    "- [x] fake done",
    "  - [ ] nested fake",
    "# Heading",
    "\n## Heading after newline",
    "x\n===",
    "| a | b |\n| --- | --- |",
    "[click](https://evil.example)",
    "![img](https://evil.example/x.png)",
    "<script>alert(1)</script>",
    "<https://evil.example>",
    "```\ncode\n```",
    "1. ordered",
    "> quote",
    "\u2028- [x] after a unicode line separator",
    "\\",
    "&lt;b&gt;",
]

user_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))


@st.composite
def hostile_views(draw: st.DrawFn) -> ReleaseView:
    n = draw(st.integers(min_value=0, max_value=6))
    items: list[ReleaseItem] = []
    for i in range(n):
        category = draw(st.integers(min_value=0, max_value=2))
        group = draw(st.integers(min_value=0, max_value=1))
        evidence = tuple(
            make_evidence(title=draw(user_text), added_by=draw(user_text), url=url)
            for url in draw(
                st.lists(
                    st.builds(lambda p: "https://example.com/" + p, st.text(max_size=20)),
                    max_size=2,
                )
            )
        )
        items.append(
            make_item(
                key=f"k{i}",
                position=i,
                text=draw(user_text),
                category_key=f"c{category}",
                category_title=f"Category {category} " + draw(user_text),
                group_key=f"c{category}-g{group}",
                group_title=draw(user_text),
                status=draw(st.sampled_from(list(ItemStatus))),
                na_reason=draw(st.none() | st.sampled_from(list(NaReason))),
                na_note=draw(st.none() | user_text),
                owner=draw(st.none() | user_text),
                notes=draw(st.none() | user_text),
                optional=True,
                condition=draw(st.none() | user_text),
                archived=draw(st.booleans()),
                evidence=evidence,
            )
        )
    # Category and group titles come from the first item of each node.
    return make_view(
        items,
        release=make_release(
            name=draw(user_text), environment=draw(user_text), template_title=draw(user_text)
        ),
    )


_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def benign(text: str | None) -> str | None:
    """The same shape of text (None, blank, lines) with every line's words replaced by "x"."""
    if text is None:
        return None
    return "\n".join("x" if line.strip() else "" for line in _BREAKS.split(text))


def benign_view(view: ReleaseView) -> ReleaseView:
    def item(i: ReleaseItem) -> ReleaseItem:
        return replace(
            i,
            text=benign(i.text) or "",
            category_title=benign(i.category_title) or "",
            group_title=benign(i.group_title) or "",
            na_note=benign(i.na_note),
            owner=benign(i.owner),
            notes=benign(i.notes),
            condition=benign(i.condition),
            evidence=tuple(
                replace(e, title=benign(e.title) or "", added_by=benign(e.added_by) or "")
                for e in i.evidence
            ),
        )

    release = replace(
        view.release,
        name=benign(view.release.name) or "",
        environment=benign(view.release.environment),
    )
    return replace(view, release=release, items=tuple(item(i) for i in view.items))


def blocks(md: str) -> list[tuple[str, str, int]]:
    """The document's block structure: every block token (type, tag, nesting), no text."""
    return [(t.type, t.tag, t.nesting) for t in parse(md) if t.type != "inline"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_views(), st.booleans(), st.booleans())
def test_user_text_cannot_change_the_structure(
    view: ReleaseView, summary: bool, mentions: bool
) -> None:
    # Why: no note, name or title may create a checkbox, heading or table row, or break the
    # mermaid block; item texts keep only safe inline Markdown.
    def render_it(v: ReleaseView) -> str:
        return release_to_markdown(v, generated_at=FIXED_NOW, summary=summary, mentions=mentions)

    md = render_it(view)
    assert blocks(md) == blocks(render_it(benign_view(view)))
    lines = md.splitlines()
    assert sum(1 for line in lines if CHECKBOX_LINE.match(line)) == len(view.items)
    tokens = parse(md)
    html = [t.content.strip() for t in tokens if t.type == "html_block"]
    assert all(
        h.startswith(("<!-- tracker:", "<details><summary>Full", "</details>")) for h in html
    )
    inline = [c for t in tokens if t.type == "inline" for c in (t.children or [])]
    assert not [c for c in inline if c.type in ("html_inline", "image")]
    hrefs = [str(c.attrGet("href")) for c in inline if c.type == "link_open"]
    schemes = [m.group(0) for h in hrefs if (m := re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", h))]
    assert set(schemes) <= {"http:", "https:", "mailto:"}, hrefs
    if not mentions:
        owners = {(i.owner or "").strip().removeprefix("@") for i in view.items} - {""}
        assert not [o for o in owners if f"owner @{o}" in md]


# Texts without inline syntax characters skip the parse (md_inline._plain); the result must be
# what the full parse gives. Drawn from printable text that includes "&" (not an entity start)
# and "<" (not an autolink or tag start) and ">".
_PLAIN_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\\`*_[]<>!~|&"),
    max_size=40,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        _PLAIN_TEXT,
        _PLAIN_TEXT.map(lambda s: s + " & more"),
        _PLAIN_TEXT.map(lambda s: f"{s} (< 10ms p99) >80% <3 a->b {s}"),
        _PLAIN_TEXT.map(lambda s: f">{s}<"),
    ),
    st.booleans(),
)
def test_plain_text_shortcut_matches_the_parse(text: str, table: bool) -> None:
    from tracker.domain import md_inline

    fast = md_inline.safe_inline(text, table=table)
    one = md_inline.one_line(text)
    safe = bool(one) and md_inline._is_safe(md_inline._inline_tokens(one))
    slow = one if safe and md_inline._self_contained(one) else md_inline.literal(one, table=table)
    assert fast == slow
    assert md_inline._plain(one) is True
