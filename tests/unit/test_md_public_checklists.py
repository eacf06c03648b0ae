"""Public checklists written by others import whole (tests/data/checklists, see its README).

The expected texts are read from the files by a separate, naive line reader: a checkbox line plus
the indented lines that continue it, or a table row's name and description cells.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tracker.domain.md_import import import_markdown, template_dict_to_yaml
from tracker.domain.md_inline import one_line
from tracker.domain.template_loader import parse_template

DATA = Path(__file__).resolve().parents[1] / "data" / "checklists"
_BOX = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\]\s+(?P<text>.*)$")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,9}[.)]\s|#|```|~~~|>|<|\|)")
_IMAGE_REF = re.compile(r"!\[[^\]]*\]\[[^\]]*\]")


def naive_items(text: str) -> list[str]:
    lines = text.splitlines()
    items: list[str] = []
    fence = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence or not (m := _BOX.match(line)):
            continue
        parts = [m.group("text")]
        for more in lines[i + 1 :]:
            if not more.strip() or _BLOCK_START.match(more):
                break
            parts.append(more)
        items.append(one_line(_IMAGE_REF.sub("", " ".join(parts))))
    return items


def naive_table_items(text: str) -> list[str]:
    rows = [line for line in text.splitlines() if line.startswith("|")]
    out = []
    for row in rows:
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if cells[0].lower().startswith("check name") or set(cells[0]) <= set(":- "):
            continue
        out.append(f"{cells[0]}: {cells[1]}" if cells[1] else cells[0])
    return out


# (file, checkboxes/rows in the source, how the source is read)
FILES = [
    ("shieldfy-api-security-checklist.md", 64, naive_items),
    ("thedaviddias-front-end-checklist.md", 100, naive_items),
    ("mercari-pre-production-checklist.md", 74, naive_table_items),
    ("go-prod-checklist.md", 40, naive_items),
    ("modzy-model-deployment-checklist.md", 22, naive_items),
]


@pytest.mark.parametrize(("name", "count", "reader"), FILES, ids=[f[0] for f in FILES])
def test_public_checklist_imports_every_item_with_its_full_text(
    name: str, count: int, reader: object
) -> None:
    # Why: "Wrapped items are truncated" (55 of 100 lost their text) and "Table checklists are
    # refused"; every item comes in, in order, with its whole text.
    text = (DATA / name).read_text(encoding="utf-8")
    expected = reader(text)  # type: ignore[operator]
    assert len(expected) == count
    result = import_markdown(text, template_id="public", source=name)
    template = parse_template(template_dict_to_yaml(result.data))
    texts = [i.text for _, _, i in template.iter_items()]
    assert texts == expected
    assert result.warnings == []


def test_front_end_ids_are_visible_words_and_badges_set_severity() -> None:
    # Why: "Ids are polluted" (URL fragments, image-reference names such as "-high-img").
    text = (DATA / "thedaviddias-front-end-checklist.md").read_text(encoding="utf-8")
    template = parse_template(template_dict_to_yaml(import_markdown(text, template_id="fe").data))
    items = {i.id: i for _, _, i in template.iter_items()}
    assert not [i for i in items if re.search(r"(high|medium|low)-img|https-en|www|wikipedia", i)]
    doctype = items["doctype-the-doctype-is-html5-and-is-at"]
    assert doctype.text.startswith("**Doctype:** The Doctype is HTML5")
    assert doctype.severity.value == "blocking"  # ![High][high_img]
    assert items["css-print-a-print-stylesheet-is-provided"].severity.value == "advisory"
    # Why: "Resources are dropped": code blocks and resource bullets become guidance.
    assert "<!doctype html>" in (doctype.guidance or "")
    assert "[Determining the character encoding" in (doctype.guidance or "")
    categories = [c.title for c in template.categories]
    assert "Images \u203a Best practices" in categories
    assert len(categories) == len(set(categories))  # Why: "Best practices" six times


def test_mercari_levels_map_to_severity() -> None:
    text = (DATA / "mercari-pre-production-checklist.md").read_text(encoding="utf-8")
    template = parse_template(template_dict_to_yaml(import_markdown(text, template_id="m").data))
    by_text = {i.text.split(":")[0]: i for _, _, i in template.iter_items()}
    assert by_text["Unit test"].severity.value == "blocking"  # ticked at every level
    assert by_text["High Test coverage"].severity.value == "advisory"  # levels B and A only


def test_api_security_oauth_keeps_its_parent() -> None:
    text = (DATA / "shieldfy-api-security-checklist.md").read_text(encoding="utf-8")
    data = import_markdown(text, template_id="api").data
    assert "Authorization \u203a OAuth" in [c["title"] for c in data["categories"]]


def test_modzy_headings_inside_lists_start_groups() -> None:
    text = (DATA / "modzy-model-deployment-checklist.md").read_text(encoding="utf-8")
    data = import_markdown(text, template_id="modzy").data
    first = data["categories"][0]
    assert [g["title"] for g in first["groups"]] == [
        "\U0001f4bb AFTER MODEL TRAINING",
        "For new model versions",
    ]
    assert data["categories"][0]["title"] == "\U0001f4bb AFTER MODEL TRAINING"
