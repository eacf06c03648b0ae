"""Database helpers for service, CLI and migration tests.

Migrating a database costs ~0.5 s, so a session builds one migrated (and one seeded) database per
backend and every test gets a cheap copy: a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE``
on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text

from tracker.db.engine import make_engine
from tracker.db.migrate import ensure_schema
from tracker.domain.clock import Clock
from tracker.domain.enums import OwnerKind
from tracker.domain.template import Template
from tracker.domain.template_loader import load_template
from tracker.services.tracker import TrackerService

REPO = Path(__file__).parents[2]
SHIPPED_TEMPLATE = REPO / "checklists" / "databricks-ml-production.yaml"
SHIPPED_ID = "databricks-ml-production"
SHIPPED_VERSION = 2  # the shipped template's `version` (tests/unit/test_shipped_template.py)
SEED_MD = REPO / "tests" / "data" / "production-deployment-checklist.md"

PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test"
PG_URL_PREFIX = "postgresql+psycopg://postgres@127.0.0.1:5432/"

RELEASE = "r1"
TARGET = date(2026, 12, 15)
ACTOR = "tester"
ITEM_COUNT = 129
TASK_COUNT = 15

# Application tables (alembic_version aside), in an order that respects foreign keys.
TABLES = (
    "owner",
    "release",
    "release_item",
    "release_task",
    "task_occurrence",
    "evidence",
    "audit_event",
    "check_result",
    "notice_sent",
    "item_dependency",
    "signoff_role",
    "signoff",
    "waiver",
    "milestone",
    "release_deletion",
)


# --- PostgreSQL --------------------------------------------------------------------------------


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3):
            return True
    except Exception:
        return False


def require_pg() -> None:
    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL on 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not running")


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type,unused-ignore]


def pg_create(template: str | None = None) -> str:
    """A new PostgreSQL database (a copy of ``template`` if given); returns its name."""
    import psycopg

    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    # FILE_COPY: much faster than the default WAL_LOG strategy for small databases.
    sql = f'CREATE DATABASE "{name}" STRATEGY FILE_COPY' + (
        f' TEMPLATE "{template}"' if template else ""
    )
    for attempt in range(20):
        try:
            pg_admin(sql)
            return name
        except psycopg.errors.ObjectInUse:  # the template's last backend is still exiting
            if attempt == 19:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def pg_drop(name: str) -> None:
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- building and copying databases --------------------------------------------------------------


def shipped_template() -> Template:
    return load_template(SHIPPED_TEMPLATE)


def seed(url: str, template: Template, clock: Clock) -> None:
    """Owners ``ana`` (person) and ``platform`` (team) and release ``r1`` of the shipped template."""
    svc = TrackerService.open(url, ACTOR, clock)
    try:
        svc.owners.add_owner("ana", "Ana Lima", email="ana@example.com", team="platform")
        svc.owners.add_owner("platform", "Platform team", kind=OwnerKind.TEAM)
        svc.releases.create_release(RELEASE, template, environment="prod", target_date=TARGET)
    finally:
        svc.close()


def migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        ensure_schema(engine)
    finally:
        engine.dispose()


class DatabaseFactory:
    """Hands out a migrated (``kind="migrated"``) or seeded (``kind="seeded"``) database.

    SQLite: the master file is built once and copied per test. PostgreSQL: creating and dropping a
    database per test costs ~1 s (both checkpoint), so each worker keeps one database per kind and
    resets it before every test: TRUNCATE, then re-insert the rows saved right after seeding.
    """

    SNAPSHOT_SCHEMA = "tracker_seed"

    def __init__(self, workdir: Path, template: Template, clock: Clock) -> None:
        self.workdir = workdir
        self.template = template
        self.clock = clock
        self._sqlite: dict[str, Path] = {}
        self._pg: dict[str, str] = {}

    def _build(self, url: str, kind: str) -> None:
        migrate(url)
        if kind == "seeded":
            seed(url, self.template, self.clock)

    def _sqlite_master(self, kind: str) -> Path:
        if kind not in self._sqlite:
            path = self.workdir / f"master-{kind}.db"
            self._build(f"sqlite:///{path}", kind)
            self._sqlite[kind] = path
        return self._sqlite[kind]

    def sqlite(self, kind: str, dest: Path) -> str:
        shutil.copyfile(self._sqlite_master(kind), dest)
        return f"sqlite:///{dest}"

    def postgres(self, kind: str) -> str:
        require_pg()
        if kind not in self._pg:
            name = pg_create()
            self._pg[kind] = name
            url = PG_URL_PREFIX + name
            self._build(url, kind)
            with engine_for(url) as engine, engine.begin() as conn:
                conn.execute(text(f"CREATE SCHEMA {self.SNAPSHOT_SCHEMA}"))
                for table in TABLES:
                    conn.execute(
                        text(
                            f"CREATE TABLE {self.SNAPSHOT_SCHEMA}.{table} AS SELECT * FROM public.{table}"
                        )
                    )
            return url
        url = PG_URL_PREFIX + self._pg[kind]
        with engine_for(url) as engine, engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))  # a leaked connection fails loudly
            # the reset is the one place allowed past the audit log's append-only triggers
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(
                text(
                    f"TRUNCATE {', '.join('public.' + t for t in TABLES)} RESTART IDENTITY CASCADE"
                )
            )
            for table in TABLES:
                conn.execute(
                    text(f"INSERT INTO public.{table} SELECT * FROM {self.SNAPSHOT_SCHEMA}.{table}")
                )
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('public.{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM public.{table}), false)"
                    )
                )
        return url

    def get(self, backend: str, kind: str, tmp_path: Path) -> str:
        if backend == "sqlite":
            return self.sqlite(kind, tmp_path / f"{kind}.db")
        return self.postgres(kind)

    def close(self) -> None:
        for name in self._pg.values():
            with contextlib.suppress(Exception):  # best effort at session end
                pg_drop(name)


# --- inspecting databases ----------------------------------------------------------------------


@contextmanager
def engine_for(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every application table, in primary-key order: compare before and after."""
    with engine_for(url) as engine, engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        result: dict[str, list[tuple[Any, ...]]] = {}
        for table in (*TABLES, "alembic_version"):
            if table not in present:
                continue
            order = "version_num" if table == "alembic_version" else "id"
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY {order}")).all()
            result[table] = [tuple(r) for r in rows]
        return result


def count(url: str, sql: str, **params: Any) -> int:
    with engine_for(url) as engine, engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar() or 0)


def rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine_for(url) as engine, engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params).all()]


def unchanged(url: str) -> Callable[[], None]:
    """Snapshot the database now; calling the result asserts nothing changed since."""
    before = dump(url)

    def check() -> None:
        after = dump(url)
        for table in before:
            assert after[table] == before[table], f"table {table} changed"
        assert after.keys() == before.keys()

    return check
