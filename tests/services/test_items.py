"""Item use-cases on SQLite and PostgreSQL: status, N/A, owner, due date, notes, evidence,
optimistic concurrency, bulk changes and naming items."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import FROZEN_NOW
from tests.services.conftest import ServiceFactory
from tests.services.dbutil import ACTOR, RELEASE, rows, unchanged
from tracker.domain.changes import ItemChange
from tracker.domain.enums import ItemStatus, NaReason
from tracker.errors import AmbiguousNameError, ConflictError, NotFoundError, ValidationError
from tracker.services.tracker import TrackerService

KV = "secrets-azure-key-vault"  # "Secrets stored in Azure Key Vault"
GROUP = "uc"  # resolved by fragment below; the shipped template's first group


def history(svc: TrackerService, key: str = KV) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (e.action, e.actor, e.old_value, e.new_value) for e in svc.items.item_history(RELEASE, key)
    ]


# --- status and the audit log -------------------------------------------------------------------


def test_status_change_bumps_the_version_and_appends_an_event(svc: TrackerService) -> None:
    item = svc.items.set_status(RELEASE, KV, ItemStatus.IN_PROGRESS)
    assert item.status is ItemStatus.IN_PROGRESS
    assert (item.row_version, item.updated_by, item.updated_at) == (2, ACTOR, FROZEN_NOW)
    (event,) = svc.items.item_history(RELEASE, KV)
    assert (event.action, event.actor, event.at, event.old_value, event.new_value) == (
        "status",
        ACTOR,
        FROZEN_NOW,
        "todo",
        "in_progress",
    )
    assert event.release_name == RELEASE


def test_the_actor_is_the_services_user(make_svc: ServiceFactory) -> None:
    make_svc("ana").items.set_status(RELEASE, KV, ItemStatus.BLOCKED)
    make_svc("bo").items.set_status(RELEASE, KV, ItemStatus.DONE)
    svc = make_svc()
    assert history(svc) == [
        ("status", "ana", "todo", "blocked"),
        ("status", "bo", "blocked", "done"),
    ]
    assert svc.items.item(RELEASE, KV).updated_by == "bo"


def test_setting_the_same_value_records_nothing(svc: TrackerService) -> None:
    svc.items.set_status(RELEASE, KV, ItemStatus.DONE)
    item = svc.items.set_status(RELEASE, KV, ItemStatus.DONE)
    assert item.row_version == 2
    assert len(svc.items.item_history(RELEASE, KV)) == 1


def test_one_change_of_several_fields_is_one_change_id(
    svc: TrackerService, seeded_url: str
) -> None:
    svc.items.update_item(
        RELEASE,
        KV,
        ItemChange(status=ItemStatus.DONE, owner="ana", due_date=date(2026, 12, 1), notes="n"),
    )
    got = rows(
        seeded_url,
        "SELECT action, change_id FROM audit_event WHERE item_key = :k ORDER BY id",
        k=KV,
    )
    assert [a for a, _ in got] == ["status", "owner", "due_date", "notes"]
    assert len({c for _, c in got}) == 1


# --- N/A -----------------------------------------------------------------------------------------


def test_na_needs_a_reason_and_a_note(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(
        ValidationError, match="needs a reason: one of out_of_scope, business_priorities"
    ):
        svc.items.set_status(RELEASE, KV, ItemStatus.NA)
    with pytest.raises(ValidationError, match="needs a note"):
        svc.items.set_status(RELEASE, KV, ItemStatus.NA, na_reason=NaReason.OUT_OF_SCOPE)
    with pytest.raises(ValidationError, match="needs a note"):
        svc.items.set_status(
            RELEASE, KV, ItemStatus.NA, na_reason=NaReason.OUT_OF_SCOPE, na_note="   "
        )
    check()
    item = svc.items.set_status(
        RELEASE,
        KV,
        ItemStatus.NA,
        na_reason=NaReason.ARCHITECTURE_CONSTRAINTS,
        na_note="  we use\nAWS  ",
    )
    assert (item.status, item.na_reason, item.na_note) == (
        ItemStatus.NA,
        NaReason.ARCHITECTURE_CONSTRAINTS,
        "we use AWS",
    )
    assert history(svc) == [
        ("status", ACTOR, "todo", "na"),
        ("na_reason", ACTOR, None, "architecture_constraints: we use AWS"),
    ]


def test_na_reason_without_status_na_is_refused(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="only accepted together with status 'na'"):
        svc.items.update_item(
            RELEASE, KV, ItemChange(status=ItemStatus.DONE, na_reason=NaReason.OTHER, na_note="x")
        )
    check()


def test_changing_the_reason_of_an_na_item(svc: TrackerService) -> None:
    svc.items.set_status(RELEASE, KV, ItemStatus.NA, na_reason=NaReason.OTHER, na_note="first")
    item = svc.items.update_item(RELEASE, KV, ItemChange(na_note="second"))
    assert (item.na_reason, item.na_note) == (NaReason.OTHER, "second")
    assert history(svc)[-1] == ("na_reason", ACTOR, "other: first", "other: second")


def test_leaving_na_clears_the_reason(svc: TrackerService) -> None:
    svc.items.set_status(
        RELEASE, KV, ItemStatus.NA, na_reason=NaReason.BUSINESS_PRIORITIES, na_note="later"
    )
    item = svc.items.set_status(RELEASE, KV, ItemStatus.TODO)
    assert (item.status, item.na_reason, item.na_note) == (ItemStatus.TODO, None, None)
    assert history(svc)[-2:] == [
        ("status", ACTOR, "na", "todo"),
        ("na_reason", ACTOR, "business_priorities: later", None),
    ]


# --- owner, due date, notes ------------------------------------------------------------------


def test_assign_and_unassign_an_owner(svc: TrackerService) -> None:
    assert svc.items.assign_owner(RELEASE, KV, "@ANA").owner == "ana"  # '@' and case are forgiven
    assert svc.items.assign_owner(RELEASE, KV, "platform").owner == "platform"
    assert svc.items.assign_owner(RELEASE, KV, None).owner is None
    assert history(svc) == [
        ("owner", ACTOR, None, "ana"),
        ("owner", ACTOR, "ana", "platform"),
        ("owner", ACTOR, "platform", None),
    ]


def test_unknown_owner_is_refused_with_suggestions(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(NotFoundError, match=r"unknown owner 'anna'; did you mean 'ana'") as info:
        svc.items.update_item(RELEASE, KV, ItemChange(status=ItemStatus.DONE, owner="anna"))
    assert info.value.suggestions == ["ana"]
    check()  # the status change in the same call was not written either


def test_due_date_set_and_cleared(svc: TrackerService) -> None:
    assert svc.items.set_due_date(RELEASE, KV, date(2026, 12, 24)).due_date == date(2026, 12, 24)
    assert svc.items.set_due_date(RELEASE, KV, None).due_date is None
    assert history(svc) == [
        ("due_date", ACTOR, None, "2026-12-24"),
        ("due_date", ACTOR, "2026-12-24", None),
    ]


def test_notes_set_replaced_and_cleared(svc: TrackerService) -> None:
    text = "line 1\n- [x] not a checkbox\n<b>html</b>"
    assert svc.items.set_notes(RELEASE, KV, text).notes == text  # stored as given; exports escape
    assert svc.items.set_notes(RELEASE, KV, "other").notes == "other"
    assert svc.items.set_notes(RELEASE, KV, "").notes is None
    assert [(a, o, n) for a, _, o, n in history(svc)] == [
        ("notes", None, text),
        ("notes", text, "other"),
        ("notes", "other", None),
    ]


def test_too_long_notes_are_refused(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="longer than 20000"):
        svc.items.set_notes(RELEASE, KV, "x" * 20_001)
    check()


# --- evidence ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title", "expected_title"),
    [
        ("https://example.com/runbooks/kv", "Runbook", "Runbook"),
        ("http://wiki.internal/page/", None, "wiki.internal/page"),
        ("https://example.com", "  spaced \n title ", "spaced title"),
        ("HTTPS://Example.com/x?y=1#z", None, "example.com/x"),
    ],
)
def test_evidence_is_added_with_a_title(
    svc: TrackerService, url: str, title: str | None, expected_title: str
) -> None:
    item = svc.items.add_evidence(RELEASE, KV, url, title)
    (ev,) = item.evidence
    assert (ev.url, ev.title, ev.added_by, ev.added_at) == (url, expected_title, ACTOR, FROZEN_NOW)
    ((action, actor, old, new),) = history(svc)
    assert (action, actor, old) == ("evidence.add", ACTOR, None)
    assert new is not None and url in new


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.com/file",
        "/relative/path",
        "example.com/no-scheme",
        "https://exa mple.com/x",
        "https://example.com/a\tb",
        "file:///etc/passwd",
        "http://",
        "data:text/html,<script>alert(1)</script>",
        "",
        "https://example.com/" + "x" * 2000,
    ],
)
def test_bad_evidence_urls_are_refused(svc: TrackerService, seeded_url: str, url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="evidence"):
        svc.items.update_item(
            RELEASE, KV, ItemChange(status=ItemStatus.DONE, add_evidence=((url, None),))
        )
    check()


def test_too_long_evidence_title_is_refused(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="title is longer than 300"):
        svc.items.add_evidence(RELEASE, KV, "https://example.com", "t" * 301)
    check()


def test_remove_evidence(svc: TrackerService, seeded_url: str) -> None:
    item = svc.items.update_item(
        RELEASE,
        KV,
        ItemChange(add_evidence=(("https://a.example/1", "one"), ("https://a.example/2", "two"))),
    )
    first, second = item.evidence
    item = svc.items.remove_evidence(RELEASE, KV, first.id)
    assert item.evidence == (second,)
    assert history(svc)[-1][0] == "evidence.remove"
    check = unchanged(seeded_url)
    # already removed: a conflict naming who removed it (issue 10: evidence is compare-and-set)
    with pytest.raises(ConflictError, match=r"tester set evidence to removed .*remove #"):
        svc.items.remove_evidence(RELEASE, KV, first.id)
    other = svc.releases.release_view(RELEASE).items[0].key
    check = unchanged(seeded_url)
    with pytest.raises(NotFoundError, match="unknown evidence"):
        svc.items.remove_evidence(RELEASE, other, second.id)  # belongs to another item
    check()


# --- optimistic concurrency ------------------------------------------------------------------


def test_expected_version_mismatch_is_a_conflict(make_svc: ServiceFactory, seeded_url: str) -> None:
    me, ana = make_svc(), make_svc("ana")
    loaded = me.items.item(RELEASE, KV)
    ana.items.set_status(RELEASE, KV, ItemStatus.BLOCKED, expected_version=loaded.row_version)
    check = unchanged(seeded_url)
    with pytest.raises(
        ConflictError, match=r"is at version 2, not 1: ana set status to blocked .*\(yours: done\)"
    ):
        me.items.set_status(RELEASE, KV, ItemStatus.DONE, expected_version=loaded.row_version)
    check()
    fresh = me.items.item(RELEASE, KV)
    assert (
        me.items.set_status(
            RELEASE, KV, ItemStatus.DONE, expected_version=fresh.row_version
        ).row_version
        == 3
    )


# --- bulk ------------------------------------------------------------------------------------


def test_bulk_owner_for_a_group_in_one_change(svc: TrackerService, seeded_url: str) -> None:
    items = svc.releases.release_view(RELEASE).items
    group = items[0].group_key
    members = [i.key for i in items if i.group_key == group]
    result = svc.items.bulk_update(RELEASE, group, ItemChange(owner="platform"))
    assert result.scope == group
    assert result.changed == members
    view = svc.releases.release_view(RELEASE)
    assert {i.key for i in view.items if i.owner == "platform"} == set(members)
    got = rows(
        seeded_url, "SELECT item_key, change_id FROM audit_event WHERE action = 'owner' ORDER BY id"
    )
    assert [k for k, _ in got] == members
    assert len({c for _, c in got}) == 1


def test_bulk_status_for_a_category_named_by_title_fragment(svc: TrackerService) -> None:
    items = svc.releases.release_view(RELEASE).items
    category = next(i for i in items if i.category_title == "Documentation")
    members = [i.key for i in items if i.category_key == category.category_key]
    svc.items.set_status(RELEASE, members[0], ItemStatus.DONE)
    result = svc.items.bulk_update(RELEASE, "documentation", ItemChange(status=ItemStatus.DONE))
    assert result.scope == category.category_key
    assert result.changed == members[1:]  # the one already done is untouched
    statuses = {
        i.status
        for i in svc.releases.release_view(RELEASE).items
        if i.category_key == category.category_key
    }
    assert statuses == {ItemStatus.DONE}


def test_bulk_na_without_a_reason_changes_nothing(svc: TrackerService, seeded_url: str) -> None:
    items = svc.releases.release_view(RELEASE).items
    group = items[0].group_key
    # The group's first item is already N/A with a reason, so it passes validation and is
    # written before the second item fails: the whole bulk change must still roll back.
    svc.items.set_status(
        RELEASE, items[0].key, ItemStatus.NA, na_reason=NaReason.OTHER, na_note="first"
    )
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="needs a reason"):
        svc.items.bulk_update(
            RELEASE, group, ItemChange(status=ItemStatus.NA, na_note="everything")
        )
    check()


def test_bulk_with_an_unknown_owner_changes_nothing(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(NotFoundError, match="unknown owner"):
        svc.items.bulk_update(
            RELEASE, "Documentation", ItemChange(status=ItemStatus.DONE, owner="nobody")
        )
    check()


def test_bulk_na_with_reason_applies_to_every_item(svc: TrackerService) -> None:
    items = svc.releases.release_view(RELEASE).items
    group = items[-1].group_key
    result = svc.items.bulk_update(
        RELEASE,
        group,
        ItemChange(status=ItemStatus.NA, na_reason=NaReason.OUT_OF_SCOPE, na_note="batch only"),
    )
    after = [i for i in svc.releases.release_view(RELEASE).items if i.group_key == group]
    assert result.changed == [i.key for i in after]
    assert {(i.status, i.na_reason, i.na_note) for i in after} == {
        (ItemStatus.NA, NaReason.OUT_OF_SCOPE, "batch only")
    }


def test_bulk_scope_resolution_and_evidence_refusal(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(
        NotFoundError, match="unknown group or category 'documentaton'; did you mean"
    ):
        svc.items.bulk_update(RELEASE, "documentaton", ItemChange(status=ItemStatus.DONE))
    with pytest.raises(AmbiguousNameError, match="group or category 'monitoring' is ambiguous"):
        svc.items.bulk_update(RELEASE, "monitoring", ItemChange(status=ItemStatus.DONE))
    with pytest.raises(ValidationError, match="evidence can't be added in bulk"):
        svc.items.bulk_update(
            RELEASE, "Documentation", ItemChange(add_evidence=(("https://example.com", None),))
        )
    check()


def test_verify_resolves_its_group_like_bulk_update(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(
        NotFoundError, match="unknown group or category 'documentaton'; did you mean"
    ):
        svc.verification.verify(RELEASE, group="documentaton")
    with pytest.raises(AmbiguousNameError) as bulk:
        svc.items.bulk_update(RELEASE, "monitoring", ItemChange(status=ItemStatus.DONE))
    with pytest.raises(AmbiguousNameError) as verify:
        svc.verification.verify(RELEASE, group="monitoring")
    assert str(verify.value) == str(bulk.value)
    check()


# --- naming items ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [KV, "Azure Key Vault", "azure key vault", f"  {KV} ", "Secrets stored in Azure Key Vault"],
)
def test_item_by_id_or_unambiguous_fragment(svc: TrackerService, ref: str) -> None:
    assert svc.items.item(RELEASE, ref).key == KV


def test_ambiguous_item_fragment_lists_the_matches(svc: TrackerService) -> None:
    with pytest.raises(AmbiguousNameError, match="item 'secrets' is ambiguous: matches") as info:
        svc.items.item(RELEASE, "secrets")
    assert any(m.startswith(KV) for m in info.value.matches)
    assert len(info.value.matches) >= 2


def test_unknown_item_suggests_close_ids(svc: TrackerService, seeded_url: str) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(
        NotFoundError, match="unknown item 'secrets-azure-key-vualt'; did you mean"
    ) as info:
        svc.items.set_status(RELEASE, "secrets-azure-key-vualt", ItemStatus.DONE)
    assert info.value.suggestions[0] == KV
    check()


def test_unknown_release_for_an_item_suggests(svc: TrackerService) -> None:
    with pytest.raises(NotFoundError, match=r"unknown release 'r11'; did you mean 'r1'"):
        svc.items.set_status("r11", KV, ItemStatus.DONE)
