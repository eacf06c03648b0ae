"""docs/checks.md is generated from the catalogue and stays true (issue 14: the checks reference
lives in the repository, and the docstrings point at its anchors)."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.checks import registry
from tracker.checks.catalogue_doc import render

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "checks.md"


def test_docs_checks_md_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/checks.md is stale: python -m tracker.checks.catalogue_doc > docs/checks.md"
    )


def test_every_check_has_an_anchor_and_names_its_sdk_calls() -> None:
    text = DOC.read_text(encoding="utf-8")
    for check in registry.all_checks():
        section = text.split(f'<a id="{check.id}"></a>', 1)[1].split("<a id=", 1)[0]
        assert "- **SDK**: `w." in section, check.id
        assert "- **PASS**: " in section, check.id


def test_docstrings_cite_anchors_that_exist() -> None:
    text = DOC.read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    cited = {
        (path.relative_to(ROOT), anchor)
        for path in (ROOT / "tracker").rglob("*.py")
        for anchor in re.findall(r"docs/checks\.md#([a-z_-]+)", path.read_text(encoding="utf-8"))
    }
    assert cited and {c for c in cited if c[1] not in anchors} == set()
    assert not [p for p in (ROOT / "tracker").rglob("*.py") if "reference §" in p.read_text()]
