"""Issue 14: TrackerService is a small facade over per-area services composed around one
shared context, not a tower of mixins."""

from __future__ import annotations

import inspect
from pathlib import Path

from tracker.services.base import ServiceContext
from tracker.services.tracker import TrackerService

AREAS = (
    "releases",
    "release_changes",
    "items",
    "owners",
    "occurrences",
    "schedule",
    "undo",
    "verification",
    "dependencies",
    "signoffs",
    "waivers",
    "milestones",
    "notify",
    "exports",
)
FACADE_METHODS = {"open", "close", "today", "warm_up"}


def test_the_facade_inherits_nothing_and_has_only_open_close_and_the_areas() -> None:
    assert TrackerService.__mro__ == (TrackerService, object)
    methods = {
        name
        for name, value in vars(TrackerService).items()
        if not name.startswith("_") and inspect.isfunction(getattr(TrackerService, name, None))
    }
    assert methods <= FACADE_METHODS


def test_every_area_is_its_own_class_sharing_one_context(tmp_path: Path) -> None:
    svc = TrackerService.open(f"sqlite:///{tmp_path / 't.db'}", "ana")
    try:
        for name in AREAS:
            area = getattr(svc, name)
            assert type(area).__mro__ == (type(area), object), name  # composed, not inherited
            assert area.ctx is svc.ctx, name
        assert isinstance(svc.ctx, ServiceContext)
        assert len({type(getattr(svc, name)) for name in AREAS}) == len(AREAS)
    finally:
        svc.close()
