"""Owners can be edited and renamed (issue 10, point 10). Pins the "Why" bullet "an owner
cannot be renamed or edited (CLI or TUI)"; the CLI side is tests/cli/test_owner_cli.py."""

from __future__ import annotations

import pytest

from tests.services.dbutil import RELEASE, unchanged
from tracker.domain.enums import OwnerKind
from tracker.domain.events import describe_event
from tracker.domain.models import Owner
from tracker.errors import ConflictError, NotFoundError, ValidationError
from tracker.services.tracker import TrackerService

KV = "secrets-azure-key-vault"


def test_edit_owner_changes_only_what_is_given(svc: TrackerService) -> None:
    edited = svc.owners.edit_owner("@ana", name="Ana M. Lima", team="", kind=OwnerKind.TEAM)
    assert edited == Owner("ana", "Ana M. Lima", "ana@example.com", None, OwnerKind.TEAM)
    assert edited in svc.owners.list_owners()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, "nothing to change"),
        ({"name": "  "}, "can't be empty"),
        ({"email": "not-an-email"}, "e-mail"),
    ],
)
def test_bad_edits_change_nothing(
    svc: TrackerService, seeded_url: str, kwargs: dict[str, str], error: str
) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match=error):
        svc.owners.edit_owner("ana", **kwargs)  # type: ignore[arg-type]
    check()


def test_rename_keeps_assignments_and_history_readable(svc: TrackerService) -> None:
    svc.items.assign_owner(RELEASE, KV, "ana")
    renamed = svc.owners.rename_owner("ana", "ana.lima")
    assert renamed.handle == "ana.lima"
    assert svc.items.item(RELEASE, KV).owner == "ana.lima"  # the assignment follows the owner
    history = [describe_event(e) for e in svc.items.release_history(RELEASE)]
    assert f"assigned {KV} to @ana" in history  # the old event keeps its handle
    assert history[-1] == "renamed owner @ana to @ana.lima (earlier events name @ana)"
    svc.items.assign_owner(RELEASE, KV, "ana.lima")  # a no-op: same owner
    assert svc.items.item(RELEASE, KV).owner == "ana.lima"


def test_rename_refuses_a_taken_or_unknown_handle(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ConflictError, match="owner @Platform already exists"):
        svc.owners.rename_owner("ana", "Platform")
    with pytest.raises(NotFoundError, match="unknown owner 'nobody'"):
        svc.owners.rename_owner("nobody", "x")
    with pytest.raises(ValidationError, match="invalid owner handle"):
        svc.owners.rename_owner("ana", "a b")
    check()
