"""Schema upgrades. The common case (schema current) costs one SELECT and no Alembic import."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

from tracker.db.engine import enable_wal
from tracker.errors import DatabaseError, SchemaVersionError
from tracker.paths import bundled_dir

log = logging.getLogger(__name__)

# Every revision in migrations/versions, oldest first. A test keeps this in step with Alembic.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD_REVISION = KNOWN_REVISIONS[-1]


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision, or None for an empty database."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):
        # No alembic_version table: either a brand new database or not ours.
        try:
            tables = inspect(engine).get_table_names()
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot open the database: {first_line(exc)}") from None
        if tables and "alembic_version" not in tables:
            raise DatabaseError(
                "the database has tables but no tracker schema version; refusing to touch it "
                f"(tables: {', '.join(sorted(tables)[:5])})"
            ) from None
        return None
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot open the database: {first_line(exc)}") from None


def first_line(exc: BaseException) -> str:
    """A database error's message, one line (the DBAPI error's own text when wrapped)."""
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def _alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(bundled_dir("migrations")))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    log.info("upgrading database schema to %s", revision)
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), revision)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"schema upgrade failed: {first_line(exc)}") from None


def ensure_schema(engine: Engine) -> str:
    """Upgrade the database to the head revision if needed; refuse one newer than this app."""
    revision = current_revision(engine)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise SchemaVersionError(
            f"the database schema (revision {revision}) is newer than this tracker understands "
            f"(up to {HEAD_REVISION}); upgrade tracker to use it"
        )
    if revision != HEAD_REVISION:
        upgrade(engine)
    enable_wal(engine)
    return HEAD_REVISION


def script_revisions() -> list[str]:
    """Revisions Alembic finds in migrations/, oldest first (for tests and ``db current``)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
