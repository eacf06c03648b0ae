"""Alembic environment wired to the one schema (``tracker.db.schema``, which the SQLModel classes in
``tracker.db.tables`` map onto).

tracker runs migrations programmatically (``tracker.db.migrate``) and passes its engine's
connection in ``config.attributes["connection"]``; the ``alembic`` command line works too when
``sqlalchemy.url`` is set (``alembic -x url=sqlite:///x.db upgrade head``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import tracker.db.tables  # noqa: F401  (any table declared the SQLModel way joins the metadata)
from tracker.db import schema

config = context.config
target_metadata = schema.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can't ALTER most things; batch mode recreates tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("pass the database URL: alembic -x url=sqlite:///path.db upgrade head")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
