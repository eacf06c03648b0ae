from __future__ import annotations

import re
import shutil
import string
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain.enums import MLTestSection
from tracker.domain.md_ids import guess_ml_test_section, slugify
from tracker.domain.md_import import (
    import_markdown,
    markdown_to_template,
    template_dict_to_yaml,
)
from tracker.domain.template import ID_PATTERN, Template
from tracker.domain.template_loader import load_template, parse_template
from tracker.errors import TemplateError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "production-deployment-checklist.md"
SHARED_SEED = Path("/work/shared/seed/production-deployment-checklist.md")
SHIPPED = ROOT / "checklists" / "databricks-ml-production.yaml"


def convert(md: str, **kwargs: Any) -> Template:
    data = markdown_to_template(md, template_id=kwargs.pop("template_id", "t"), **kwargs)
    return parse_template(template_dict_to_yaml(data))


Structure = list[tuple[str, list[tuple[str, list[str]]]]]


def structure(t: Template) -> Structure:
    return [
        (c.title, [(g.title, [i.text for i in g.items]) for g in c.groups]) for c in t.categories
    ]


def phases(t: Template) -> list[tuple[str, list[tuple[str, bool]]]]:
    return [(p.title, [(task.text, task.daily) for task in p.tasks]) for p in t.post_deployment]


def all_ids(t: Template) -> list[str]:
    ids = [t.id]
    for c in t.categories:
        ids.append(c.id)
        for g in c.groups:
            ids.append(g.id)
            ids.extend(i.id for i in g.items)
    for p in t.post_deployment:
        ids.append(p.id)
        ids.extend(task.id for task in p.tasks)
    return ids


BASIC = """\
# My Checklist

Intro paragraph with - [ ] not at the start.

## Pre-Production

### Infra

- [ ] **Unity Catalog Setup**
  - [ ] Catalog created
  - [x] Schemas organized
- [ ] Loose item
- [ ] **Network**
  - [ ] VNet injection configured (if required)

### Data

* [ ] Schema validated
"""


def test_categories_groups_and_items() -> None:
    t = convert(BASIC)
    assert t.title == "My Checklist"
    assert structure(t) == [
        (
            "Infra",
            [
                ("Unity Catalog Setup", ["Catalog created", "Schemas organized"]),
                ("Infra", ["Loose item"]),
                ("Network", ["VNet injection configured (if required)"]),
            ],
        ),
        ("Data", [("Data", ["Schema validated"])]),
    ]
    assert t.post_deployment == []


@pytest.mark.parametrize("bullet", ["-", "*", "+", "1.", "3)"])
@pytest.mark.parametrize("mark", [" ", "x", "X"])
def test_bullets_and_marks(bullet: str, mark: str) -> None:
    # CommonMark: only a list starting at 1 may interrupt a paragraph, so the child is "1)".
    child = "1)" if bullet == "3)" else bullet
    md = f"## Cat\n{bullet} [{mark}] **Group**\n   {child} [{mark}] Child item\n"
    assert structure(convert(md)) == [("Cat", [("Group", ["Child item"])])]


@pytest.mark.parametrize(
    "md",
    [
        "## Cat\n- [ ] **G**\n\t- [ ] a\n\t- [ ] b\n\t\t- [ ] c\n",
        "## Cat\n- [ ] **G**\n    - [ ] a\n    - [ ] b\n        - [ ] c\n",
        "## Cat\n- [ ] **G**\n  - [ ] a\n \t- [ ] b\n    - [ ] c\n",
        "## Cat\r\n- [ ] **G**\r\n  - [ ] a\r\n  - [ ] b\r\n    - [ ] c\r\n",
        "## Cat\r- [ ] **G**\r  - [ ] a\r  - [ ] b\r    - [ ] c\r",
    ],
    ids=["tabs", "four-spaces", "mixed", "crlf", "cr"],
)
def test_indentation_and_line_endings(md: str) -> None:
    assert structure(convert(md)) == [("Cat", [("G", ["a", "b", "c"])])]


