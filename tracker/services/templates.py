"""The template catalogue: bundled checklists plus the user's and $TRACKER_TEMPLATES folders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.config import template_search_path
from tracker.domain.names import suggest
from tracker.domain.template import Template
from tracker.domain.template_checks import Catalogue, DeclaredParam
from tracker.domain.template_loader import load_template, parse_template, read_template_text
from tracker.errors import NotFoundError, TemplateError
from tracker.paths import bundled_dir

if TYPE_CHECKING:
    from tracker.domain.md_ids import ImportedState


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    id: str
    version: int
    title: str
    path: Path
    origin: str  # bundled | local
    items: int
    tasks: int
    error: str | None = None


def _candidates() -> list[Path]:
    seen: set[Path] = set()
    files: list[Path] = []
    for folder in template_search_path():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(path)
    return files


def list_templates(*, strict: bool = False) -> list[TemplateInfo]:
    """Every template on the search path; broken files are listed with their error.

    ``strict`` (``tracker template list``): a local template must also pass the check-id and
    parameter validation of ``template validate``, or it is listed as invalid with the reason."""
    bundled = bundled_dir("checklists").resolve()
    catalogue = check_catalogue() if strict else None
    infos: list[TemplateInfo] = []
    for path in _candidates():
        origin = "bundled" if path.resolve().parent == bundled else "local"
        try:
            t = load_template(path, catalogue=catalogue if origin == "local" else None)
        except TemplateError as exc:
            infos.append(TemplateInfo(path.stem, 0, "", path, origin, 0, 0, error=str(exc)))
            continue
        infos.append(
            TemplateInfo(
                t.id, t.version, t.title, path, origin, t.item_count, sum(1 for _ in t.iter_tasks())
            )
        )
    return infos


MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class MarkdownTemplate:
    """A template read from a Markdown checklist, with the states its boxes bring in."""

    template: Template
    states: dict[str, ImportedState]
    warnings: list[str]


def is_markdown(ref: str) -> bool:
    return Path(ref).suffix.lower() in MARKDOWN_SUFFIXES


def load_markdown_template(ref: str, *, template_id: str | None = None) -> MarkdownTemplate:
    """A template (validated like any YAML one) from a Markdown checklist file."""
    from tracker.domain.md_import import import_markdown, template_dict_to_yaml

    path = Path(ref).expanduser()
    text = read_template_text(path)
    tid = template_id or re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "imported"
    result = import_markdown(text, template_id=tid, source=path.name)
    template = parse_template(template_dict_to_yaml(result.data), str(path))
    return MarkdownTemplate(template, result.states, result.warnings)


def find_template(ref: str, *, strict: bool = False) -> tuple[Template, Path]:
    """A template by id (first on the search path wins) or by file path (YAML or Markdown).

    ``strict`` (``release new`` and ``release sync``): a YAML template outside the bundled
    folder must also pass ``template validate``'s check: every check id resolves and its
    parameters are declared and typed (the bundled template is checked by the test suite)."""

    def load(path: Path) -> Template:
        bundled = path.resolve().parent == bundled_dir("checklists").resolve()
        return load_template(path, catalogue=check_catalogue() if strict and not bundled else None)

    as_path = Path(ref).expanduser()
    if is_markdown(ref):
        return load_markdown_template(ref).template, as_path
    if as_path.suffix in (".yaml", ".yml") or as_path.is_file():
        return load(as_path), as_path
    for path in _candidates():
        # Cheap pre-filter: the id is almost always the file name.
        if path.stem == ref:
            t = load(path)
            if t.id == ref:
                return t, path
    for info in list_templates():
        if info.id == ref and info.error is None:
            return load(info.path), info.path
    ids = [i.id for i in list_templates()]
    raise NotFoundError("template", ref, suggest(ref, ids))


def check_catalogue() -> Catalogue:
    """Every built-in check's declared parameters, for strict template validation."""
    from tracker.checks.registry import all_checks

    return {
        c.id: tuple(DeclaredParam(p.name, p.type, p.required) for p in c.meta.params)
        for c in all_checks()
    }
