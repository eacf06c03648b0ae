"""Release variables as checks refer to them, ``${name}``: found, substituted, missing.

Kept apart from the template schema (pydantic) so that the read path (the TUI's configuration
warnings, ``tracker status``) does not import pydantic: ~100 ms of a first launch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

VARIABLE_REF = re.compile(r"\$\{([^}]*)\}")


def variable_refs(value: Any) -> Iterator[str]:
    """Every ``${name}`` referenced anywhere inside a (nested) parameter value."""
    if isinstance(value, str):
        for match in VARIABLE_REF.finditer(value):
            yield match.group(1)
    elif isinstance(value, dict):
        for v in value.values():
            yield from variable_refs(v)
    elif isinstance(value, list):
        for v in value:
            yield from variable_refs(v)


def substitute_variables(value: Any, variables: dict[str, str]) -> Any:
    """Replace ``${name}`` with the release's value. Unset variables stay as they are."""
    if isinstance(value, str):
        return VARIABLE_REF.sub(lambda m: variables.get(m.group(1), m.group(0)), value)
    if isinstance(value, dict):
        return {k: substitute_variables(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute_variables(v, variables) for v in value]
    return value


def unresolved_variables(value: Any, variables: dict[str, str]) -> list[str]:
    """Variables a check needs that the release has not set (sorted, unique)."""
    return sorted({name for name in variable_refs(value) if not variables.get(name)})
