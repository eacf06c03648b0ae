"""Just enough of Delta tables for ``tracker publish``: the fake warehouse keeps the tables that
``CREATE TABLE IF NOT EXISTS`` makes and applies ``MERGE ... USING (SELECT * FROM VALUES ...)``
upserts with bound parameters, so a test can assert that publishing twice leaves the same rows.

Only those two statement shapes (and ``SELECT * FROM t``) are understood; anything else falls
through to the scenario's statement rules. Answers are statement "rules" for ``routes/sql.py``.
"""

from __future__ import annotations

import re
from typing import Any

Item = dict[str, Any]

_NAME = r"((?:`[^`]+`|\w+)(?:\.(?:`[^`]+`|\w+)){0,2})"
_CREATE = re.compile(
    rf"^\s*CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\s+{_NAME}\s*\((.*?)\)\s*USING\s+DELTA", re.I | re.S
)
_MERGE = re.compile(
    rf"^\s*MERGE\s+INTO\s+{_NAME}\s+AS\s+t\s+USING\s+\(\s*SELECT\s+\*\s+FROM\s+VALUES\s+(.*)"
    r"\s+AS\s+s\s*\(([^)]*)\)\s*\)\s*AS\s+s\s+ON\s+(.*?)\s+WHEN\s+MATCHED\s+THEN\s+UPDATE\s+SET\s+\*"
    r"\s+WHEN\s+NOT\s+MATCHED\s+THEN\s+INSERT\s+\*\s*$",
    re.I | re.S,
)
_DELETE = re.compile(
    rf"^\s*DELETE\s+FROM\s+{_NAME}\s+WHERE\s+(?:release\s*=\s*:(\w+)\s+AND\s+)?"
    r"NOT\s+array_contains\(split\(:(\w+),\s*:(\w+)\),\s*concat_ws\(:(\w+),\s*(.*)\)\)\s*$",
    re.I | re.S,
)
_CAST = re.compile(r"^CAST\((\w+)\s+AS\s+STRING\)$", re.I)
_SELECT = re.compile(rf"^\s*SELECT\s+\*\s+FROM\s+{_NAME}\s*$", re.I | re.S)
_TUPLE = re.compile(r"\(([^()]*)\)")
_KEY = re.compile(r"^t\.(\w+)\s*=\s*s\.(\w+)$", re.I)


def table_name(raw: str) -> str:
    return ".".join(part.strip("`").lower() for part in raw.split("."))


def _failed(code: str, message: str) -> Item:
    return {"state": "FAILED", "error_code": code, "error": message}


def execute(tables: dict[str, Item], statement: str, parameters: list[Item]) -> Item | None:
    """Apply ``statement`` to ``tables``; None when the statement is not one of ours."""
    if found := _CREATE.match(statement):
        columns = [c.strip().split()[0] for c in found.group(2).split(",")]
        tables.setdefault(table_name(found.group(1)), {"columns": columns, "rows": {}})
        return {"columns": [], "rows": []}
    if found := _MERGE.match(statement):
        return _merge(tables, found, {str(p.get("name")): p.get("value") for p in parameters})
    if found := _DELETE.match(statement):
        return _delete(tables, found, {str(p.get("name")): p.get("value") for p in parameters})
    if found := _SELECT.match(statement):
        table = tables.get(table_name(found.group(1)))
        if table is None:
            return _failed("TABLE_OR_VIEW_NOT_FOUND", f"Table {found.group(1)} not found")
        rows = [[row.get(c) for c in table["columns"]] for row in table["rows"].values()]
        return {"columns": table["columns"], "rows": rows}
    return None


def _merge(tables: dict[str, Item], found: re.Match[str], bound: dict[str, Any]) -> Item:
    name = table_name(found.group(1))
    table = tables.get(name)
    if table is None:
        return _failed("TABLE_OR_VIEW_NOT_FOUND", f"The table {found.group(1)} cannot be found.")
    source_columns = [c.strip() for c in found.group(3).split(",")]
    if source_columns != table["columns"]:
        return _failed("UNRESOLVED_COLUMN", f"MERGE source columns differ from {name}'s")
    keys = []
    for condition in re.split(r"\s+AND\s+", found.group(4).strip(), flags=re.I):
        key = _KEY.match(condition.strip())
        if key is None or key.group(1) != key.group(2):
            return _failed("PARSE_SYNTAX_ERROR", f"unsupported MERGE condition {condition!r}")
        keys.append(key.group(1))
    for values in _TUPLE.findall(found.group(2)):
        markers = [v.strip() for v in values.split(",")]
        if len(markers) != len(source_columns) or not all(m.startswith(":") for m in markers):
            return _failed("PARSE_SYNTAX_ERROR", "VALUES rows must be parameter markers only")
        missing = [m for m in markers if m[1:] not in bound]
        if missing:
            return _failed(
                "UNBOUND_SQL_PARAMETER", f"Found the unbound parameter: {missing[0][1:]}"
            )
        row = {c: bound[m[1:]] for c, m in zip(source_columns, markers, strict=True)}
        table["rows"][tuple(row[k] for k in keys)] = row
    return {"columns": [], "rows": []}


def _delete(tables: dict[str, Item], found: re.Match[str], bound: dict[str, Any]) -> Item:
    """``DELETE ... WHERE [release = :r AND] NOT array_contains(split(:keep, :rs),
    concat_ws(:fs, CAST(k AS STRING), ...))``: keep only the listed keys (of that release)."""
    table = tables.get(table_name(found.group(1)))
    if table is None:
        return _failed("TABLE_OR_VIEW_NOT_FOUND", f"The table {found.group(1)} cannot be found.")
    names = [found.group(n) for n in (2, 3, 4, 5) if found.group(n)]
    missing = [n for n in names if n not in bound]
    if missing:
        return _failed("UNBOUND_SQL_PARAMETER", f"Found the unbound parameter: {missing[0]}")
    columns = []
    for part in found.group(6).split(","):
        cast = _CAST.match(part.strip())
        if cast is None:
            return _failed("PARSE_SYNTAX_ERROR", f"unsupported key expression {part.strip()!r}")
        columns.append(cast.group(1))
    release = bound[found.group(2)] if found.group(2) else None
    keep = set((bound[found.group(3)] or "").split(bound[found.group(4)]))
    fs = bound[found.group(5)]
    for key, row in list(table["rows"].items()):
        if release is not None and row.get("release") != release:
            continue
        if fs.join(str(row.get(c) or "") for c in columns) not in keep:
            del table["rows"][key]
    return {"columns": [], "rows": []}
