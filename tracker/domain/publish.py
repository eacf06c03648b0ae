"""What ``tracker publish`` writes to Unity Catalog: the tables, their rows, and the statements.

Pure: rows come from a ``ReleaseView``; statements are text with ``:name`` parameter markers plus
the typed values to bind. Only identifiers (catalog, schema, fixed table and column names) are
part of the text, validated and back-quoted; every value a user typed travels as a parameter.
Writes are idempotent: ``CREATE TABLE IF NOT EXISTS`` and ``MERGE`` on each table's stable keys,
with no publish-time column, so publishing the same data twice leaves the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tracker.domain.models import ReleaseView
from tracker.domain.progress import item_progress, open_blocking

MERGE_BATCH_ROWS = 50
"""Rows per MERGE statement: keeps every statement well under a thousand bound parameters."""
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,254}$")


class PublishTargetError(ValueError):
    """The ``--to CATALOG.SCHEMA`` target is not a valid pair of identifiers."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql_type: str  # STRING, INT, BOOLEAN, DATE, TIMESTAMP, DOUBLE (also the parameter type)
    comment: str = ""


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    keys: tuple[str, ...]
    columns: tuple[Column, ...]
    comment: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _cols(*spec: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(name, sql_type) for name, sql_type in spec)


RELEASES = TableSpec(
    "tracker_releases",
    ("release",),
    _cols(
        ("release", "STRING"),
        ("template_id", "STRING"),
        ("template_version", "INT"),
        ("environment", "STRING"),
        ("target_date", "DATE"),
        ("golive_date", "DATE"),
        ("archived", "BOOLEAN"),
        ("total_items", "INT"),
        ("closed_items", "INT"),
        ("percent_closed", "INT"),
        ("open_blocking", "INT"),
        ("drifted_items", "INT"),
    ),
    "One row per release: progress as tracker computes it.",
)
ITEMS = TableSpec(
    "tracker_items",
    ("release", "item_id"),
    _cols(
        ("release", "STRING"),
        ("item_id", "STRING"),
        ("category", "STRING"),
        ("item_group", "STRING"),
        ("text", "STRING"),
        ("severity", "STRING"),
        ("status", "STRING"),
        ("na_reason", "STRING"),
        ("owner", "STRING"),
        ("due_date", "DATE"),
        ("archived", "BOOLEAN"),
        ("updated_at", "TIMESTAMP"),
        ("updated_by", "STRING"),
        ("check_id", "STRING"),
        ("check_outcome", "STRING"),
        ("checked_at", "TIMESTAMP"),
        ("drift", "BOOLEAN"),
    ),
    "One row per checklist item of a release: state, owner and the latest verification.",
)
OWNERS = TableSpec(
    "tracker_owners",
    ("handle",),
    _cols(("handle", "STRING"), ("name", "STRING"), ("team", "STRING"), ("kind", "STRING")),
    "The owner registry (people and teams), for per-team views.",
)
TASKS = TableSpec(
    "tracker_tasks",
    ("release", "task_id", "seq"),
    _cols(
        ("release", "STRING"),
        ("task_id", "STRING"),
        ("seq", "INT"),
        ("phase", "STRING"),
        ("text", "STRING"),
        ("due_date", "DATE"),
        ("status", "STRING"),
        ("owner", "STRING"),
        ("completed_at", "TIMESTAMP"),
    ),
    "Post-deployment task occurrences scheduled from go-live.",
)
CHECKS = TableSpec(
    "tracker_checks",
    ("release", "item_id", "check_id"),
    _cols(
        ("release", "STRING"),
        ("item_id", "STRING"),
        ("check_id", "STRING"),
        ("outcome", "STRING"),
        ("message", "STRING"),
        ("checked_at", "TIMESTAMP"),
        ("checked_by", "STRING"),
        ("duration_ms", "INT"),
        ("link", "STRING"),
    ),
    "The latest automated verification result of each checked item.",
)
TABLES: tuple[TableSpec, ...] = (RELEASES, OWNERS, ITEMS, TASKS, CHECKS)

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Statement:
    """SQL text with ``:name`` markers and the (name, value, type) of each bound parameter."""

    text: str
    parameters: tuple[tuple[str, Any, str], ...] = ()


def parse_target(target: str) -> tuple[str, str]:
    """``CATALOG.SCHEMA`` -> (catalog, schema), each a plain identifier."""
    parts = target.split(".")
    if len(parts) != 2 or not all(_IDENTIFIER.match(p) for p in parts):
        raise PublishTargetError(
            f"--to must be CATALOG.SCHEMA (letters, digits, _ and -), got {target!r}"
        )
    return parts[0], parts[1]


def quote(*parts: str) -> str:
    for part in parts:
        if not _IDENTIFIER.match(part):
            raise PublishTargetError(f"not a valid identifier: {part!r}")
    return ".".join(f"`{p}`" for p in parts)


def create_statement(catalog: str, schema: str, table: TableSpec) -> Statement:
    columns = ", ".join(
        f"{c.name} {c.sql_type}{' NOT NULL' if c.name in table.keys else ''}" for c in table.columns
    )
    # The comment is this module's own constant text (no quotes in it), never user input.
    return Statement(
        f"CREATE TABLE IF NOT EXISTS {quote(catalog, schema, table.name)} ({columns}) "
        f"USING DELTA COMMENT '{table.comment}'"
    )


