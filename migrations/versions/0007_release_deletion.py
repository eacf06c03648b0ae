"""Releases can be deleted (``tracker release delete``): the audit log's delete guard lets through
only the events of a release marked in ``release_deletion``. The service writes the mark, deletes
the release (its events cascade) and removes the mark in one transaction, so no mark outlives it
(an id SQLite reuses later is protected again).

The audit log stays append-only otherwise: UPDATE is always refused, DELETE of an event of an
unmarked release is refused, REPLACE and TRUNCATE stay refused (0004).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"


def upgrade() -> None:
    op.create_table(
        "release_deletion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_deletion")),
        sa.UniqueConstraint("release_id", name=op.f("uq_release_deletion_release_id")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        op.execute(
            "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
            "WHEN NOT EXISTS (SELECT 1 FROM release_deletion WHERE release_id = OLD.release_id) "
            + _REFUSE
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_event_row_guard() RETURNS trigger AS $$ "
            "BEGIN "
            "IF TG_OP = 'DELETE' AND EXISTS "
            "(SELECT 1 FROM release_deletion WHERE release_id = OLD.release_id) THEN "
            "RETURN OLD; END IF; "
            "RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_row_guard()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        op.execute("CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event " + _REFUSE)
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )
        op.execute("DROP FUNCTION IF EXISTS audit_event_row_guard()")
    op.drop_table("release_deletion")
