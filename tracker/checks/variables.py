"""Release variables the checks would misread, told before a run (pure, given the catalogue).

A variable is **empty** when a check reads it and it holds nothing (``""``, ``","``, ``[]``: an
empty list counts as unset), **unused** when no check of the release reads it, and **invalid**
when a check reads it as a regular expression that does not compile. After a run, what the
regexes and names matched nothing of comes from the results (``facts["unmatched"]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tracker.checks.model import ParamType, split_list
from tracker.domain.variables import variable_refs

# Variables read by the runner or the app itself rather than by a check parameter.
NOT_CHECK_PARAMETERS = frozenset({"cloud"})


@dataclass(frozen=True, slots=True)
class VariableProblem:
    name: str
    kind: str  # "empty" | "unused" | "invalid"
    message: str


def variable_uses(checks: Iterable[Mapping[str, Any]]) -> dict[str, set[ParamType]]:
    """Each variable the checks reference, with the parameter types it feeds (``str`` for SQL)."""
    from tracker.checks import registry
    from tracker.errors import NotFoundError

    uses: dict[str, set[ParamType]] = {}
    for check in checks:
        if "sql" in check:
            for name in variable_refs(check["sql"]):
                uses.setdefault(name, set()).add("str")
            continue
        try:
            meta = registry.get_check(str(check.get("id") or "")).meta
        except NotFoundError:
            continue
        types = {p.name: p.type for p in meta.params}
        for param, raw in (check.get("params") or {}).items():
            for name in variable_refs(raw):
                uses.setdefault(name, set()).add(types.get(param, "str"))
    return uses


def variable_problems(
    variables: Mapping[str, str], checks: Iterable[Mapping[str, Any]]
) -> list[VariableProblem]:
    """Empty, unused and invalid variables of a release whose items run ``checks``."""
    uses = variable_uses(checks)
    problems: list[VariableProblem] = []
    for name, value in sorted(variables.items()):
        types = uses.get(name)
        if types is None:
            if name not in NOT_CHECK_PARAMETERS:
                problems.append(
                    VariableProblem(name, "unused", f"`{name}` is set but no check reads it")
                )
            continue
        if not str(value).strip() or ("list" in types and not split_list(value)):
            problems.append(
                VariableProblem(name, "empty", f"`{name}` is empty: the checks reading it skip")
            )
            continue
        if "regex" in types:
            try:
                re.compile(str(value))
            except re.error as exc:
                problems.append(
                    VariableProblem(
                        name, "invalid", f"`{name}` is not a valid regular expression: {exc}"
                    )
                )
    return problems