def merge_statements(
    catalog: str, schema: str, table: TableSpec, rows: Sequence[Row]
) -> list[Statement]:
    """One MERGE per batch of rows: update the row with the same keys, or insert it."""
    statements = []
    target = quote(catalog, schema, table.name)
    names = table.column_names
    on = " AND ".join(f"t.{k} = s.{k}" for k in table.keys)
    for start in range(0, len(rows), MERGE_BATCH_ROWS):
        batch = rows[start : start + MERGE_BATCH_ROWS]
        params: list[tuple[str, Any, str]] = []
        tuples = []
        for r, row in enumerate(batch):
            markers = []
            for c, column in enumerate(table.columns):
                name = f"r{r}c{c}"
                markers.append(f":{name}")
                params.append((name, row.get(column.name), column.sql_type))
            tuples.append(f"({', '.join(markers)})")
        text = (
            f"MERGE INTO {target} AS t USING (SELECT * FROM VALUES {', '.join(tuples)} "
            f"AS s({', '.join(names)})) AS s ON {on} "
            "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
        )
        statements.append(Statement(text, tuple(params)))
    return statements


# -- rows -----------------------------------------------------------------------------------------


def release_row(view: ReleaseView) -> Row:
    r, active = view.release, [i for i in view.items if not i.archived]
    progress = item_progress(active)
    return {
        "release": r.name,
        "template_id": r.template_id,
        "template_version": r.template_version,
        "environment": r.environment,
        "target_date": r.target_date,
        "golive_date": r.golive_date,
        "archived": r.archived,
        "total_items": progress.total,
        "closed_items": progress.closed,
        "percent_closed": progress.percent,
        "open_blocking": len(open_blocking(active)),
        "drifted_items": sum(1 for i in active if i.drifted),
    }


def item_rows(view: ReleaseView) -> list[Row]:
    rows = []
    for item in view.items:
        latest = item.latest_check
        rows.append(
            {
                "release": view.release.name,
                "item_id": item.key,
                "category": item.category_title,
                "item_group": item.group_title,
                "text": item.text,
                "severity": item.severity.value,
                "status": item.status.value,
                "na_reason": item.na_reason.value if item.na_reason else None,
                "owner": item.owner,
                "due_date": item.due_date,
                "archived": item.archived,
                "updated_at": item.updated_at,
                "updated_by": item.updated_by,
                "check_id": latest.check_id if latest else None,
                "check_outcome": latest.outcome.value if latest else None,
                "checked_at": latest.started_at if latest else None,
                "drift": item.drifted,
            }
        )
    return rows


def check_rows(view: ReleaseView) -> list[Row]:
    return [
        {
            "release": view.release.name,
            "item_id": item.key,
            "check_id": c.check_id,
            "outcome": c.outcome.value,
            "message": c.message,
            "checked_at": c.started_at,
            "checked_by": c.actor,
            "duration_ms": c.duration_ms,
            "link": c.link,
        }
        for item in view.items
        if (c := item.latest_check) is not None
    ]


def task_rows(view: ReleaseView) -> list[Row]:
    return [
        {
            "release": view.release.name,
            "task_id": o.task_key,
            "seq": o.seq,
            "phase": o.phase_title,
            "text": o.text,
            "due_date": o.due_date,
            "status": o.status.value,
            "owner": o.owner,
            "completed_at": o.completed_at,
        }
        for o in view.occurrences
    ]


def owner_rows(views: Iterable[ReleaseView]) -> list[Row]:
    owners = {o.handle: o for view in views for o in view.owners}
    return [
        {"handle": o.handle, "name": o.name, "team": o.team, "kind": o.kind.value}
        for o in sorted(owners.values(), key=lambda o: o.handle)
    ]


FIELD_SEP, RECORD_SEP = "\x1f", "\x1e"  # names and ids cannot hold control characters


def prune_statement(
    catalog: str, schema: str, table: TableSpec, rows: Sequence[Row], release: str | None
) -> Statement:
    """Delete the rows (of ``release``, when the table is per release) whose keys are no longer
    published: tasks a new go-live date removed, owners renamed. One STRING parameter carries
    every kept key, however many."""
    key_of = f"concat_ws(:fs, {', '.join(f'CAST({k} AS STRING)' for k in table.keys)})"
    keep = RECORD_SEP.join(
        FIELD_SEP.join(parameter_text(row[k]) or "" for k in table.keys) for row in rows
    )
    scope = "release = :release AND " if release is not None else ""
    params: list[tuple[str, Any, str]] = [
        ("keep", keep, "STRING"),
        ("rs", RECORD_SEP, "STRING"),
        ("fs", FIELD_SEP, "STRING"),
    ]
    if release is not None:
        params.insert(0, ("release", release, "STRING"))
    return Statement(
        f"DELETE FROM {quote(catalog, schema, table.name)} WHERE {scope}"
        f"NOT array_contains(split(:keep, :rs), {key_of})",
        tuple(params),
    )


def publish_plan(catalog: str, schema: str, views: Sequence[ReleaseView]) -> list[Statement]:
    """Every statement of one publish, tables first, in a stable order: merge the current rows,
    then delete the published releases' rows that no longer exist."""
    plan = [create_statement(catalog, schema, t) for t in TABLES]
    rows: dict[str, list[Row]] = {
        RELEASES.name: [release_row(v) for v in views],
        OWNERS.name: owner_rows(views),
        ITEMS.name: [r for v in views for r in item_rows(v)],
        TASKS.name: [r for v in views for r in task_rows(v)],
        CHECKS.name: [r for v in views for r in check_rows(v)],
    }
    for table in TABLES:
        plan.extend(merge_statements(catalog, schema, table, rows[table.name]))
    plan.append(prune_statement(catalog, schema, OWNERS, rows[OWNERS.name], None))
    for view in views:
        name = view.release.name
        for table in (ITEMS, TASKS, CHECKS):
            mine = [r for r in rows[table.name] if r["release"] == name]
            plan.append(prune_statement(catalog, schema, table, mine, name))
    return plan


def parameter_text(value: Any) -> str | None:
    """A bound value as the Statement Execution API wants it: text, or None for NULL."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
