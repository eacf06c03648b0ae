"""Schema migrations on SQLite and PostgreSQL: from empty, step by step with data, down and up
again, no drift between the models and the migrated schema, and refusing foreign databases."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import tracker.db.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from tests.conftest import FROZEN_NOW
from tests.services.dbutil import TABLES
from tracker.cli import cli
from tracker.db import migrate
from tracker.db.engine import make_engine
from tracker.db.migrate import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    current_revision,
    ensure_schema,
    script_revisions,
)
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus, TaskStatus
from tracker.errors import DatabaseError, SchemaVersionError
from tracker.services.tracker import TrackerService

CREATED = datetime(2026, 1, 2, 3, 4, 5)  # stored naive UTC, as the app does


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def alembic(engine: Engine, verb: str, revision: str) -> None:
    with engine.begin() as conn:
        getattr(command, verb)(migrate._alembic_config(conn), revision)


# --- revisions ----------------------------------------------------------------------------------


def test_known_revisions_match_the_migration_scripts() -> None:
    """``KNOWN_REVISIONS`` is the fast path's copy of the history; it must equal Alembic's."""
    assert script_revisions() == list(KNOWN_REVISIONS)
    assert KNOWN_REVISIONS[-1] == HEAD_REVISION


def test_upgrade_from_an_empty_database(engine: Engine) -> None:
    assert current_revision(engine) is None
    assert ensure_schema(engine) == HEAD_REVISION
    assert current_revision(engine) == HEAD_REVISION
    assert tables(engine) == {*TABLES, "alembic_version"}
    assert ensure_schema(engine) == HEAD_REVISION  # idempotent: the fast path


def test_models_and_migrations_do_not_drift(engine: Engine) -> None:
    """``alembic revision --autogenerate`` on a migrated database finds nothing to do."""
    ensure_schema(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


# --- with data ----------------------------------------------------------------------------------


def _insert(conn: Any, table: str, **values: Any) -> None:
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({params})"), values)


def fill_at_0001(engine: Engine) -> None:
    """A release with items, a task, evidence and history, written as revision 0001 had them."""
    with engine.begin() as conn:
        _insert(
            conn,
            "owner",
            id=1,
            handle="ana",
            name="Ana",
            email=None,
            team=None,
            kind="person",
            created_at=CREATED,
        )
        _insert(
            conn,
            "release",
            id=1,
            name="legacy",
            template_id="databricks-ml-production",
            template_version=1,
            template_title="Old title",
            environment="prod",
            target_date=date(2026, 2, 1),
            golive_date=None,
            golive_forced_reason=None,
            variables_json='{"catalog": "prod_ml"}',
            profile=None,
            created_at=CREATED,
            created_by="ana",
            archived_at=None,
        )
        for position, (key, severity, status) in enumerate(
            [("legacy-done", "blocking", "done"), ("legacy-open", "advisory", "todo")]
        ):
            _insert(
                conn,
                "release_item",
                id=position + 1,
                release_id=1,
                item_key=key,
                position=position,
                category_key="cat",
                category_title="Category",
                group_key="grp",
                group_title="Group",
                ml_section="data",
                text=f"Text of {key}",
                severity=severity,
                optional=False,
                condition=None,
                guidance=None,
                check_json=None,
                status=status,
                na_reason=None,
                na_note=None,
                owner_id=1,
                due_date=date(2026, 1, 20),
                notes="legacy note",
                archived_at=None,
                row_version=3,
                updated_at=CREATED,
                updated_by="ana",
            )
        _insert(
            conn,
            "release_task",
            id=1,
            release_id=1,
            task_key="monitor-all-alerts",
            position=0,
            phase_key="week-1",
            phase_title="Week 1",
            phase_position=0,
            recurrence="once",
            start_day=1,
            end_day=7,
            daily=False,
            text="Monitor all alerts",
            guidance=None,
            check_json=None,
            owner_id=1,
            archived_at=None,
        )
        _insert(
            conn,
            "evidence",
            id=1,
            release_item_id=1,
            url="https://example.com/proof",
            title="Proof",
            added_by="ana",
            added_at=CREATED,
        )
        _insert(
            conn,
            "audit_event",
            id=1,
            release_id=1,
            change_id="c1",
            item_key="legacy-done",
            occurrence_id=None,
            at=CREATED,
            actor="ana",
            action="status",
            old_value="todo",
            new_value="done",
            undo_of=None,
        )
    if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        with engine.begin() as conn:
            for table in (
                "owner",
                "release",
                "release_item",
                "release_task",
                "evidence",
                "audit_event",
            ):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                    )
                )


def assert_legacy_data_readable(db_url: str) -> None:
    svc = TrackerService.open(db_url, "bo", FixedClock(FROZEN_NOW))
    try:
        view = svc.release_view("legacy")
        assert view.release.variables == {"catalog": "prod_ml"}
        assert view.release.created_at == CREATED.replace(tzinfo=UTC)
        done, open_ = view.items
        assert (done.key, done.status, done.owner, done.notes, done.row_version) == (
            "legacy-done",
            ItemStatus.DONE,
            "ana",
            "legacy note",
            3,
        )
        assert done.due_date == date(2026, 1, 20)
        assert [(e.url, e.title) for e in done.evidence] == [("https://example.com/proof", "Proof")]
        assert open_.status is ItemStatus.TODO
        assert [(e.action, e.actor) for e in svc.item_history("legacy", "legacy-done")] == [
            ("status", "ana")
        ]
        # and the migrated database takes new writes of every kind
        svc.add_evidence("legacy", "legacy-open", "https://example.com/new", "New")
        svc.set_status("legacy", "legacy-open", ItemStatus.DONE)
        report = svc.golive("legacy", date(2026, 11, 20))
        assert report.created == 1
        occ = svc.update_occurrence(
            "legacy",
            "monitor-all-alerts",
            status=TaskStatus.DONE,
            evidence=[("https://example.com/t", None)],
        )
        assert occ.owner == "ana"  # the task's owner from 0001 data
        assert len(occ.evidence) == 1
    finally:
        svc.close()


def test_step_by_step_upgrade_keeps_existing_data(engine: Engine, db_url: str) -> None:
    migrate.upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "check_result" not in tables(engine)
    fill_at_0001(engine)
    migrate.upgrade(engine, "0002")
    assert current_revision(engine) == "0002"
    assert "check_result" in tables(engine)
    assert "task_occurrence" not in tables(engine)
    migrate.upgrade(engine, "0003")
    assert current_revision(engine) == "0003"
    assert "occurrence_id" in {c["name"] for c in inspect(engine).get_columns("evidence")}
    assert_legacy_data_readable(db_url)


def test_opening_an_old_database_upgrades_it(engine: Engine, db_url: str) -> None:
    migrate.upgrade(engine, "0001")
    fill_at_0001(engine)
    engine.dispose()
    assert_legacy_data_readable(db_url)  # TrackerService.open upgrades on the way
    assert current_revision(engine) == HEAD_REVISION


def test_downgrade_to_0001_and_back_keeps_data(engine: Engine, db_url: str) -> None:
    migrate.upgrade(engine, "0001")
    fill_at_0001(engine)
    migrate.upgrade(engine, "head")
    alembic(engine, "downgrade", "0001")
    assert current_revision(engine) == "0001"
    assert {"task_occurrence", "check_result"}.isdisjoint(tables(engine))
    assert "occurrence_id" not in {c["name"] for c in inspect(engine).get_columns("evidence")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT url FROM evidence")).scalars().all() == [
            "https://example.com/proof"
        ]
    alembic(engine, "upgrade", "head")
    assert current_revision(engine) == HEAD_REVISION
    assert_legacy_data_readable(db_url)
    # the append-only triggers survived the batch table rebuilds
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event"))


def test_downgrade_to_base_removes_everything(engine: Engine) -> None:
    ensure_schema(engine)
    alembic(engine, "downgrade", "base")
    assert tables(engine) <= {"alembic_version"}
    assert ensure_schema(engine) == HEAD_REVISION


# --- refusing databases that are not ours or too new ---------------------------------------------


def test_a_newer_schema_is_refused(engine: Engine, db_url: str) -> None:
    ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(
        SchemaVersionError,
        match=rf"revision 9999\) is newer than this tracker understands \(up to {HEAD_REVISION}\)",
    ):
        ensure_schema(engine)
    with pytest.raises(SchemaVersionError):
        TrackerService.open(db_url, "tester")
    assert current_revision(engine) == "9999"  # untouched

    for args in (["release", "list"], ["db", "upgrade"]):
        result = CliRunner().invoke(cli, ["--db", db_url, *args])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith(
            "tracker: error: the database schema (revision 9999) is newer"
        )
    result = CliRunner().invoke(cli, ["--db", db_url, "db", "current", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"revision": "9999"' in result.stdout
    assert "needs upgrade" not in result.stdout


def _foreign_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers (name) VALUES ('x')")
    conn.close()
    return path


def _sqlite_content(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        data = conn.execute("SELECT * FROM customers").fetchall()
    conn.close()
    return [*schema, *data]


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = _foreign_sqlite(tmp_path)
    before = _sqlite_content(path)
    url = f"sqlite:///{path}"
    with pytest.raises(
        DatabaseError, match=r"has tables but no tracker schema version; refusing .*customers"
    ):
        TrackerService.open(url, "tester")
    result = CliRunner().invoke(cli, ["--db", url, "release", "list"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "tracker: error: the database has tables but no tracker schema version"
    )
    assert _sqlite_content(path) == before


def test_a_foreign_sqlite_database_file_is_not_modified(tmp_path: Path) -> None:
    path = _foreign_sqlite(tmp_path)
    before = path.read_bytes()
    with pytest.raises(DatabaseError):
        TrackerService.open(f"sqlite:///{path}", "tester")
    assert path.read_bytes() == before


def test_an_unreachable_database_is_one_line_without_the_password() -> None:
    result = CliRunner().invoke(
        cli, ["--db", "postgresql://u:s3cret@127.0.0.1:1/x", "release", "list"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("tracker: error: cannot open the database")
    assert result.stderr.count("\n") == 1
    assert "s3cret" not in result.stderr
