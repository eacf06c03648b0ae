"""Go/no-go: item dependencies, sign-off roles and sign-offs, waivers, milestones.

New tables only: every existing row is kept as it is. Releases made before this revision have
no dependencies and no sign-off roles until ``tracker release sync`` copies them from the
template (or the release adds its own).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _release_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["release_id"],
        ["release.id"],
        name=op.f(f"fk_{table}_release_id_release"),
        ondelete="CASCADE",
    )


def _common(table: str) -> list[Any]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        _release_fk(table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "item_dependency",
        *_common("item_dependency"),
        sa.Column("item_key", sa.String(length=80), nullable=False),
        sa.Column("depends_on", sa.String(length=80), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint(
            "release_id", "item_key", "depends_on", name=op.f("uq_item_dependency_release_id")
        ),
    )
    op.create_table(
        "signoff_role",
        *_common("signoff_role"),
        sa.Column("role", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("release_id", "role", name=op.f("uq_signoff_role_release_id")),
    )
    op.create_table(
        "signoff",
        *_common("signoff"),
        sa.Column("role", sa.String(length=80), nullable=False),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("seen_event_id", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
    )
    op.create_table(
        "waiver",
        *_common("waiver"),
        sa.Column("item_key", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("control", sa.Text(), nullable=False),
        sa.Column("approver", sa.String(length=64), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "milestone",
        *_common("milestone"),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("snapshot_json", sa.Text(), nullable=False),
        sa.UniqueConstraint("release_id", "name", name=op.f("uq_milestone_release_id")),
    )
    for table in ("item_dependency", "signoff_role", "signoff", "waiver", "milestone"):
        op.create_index(op.f(f"ix_{table}_release_id"), table, ["release_id"])


def downgrade() -> None:
    for table in ("milestone", "waiver", "signoff", "signoff_role", "item_dependency"):
        op.drop_index(op.f(f"ix_{table}_release_id"), table_name=table)
        op.drop_table(table)