def test_nested_checkboxes_stay_tickable_items_in_order_and_depend_on_their_parent() -> None:
    # Why: "A checkbox with sub-items becomes a group title that can no longer be ticked, and its
    # children move to the end of the section, out of order."
    md = """\
## Cat
- [x] Parent without bold
  - [ ] level 2
    - [x] level 3
      - [ ] level 4
  - [ ] level 2 again
- [ ] leaf
"""
    result = import_markdown(md, template_id="t")
    t = parse_template(template_dict_to_yaml(result.data))
    assert structure(t) == [
        (
            "Cat",
            [
                (
                    "Cat",
                    [
                        "Parent without bold",
                        "level 2",
                        "level 3",
                        "level 4",
                        "level 2 again",
                        "leaf",
                    ],
                )
            ],
        )
    ]
    deps = {i.text: i.depends_on for _, _, i in t.iter_items()}
    ids = {i.text: i.id for _, _, i in t.iter_items()}
    assert deps == {
        "Parent without bold": [],
        "level 2": [ids["Parent without bold"]],
        "level 3": [ids["level 2"]],
        "level 4": [ids["level 3"]],
        "level 2 again": [ids["Parent without bold"]],
        "leaf": [],
    }
    assert set(result.states) == {ids["Parent without bold"], ids["level 3"]}


def test_checkboxes_in_code_fences_are_ignored() -> None:
    md = """\
## Cat
- [ ] real one
```markdown
- [ ] fake in backticks
## Fake heading
```
~~~~
- [ ] fake in tildes
```
- [ ] still fake: a shorter fence of the other kind does not close
~~~~
  ```
  - [ ] fake in an indented fence
  ```
- [ ] real two
"""
    t = convert(md)
    assert structure(t) == [("Cat", [("Cat", ["real one", "real two"])])]


def test_headings_without_items_and_other_content_are_ignored() -> None:
    md = """\
# Title
## Empty section
Just prose.
## Best Practices
- a plain bullet
- [ ] checkbox under best practices
### Nested empty
> - [ ] a checkbox in a quote is not a list line here
"""
    t = convert(md)
    assert structure(t) == [
        ("Best Practices", [("Best Practices", ["checkbox under best practices"])])
    ]


def test_bold_leaf_keeps_its_text_and_bold_group_loses_markers() -> None:
    md = "## C\n- [ ] **Bold leaf**\n- [ ] __Underscored__\n  - [ ] x\n- [ ] **a** and **b**\n  - [ ] y\n"
    # Only a bold-only parent is a group title; "**a** and **b**" is an item, its child follows.
    assert structure(convert(md)) == [
        ("C", [("C", ["**Bold leaf**", "**a** and **b**", "y"]), ("Underscored", ["x"])])
    ]


def test_items_before_any_heading_use_the_title() -> None:
    t = convert("- [ ] first\n- [ ] second\n", title="Quick list")
    assert t.title == "Quick list"
    assert structure(t) == [("Quick list", [("Quick list", ["first", "second"])])]


def test_title_and_source() -> None:
    data = markdown_to_template("## C\n- [ ] a\n", template_id="my-list", source="x.md")
    assert (data["id"], data["version"], data["title"], data["source"]) == (
        "my-list",
        1,
        "my-list",
        "x.md",
    )
    assert "source" not in markdown_to_template("- [ ] a\n", template_id="t")


