"""Load a template from YAML with errors that name file:line:column.

YAML is composed into nodes first so every value keeps its position; the plain data is then
validated by the pydantic models and each error is mapped back to the node it came from.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError as PydanticValidationError

from tracker.domain.dependencies import find_cycle
from tracker.domain.template import CheckRef, Template
from tracker.domain.template_checks import Catalogue, check_problems
from tracker.domain.variables import variable_refs
from tracker.errors import TemplateError

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line, column

# Limits (README "Limits"): hit before any expensive work, with one line naming the file.
MAX_TEMPLATE_BYTES = 5_000_000
MAX_YAML_NODES = 50_000  # the bundled template has ~2,750
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class _Walk:
    """Turns composed nodes into plain data, recording each value's position."""

    loader: yaml.SafeLoader
    path: str
    alias: Any  # yaml.Mark | None: where the first alias is, if the prescan saw one
    marks: dict[Loc, Position] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)

    def error(self, message: str, mark: Any) -> TemplateError:
        if mark is None:
            return TemplateError(message, path=self.path)
        return TemplateError(message, path=self.path, line=mark.line + 1, column=mark.column + 1)

    def construct(self, node: yaml.Node, loc: Loc) -> Any:
        if id(node) in self.seen:  # a node reached twice is an alias (a DAG walked as a tree)
            raise self.error("YAML aliases (*name) are not supported in templates", self.alias)
        self.seen.add(id(node))
        self.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.construct(child, (*loc, i)) for i, child in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            where = key_node.start_mark
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.error("YAML merge keys (<<) are not supported in templates", where)
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise self.error(f"mapping keys must be strings, got {key!r}", where)
            if key in result:
                raise self.error(f"duplicate key {key!r}", where)
            self.marks[(*loc, key, "__key__")] = (where.line + 1, where.column + 1)
            result[key] = self.construct(value_node, (*loc, key))
        return result


def _prescan(text: str, path: str) -> Any:
    """Stream libyaml's events (fast, bounded memory) and stop at ``MAX_YAML_NODES`` nodes.
    Returns where the first alias is: aliases are refused when the data is built, after merge
    keys, so a billion-laughs file stops at its first reuse instead of expanding."""
    nodes = 0
    alias: Any = None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and alias is None:
            alias = event.start_mark
        if isinstance(event, _NODE_EVENTS):
            nodes += 1
            if nodes > MAX_YAML_NODES:
                mark = event.start_mark
                raise TemplateError(
                    f"too many YAML nodes (more than {MAX_YAML_NODES:,})",
                    path=path,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
    return alias


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str) -> TemplateError:
    """A character YAML does not allow (a NUL byte, ...), located by line and column."""
    pos = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return TemplateError(
        f"invalid YAML: character U+{ord(char):04X} is not allowed",
        path=path,
        line=line,
        column=column,
    )


def _yaml_error(exc: Exception, text: str, path: str) -> TemplateError:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_error(exc, text, path)
    if isinstance(exc, yaml.MarkedYAMLError):
        return _marked(exc, path)
    if isinstance(exc, yaml.YAMLError):
        return TemplateError(f"invalid YAML: {_first_line(exc)}", path=path)
    # e.g. a timestamp out of range, nesting too deep
    return TemplateError(f"invalid YAML value: {_first_line(exc)}", path=path)


_ERRORS = (yaml.YAMLError, ValueError, OverflowError, RecursionError)


def parse_yaml_with_positions(text: str, path: str) -> tuple[Any, dict[Loc, Position]]:
    """Parse one YAML document; return the data and a map from data path to (line, column).

    libyaml prescans for the limits before anything is built."""
    if len(text) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"larger than {MAX_TEMPLATE_BYTES:,} characters", path=path)
    prescan_error: TemplateError | None = None
    alias = None
    try:
        alias = _prescan(text, path)
    except _ERRORS as exc:
        prescan_error = _yaml_error(exc, text, path)
    try:
        # libyaml composes a file it parsed (fast); the pure-Python loader re-reads a broken one
        # for its clearer message
        loader = _Loader(text) if prescan_error is None else yaml.SafeLoader(text)
    except _ERRORS as exc:
        raise _yaml_error(exc, text, path) from None
    try:
        node = loader.get_single_node()
        if prescan_error is not None:
            raise prescan_error
        walk = _Walk(loader, path, alias)
        if node is None:
            return None, walk.marks
        return walk.construct(node, ()), walk.marks
    except _ERRORS as exc:
        raise _yaml_error(exc, text, path) from None
    finally:
        loader.dispose()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _marked(exc: yaml.MarkedYAMLError, path: str) -> TemplateError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if mark is None:
        return TemplateError(f"invalid YAML: {problem}", path=path)
    return TemplateError(
        f"invalid YAML: {problem}", path=path, line=mark.line + 1, column=mark.column + 1
    )


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
    _check_dependencies(template, path, marks)


def _check_dependencies(template: Template, path: str, marks: dict[Loc, Position]) -> None:
    """``depends_on`` names items of this template, never the item itself, and has no cycle;
    errors point at the offending ``depends_on`` entry."""
    where: dict[str, Loc] = {}
    for ci, category in enumerate(template.categories):
        for gi, group in enumerate(category.groups):
            for ii, item in enumerate(group.items):
                where[item.id] = ("categories", ci, "groups", gi, "items", ii)
    for item_id, deps in template.dependencies.items():
        for di, dep in enumerate(deps):
            loc: Loc = (*where[item_id], "depends_on", di)
            if dep == item_id:
                raise _error(path, marks, loc, f"item {item_id!r} depends on itself")
            if dep not in where:
                hint = difflib.get_close_matches(dep, list(where), n=3)
                did = f"; did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
                raise _error(path, marks, loc, f"depends on unknown item {dep!r}{did}")
    cycle = find_cycle(template.dependencies)
    if cycle:
        first, second = cycle[0], cycle[1]
        loc = (*where[first], "depends_on", template.dependencies[first].index(second))
        raise _error(path, marks, loc, "dependency cycle: " + " -> ".join(cycle))


def data_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def parse_template(
    text: str, path: str = "<template>", *, catalogue: Catalogue | None = None
) -> Template:
    """Parse and validate template YAML text. Raises ``TemplateError`` naming file:line:column.

    ``catalogue`` (check id -> declared parameters): also resolve every check reference."""
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
    if catalogue is not None:
        for loc, message, key in check_problems(template, catalogue):
            raise _error(path, marks, loc, message, key=key)
    return template


def read_template_text(path: str | Path) -> str:
    """A template file's text: at most ``MAX_TEMPLATE_BYTES`` read (a huge file is refused
    without reading it all), UTF-8."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_TEMPLATE_BYTES + 1)
    except FileNotFoundError:
        raise TemplateError("no such file", path=str(p)) from None
    except IsADirectoryError:
        raise TemplateError("cannot read: is a directory", path=str(p)) from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else _first_line(exc)
        raise TemplateError(f"cannot read: {reason}", path=str(p)) from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"larger than {MAX_TEMPLATE_BYTES:,} bytes", path=str(p))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"not UTF-8 text (byte {exc.start})", path=str(p)) from None


def load_template(path: str | Path, *, catalogue: Catalogue | None = None) -> Template:
    return parse_template(read_template_text(path), str(path), catalogue=catalogue)


def template_json_schema() -> dict[str, Any]:
    """JSON Schema for editor YAML support (e.g. yaml-language-server)."""
    schema = Template.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tracker checklist template"
    return schema
