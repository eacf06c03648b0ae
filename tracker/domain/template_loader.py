"""Load a template from YAML with errors that name file:line:column.

YAML is composed into nodes first so every value keeps its position; the plain data is then
validated by the pydantic models and each error is mapped back to the node it came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError as PydanticValidationError

from tracker.domain.template import CheckRef, Template, variable_refs
from tracker.errors import TemplateError

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line, column


def _construct(
    loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, marks: dict[Loc, Position], path: str
) -> Any:
    marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise TemplateError(
                    "YAML merge keys (<<) are not supported in templates",
                    path=path,
                    line=key_node.start_mark.line + 1,
                    column=key_node.start_mark.column + 1,
                )
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise TemplateError(
                    f"mapping keys must be strings, got {key!r}",
                    path=path,
                    line=key_node.start_mark.line + 1,
                    column=key_node.start_mark.column + 1,
                )
            if key in result:
                raise TemplateError(
                    f"duplicate key {key!r}",
                    path=path,
                    line=key_node.start_mark.line + 1,
                    column=key_node.start_mark.column + 1,
                )
            marks[(*loc, key, "__key__")] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = _construct(loader, value_node, (*loc, key), marks, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(loader, child, (*loc, i), marks, path) for i, child in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


def parse_yaml_with_positions(text: str, path: str) -> tuple[Any, dict[Loc, Position]]:
    """Parse one YAML document; return the data and a map from data path to (line, column)."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        marks: dict[Loc, Position] = {}
        if node is None:
            return None, marks
        return _construct(loader, node, (), marks, path), marks
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise TemplateError(f"invalid YAML: {problem}", path=path) from None
        raise TemplateError(
            f"invalid YAML: {problem}", path=path, line=mark.line + 1, column=mark.column + 1
        ) from None
    except yaml.YAMLError as exc:
        raise TemplateError(f"invalid YAML: {exc}", path=path) from None
    finally:
        loader.dispose()


def _position(marks: dict[Loc, Position], loc: Loc, *, key: bool = False) -> Position | None:
    """The position of ``loc``, or of its nearest ancestor that has one."""
    if key and (*loc, "__key__") in marks:
        return marks[(*loc, "__key__")]
    probe = loc
    while probe not in marks and probe:
        probe = probe[:-1]
    return marks.get(probe)


def _describe(loc: Loc) -> str:
    return ".".join(str(p) for p in loc) if loc else "template"


def _error(
    path: str, marks: dict[Loc, Position], loc: Loc, message: str, *, key: bool = False
) -> TemplateError:
    pos = _position(marks, loc, key=key)
    return TemplateError(
        f"{_describe(loc)}: {message}",
        path=path,
        line=pos[0] if pos else None,
        column=pos[1] if pos else None,
    )


def _clean_loc(loc: tuple[Any, ...]) -> Loc:
    # pydantic adds union-branch names and validator tags that are not part of the data path.
    return tuple(
        p
        for p in loc
        if isinstance(p, int)
        or not (isinstance(p, str) and ("[" in p or p.startswith("function-")))
    )


def _pydantic_message(err: dict[str, Any]) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required key is missing"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def _semantic_checks(
    template: Template, data: dict[str, Any], path: str, marks: dict[Loc, Position]
) -> None:
    """Rules that need the whole template: unique ids, declared variables."""
    seen: dict[str, Loc] = {}

    def claim(node_id: str, loc: Loc) -> None:
        if node_id in seen:
            first = _position(marks, seen[node_id])
            where = f" (first used at line {first[0]})" if first else ""
            raise _error(path, marks, (*loc, "id"), f"duplicate id {node_id!r}{where}")
        seen[node_id] = (*loc, "id")

    declared = template.variable_names

    def check_vars(check: CheckRef | None, loc: Loc) -> None:
        if check is None:
            return
        raw = data_at(data, (*loc, "check"))
        for name in variable_refs(raw):
            if name not in declared:
                raise _error(
                    path,
                    marks,
                    (*loc, "check"),
                    f"undefined variable ${{{name}}}; declare it under 'variables'",
                )

    for ci, category in enumerate(template.categories):
        cloc: Loc = ("categories", ci)
        claim(category.id, cloc)
        for gi, group in enumerate(category.groups):
            gloc: Loc = (*cloc, "groups", gi)
            claim(group.id, gloc)
            for ii, item in enumerate(group.items):
                iloc: Loc = (*gloc, "items", ii)
                claim(item.id, iloc)
                check_vars(item.check, iloc)
    for pi, phase in enumerate(template.post_deployment):
        ploc: Loc = ("post_deployment", pi)
        claim(phase.id, ploc)
        for ti, task in enumerate(phase.tasks):
            tloc: Loc = (*ploc, "tasks", ti)
            claim(task.id, tloc)
            check_vars(task.check, tloc)


def data_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def parse_template(text: str, path: str = "<template>") -> Template:
    """Parse and validate template YAML text. Raises ``TemplateError`` naming file:line:column."""
    data, marks = parse_yaml_with_positions(text, path)
    if not isinstance(data, dict):
        raise TemplateError("a template must be a YAML mapping", path=path, line=1, column=1)
    try:
        template = Template.model_validate(data)
    except PydanticValidationError as exc:
        err = exc.errors()[0]
        loc = _clean_loc(tuple(err["loc"]))
        extra = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise _error(
            path,
            marks,
            loc,
            _pydantic_message(dict(err)) + extra,
            key=err["type"] == "extra_forbidden",
        ) from None
    _semantic_checks(template, data, path, marks)
    return template


def load_template(path: str | Path) -> Template:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError("no such file", path=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"cannot read: {exc}", path=str(p)) from None
    return parse_template(text, str(p))


def template_json_schema() -> dict[str, Any]:
    """JSON Schema for editor YAML support (e.g. yaml-language-server)."""
    schema = Template.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tracker checklist template"
    return schema
