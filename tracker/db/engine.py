"""Engine construction: SQLite pragmas for multi-process use, PostgreSQL as is."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from tracker.errors import ConfigError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "tracker_write"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes can fail at once with "database is
        # locked" when another process wrote in between (the busy timeout does not apply to
        # lock upgrades). Writers take the write lock up front and wait their turn instead.
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite files get WAL, foreign keys and a busy timeout.
    ``lakebase://INSTANCE/DATABASE`` is a Databricks Lakebase database (see tracker.lakebase).

    ``create=False``: a SQLite file that does not exist yet is refused instead of created (a
    typo in ``--db`` must not look like an empty database)."""
    if url.lower().startswith("lakebase://"):
        from tracker.lakebase import lakebase_engine

        return lakebase_engine(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ConfigError(
            f"not a database URL: {_mask_password(url)!r} (expected e.g. sqlite:///path/tracker.db or postgresql+psycopg://host/db)"
        ) from None
    backend = parsed.get_backend_name()
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            path = Path(database).expanduser().resolve()
            parent = path.parent
            if not create:
                _refuse_missing(path, redact_url(url))
            if not parent.is_dir():
                try:
                    parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise ConfigError(
                        f"cannot create the database directory {parent}: {exc}"
                    ) from None
        kwargs["connect_args"] = {
            "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
            "check_same_thread": False,
        }
    elif backend == "postgresql" and parsed.drivername == "postgresql":
        # Plain postgresql:// would pick psycopg2, which is not a dependency.
        parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise ConfigError(f"unsupported database URL {redact_url(url)}: {exc}") from None
    if backend == "sqlite":
        _sqlite_setup(engine)
    return engine


def _refuse_missing(path: Path, url: str) -> None:
    if not path.parent.is_dir():
        raise ConfigError(
            f"no such directory {path.parent}; create it or run `tracker db init {url}`"
        )
    if not path.exists():
        raise ConfigError(
            f"no database at {path}; create it with `tracker db init {url}` or `tracker release new`"
        )


def write_engine(engine: Engine) -> Engine:
    """The same engine, marked so SQLite transactions start as BEGIN IMMEDIATE."""
    return engine.execution_options(**{WRITE_OPTION: True})


def _mask_password(url: str) -> str:
    """Hide a password even in a URL SQLAlchemy can't parse."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def enable_wal(engine: Engine) -> None:
    """Switch a tracker SQLite database to WAL (persistent in the file). Called only once the
    database is known to be ours, so a foreign file is never modified."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        # On the raw sqlite3 connection: the mode can't change inside SQLAlchemy's transaction.
        raw = conn.connection.driver_connection
        assert raw is not None
        if str(raw.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            raw.execute("PRAGMA journal_mode=WAL")


def redact_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages and ``db current``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<invalid URL>"
