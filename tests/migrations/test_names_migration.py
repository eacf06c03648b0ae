"""Migration 0008 (issue 15, "REL created next to rel"): unique indexes on lower(release.name)
and lower(owner.handle). A 0007 database that already holds names differing only in case keeps
every row: the oldest keeps its name, later ones get the first free ``-N`` name, and each rename
is in the history. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from tests.conftest import FROZEN_NOW
from tests.migrations.test_migrations import CREATED, alembic, fill_at_0001
from tests.services.dbutil import dump, rows
from tracker.db import migrate
from tracker.db.engine import make_engine
from tracker.db.migrate import current_revision
from tracker.domain.clock import FixedClock
from tracker.services.tracker import TrackerService

PREVIOUS = "0007"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


def _copy_release(conn: Any, new_id: int, name: str) -> None:
    conn.execute(
        text(
            "INSERT INTO release (id, name, template_id, template_version, template_title, "
            "environment, variables_json, created_at, created_by) SELECT :id, :name, "
            "template_id, template_version, template_title, environment, variables_json, "
            "created_at, created_by FROM release WHERE id = 1"
        ),
        {"id": new_id, "name": name},
    )


def _at_0007_with_clashes(engine: Engine) -> None:
    """'legacy' (id 1), 'LEGACY' (2), 'Legacy' (3) and 'legacy-2' (4, so 'LEGACY' needs -3);
    owners 'ana' (1) and 'ANA' (2), the latter assigned to an item of release 1."""
    migrate.upgrade(engine, "0001")
    fill_at_0001(engine)
    migrate.upgrade(engine, PREVIOUS)
    with engine.begin() as conn:
        for new_id, name in ((2, "LEGACY"), (3, "Legacy"), (4, "legacy-2")):
            _copy_release(conn, new_id, name)
        conn.execute(
            text(
                "INSERT INTO owner (id, handle, name, kind, created_at) "
                "VALUES (2, 'ANA', 'Other Ana', 'person', :at)"
            ),
            {"at": CREATED},
        )
        conn.execute(text("UPDATE release_item SET owner_id = 2 WHERE id = 2"))
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("owner", "release"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )
                )


def test_0008_renames_clashing_names_and_records_it(engine: Engine, db_url: str) -> None:
    _at_0007_with_clashes(engine)
    before = dump(db_url)
    migrate.upgrade(engine, "0008")
    assert current_revision(engine) == "0008"
    assert rows(db_url, "SELECT id, name FROM release ORDER BY id") == [
        (1, "legacy"),
        (2, "LEGACY-3"),
        (3, "Legacy-4"),
        (4, "legacy-2"),
    ]
    assert rows(db_url, "SELECT id, handle FROM owner ORDER BY id") == [(1, "ana"), (2, "ANA-2")]
    events = rows(
        db_url,
        "SELECT release_id, actor, action, old_value, new_value FROM audit_event "
        "WHERE actor = 'tracker db upgrade' ORDER BY id",
    )
    assert events == [
        (2, "tracker db upgrade", "release.rename", "LEGACY", "LEGACY-3"),
        (3, "tracker db upgrade", "release.rename", "Legacy", "Legacy-4"),
        (1, "tracker db upgrade", "owner.rename", "ANA", "ANA-2"),
    ]
    after = dump(db_url)
    for table, old_rows in before.items():  # nothing else changed, no row lost
        if table not in ("release", "owner", "audit_event", "alembic_version"):
            assert after[table] == old_rows, table
    assert len(after["release"]) == 4 and len(after["owner"]) == 2
    assert after["audit_event"][: len(before["audit_event"])] == before["audit_event"]


def test_after_0008_the_database_refuses_a_case_clash(engine: Engine, db_url: str) -> None:
    _at_0007_with_clashes(engine)
    migrate.upgrade(engine, "head")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        _copy_release(conn, 5, "LeGaCy")
    svc = TrackerService.open(db_url, "bo", FixedClock(FROZEN_NOW))
    try:  # the renamed releases are there under their new names, with the rename in history
        history = svc.items.release_history("LEGACY-3", None)
        assert [(e.action, e.old_value, e.new_value) for e in history][-1] == (
            "release.rename",
            "LEGACY",
            "LEGACY-3",
        )
    finally:
        svc.close()


def test_downgrade_to_0007_drops_the_indexes_and_back(engine: Engine, db_url: str) -> None:
    _at_0007_with_clashes(engine)
    migrate.upgrade(engine, "head")
    alembic(engine, "downgrade", PREVIOUS)
    with engine.begin() as conn:  # no index: a clash is possible again
        _copy_release(conn, 5, "LeGaCy")
    migrate.upgrade(engine, "head")
    assert rows(db_url, "SELECT name FROM release WHERE id = 5") == [("LeGaCy-5",)]
