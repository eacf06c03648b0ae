"""Strict template validation of ``check:`` references against the check catalogue (pure).

The catalogue (check id -> declared parameters) is handed in by the caller that can read the
check registry; here every check id must resolve, every parameter must be declared, every
required one given, and a literal value must fit its declared type (``${var}`` values are
checked per release, when the variable is set).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.domain.names import suggest
from tracker.domain.template import CheckRef, Template
from tracker.domain.variables import variable_refs

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class DeclaredParam:
    name: str
    type: str  # str | list | int | float | bool | regex
    required: bool = True


Catalogue = Mapping[str, Sequence[DeclaredParam]]
_BOOLS = {"true", "yes", "1", "on", "false", "no", "0", "off", ""}


def _type_problem(param: DeclaredParam, value: Any) -> str | None:
    if isinstance(value, str) and list(variable_refs(value)):
        return None
    text = str(value).strip()
    try:
        if param.type == "int" and not isinstance(value, bool):
            int(text)
        elif param.type == "float" and not isinstance(value, bool):
            float(text)
        elif param.type == "bool" and not isinstance(value, bool) and text.lower() not in _BOOLS:
            return f"must be true or false, not {value!r}"
        elif param.type == "regex":
            re.compile(text)
        elif param.type == "list" and not isinstance(value, str | list):
            return f"must be a comma-separated string or a list, not {value!r}"
        elif param.type in ("int", "float") and isinstance(value, bool):
            return f"must be a number, not {value!r}"
    except ValueError:
        return f"must be a {'whole number' if param.type == 'int' else 'number'}, not {value!r}"
    except re.error as exc:
        return f"is not a valid regular expression: {exc}"
    return None


def ref_problems(ref: CheckRef, catalogue: Catalogue) -> Iterator[tuple[Loc, str, bool]]:
    """(location under ``check``, message, is-a-key) for each problem of one reference."""
    if ref.id is None:  # a SQL check: its shape is the template schema's business
        return
    declared = catalogue.get(ref.id)
    if declared is None:
        hints = suggest(ref.id, list(catalogue))
        did = "; did you mean " + ", ".join(repr(h) for h in hints) + "?" if hints else ""
        yield ("id",), f"unknown check {ref.id!r}{did}", False
        return
    by_name = {p.name: p for p in declared}
    for name, value in ref.params.items():
        param = by_name.get(name)
        if param is None:
            hints = suggest(name, list(by_name))
            did = "; did you mean " + ", ".join(repr(h) for h in hints) + "?" if hints else ""
            known = ", ".join(by_name) or "none"
            yield (
                ("params", name),
                f"check {ref.id!r} has no parameter {name!r}{did} (it takes: {known})",
                True,
            )
            continue
        problem = _type_problem(param, value)
        if problem:
            yield ("params", name), f"parameter {name!r} of check {ref.id!r} {problem}", False
    for param in declared:
        if param.required and param.name not in ref.params:
            yield ("id",), f"check {ref.id!r} needs parameter {param.name!r}", False


def check_problems(template: Template, catalogue: Catalogue) -> Iterator[tuple[Loc, str, bool]]:
    """Every problem of every ``check:`` in the template, with its data location."""
    for ci, category in enumerate(template.categories):
        for gi, group in enumerate(category.groups):
            for ii, item in enumerate(group.items):
                if item.check is not None:
                    loc: Loc = ("categories", ci, "groups", gi, "items", ii, "check")
                    for sub, message, key in ref_problems(item.check, catalogue):
                        yield (*loc, *sub), message, key
    for pi, phase in enumerate(template.post_deployment):
        for ti, task in enumerate(phase.tasks):
            if task.check is not None:
                loc = ("post_deployment", pi, "tasks", ti, "check")
                for sub, message, key in ref_problems(task.check, catalogue):
                    yield (*loc, *sub), message, key
