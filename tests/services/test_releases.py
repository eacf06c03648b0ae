"""Release use-cases on SQLite and PostgreSQL: create, resolve, list, sync, archive, audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.conftest import FROZEN_NOW
from tests.services.conftest import ServiceFactory
from tests.services.dbutil import (
    ACTOR,
    ITEM_COUNT,
    RELEASE,
    SHIPPED_ID,
    SHIPPED_TEMPLATE,
    SHIPPED_VERSION,
    TASK_COUNT,
    count,
    dump,
    rows,
    unchanged,
)
from tracker.domain.changes import ItemChange
from tracker.domain.enums import ItemStatus, NaReason
from tracker.domain.template import Template
from tracker.domain.template_loader import load_template
from tracker.errors import (
    AmbiguousNameError,
    ConflictError,
    NotFoundError,
    TemplateError,
    ValidationError,
)
from tracker.services.templates import find_template, list_templates
from tracker.services.tracker import TrackerService

# --- templates for sync ------------------------------------------------------------------------

REMOVED = "secrets-azure-key-vault"  # dropped from v2, back in v3
RETEXTED = "uc-production-catalog"
NEW_ITEM = "uc-new-audit-item"


def shipped_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SHIPPED_TEMPLATE.read_text(encoding="utf-8"))
    return data


def _items(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(g, i) for c in data["categories"] for g in c["groups"] for i in g["items"]]


def write_template(
    folder: Path, data: dict[str, Any], name: str = "databricks-ml-production.yaml"
) -> Template:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_template(path)


def v2_data() -> dict[str, Any]:
    """The shipped template, next version: one item removed, one added, one text changed."""
    data = shipped_data()
    data["version"] = SHIPPED_VERSION + 1
    for group, item in _items(data):
        if item["id"] == REMOVED:
            group["items"].remove(item)
        if item["id"] == RETEXTED:
            item["text"] = "Production catalog created and named by convention"
    first_group = data["categories"][0]["groups"][0]
    first_group["items"].append({"id": NEW_ITEM, "text": "Audit log delivery configured"})
    return data


def v3_data() -> dict[str, Any]:
    """Version 3: v2 with the removed item back."""
    data = shipped_data()
    data["version"] = SHIPPED_VERSION + 2
    for _group, item in _items(data):
        if item["id"] == RETEXTED:
            item["text"] = "Production catalog created and named by convention"
    data["categories"][0]["groups"][0]["items"].append(
        {"id": NEW_ITEM, "text": "Audit log delivery configured"}
    )
    return data


# --- create -------------------------------------------------------------------------------------


def test_create_from_bundled_template_copies_items_and_tasks(
    svc: TrackerService, seeded_url: str
) -> None:
    template, path = find_template(SHIPPED_ID)
    assert path.resolve() == SHIPPED_TEMPLATE.resolve()
    rel = svc.releases.create_release(
        "r2",
        template,
        environment="staging",
        target_date=date(2027, 1, 15),
        variables={"catalog": "prod_ml"},
    )
    assert (rel.name, rel.template_id, rel.template_version) == ("r2", SHIPPED_ID, SHIPPED_VERSION)
    assert rel.environment == "staging"
    assert rel.target_date == date(2027, 1, 15)
    assert rel.created_at == FROZEN_NOW
    # given values plus the template's defaults
    assert rel.variables["catalog"] == "prod_ml"
    assert rel.variables["required_aliases"] == "champion,challenger"
    view = svc.releases.release_view("r2")
    assert len(view.items) == ITEM_COUNT
    assert [i.key for i in view.items] == [item.id for _c, _g, item in template.iter_items()]
    assert all(i.status is ItemStatus.TODO and i.row_version == 1 for i in view.items)
    assert view.occurrences == ()  # scheduled only at go-live
    assert (
        count(seeded_url, "SELECT COUNT(*) FROM release_task WHERE release_id = :r", r=rel.id)
        == TASK_COUNT
    )
    (event,) = svc.items.release_history("r2")
    assert (event.action, event.actor, event.at, event.new_value) == (
        "release.create",
        ACTOR,
        FROZEN_NOW,
        f"{SHIPPED_ID} v{SHIPPED_VERSION}",
    )


def test_release_item_copy_is_independent_of_the_template(
    svc: TrackerService, tmp_path: Path
) -> None:
    """A later template edit never rewrites an existing release (until it is synced)."""
    data = shipped_data()
    data["version"] = SHIPPED_VERSION + 1
    data["categories"][0]["groups"][0]["items"][0]["text"] = "Changed text"
    write_template(tmp_path, data)
    assert (
        svc.items.item(RELEASE, RETEXTED).text
        == "Production catalog created with proper naming convention"
    )


def test_duplicate_release_name_is_refused(
    svc: TrackerService, shipped: Template, seeded_url: str
) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ConflictError, match="already exists"):
        svc.releases.create_release(RELEASE, shipped)
    check()


def test_unknown_variable_is_refused_with_a_suggestion(
    svc: TrackerService, shipped: Template, seeded_url: str
) -> None:
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match=r"no variable 'catalgo'; did you mean 'catalog'"):
        svc.releases.create_release("r2", shipped, variables={"catalgo": "x"})
    check()


@pytest.mark.parametrize("name", ["", "   ", "a\nb", "x" * 201])
def test_bad_release_name_is_refused(svc: TrackerService, shipped: Template, name: str) -> None:
    with pytest.raises(ValidationError, match="release name"):
        svc.releases.create_release(name, shipped)
    assert svc.releases.release_names() == [RELEASE]


def test_unknown_template_suggests_close_ids() -> None:
    with pytest.raises(NotFoundError, match="did you mean 'databricks-ml-production'") as info:
        find_template("databricks-ml-prod")
    assert info.value.suggestions == [SHIPPED_ID]


def test_template_catalogue_lists_the_bundled_template_and_broken_local_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "templates"
    local.mkdir()
    (local / "broken.yaml").write_text("id: broken\nversion: [\n", encoding="utf-8")
    monkeypatch.setenv("TRACKER_TEMPLATES", str(local))
    infos = {i.id: i for i in list_templates()}
    shipped = infos[SHIPPED_ID]
    assert (shipped.origin, shipped.items, shipped.tasks, shipped.error) == (
        "bundled",
        ITEM_COUNT,
        TASK_COUNT,
        None,
    )
    assert infos["broken"].origin == "local"
    assert infos["broken"].error is not None and "broken.yaml:" in infos["broken"].error
    with pytest.raises(TemplateError, match=r"broken\.yaml:3:1: invalid YAML"):
        find_template("broken")  # named by id: its error, not "unknown template"


def test_template_on_the_search_path_shadows_the_bundled_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_template(tmp_path, v2_data())
    monkeypatch.setenv("TRACKER_TEMPLATES", str(tmp_path))
    template, path = find_template(SHIPPED_ID)
    assert template.version == SHIPPED_VERSION + 1
    assert path.parent == tmp_path


# --- resolution ----------------------------------------------------------------------------------


def test_release_is_found_by_exact_name_or_unambiguous_fragment(
    svc: TrackerService, shipped: Template
) -> None:
    svc.releases.create_release("payments-2026-q1", shipped)
    svc.releases.create_release("payments-2026-q2", shipped)
    assert svc.releases.get_release("payments-2026-q1").name == "payments-2026-q1"
    assert svc.releases.get_release("Q2").name == "payments-2026-q2"
    with pytest.raises(AmbiguousNameError, match=r"payments-2026-q1.*payments-2026-q2"):
        svc.releases.get_release("payments")
    with pytest.raises(NotFoundError, match="did you mean") as info:
        svc.releases.get_release("paymnts-2026-q1")
    assert "payments-2026-q1" in info.value.suggestions


def test_unknown_release_with_nothing_close_has_no_suggestion(svc: TrackerService) -> None:
    with pytest.raises(NotFoundError) as info:
        svc.releases.release_view("zzzz-qqqq")
    assert str(info.value) == "unknown release 'zzzz-qqqq'"


# --- list, archive -------------------------------------------------------------------------------


def test_list_releases_counts_progress_and_open_blocking(
    svc: TrackerService, shipped: Template
) -> None:
    svc.releases.create_release("r2", shipped)
    items = svc.releases.release_view(RELEASE).items
    blocking = [i.key for i in items if i.is_blocking]
    advisory = [i.key for i in items if not i.is_blocking]
    svc.items.set_status(RELEASE, blocking[0], ItemStatus.DONE)
    svc.items.set_status(
        RELEASE, blocking[1], ItemStatus.NA, na_reason=NaReason.OUT_OF_SCOPE, na_note="no"
    )
    svc.items.set_status(RELEASE, advisory[0], ItemStatus.DONE)
    svc.items.set_status(RELEASE, blocking[2], ItemStatus.IN_PROGRESS)
    summaries = {s.name: s for s in svc.releases.list_releases()}
    r1 = summaries[RELEASE]
    assert (r1.total, r1.closed, r1.open_blocking) == (ITEM_COUNT, 3, len(blocking) - 2)
    assert (r1.environment, r1.target_date, r1.golive_date, r1.overdue_tasks) == (
        "prod",
        date(2026, 12, 15),
        None,
        0,
    )
    r2 = summaries["r2"]
    assert (r2.total, r2.closed, r2.open_blocking) == (ITEM_COUNT, 0, len(blocking))


def test_archive_hides_a_release_and_unarchive_brings_it_back(svc: TrackerService) -> None:
    rel = svc.release_changes.archive_release(RELEASE)
    assert rel.archived
    assert svc.releases.list_releases() == []
    assert [s.name for s in svc.releases.list_releases(include_archived=True)] == [RELEASE]
    assert svc.releases.release_view(RELEASE).release.archived  # still readable, nothing deleted
    assert len(svc.releases.release_view(RELEASE).items) == ITEM_COUNT
    svc.release_changes.archive_release(RELEASE)  # archiving twice is a no-op
    rel = svc.release_changes.archive_release(RELEASE, archived=False)
    assert not rel.archived
    assert [s.name for s in svc.releases.list_releases()] == [RELEASE]
    actions = [e.action for e in svc.items.release_history(RELEASE)]
    assert actions == ["release.create", "release.archive", "release.unarchive"]


# --- variables -----------------------------------------------------------------------------------


def test_set_variables_records_old_and_new_and_refuses_unknown_names(
    svc: TrackerService, shipped: Template, seeded_url: str
) -> None:
    svc.release_changes.set_variables(RELEASE, {"catalog": "prod_ml"}, shipped)
    rel = svc.release_changes.set_variables(RELEASE, {"catalog": "prod_ml2"}, shipped)
    assert rel.variables["catalog"] == "prod_ml2"
    events = [(e.action, e.old_value, e.new_value) for e in svc.items.release_history(RELEASE)][1:]
    assert events == [
        ("variable", None, "catalog=prod_ml"),
        ("variable", "catalog=prod_ml", "catalog=prod_ml2"),
    ]
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match="did you mean 'catalog'"):
        svc.release_changes.set_variables(RELEASE, {"catalogue": "x"}, shipped)
    check()


# --- sync ----------------------------------------------------------------------------------------


def test_sync_adds_archives_and_updates_and_deletes_nothing(
    svc: TrackerService, tmp_path: Path, seeded_url: str
) -> None:
    svc.items.update_item(
        RELEASE,
        REMOVED,
        ItemChange(
            status=ItemStatus.DONE,
            owner="ana",
            notes="kept",
            add_evidence=(("https://example.com/kv", "KV"),),
        ),
    )
    before = svc.items.item(RELEASE, REMOVED)
    v2 = write_template(tmp_path / "v2", v2_data())

    report = svc.release_changes.sync_release(RELEASE, v2)

    assert (report.from_version, report.to_version) == (SHIPPED_VERSION, SHIPPED_VERSION + 1)
    assert report.added == [NEW_ITEM]
    assert report.archived == [REMOVED]
    assert RETEXTED in report.updated
    assert report.restored == []
    view = svc.releases.release_view(RELEASE)
    assert view.release.template_version == SHIPPED_VERSION + 1
    assert len(view.items) == ITEM_COUNT + 1  # nothing deleted
    assert len(view.active_items) == ITEM_COUNT
    archived = next(i for i in view.items if i.key == REMOVED)
    assert archived.archived
    assert (archived.status, archived.owner, archived.notes) == (ItemStatus.DONE, "ana", "kept")
    assert [e.url for e in archived.evidence] == ["https://example.com/kv"]
    assert next(i for i in view.items if i.key == RETEXTED).text.endswith("named by convention")
    new = next(i for i in view.items if i.key == NEW_ITEM)
    assert (new.status, new.archived, new.group_key) == (
        ItemStatus.TODO,
        False,
        view.items[0].group_key,
    )
    # archived items can no longer be named
    with pytest.raises(NotFoundError):
        svc.items.item(RELEASE, REMOVED)
    actions = {(e.action, e.item_key) for e in svc.items.release_history(RELEASE)}
    assert {
        ("item.add", NEW_ITEM),
        ("item.archive", REMOVED),
        ("item.text", RETEXTED),
        ("release.sync", None),
    } <= actions
    assert count(seeded_url, "SELECT COUNT(*) FROM evidence") == 1

    # Re-adding the item restores it with its state.
    v3 = write_template(tmp_path / "v3", v3_data())
    report = svc.release_changes.sync_release(RELEASE, v3)
    assert report.restored == [REMOVED]
    assert report.added == report.archived == []
    restored = svc.items.item(RELEASE, REMOVED)
    assert not restored.archived
    assert (restored.status, restored.owner, restored.notes, restored.evidence) == (
        before.status,
        before.owner,
        before.notes,
        before.evidence,
    )
    assert len(svc.releases.release_view(RELEASE).active_items) == ITEM_COUNT + 1


def test_sync_to_the_same_version_changes_nothing_but_the_log(
    svc: TrackerService, shipped: Template
) -> None:
    report = svc.release_changes.sync_release(RELEASE, shipped)
    assert report.added == report.archived == report.restored == report.updated == []
    assert not report.changed


def test_sync_refuses_another_template(
    svc: TrackerService, tmp_path: Path, seeded_url: str
) -> None:
    data = shipped_data()
    data["id"] = "other-checklist"
    other = write_template(tmp_path, data, "other-checklist.yaml")
    check = unchanged(seeded_url)
    with pytest.raises(
        ValidationError, match="uses template 'databricks-ml-production', not 'other-checklist'"
    ):
        svc.release_changes.sync_release(RELEASE, other)
    check()


def test_sync_refuses_an_older_version(
    svc: TrackerService, shipped: Template, tmp_path: Path, seeded_url: str
) -> None:
    svc.release_changes.sync_release(RELEASE, write_template(tmp_path, v2_data()))
    check = unchanged(seeded_url)
    with pytest.raises(ValidationError, match=f"older than the release's v{SHIPPED_VERSION + 1}"):
        svc.release_changes.sync_release(RELEASE, shipped)
    check()


# --- the audit log is append-only ---------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET actor = 'mallory'", "DELETE FROM audit_event"],
    ids=["update", "delete"],
)
def test_audit_events_are_append_only_in_the_database(
    svc: TrackerService, seeded_url: str, statement: str
) -> None:
    svc.items.set_status(RELEASE, REMOVED, ItemStatus.DONE)
    before = dump(seeded_url)["audit_event"]
    assert len(before) >= 2
    with pytest.raises(DBAPIError, match="append-only"), svc.engine.begin() as conn:
        conn.execute(text(statement))
    assert dump(seeded_url)["audit_event"] == before


def test_every_change_is_in_the_log_with_who_and_when(
    make_svc: ServiceFactory, seeded_url: str
) -> None:
    ana = make_svc("ana")
    ana.items.set_notes(RELEASE, REMOVED, "hello")
    got = rows(
        seeded_url,
        "SELECT actor, action, item_key, old_value, new_value FROM audit_event WHERE action = 'notes'",
    )
    assert got == [("ana", "notes", REMOVED, None, "hello")]