@pytest.mark.parametrize(
    ("text", "optional", "condition"),
    [
        ("Plain item", False, None),
        ("VNet injection configured (if required)", True, "if required"),
        ("A/B testing framework ready (if applicable)", True, "if applicable"),
        ("Chaos engineering tests (optional but recommended)", True, "optional but recommended"),
        ("Something (Optional)", True, "Optional"),
        ("Schemas organized by domain (raw, features)", False, None),
    ],
)
def test_optional_items(text: str, optional: bool, condition: str | None) -> None:
    (_, _, item), *_ = convert(f"## C\n- [ ] {text}\n").iter_items()
    assert item.text == text
    assert item.optional is optional
    assert item.condition == condition
    assert item.severity.value == ("advisory" if optional else "blocking")


@pytest.mark.parametrize(
    ("title", "section"),
    [
        ("Unity Catalog Setup", MLTestSection.INFRASTRUCTURE),
        ("Synthetic Data Generation", MLTestSection.DATA),
        ("Feature Store", MLTestSection.DATA),
        ("Data Validation", MLTestSection.DATA),
        ("MLflow Integration", MLTestSection.MODEL),
        ("Model Validation", MLTestSection.MODEL),
        ("Model Governance", MLTestSection.MODEL),
        ("Training pipeline", MLTestSection.MODEL),
        ("Data Quality Monitoring", MLTestSection.MONITORING),
        ("Alerting", MLTestSection.MONITORING),
        ("Observability", MLTestSection.MONITORING),
        ("Databricks Asset Bundles", MLTestSection.INFRASTRUCTURE),
        ("GitHub Actions", MLTestSection.INFRASTRUCTURE),
    ],
)
def test_ml_test_section_guess(title: str, section: MLTestSection) -> None:
    assert guess_ml_test_section(title) is section


@pytest.mark.parametrize(
    ("heading", "timing"),
    [
        ("Week 1: Validation", ("once", 1, 7)),
        ("Week 2-4: Optimization", ("once", 8, 28)),
        ("Weeks 2-4", ("once", 8, 28)),
        ("Weeks 2 \u2013 4", ("once", 8, 28)),
        ("Week 3", ("once", 15, 21)),
        ("Monthly: Review & Improve", ("monthly", None, None)),
        ("Day 1-3", ("once", 1, 3)),
        ("Launch day 0", ("once", 0, 0)),
        ("Afterwards", ("once", 1, 7)),
    ],
)
def test_phase_timing(heading: str, timing: tuple[str, int | None, int | None]) -> None:
    md = f"## C\n- [ ] item\n## Post-Deployment Tasks\n### {heading}\n- [ ] Check things daily\n- [ ] Once\n"
    (phase,) = convert(md).post_deployment
    assert (phase.recurrence.value, phase.start_day, phase.end_day) == timing
    assert [(t.text, t.daily) for t in phase.tasks] == [
        ("Check things daily", True),
        ("Once", False),
    ]


def test_post_deployment_scope_ends_at_a_sibling_heading() -> None:
    md = """\
## post deployment
- [ ] directly under the root
### Week 1
- [ ] **Group-like parent**
  - [ ] nested task
## Back to categories
- [ ] an item
"""
    t = convert(md)
    assert phases(t) == [
        ("post deployment", [("directly under the root", False)]),
        ("Week 1", [("**Group-like parent**", False), ("nested task", False)]),
    ]
    assert structure(t) == [("Back to categories", [("Back to categories", ["an item"])])]


def test_duplicate_texts_get_unique_ids() -> None:
    md = "## Same\n- [ ] **Same**\n  - [ ] Same\n  - [ ] Same\n  - [ ] same!\n"
    t = convert(md, template_id="same")
    ids = all_ids(t)
    assert ids == ["same", "same-2", "same-3", "same-4", "same-5", "same-6"]


