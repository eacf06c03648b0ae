"""Seed data for ``tracker demo``: a release wired to the built-in fake workspace."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from tracker.domain.changes import ItemChange
from tracker.domain.enums import ItemStatus, NaReason, OwnerKind

if TYPE_CHECKING:
    from tracker.domain.template import Template
    from tracker.services.tracker import TrackerService

DEMO_RELEASE = "churn-model-v2 (DEMO)"
DEMO_OWNERS = (
    ("ana", "Ana Lima", "ml-platform", OwnerKind.PERSON),
    ("ben", "Ben Okafor", "ml-engineering", OwnerKind.PERSON),
    ("ml-platform", "ML Platform team", None, OwnerKind.TEAM),
)
# Variables the demo workspace can't answer for (account level, cloud override) stay unset.
UNSET_VARIABLES = frozenset({"cloud", "account_id"})


def seed_demo(svc: TrackerService, template: Template) -> str:
    """Create owners and a half-done release whose variables match the demo workspace."""
    for handle, name, team, kind in DEMO_OWNERS:
        svc.owners.add_owner(handle, name, email=f"{handle}@example.com", team=team, kind=kind)
    variables = {
        v.name: v.example
        for v in template.variables
        if v.example is not None and v.name not in UNSET_VARIABLES
    }
    target = svc.clock.today() + timedelta(days=21)
    svc.releases.create_release(
        DEMO_RELEASE, template, environment="prod", target_date=target, variables=variables
    )
    svc.items.bulk_update(DEMO_RELEASE, "unity-catalog-setup", ItemChange(owner="ana"))
    svc.items.bulk_update(DEMO_RELEASE, "real-time-serving", ItemChange(owner="ben"))
    svc.items.bulk_update(DEMO_RELEASE, "alerting", ItemChange(owner="ml-platform"))
    svc.items.update_item(
        DEMO_RELEASE,
        "uc-production-catalog",
        ItemChange(
            status=ItemStatus.DONE, notes="Created by the platform team; owned by ml-admins."
        ),
    )
    svc.items.update_item(DEMO_RELEASE, "uc-domain-schemas", ItemChange(status=ItemStatus.DONE))
    svc.items.update_item(DEMO_RELEASE, "fs-primary-keys", ItemChange(status=ItemStatus.DONE))
    svc.items.update_item(
        DEMO_RELEASE, "serving-endpoint-created", ItemChange(status=ItemStatus.IN_PROGRESS)
    )
    svc.items.update_item(
        DEMO_RELEASE,
        "network-vnet-injection",
        ItemChange(
            status=ItemStatus.NA,
            na_reason=NaReason.ARCHITECTURE_CONSTRAINTS,
            na_note="Serverless compute only; no customer-managed VNet.",
        ),
    )
    svc.items.update_item(
        DEMO_RELEASE,
        "serving-load-testing",
        ItemChange(due_date=svc.clock.today() - timedelta(days=2)),
    )
    return DEMO_RELEASE
