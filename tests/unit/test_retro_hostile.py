"""Hostile text through every text field of the retrospective: its structure does not change.

Each text field of a realistic release is replaced by a hostile string; the same release with
every hostile string replaced by a harmless word of the same shape must parse (markdown-it) to
the same blocks: no note, name or title creates a heading, list item, checkbox, table row,
quote or code block, and nothing raw (HTML, images, non-http links) gets through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.unit.test_export_md import HOSTILE
from tests.unit.test_export_retro import realistic_view, render
from tracker.domain.models import Evidence, ReleaseView

_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))


def transform(view: ReleaseView, f: Callable[[str], str]) -> ReleaseView:
    """``view`` with ``f`` applied to every free-text field a person can type."""

    def opt(s: str | None) -> str | None:
        return None if s is None else f(s)

    def ev(e: Evidence) -> Evidence:
        return replace(e, title=f(e.title), added_by=f(e.added_by))

    r = view.release
    release = replace(
        r,
        name=f(r.name),
        environment=opt(r.environment),
        template_title=f(r.template_title),
        golive_forced_reason=opt(r.golive_forced_reason),
    )
    items = tuple(
        replace(
            i,
            text=f(i.text),
            category_title=f(i.category_title),
            group_title=f(i.group_title),
            na_note=opt(i.na_note),
            owner=opt(i.owner),
            notes=opt(i.notes),
            evidence=tuple(ev(e) for e in i.evidence),
            latest_check=None
            if i.latest_check is None
            else replace(i.latest_check, message=f(i.latest_check.message)),
        )
        for i in view.items
    )
    occurrences = tuple(
        replace(
            o,
            text=f(o.text),
            phase_title=f(o.phase_title),
            skip_reason=opt(o.skip_reason),
            owner=opt(o.owner),
            notes=opt(o.notes),
            completed_by=opt(o.completed_by),
            evidence=tuple(ev(e) for e in o.evidence),
        )
        for o in view.occurrences
    )
    events = tuple(
        replace(
            e, actor=f(e.actor), new_value=opt(e.new_value) if e.action == "notes" else e.new_value
        )
        for e in view.events
    )
    checks = tuple(replace(c, message=f(c.message)) for c in view.check_history)
    owners = tuple(replace(o, name=f(o.name)) for o in view.owners)
    return replace(
        view,
        release=release,
        items=items,
        occurrences=occurrences,
        events=events,
        check_history=checks,
        owners=owners,
    )


def blocks(md: str) -> list[tuple[str, str, int]]:
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)
    return [(t.type, t.tag, t.nesting) for t in tokens if t.type != "inline"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_hostile_text_cannot_change_the_retrospective(data: st.DataObject) -> None:
    # Why: the retrospective's text fields must not create or break structure (issue 11).
    base = realistic_view()
    chosen: dict[str, str] = {}

    def hostile(s: str) -> str:
        if s not in chosen:
            chosen[s] = data.draw(hostile_text)
        return chosen[s]

    words: dict[str, str] = {}

    def benign(s: str) -> str:
        out = []
        for line in _BREAKS.split(s):
            key = line.strip()
            # A blank line stays as it is: an empty field and a blank one may render differently.
            out.append(words.setdefault(key, f"w{len(words)}") if key else line)
        return "\n".join(out)

    evil = transform(base, hostile)
    md = render(evil)
    assert blocks(md) == blocks(render(transform(evil, benign)))
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)
    assert not [t for t in tokens if t.type == "html_block"]
    inline = [c for t in tokens if t.type == "inline" for c in (t.children or [])]
    assert not [c for c in inline if c.type in ("html_inline", "image")]
    hrefs = [str(c.attrGet("href")) for c in inline if c.type == "link_open"]
    assert all(h.startswith(("https://", "http://")) for h in hrefs), hrefs
