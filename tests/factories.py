"""Builders for read models in tests: every field has a sensible default, override what matters.

item = make_item(status=ItemStatus.DONE, evidence=(make_evidence(),))
view = make_view(items=[item, make_item(key="b", position=2)])
view = make_view(items=make_items(5, category_key="infra"))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tracker.domain.enums import (
    CheckOutcome,
    ItemStatus,
    MLTestSection,
    NaReason,
    OwnerKind,
    Severity,
    TaskStatus,
)
from tracker.domain.models import (
    AuditEvent,
    CheckResult,
    Evidence,
    Owner,
    Release,
    ReleaseItem,
    ReleaseView,
    TaskOccurrence,
)

FIXED_NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
FIXED_TODAY = FIXED_NOW.date()

_counter = 0


def _next() -> int:
    global _counter
    _counter += 1
    return _counter


def make_item(**overrides: Any) -> ReleaseItem:
    """A todo, blocking item in category ``infra`` / group ``uc``. ``key`` defaults to a fresh one."""
    n = _next()
    fields: dict[str, Any] = {
        "key": f"item-{n}",
        "text": f"Item {n}",
        "category_key": "infra",
        "category_title": "Infrastructure & Security",
        "group_key": "uc",
        "group_title": "Unity Catalog Setup",
        "ml_section": MLTestSection.INFRASTRUCTURE,
        "position": n,
    }
    fields.update(overrides)
    return ReleaseItem(**fields)


def make_items(count: int, **overrides: Any) -> list[ReleaseItem]:
    """``count`` items with consecutive positions (after any earlier made item) and keys."""
    return [make_item(**overrides) for _ in range(count)]


def make_evidence(**overrides: Any) -> Evidence:
    n = _next()
    fields: dict[str, Any] = {
        "id": n,
        "url": f"https://example.com/evidence/{n}",
        "title": f"Evidence {n}",
        "added_by": "ana",
        "added_at": FIXED_NOW,
    }
    fields.update(overrides)
    return Evidence(**fields)


def make_check_result(**overrides: Any) -> CheckResult:
    n = _next()
    fields: dict[str, Any] = {
        "id": n,
        "item_key": "item-1",
        "check_id": "uc_catalog_exists",
        "outcome": CheckOutcome.PASS,
        "message": "catalog 'prod' exists",
        "started_at": FIXED_NOW,
        "actor": "ana",
        "duration_ms": 120,
    }
    fields.update(overrides)
    return CheckResult(**fields)


def make_owner(**overrides: Any) -> Owner:
    fields: dict[str, Any] = {
        "handle": "ana",
        "name": "Ana Lima",
        "email": "ana@example.com",
        "kind": OwnerKind.PERSON,
    }
    fields.update(overrides)
    return Owner(**fields)


def make_event(**overrides: Any) -> AuditEvent:
    n = _next()
    fields: dict[str, Any] = {
        "id": n,
        "at": FIXED_NOW,
        "actor": "ana",
        "action": "status",
        "release_name": "r1",
    }
    fields.update(overrides)
    return AuditEvent(**fields)


def make_occurrence(**overrides: Any) -> TaskOccurrence:
    n = _next()
    fields: dict[str, Any] = {
        "id": n,
        "task_key": f"task-{n}",
        "phase_key": "week-1",
        "phase_title": "Week 1: Validation",
        "text": f"Task {n}",
        "due_date": FIXED_TODAY + timedelta(days=1),
        "status": TaskStatus.TODO,
    }
    fields.update(overrides)
    return TaskOccurrence(**fields)


def make_release(**overrides: Any) -> Release:
    fields: dict[str, Any] = {
        "id": 1,
        "name": "r1",
        "template_id": "databricks-ml-production",
        "template_version": 1,
        "template_title": "Databricks ML production readiness",
        "environment": "prod",
        "target_date": date(2025, 4, 1),
        "created_at": FIXED_NOW,
    }
    fields.update(overrides)
    return Release(**fields)


def make_view(
    items: Iterable[ReleaseItem] | None = None, *, release: Release | None = None, **overrides: Any
) -> ReleaseView:
    """A release view; ``release`` fields may also be passed as ``release_<field>=...``."""
    release_fields = {
        k.removeprefix("release_"): overrides.pop(k)
        for k in list(overrides)
        if k.startswith("release_")
    }
    rel = release or make_release()
    if release_fields:
        rel = replace(rel, **release_fields)
    return ReleaseView(
        release=rel,
        items=tuple(items if items is not None else make_sample_items()),
        **overrides,
    )


def make_sample_items() -> list[ReleaseItem]:
    """A small release: two categories, three groups, every status, one archived item."""
    infra: dict[str, Any] = {
        "category_key": "infra",
        "category_title": "Infrastructure & Security",
        "ml_section": MLTestSection.INFRASTRUCTURE,
    }
    data: dict[str, Any] = {
        "category_key": "data",
        "category_title": "Data Quality & Validation",
        "group_key": "validation",
        "group_title": "Data Validation",
        "ml_section": MLTestSection.DATA,
    }
    uc = {**infra, "group_key": "uc", "group_title": "Unity Catalog Setup"}
    net = {**infra, "group_key": "network", "group_title": "Network & Security"}
    return [
        make_item(
            key="uc-catalog",
            text="Production catalog created with proper naming convention",
            position=1,
            status=ItemStatus.DONE,
            owner="ana",
            evidence=(make_evidence(title="Catalog page"),),
            latest_check=make_check_result(item_key="uc-catalog"),
            **uc,
        ),
        make_item(
            key="uc-schemas",
            text="Schemas organized by domain (raw, features, models, monitoring)",
            position=2,
            status=ItemStatus.IN_PROGRESS,
            owner="bo",
            due_date=date(2025, 3, 1),
            **uc,
        ),
        make_item(
            key="vnet",
            text="VNet injection configured (if required)",
            position=3,
            optional=True,
            severity=Severity.ADVISORY,
            condition="if required",
            status=ItemStatus.NA,
            na_reason=NaReason.OUT_OF_SCOPE,
            na_note="single-tenant workspace",
            **net,
        ),
        make_item(key="secrets", text="Secrets stored in Azure Key Vault", position=4, **net),
        make_item(
            key="schema-validation",
            text="Schema validation automated",
            position=5,
            status=ItemStatus.BLOCKED,
            owner="ana",
            notes="waiting on the platform team",
            **data,
        ),
        make_item(
            key="old-item",
            text="An item removed from the template",
            position=6,
            archived=True,
            **data,
        ),
    ]
