"""Undo on SQLite and PostgreSQL: the acting user's last change, recorded as a change itself."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.conftest import ServiceFactory
from tests.services.dbutil import ACTOR, RELEASE, rows, unchanged
from tracker.domain.changes import ItemChange
from tracker.domain.enums import ItemStatus, NaReason
from tracker.errors import ConflictError, ValidationError
from tracker.services.tracker import TrackerService

KV = "secrets-azure-key-vault"


def test_undo_a_status_change(svc: TrackerService, seeded_url: str) -> None:
    svc.items.set_status(RELEASE, KV, ItemStatus.DONE)
    (reverted,) = svc.undo.undo_last(RELEASE)
    assert (reverted.action, reverted.old_value, reverted.new_value) == ("status", "todo", "done")
    item = svc.items.item(RELEASE, KV)
    assert item.status is ItemStatus.TODO
    assert item.row_version == 3  # the undo is a change too
    got = rows(
        seeded_url,
        "SELECT action, old_value, new_value, undo_of IS NOT NULL FROM audit_event WHERE item_key = :k ORDER BY id",
        k=KV,
    )
    assert got == [("status", "todo", "done", False), ("status", "done", "todo", True)]


def test_undo_an_na_change_restores_status_and_reason_together(svc: TrackerService) -> None:
    svc.items.set_status(
        RELEASE, KV, ItemStatus.NA, na_reason=NaReason.OUT_OF_SCOPE, na_note="aws only"
    )
    reverted = svc.undo.undo_last(RELEASE)
    assert {e.action for e in reverted} == {"status", "na_reason"}
    item = svc.items.item(RELEASE, KV)
    assert (item.status, item.na_reason, item.na_note) == (ItemStatus.TODO, None, None)


def test_undo_leaving_na_brings_the_reason_back(svc: TrackerService) -> None:
    svc.items.set_status(RELEASE, KV, ItemStatus.NA, na_reason=NaReason.OTHER, na_note="why")
    svc.items.set_status(RELEASE, KV, ItemStatus.DONE)
    svc.undo.undo_last(RELEASE)
    item = svc.items.item(RELEASE, KV)
    assert (item.status, item.na_reason, item.na_note) == (ItemStatus.NA, NaReason.OTHER, "why")


def test_undo_owner_due_date_and_notes(svc: TrackerService) -> None:
    svc.items.assign_owner(RELEASE, KV, "ana")
    svc.items.update_item(
        RELEASE, KV, ItemChange(owner="platform", due_date=date(2026, 12, 1), notes="n")
    )
    assert len(svc.undo.undo_last(RELEASE)) == 3
    item = svc.items.item(RELEASE, KV)
    assert (item.owner, item.due_date, item.notes) == ("ana", None, None)
    svc.undo.undo_last(RELEASE)
    assert svc.items.item(RELEASE, KV).owner is None


def test_undo_evidence_add_and_remove(svc: TrackerService) -> None:
    ev = svc.items.add_evidence(RELEASE, KV, "https://example.com/a", "A").evidence[0]
    svc.undo.undo_last(RELEASE)
    assert svc.items.item(RELEASE, KV).evidence == ()

    ev = svc.items.add_evidence(RELEASE, KV, "https://example.com/b", "B").evidence[0]
    svc.items.remove_evidence(RELEASE, KV, ev.id)
    svc.undo.undo_last(RELEASE)
    (back,) = svc.items.item(RELEASE, KV).evidence
    assert (back.url, back.title) == ("https://example.com/b", "B")


def test_undo_twice_undoes_the_change_before(svc: TrackerService) -> None:
    svc.items.set_notes(RELEASE, KV, "first")
    svc.items.set_status(RELEASE, KV, ItemStatus.IN_PROGRESS)
    svc.undo.undo_last(RELEASE)
    item = svc.items.item(RELEASE, KV)
    assert (item.status, item.notes) == (ItemStatus.TODO, "first")
    svc.undo.undo_last(RELEASE)
    item = svc.items.item(RELEASE, KV)
    assert (item.status, item.notes) == (ItemStatus.TODO, None)


def test_undo_reverts_a_whole_bulk_change(svc: TrackerService) -> None:
    result = svc.items.bulk_update(RELEASE, "Documentation", ItemChange(status=ItemStatus.DONE))
    assert len(svc.undo.undo_last(RELEASE)) == len(result.changed)
    view = svc.releases.release_view(RELEASE)
    assert {i.status for i in view.items if i.key in result.changed} == {ItemStatus.TODO}


def test_undo_is_refused_when_someone_changed_the_value_since(
    make_svc: ServiceFactory, seeded_url: str
) -> None:
    me, ana = make_svc(), make_svc("ana")
    me.items.set_status(RELEASE, KV, ItemStatus.DONE)
    ana.items.set_status(RELEASE, KV, ItemStatus.BLOCKED)
    check = unchanged(seeded_url)
    with pytest.raises(
        ConflictError,
        match=r"can't undo: secrets-azure-key-vault changed since you read it: "
        r"ana set status to blocked .*\(yours: todo\)",
    ):
        me.undo.undo_last(RELEASE)
    check()


def test_undo_only_touches_the_acting_users_changes(make_svc: ServiceFactory) -> None:
    me, ana = make_svc(), make_svc("ana")
    me.items.set_notes(RELEASE, KV, "mine")
    ana.items.set_status(RELEASE, KV, ItemStatus.DONE)
    me.undo.undo_last(RELEASE)
    item = me.items.item(RELEASE, KV)
    assert (item.status, item.notes) == (ItemStatus.DONE, None)


def test_nothing_to_undo(make_svc: ServiceFactory, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="nothing of yours to undo in release 'r1'"):
        make_svc("newcomer").undo.undo_last(RELEASE)
    # the seeding user's only change is creating the release, which can't be undone
    with pytest.raises(
        ValidationError, match=r"the last change \(release.create\) can't be undone"
    ):
        make_svc(ACTOR).undo.undo_last(RELEASE)
    check()
