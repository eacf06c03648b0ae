"""Notices delivered by ``tracker notify`` (the same notice is sent once a day per destination).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notice_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_key", sa.String(length=300), nullable=False),
        sa.Column("destination", sa.String(length=120), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_sent")),
        sa.UniqueConstraint(
            "notice_key", "destination", "sent_on", name=op.f("uq_notice_sent_notice_key")
        ),
    )
    op.create_index(op.f("ix_notice_sent_sent_on"), "notice_sent", ["sent_on"])


def downgrade() -> None:
    op.drop_table("notice_sent")
