"""Release names and owner handles are unique ignoring case in the database itself (issue 15,
"REL created next to rel"; What to build 6), on SQLite and PostgreSQL: the services' own check
answers with a suggestion, and the unique indexes on lower(name) / lower(handle) hold when a
writer races past that check (simulated here by a check that sees nothing)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.services.dbutil import RELEASE, engine_for, unchanged
from tracker.domain.template import Template
from tracker.errors import ConflictError
from tracker.services.tracker import TrackerService


@pytest.mark.parametrize(
    ("table", "sql"),
    [
        (
            "release",
            "INSERT INTO release (name, template_id, template_version, template_title, "
            "variables_json, created_at, created_by) "
            "VALUES ('R1', 't', 1, 't', '{}', CURRENT_TIMESTAMP, 'x')",
        ),
        (
            "owner",
            "INSERT INTO owner (handle, name, kind, created_at) "
            "VALUES ('ANA', 'A', 'person', CURRENT_TIMESTAMP)",
        ),
    ],
)
def test_the_database_refuses_a_name_that_differs_only_in_case(
    seeded_url: str, table: str, sql: str
) -> None:
    with (
        engine_for(seeded_url) as engine,
        engine.begin() as conn,
        pytest.raises(IntegrityError, match=f"uq_{table}_"),
    ):
        conn.execute(text(sql))


def test_a_release_racing_past_the_check_is_one_clear_conflict(
    svc: TrackerService, shipped: Template, seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = unchanged(seeded_url)
    # the other writer committed 'r1' after this one's check: the check saw no clash
    monkeypatch.setattr("tracker.services.releases.name_clash", lambda name, names: None)
    with pytest.raises(ConflictError) as exc:
        svc.releases.create_release(RELEASE.upper(), shipped)
    assert str(exc.value) == (
        "a release with that name (ignoring case) was just created by someone else; "
        "choose another name"
    )
    check()


def test_a_rename_racing_past_the_check_is_refused(
    svc: TrackerService, shipped: Template, seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc.releases.create_release("r2", shipped)
    check = unchanged(seeded_url)
    monkeypatch.setattr("tracker.services.release_changes.name_clash", lambda name, names: None)
    with pytest.raises(ConflictError, match="ignoring case"):
        svc.release_changes.rename_release("r2", "R1")
    check()


def test_an_owner_racing_past_the_check_is_one_clear_conflict(
    svc: TrackerService, seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.db import queries

    check = unchanged(seeded_url)
    monkeypatch.setattr(queries, "owners", lambda conn: [])
    with pytest.raises(ConflictError) as exc:
        svc.owners.add_owner("Ana", "Another Ana")
    assert str(exc.value).startswith("an owner with that handle (ignoring case) was just added")
    check()


def test_a_rename_onto_another_case_says_names_ignore_case(
    svc: TrackerService, shipped: Template, seeded_url: str
) -> None:
    svc.releases.create_release("r2", shipped)
    check = unchanged(seeded_url)
    with pytest.raises(ConflictError) as exc:
        svc.release_changes.rename_release("r2", "R1")
    assert str(exc.value) == (
        "a release named 'r1' already exists and names ignore case; choose another name"
    )
    check()
    assert svc.release_changes.rename_release("r2", "R2").name == "R2"  # its own case: fine