def test_long_texts_are_cut_at_a_word_boundary() -> None:
    text = "Unit tests achieving more than eighty percent code coverage everywhere"
    md = f"## C\n- [ ] {text}\n- [ ] {text}\n"
    items = [i for _, _, i in convert(md).iter_items()]
    assert [i.id for i in items] == [
        "unit-tests-achieving-more-than-eighty",
        "unit-tests-achieving-more-than-eighty-2",
    ]
    assert all(len(i.id) <= 40 for i in items)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Infrastructure & Security", "infrastructure-security"),
        ("Unit tests achieving >80% code coverage", "unit-tests-achieving-80-code-coverage"),
        ("Données validées", "donnees-validees"),
        ("   ", "item"),
        ("日本語", "item"),
        ("a" * 50, "a" * 40),
        ("CI/CD Pipeline", "ci-cd-pipeline"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert re.match(ID_PATTERN, slugify(text))


@pytest.mark.parametrize(
    ("md", "message", "line"),
    [
        ("", "no checklist items", 1),
        ("# Title\n\nJust text.\n- a plain list\n", "no checklist items", 1),
        ("```\n- [ ] only in code\n", "code fence opened at line 1 is never closed", 1),
        ("- [ ]\n- [x]   \n", "no checklist items", 1),
        ("# T\n## Post-Deployment\n### Week 1\n- [ ] a task\n", "only post-deployment tasks", 3),
    ],
)
def test_errors(md: str, message: str, line: int) -> None:
    with pytest.raises(TemplateError, match=message) as exc:
        markdown_to_template(md, template_id="t", source="in.md")
    assert exc.value.path == "in.md"
    assert exc.value.line == line


def test_bad_template_id() -> None:
    with pytest.raises(TemplateError, match="kebab-case"):
        markdown_to_template("- [ ] a\n", template_id="Not Valid")


def test_yaml_has_header_and_block_style() -> None:
    data = markdown_to_template(BASIC, template_id="t", source="my\nlist.md")
    text = template_dict_to_yaml(data)
    assert text.startswith("# Checklist template imported from my list.md.\n")
    assert "{" not in text
    assert text.index("id: t") < text.index("version: 1") < text.index("categories:")
    assert parse_template(text).item_count == 5


# --- property: generated nested checklists ---------------------------------------------------

TEXT_ALPHABET = string.ascii_letters + string.digits + " .,&()/:'!?%<>[]*_-\\é"
texts = (
    st.text(alphabet=TEXT_ALPHABET, min_size=1, max_size=30)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
titles = texts.filter(lambda s: not re.search(r"post[\s_-]*deployment", s, re.IGNORECASE))


@dataclass
class Box:
    text: str
    children: list[Box] = field(default_factory=list)

    def walk(self) -> list[Box]:
        return [self, *(b for c in self.children for b in c.walk())]


def boxes(depth: int) -> st.SearchStrategy[Box]:
    if depth == 0:
        return st.builds(Box, texts)
    return st.builds(Box, texts, st.lists(boxes(depth - 1), max_size=3))


@dataclass
class Doc:
    categories: list[tuple[str, int, list[Box]]]
    phases: list[tuple[str, list[str]]]


docs = st.builds(
    Doc,
    st.lists(
        st.tuples(titles, st.integers(2, 3), st.lists(boxes(3), max_size=4)), min_size=1, max_size=4
    ).filter(lambda cats: any(boxes for _, _, boxes in cats)),
    st.lists(st.tuples(titles, st.lists(texts, min_size=1, max_size=3)), max_size=3),
)


@st.composite
def rendered(draw: st.DrawFn) -> tuple[Doc, str]:
    doc = draw(docs)
    # Children indented past their parent's marker, as CommonMark (and GitHub) need to nest them.
    unit = draw(st.sampled_from(["aligned", "    ", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[str] = ["# Generated checklist", ""]

    def emit(box: Box, indent: str) -> None:
        bullet = draw(st.sampled_from(["-", "*", "+", "1."]))
        mark = draw(st.sampled_from([" ", "x", "X"]))
        lines.append(f"{indent}{bullet} [{mark}] {box.text}")
        if draw(st.booleans()):
            lines.append("")
        step = " " * (len(bullet) + 1) if unit == "aligned" else unit
        for child in box.children:
            emit(child, indent + step)

    for title, level, tops in doc.categories:
        lines += ["", "#" * level + " " + title, ""]
        if draw(st.booleans()):
            lines += ["Some prose.", "```", "- [ ] fake checkbox in a fence", "```", ""]
        for top in tops:
            emit(top, "")
    if doc.phases:
        lines += ["", "## Post-Deployment Tasks"]
        for title, tasks in doc.phases:
            lines += ["", f"### {title}"]
            lines += [f"- [ ] {task}" for task in tasks]
    return doc, newline.join(lines) + newline


BOLD_ONLY = re.compile(r"^(?:\*\*(?:(?!\*\*).)+\*\*|__(?:(?!__).)+__)$")


def expected_items(doc: Doc) -> list[str]:
    """Item texts in template order: a bold-only parent's subtree is a group; other checkboxes
    (with their subtrees, in order) share one group placed where the first of them is."""
    out: list[str] = []
    for _, _, tops in doc.categories:
        groups: list[list[str]] = []
        loose: list[str] | None = None
        for top in tops:
            if top.children and BOLD_ONLY.match(top.text):
                groups.append([b.text for b in top.walk()[1:]])
            else:
                if loose is None:
                    loose = []
                    groups.append(loose)
                loose += [b.text for b in top.walk()]
        out += [text for group in groups for text in group]
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rendered())
def test_generated_checklists_import_every_leaf_once(case: tuple[Doc, str]) -> None:
    doc, md = case
    data = markdown_to_template(md, template_id="generated")
    template = parse_template(template_dict_to_yaml(data))  # the YAML re-parses and validates

    item_texts = [i.text for _, _, i in template.iter_items()]
    task_texts = [task.text for _, task in template.iter_tasks()]
    assert item_texts == expected_items(doc)
    assert task_texts == [t for _, tasks in doc.phases for t in tasks]
    # Every leaf is an item exactly once; so is every checkbox nested between a group and a leaf.
    # Every checkbox is an item exactly once, except bold-only parents (group titles).
    nodes = [b for _, _, tops in doc.categories for top in tops for b in top.walk()]
    group_titles = Counter(
        top.text
        for _, _, tops in doc.categories
        for top in tops
        if top.children and BOLD_ONLY.match(top.text)
    )
    assert Counter(item_texts) == Counter(b.text for b in nodes) - group_titles

    ids = all_ids(template)
    assert len(ids) == len(set(ids))
    assert all(re.match(ID_PATTERN, i) and len(i) <= 40 for i in ids)
    # A deeper heading keeps its parent ("A \u203a B"); its own title always ends the category's.
    assert [c.title.split(" \u203a ")[-1] for c in template.categories] == [
        t for t, _, tops in doc.categories if tops
    ]


# --- the seed round trip ---------------------------------------------------------------------


def _seed_path() -> Path:
    if not SEED.exists() and SHARED_SEED.exists():
        SEED.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED_SEED, SEED)
    return SEED


def test_seed_import_matches_shipped_template() -> None:
    seed = _seed_path()
    imported = convert(
        seed.read_text(encoding="utf-8"),
        template_id="databricks-ml-production",
        source=seed.name,
    )
    shipped = load_template(SHIPPED)
    assert [c.title for c in imported.categories] == [c.title for c in shipped.categories]
    assert structure(imported) == structure(shipped)
    assert phases(imported) == phases(shipped)
    assert [(p.recurrence, p.start_day, p.end_day) for p in imported.post_deployment] == [
        (p.recurrence, p.start_day, p.end_day) for p in shipped.post_deployment
    ]
    assert imported.item_count == shipped.item_count == 129
    # "(if required)" and friends make an item optional; the shipped template may add more.
    shipped_optional = {i.text for _, _, i in shipped.iter_items() if i.optional}
    assert {i.text for _, _, i in imported.iter_items() if i.optional} <= shipped_optional
