"""Compare-and-set for every edit against what the editor saw (issue 10, point 1).

Pins the "Why" bullet "Silent overwrite from an open dialog" on the service side: tr1 opens a
dialog (reads the item), tr2 saves the same field, tr1 saves: the old code stored tr1's value
over tr2's ("Notes saved"); now nothing is written and the error carries theirs and yours.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.services.conftest import ServiceFactory
from tests.services.dbutil import RELEASE, unchanged
from tests.services.test_schedule_service import ALERTS, force_live
from tracker.domain.changes import ItemChange
from tracker.domain.clock import FixedClock
from tracker.domain.conflicts import occurrence_label
from tracker.domain.enums import ItemStatus, TaskStatus
from tracker.errors import ConflictError

KV = "secrets-azure-key-vault"


def test_notes_from_a_stale_dialog_are_refused_with_theirs_and_yours(
    make_svc: ServiceFactory, seeded_url: str, clock: FixedClock
) -> None:
    tr1, tr2 = make_svc("tr1"), make_svc("tr2")
    seen = tr1.items.item(RELEASE, KV)  # tr1 presses `c` and starts typing
    tr2.items.set_notes(RELEASE, KV, "tr2's careful note")
    check = unchanged(seeded_url)
    later = make_svc("tr1", FixedClock(clock.now() + timedelta(seconds=20)))
    with pytest.raises(ConflictError) as err:
        later.items.set_notes(RELEASE, KV, "tr1's note", seen=seen)
    check()
    (conflict,) = err.value.conflicts
    assert (conflict.field, conflict.theirs, conflict.yours, conflict.seen, conflict.by) == (
        "notes",
        "tr2's careful note",
        "tr1's note",
        None,
        "tr2",
    )
    assert err.value.subject == KV
    assert "tr2 set notes to tr2's careful note 20 s ago (yours: tr1's note)" in str(err.value)
    assert tr1.items.item(RELEASE, KV).notes == "tr2's careful note"


def test_status_from_a_stale_dialog_names_who_and_when(
    make_svc: ServiceFactory, clock: FixedClock
) -> None:
    me, ana = make_svc("tr1"), make_svc("ana")
    seen = me.items.item(RELEASE, KV)
    ana.items.set_status(RELEASE, KV, ItemStatus.BLOCKED)
    later = make_svc("tr1", FixedClock(clock.now() + timedelta(seconds=20)))
    with pytest.raises(ConflictError, match=r"ana set status to blocked 20 s ago \(yours: in_prog"):
        later.items.set_status(RELEASE, KV, ItemStatus.IN_PROGRESS, seen=seen)
    assert me.items.item(RELEASE, KV).status is ItemStatus.BLOCKED


@pytest.mark.parametrize(
    "edit",
    [
        ItemChange(owner="platform"),
        ItemChange(due_date=None),
        ItemChange(status=ItemStatus.DONE),
    ],
)
def test_other_fields_merge(make_svc: ServiceFactory, edit: ItemChange) -> None:
    """Only the fields an edit sets are compared: different fields of one item both land."""
    me, ana = make_svc("tr1"), make_svc("ana")
    seen = me.items.item(RELEASE, KV)
    ana.items.set_notes(RELEASE, KV, "ana's note")
    me.items.update_item(RELEASE, KV, edit, seen=seen)
    assert me.items.item(RELEASE, KV).notes == "ana's note"


def test_owner_and_due_are_compared(make_svc: ServiceFactory) -> None:
    me, ana = make_svc("tr1"), make_svc("ana")
    seen = me.items.item(RELEASE, KV)
    ana.items.update_item(RELEASE, KV, ItemChange(owner="ana", due_date=seen.due_date))
    with pytest.raises(ConflictError) as err:
        me.items.assign_owner(RELEASE, KV, "platform", seen=seen)
    assert [(c.field, c.theirs, c.yours) for c in err.value.conflicts] == [
        ("owner", "ana", "platform")
    ]


def test_bulk_is_refused_when_one_item_changed(make_svc: ServiceFactory, seeded_url: str) -> None:
    me, ana = make_svc("tr1"), make_svc("ana")
    items = me.releases.release_view(RELEASE).items
    group = items[0].group_key
    member = items[1].key
    ana.items.set_status(RELEASE, member, ItemStatus.BLOCKED)
    check = unchanged(seeded_url)
    with pytest.raises(ConflictError, match=rf"{member} changed since you read it: ana set status"):
        me.items.bulk_update(RELEASE, group, ItemChange(status=ItemStatus.DONE), seen=items)
    check()


def test_append_note_keeps_a_colleagues_note(make_svc: ServiceFactory) -> None:
    me, ana = make_svc("tr1"), make_svc("ana")
    ana.items.set_notes(RELEASE, KV, "ana's note")
    me.items.update_item(RELEASE, KV, ItemChange(append_note="  mine  "))
    assert me.items.item(RELEASE, KV).notes == "ana's note\n\nmine"


def test_occurrence_conflict_names_the_occurrence(
    make_svc: ServiceFactory, seeded_url: str
) -> None:
    me, ana = make_svc("tr1"), make_svc("ana")
    force_live(me)
    occ = me.occurrences.occurrence(RELEASE, ALERTS)
    ana.occurrences.update_occurrence(
        RELEASE, str(occ.id), status=TaskStatus.SKIPPED, skip_reason="dup"
    )
    check = unchanged(seeded_url)
    with pytest.raises(ConflictError) as err:
        me.occurrences.update_occurrence(RELEASE, str(occ.id), status=TaskStatus.DONE, seen=occ)
    check()
    assert err.value.subject == occurrence_label(occ.task_key, occ.due_date)
    assert str(err.value).startswith(f"{ALERTS} ({occ.due_date.isoformat()}) changed since")
    assert ("status", "skipped", "done", "todo", "ana") in [
        (c.field, c.theirs, c.yours, c.seen, c.by) for c in err.value.conflicts
    ]


def test_occurrence_notes_merge_with_a_status_change(make_svc: ServiceFactory) -> None:
    me, ana = make_svc("tr1"), make_svc("ana")
    force_live(me)
    occ = me.occurrences.occurrence(RELEASE, ALERTS)
    ana.occurrences.update_occurrence(RELEASE, str(occ.id), notes="ana's")
    done = me.occurrences.update_occurrence(RELEASE, str(occ.id), status=TaskStatus.DONE, seen=occ)
    assert (done.status, done.notes) == (TaskStatus.DONE, "ana's")
