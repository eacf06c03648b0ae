"""The owner registry on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.services.dbutil import unchanged
from tracker.domain.enums import OwnerKind
from tracker.domain.models import Owner
from tracker.errors import ConflictError, ValidationError
from tracker.services.tracker import TrackerService


def test_seeded_owners_are_listed_by_handle(svc: TrackerService) -> None:
    assert svc.owners.list_owners() == [
        Owner("ana", "Ana Lima", "ana@example.com", "platform", OwnerKind.PERSON),
        Owner("platform", "Platform team", None, None, OwnerKind.TEAM),
    ]


def test_add_owner_normalises_handle_and_name(svc: TrackerService) -> None:
    added = svc.owners.add_owner("@bo.chen", "  Bo \n Chen ", email=" bo@example.com ", team="ml")
    assert added == Owner("bo.chen", "Bo Chen", "bo@example.com", "ml", OwnerKind.PERSON)
    assert added in svc.owners.list_owners()
    assert svc.owners.add_owner("cy").name == "cy"  # name defaults to the handle


def test_owner_handles_are_unique_ignoring_case(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ConflictError, match="owner @ANA already exists"):
        svc.owners.add_owner("ANA")
    check()


@pytest.mark.parametrize("handle", ["", "-ana", "a b", "ana!", "x" * 65, "@"])
def test_invalid_handles_are_refused(svc: TrackerService, seeded_url: str, handle: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="invalid owner handle"):
        svc.owners.add_owner(handle)
    check()


@pytest.mark.parametrize("email", ["ana", "ana@", "@example.com", "a b@example.com", "ana@example"])
def test_invalid_emails_are_refused(svc: TrackerService, seeded_url: str, email: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="invalid e-mail"):
        svc.owners.add_owner("dee", email=email)
    check()
