"""SQLModel tables. Alembic (``migrations/``) is the only source of the schema: these classes
describe it for the ORM and for ``alembic revision --autogenerate``; nothing calls create_all.

Importing this module costs ~0.3 s (pydantic + the ORM), so read-only hot paths use
``tracker.db.queries`` (SQLAlchemy Core) instead.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# Constraint names stay stable across SQLite and PostgreSQL, which batch migrations need.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OwnerRow(SQLModel, table=True):
    __tablename__ = "owner"

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    team: str | None = Field(default=None, max_length=200)
    kind: str = Field(default="person", max_length=16)
    created_at: datetime


class ReleaseRow(SQLModel, table=True):
    __tablename__ = "release"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    template_id: str = Field(max_length=80)
    template_version: int
    template_title: str = Field(max_length=200)
    environment: str | None = Field(default=None, max_length=64)
    target_date: date | None = None
    golive_date: date | None = None
    golive_forced_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    variables_json: str = Field(
        default="{}", sa_column=Column(Text, nullable=False, server_default="{}")
    )
    profile: str | None = Field(default=None, max_length=200)
    created_at: datetime
    created_by: str = Field(max_length=200)
    archived_at: datetime | None = None


class ReleaseItemRow(SQLModel, table=True):
    __tablename__ = "release_item"
    __table_args__ = (UniqueConstraint("release_id", "item_key"),)

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("release.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    item_key: str = Field(max_length=80)
    position: int
    category_key: str = Field(max_length=80)
    category_title: str = Field(max_length=200)
    group_key: str = Field(max_length=80)
    group_title: str = Field(max_length=200)
    ml_section: str = Field(max_length=16)
    text: str = Field(sa_column=Column(Text, nullable=False))
    severity: str = Field(max_length=16)
    optional: bool = False
    condition: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    guidance: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    check_json: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status: str = Field(default="todo", max_length=16)
    na_reason: str | None = Field(default=None, max_length=32)
    na_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    owner_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("owner.id"), nullable=True, index=True)
    )
    due_date: date | None = None
    notes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    archived_at: datetime | None = None
    row_version: int = 1
    updated_at: datetime | None = None
    updated_by: str | None = Field(default=None, max_length=200)


class ReleaseTaskRow(SQLModel, table=True):
    """A release's copy of a post-deployment task (from the template's phases)."""

    __tablename__ = "release_task"
    __table_args__ = (UniqueConstraint("release_id", "task_key"),)

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("release.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    task_key: str = Field(max_length=80)
    position: int
    phase_key: str = Field(max_length=80)
    phase_title: str = Field(max_length=200)
    phase_position: int
    recurrence: str = Field(max_length=16)
    start_day: int | None = None
    end_day: int | None = None
    daily: bool = False
    text: str = Field(sa_column=Column(Text, nullable=False))
    guidance: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    check_json: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    owner_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("owner.id"), nullable=True)
    )
    archived_at: datetime | None = None


class TaskOccurrenceRow(SQLModel, table=True):
    __tablename__ = "task_occurrence"
    __table_args__ = (UniqueConstraint("release_task_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    release_task_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("release_task.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    seq: int
    due_date: date = Field(index=True)
    status: str = Field(default="todo", max_length=16)
    skip_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    owner_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("owner.id"), nullable=True)
    )
    notes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    completed_by: str | None = Field(default=None, max_length=200)
    completed_at: datetime | None = None
    row_version: int = 1


class EvidenceRow(SQLModel, table=True):
    """An evidence link on a release item or a task occurrence (exactly one of the two)."""

    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    release_item_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("release_item.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    occurrence_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("task_occurrence.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    url: str = Field(sa_column=Column(Text, nullable=False))
    title: str = Field(max_length=300)
    added_by: str = Field(max_length=200)
    added_at: datetime


class AuditEventRow(SQLModel, table=True):
    """Append-only change log. Database triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("release.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    change_id: str = Field(max_length=36, index=True)
    item_key: str | None = Field(default=None, max_length=80)
    occurrence_id: int | None = None
    at: datetime
    actor: str = Field(max_length=200)
    action: str = Field(max_length=40)
    old_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    undo_of: str | None = Field(default=None, max_length=36)


class CheckResultRow(SQLModel, table=True):
    __tablename__ = "check_result"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("release.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    item_key: str = Field(max_length=80, index=True)
    occurrence_id: int | None = None
    check_id: str = Field(max_length=80)
    outcome: str = Field(max_length=16)
    message: str = Field(sa_column=Column(Text, nullable=False))
    link: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    facts_json: str = Field(
        default="{}", sa_column=Column(Text, nullable=False, server_default="{}")
    )
    duration_ms: int = 0
    run_id: str | None = Field(default=None, max_length=36)
    actor: str = Field(max_length=200)
    started_at: datetime
    scheduled: bool = False


class NoticeSentRow(SQLModel, table=True):
    """A notice ``tracker notify`` delivered to one destination on one day: the same notice is
    not sent there again that day. ``destination`` is a label (``slack``, ``email``,
    ``workspace:<id>``), never a webhook URL or address book entry with secrets."""

    __tablename__ = "notice_sent"
    __table_args__ = (UniqueConstraint("notice_key", "destination", "sent_on"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_key: str = Field(max_length=300)
    destination: str = Field(max_length=120)
    sent_on: date = Field(index=True)
    sent_at: datetime
