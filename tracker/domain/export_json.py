"""Export one release as JSON with a stable, versioned shape (see docs/export-json.md).

The shape is described by ``release_export.schema.json`` beside this module. Fields are only ever
added within a schema version; renaming or removing one bumps ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from tracker.domain.enums import ItemStatus
from tracker.domain.models import (
    DEFAULT_STALE_DAYS,
    CheckResult,
    Evidence,
    ReleaseItem,
    ReleaseView,
)
from tracker.domain.progress import (
    Progress,
    item_progress,
    item_tree,
    ml_test_score,
    open_blocking,
)
from tracker.domain.verification import item_flags

SCHEMA_VERSION = 1
SCHEMA_ID = f"tracker.release/v{SCHEMA_VERSION}"
SCHEMA_FILE = "release_export.schema.json"


def _jsonable(value: Any) -> Any:
    """Plain JSON data from check parameters and facts (dates become ISO 8601 strings)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return _jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return str(value)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def progress_to_dict(progress: Progress) -> dict[str, Any]:
    return {
        "total": progress.total,
        "closed": progress.closed,
        "done": progress.done,
        "na": progress.na,
        "in_progress": progress.in_progress,
        "blocked": progress.blocked,
        "todo": progress.todo,
        "percent": progress.percent,
    }


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {
        "url": ev.url,
        "title": ev.title,
        "added_by": ev.added_by,
        "added_at": ev.added_at.isoformat(),
    }


def check_result_to_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "check_id": result.check_id,
        "outcome": result.outcome.value,
        "message": result.message,
        "started_at": result.started_at.isoformat(),
        "actor": result.actor,
        "duration_ms": result.duration_ms,
        "link": result.link,
        "run_id": result.run_id,
        "scheduled": result.scheduled,
        "facts": _jsonable(result.facts),
    }


def item_to_dict(
    item: ReleaseItem, *, now: datetime, stale_days: int = DEFAULT_STALE_DAYS
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.key,
        "text": item.text,
        "severity": item.severity.value,
        "optional": item.optional,
        "condition": item.condition,
        "status": item.status.value,
        "na": (
            {
                "reason": item.na_reason.value if item.na_reason else None,
                "note": item.na_note,
            }
            if item.status is ItemStatus.NA
            else None
        ),
        "owner": item.owner,
        "due_date": _iso(item.due_date),
        "notes": item.notes,
        "evidence": [_evidence(ev) for ev in item.evidence],
        "check": _jsonable(item.check) if item.check is not None else None,
        "latest_check": (
            check_result_to_dict(item.latest_check) if item.latest_check is not None else None
        ),
        "verification_flags": list(item_flags(item, now, stale_days).labels),
        "archived": item.archived,
    }
    if item.archived:
        # Archived items are listed outside the hierarchy; say where they used to be.
        data["category"] = {"id": item.category_key, "title": item.category_title}
        data["group"] = {"id": item.group_key, "title": item.group_title}
    return data


def release_to_dict(
    view: ReleaseView,
    *,
    generated_at: datetime,
    automated_item_keys: frozenset[str] = frozenset(),
    stale_days: int = DEFAULT_STALE_DAYS,
) -> dict[str, Any]:
    """The release as plain JSON data. ``automated_item_keys`` feeds the ML Test Score."""
    # Longer than 60 lines on purpose: the document is built in one place, in the order of
    # release_export.schema.json, so the two can be read side by side.
    r = view.release
    active = view.active_items
    score = ml_test_score(active, automated_item_keys)
    categories = []
    for category in item_tree(active):
        cat_items = category.items
        groups = [
            {
                "id": group.key,
                "title": group.title,
                "ml_test_section": group.ml_section.value,
                "progress": progress_to_dict(item_progress(group.items)),
                "open_blocking": len(open_blocking(group.items)),
                "items": [
                    item_to_dict(i, now=generated_at, stale_days=stale_days) for i in group.items
                ],
            }
            for group in category.groups
        ]
        categories.append(
            {
                "id": category.key,
                "title": category.title,
                "progress": progress_to_dict(item_progress(cat_items)),
                "open_blocking": len(open_blocking(cat_items)),
                "groups": groups,
            }
        )
    archived = sorted((i for i in view.items if i.archived), key=lambda i: i.position)
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at.isoformat(),
        "release": {
            "name": r.name,
            "template": {
                "id": r.template_id,
                "version": r.template_version,
                "title": r.template_title,
            },
            "environment": r.environment,
            "target_date": _iso(r.target_date),
            "golive_date": _iso(r.golive_date),
            "variables": dict(r.variables),
        },
        "progress": progress_to_dict(item_progress(active)),
        "categories": categories,
        "archived_items": [
            item_to_dict(i, now=generated_at, stale_days=stale_days) for i in archived
        ],
        "open_blocking": [i.key for i in open_blocking(active)],
        "ml_test_score": {
            "sections": {section.value: points for section, points in score.sections.items()},
            "final": score.final,
            "manual": score.manual,
            "automated": score.automated,
        },
    }


def release_to_json(
    view: ReleaseView,
    *,
    generated_at: datetime,
    automated_item_keys: frozenset[str] = frozenset(),
    stale_days: int = DEFAULT_STALE_DAYS,
) -> str:
    """``release_to_dict`` as indented UTF-8 JSON text (keys in documented order)."""
    data = release_to_dict(
        view,
        generated_at=generated_at,
        automated_item_keys=automated_item_keys,
        stale_days=stale_days,
    )
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
