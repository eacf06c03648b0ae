"""Pure: the parts the item and task detail panes share (clickable actions, notes, evidence)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.style import Style

from tracker.domain.inert import visible
from tracker.domain.models import Evidence


def inert(content: Content | str) -> Content | str:
    """Detail text with stored control characters made visible (one character each, so the
    styles over it stay where they were): what a note says is shown, never sent to the
    terminal."""
    plain = content.plain if isinstance(content, Content) else content
    shown = visible(plain, compact=True)
    if shown == plain:
        return content
    if isinstance(content, Content):
        return Content(shown, list(content.spans))
    return shown


def action_link(label: str, action: str) -> tuple[str, str]:
    """``[label]`` that runs the screen's ``action`` when clicked."""
    return (f"[{label}]", f"$accent @click=screen.{action}")


def notes_section(notes: str | None) -> Content:
    return Content.assemble(
        ("Notes ", "bold"),
        action_link("edit", "edit_notes"),
        "\n",
        notes or Content.styled("none", "$text-muted"),
    )


def evidence_section(evidence: Sequence[Evidence]) -> Content:
    parts: list[Content | str | tuple[str, str | Style]] = [
        ("Evidence ", "bold"),
        action_link("add", "add_evidence"),
    ]
    if not evidence:
        parts += ["\n", ("none", "$text-muted")]
    for ev in evidence:
        parts += [
            "\n",
            "↗ ",
            (ev.title, Style(link=ev.url, underline=True)),
            (f"  {ev.url}", "$text-muted"),
        ]
    return Content.assemble(*parts)
