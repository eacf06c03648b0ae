"""Post-deployment task occurrences; evidence can belong to an occurrence.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "task_occurrence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_task_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("skip_reason", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("completed_by", sa.String(length=200), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owner.id"], name=op.f("fk_task_occurrence_owner_id_owner")
        ),
        sa.ForeignKeyConstraint(
            ["release_task_id"],
            ["release_task.id"],
            name=op.f("fk_task_occurrence_release_task_id_release_task"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_occurrence")),
        sa.UniqueConstraint(
            "release_task_id", "seq", name=op.f("uq_task_occurrence_release_task_id")
        ),
    )
    op.create_index(
        op.f("ix_task_occurrence_release_task_id"), "task_occurrence", ["release_task_id"]
    )
    op.create_index(op.f("ix_task_occurrence_due_date"), "task_occurrence", ["due_date"])
    # SQLite can't add a foreign key with ALTER TABLE: batch mode copies the table.
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("occurrence_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_evidence_occurrence_id_task_occurrence"),
            "task_occurrence",
            ["occurrence_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_evidence_occurrence_id"), ["occurrence_id"])


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_index(op.f("ix_evidence_occurrence_id"))
        batch.drop_constraint(op.f("fk_evidence_occurrence_id_task_occurrence"), type_="foreignkey")
        batch.drop_column("occurrence_id")
    op.drop_table("task_occurrence")
