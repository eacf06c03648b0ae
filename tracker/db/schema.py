"""The schema: one SQLAlchemy Core ``Table`` per table, on one ``MetaData``.

This is the single definition. The SQLModel classes in ``tracker.db.tables`` map onto these
very ``Table`` objects (each field is bound to its column), the read queries in
``tracker.db.queries`` select over them, and Alembic compares its migrations against this
metadata (``alembic check`` must be clean; see tests/migrations).

Why Core and not SQLModel declarations: importing the SQLModel classes (pydantic + the ORM)
costs ~876 M instructions (~90-180 ms), +60% on a whole ``tracker status``. The read path
(``status``, ``export``, the app's first paint) needs only this module: ~50 M instructions on
top of SQLAlchemy Core. docs/architecture.md has the measurements.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)

# Constraint names stay stable across SQLite and PostgreSQL, which batch migrations need.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp read back as an aware UTC datetime on every database: SQLite keeps no offset
    (values are stored as UTC), PostgreSQL's ``timestamptz`` comes back in the session zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a value written as text by something other than us
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _release_fk(*, index: bool = True) -> Column[int]:
    return Column(
        "release_id",
        Integer,
        ForeignKey("release.id", ondelete="CASCADE"),
        nullable=False,
        index=index,
    )


owner = Table(
    "owner",
    metadata,
    _id(),
    Column("handle", String(64), nullable=False, index=True, unique=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320)),
    Column("team", String(200)),
    Column("kind", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

release = Table(
    "release",
    metadata,
    _id(),
    Column("name", String(200), nullable=False, index=True, unique=True),
    Column("template_id", String(80), nullable=False),
    Column("template_version", Integer, nullable=False),
    Column("template_title", String(200), nullable=False),
    Column("environment", String(64)),
    Column("target_date", Date),
    Column("golive_date", Date),
    Column("golive_forced_reason", Text),
    Column("variables_json", Text, nullable=False, server_default="{}"),
    Column("profile", String(200)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("archived_at", UtcDateTime),
)

# Release names and owner handles are unique ignoring case (issue 15, "REL created next to rel").
# The services refuse a clash first, with a suggestion (Python's casefold); these indexes are the
# backstop when two writers race between that check and the insert (SQLite's lower() folds ASCII
# letters only, PostgreSQL's follows the database's collation).
Index("uq_release_name_lower", func.lower(release.c.name), unique=True)
Index("uq_owner_handle_lower", func.lower(owner.c.handle), unique=True)

release_item = Table(
    "release_item",
    metadata,
    _id(),
    _release_fk(),
    Column("item_key", String(80), nullable=False),
    Column("position", Integer, nullable=False),
    Column("category_key", String(80), nullable=False),
    Column("category_title", String(200), nullable=False),
    Column("group_key", String(80), nullable=False),
    Column("group_title", String(200), nullable=False),
    Column("ml_section", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("optional", Boolean, nullable=False),
    Column("condition", Text),
    Column("guidance", Text),
    Column("check_json", Text),
    Column("status", String(16), nullable=False),
    Column("na_reason", String(32)),
    Column("na_note", Text),
    Column("owner_id", Integer, ForeignKey("owner.id"), index=True),
    Column("due_date", Date),
    Column("notes", Text),
    Column("archived_at", UtcDateTime),
    Column("row_version", Integer, nullable=False),
    Column("updated_at", UtcDateTime),
    Column("updated_by", String(200)),
    UniqueConstraint("release_id", "item_key"),
)

release_task = Table(
    "release_task",
    metadata,
    _id(),
    _release_fk(),
    Column("task_key", String(80), nullable=False),
    Column("position", Integer, nullable=False),
    Column("phase_key", String(80), nullable=False),
    Column("phase_title", String(200), nullable=False),
    Column("phase_position", Integer, nullable=False),
    Column("recurrence", String(16), nullable=False),
    Column("start_day", Integer),
    Column("end_day", Integer),
    Column("daily", Boolean, nullable=False),
    Column("text", Text, nullable=False),
    Column("guidance", Text),
    Column("check_json", Text),
    Column("owner_id", Integer, ForeignKey("owner.id")),
    Column("archived_at", UtcDateTime),
    UniqueConstraint("release_id", "task_key"),
)

task_occurrence = Table(
    "task_occurrence",
    metadata,
    _id(),
    Column(
        "release_task_id",
        Integer,
        ForeignKey("release_task.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("seq", Integer, nullable=False),
    Column("due_date", Date, nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("skip_reason", Text),
    Column("owner_id", Integer, ForeignKey("owner.id")),
    Column("notes", Text),
    Column("completed_by", String(200)),
    Column("completed_at", UtcDateTime),
    Column("row_version", Integer, nullable=False),
    UniqueConstraint("release_task_id", "seq"),
)

evidence = Table(
    "evidence",
    metadata,
    _id(),
    Column(
        "release_item_id",
        Integer,
        ForeignKey("release_item.id", ondelete="CASCADE"),
        index=True,
    ),
    Column(
        "occurrence_id",
        Integer,
        ForeignKey("task_occurrence.id", ondelete="CASCADE"),
        index=True,
    ),
    Column("url", Text, nullable=False),
    Column("title", String(300), nullable=False),
    Column("added_by", String(200), nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
)

audit_event = Table(
    "audit_event",
    metadata,
    _id(),
    _release_fk(),
    Column("change_id", String(36), nullable=False, index=True),
    Column("item_key", String(80)),
    Column("occurrence_id", Integer),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("old_value", Text),
    Column("new_value", Text),
    Column("undo_of", String(36)),
)

check_result = Table(
    "check_result",
    metadata,
    _id(),
    _release_fk(),
    Column("item_key", String(80), nullable=False, index=True),
    Column("occurrence_id", Integer),
    Column("check_id", String(80), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("message", Text, nullable=False),
    Column("link", Text),
    Column("facts_json", Text, nullable=False, server_default="{}"),
    Column("duration_ms", Integer, nullable=False),
    Column("run_id", String(36)),
    Column("actor", String(200), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("scheduled", Boolean, nullable=False),
)

notice_sent = Table(
    "notice_sent",
    metadata,
    _id(),
    Column("notice_key", String(300), nullable=False),
    Column("destination", String(120), nullable=False),
    Column("sent_on", Date, nullable=False, index=True),
    Column("sent_at", UtcDateTime, nullable=False),
    UniqueConstraint("notice_key", "destination", "sent_on"),
)

# --- go/no-go (migration 0006): dependencies, sign-offs, waivers, milestones ---

item_dependency = Table(
    "item_dependency",
    metadata,
    _id(),
    _release_fk(),
    Column("item_key", String(80), nullable=False),
    Column("depends_on", String(80), nullable=False),
    Column("origin", String(16), nullable=False),  # template | release
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    # a removed dependency keeps its row so a template sync does not bring it back
    Column("removed_at", UtcDateTime),
    UniqueConstraint("release_id", "item_key", "depends_on"),
)

signoff_role = Table(
    "signoff_role",
    metadata,
    _id(),
    _release_fk(),
    Column("role", String(80), nullable=False),
    Column("title", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("removed_at", UtcDateTime),
    UniqueConstraint("release_id", "role"),
)

signoff = Table(
    "signoff",
    metadata,
    _id(),
    _release_fk(),
    Column("role", String(80), nullable=False),
    Column("signed_by", String(200), nullable=False),
    Column("signed_at", UtcDateTime, nullable=False),
    Column("comment", Text),
    Column("digest", String(64), nullable=False),
    # the release's newest audit event id when signing: a later change to a blocking item makes
    # the sign-off stale even if the item is changed back
    Column("seen_event_id", Integer, nullable=False),
    Column("revoked_at", UtcDateTime),
    Column("revoked_by", String(200)),
)

waiver = Table(
    "waiver",
    metadata,
    _id(),
    _release_fk(),
    Column("item_key", String(80), nullable=False),
    Column("state", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("control", Text, nullable=False),
    Column("approver", String(64), nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("requested_by", String(200), nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", UtcDateTime),
    Column("decision_note", Text),
    Column("row_version", Integer, nullable=False),
)

milestone = Table(
    "milestone",
    metadata,
    _id(),
    _release_fk(),
    Column("name", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("snapshot_json", Text, nullable=False),  # tracker.milestone/v1
    UniqueConstraint("release_id", "name"),
)

release_deletion = Table(
    "release_deletion",
    metadata,
    _id(),
    # Written, used and removed inside the transaction that deletes a release: the audit log's
    # delete guard (migration 0007) lets through only the events of a marked release.
    Column("release_id", Integer, nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("deleted_at", UtcDateTime, nullable=False),
    Column("deleted_by", String(200), nullable=False),
)
