"""SQLModel tables: the ORM's typed rows over the one schema in ``tracker.db.schema``.

Each class maps onto that module's ``Table`` and binds every field to its column, so the column
definitions (types, lengths, keys, indexes) exist once. Alembic (``migrations/``) is the only
way the schema changes; nothing calls create_all.

Importing this module costs ~876 M instructions, ~90-180 ms (pydantic + the ORM;
docs/architecture.md), so the read path uses ``tracker.db.queries`` (SQLAlchemy Core over
``tracker.db.schema``) instead.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from tracker.db import schema

# One metadata for the ORM, the queries and Alembic (tables declared here the SQLModel way, if
# any, join it too).
SQLModel.metadata = schema.metadata


class OwnerRow(SQLModel, table=True):
    __table__ = schema.owner

    id: int | None = Field(default=None, sa_column=schema.owner.c.id)
    handle: str = Field(sa_column=schema.owner.c.handle)
    name: str = Field(sa_column=schema.owner.c.name)
    email: str | None = Field(default=None, sa_column=schema.owner.c.email)
    team: str | None = Field(default=None, sa_column=schema.owner.c.team)
    kind: str = Field(default="person", sa_column=schema.owner.c.kind)
    created_at: datetime = Field(sa_column=schema.owner.c.created_at)


class ReleaseRow(SQLModel, table=True):
    __table__ = schema.release

    id: int | None = Field(default=None, sa_column=schema.release.c.id)
    name: str = Field(sa_column=schema.release.c.name)
    template_id: str = Field(sa_column=schema.release.c.template_id)
    template_version: int = Field(sa_column=schema.release.c.template_version)
    template_title: str = Field(sa_column=schema.release.c.template_title)
    environment: str | None = Field(default=None, sa_column=schema.release.c.environment)
    target_date: date | None = Field(default=None, sa_column=schema.release.c.target_date)
    golive_date: date | None = Field(default=None, sa_column=schema.release.c.golive_date)
    golive_forced_reason: str | None = Field(
        default=None, sa_column=schema.release.c.golive_forced_reason
    )
    variables_json: str = Field(default="{}", sa_column=schema.release.c.variables_json)
    profile: str | None = Field(default=None, sa_column=schema.release.c.profile)
    created_at: datetime = Field(sa_column=schema.release.c.created_at)
    created_by: str = Field(sa_column=schema.release.c.created_by)
    archived_at: datetime | None = Field(default=None, sa_column=schema.release.c.archived_at)


class ReleaseItemRow(SQLModel, table=True):
    __table__ = schema.release_item

    id: int | None = Field(default=None, sa_column=schema.release_item.c.id)
    release_id: int = Field(sa_column=schema.release_item.c.release_id)
    item_key: str = Field(sa_column=schema.release_item.c.item_key)
    position: int = Field(sa_column=schema.release_item.c.position)
    category_key: str = Field(sa_column=schema.release_item.c.category_key)
    category_title: str = Field(sa_column=schema.release_item.c.category_title)
    group_key: str = Field(sa_column=schema.release_item.c.group_key)
    group_title: str = Field(sa_column=schema.release_item.c.group_title)
    ml_section: str = Field(sa_column=schema.release_item.c.ml_section)
    text: str = Field(sa_column=schema.release_item.c.text)
    severity: str = Field(sa_column=schema.release_item.c.severity)
    optional: bool = Field(default=False, sa_column=schema.release_item.c.optional)
    condition: str | None = Field(default=None, sa_column=schema.release_item.c.condition)
    guidance: str | None = Field(default=None, sa_column=schema.release_item.c.guidance)
    check_json: str | None = Field(default=None, sa_column=schema.release_item.c.check_json)
    status: str = Field(default="todo", sa_column=schema.release_item.c.status)
    na_reason: str | None = Field(default=None, sa_column=schema.release_item.c.na_reason)
    na_note: str | None = Field(default=None, sa_column=schema.release_item.c.na_note)
    owner_id: int | None = Field(default=None, sa_column=schema.release_item.c.owner_id)
    due_date: date | None = Field(default=None, sa_column=schema.release_item.c.due_date)
    notes: str | None = Field(default=None, sa_column=schema.release_item.c.notes)
    archived_at: datetime | None = Field(default=None, sa_column=schema.release_item.c.archived_at)
    row_version: int = Field(default=1, sa_column=schema.release_item.c.row_version)
    updated_at: datetime | None = Field(default=None, sa_column=schema.release_item.c.updated_at)
    updated_by: str | None = Field(default=None, sa_column=schema.release_item.c.updated_by)


class ReleaseTaskRow(SQLModel, table=True):
    """A release's copy of a post-deployment task (from the template's phases)."""

    __table__ = schema.release_task

    id: int | None = Field(default=None, sa_column=schema.release_task.c.id)
    release_id: int = Field(sa_column=schema.release_task.c.release_id)
    task_key: str = Field(sa_column=schema.release_task.c.task_key)
    position: int = Field(sa_column=schema.release_task.c.position)
    phase_key: str = Field(sa_column=schema.release_task.c.phase_key)
    phase_title: str = Field(sa_column=schema.release_task.c.phase_title)
    phase_position: int = Field(sa_column=schema.release_task.c.phase_position)
    recurrence: str = Field(sa_column=schema.release_task.c.recurrence)
    start_day: int | None = Field(default=None, sa_column=schema.release_task.c.start_day)
    end_day: int | None = Field(default=None, sa_column=schema.release_task.c.end_day)
    daily: bool = Field(default=False, sa_column=schema.release_task.c.daily)
    text: str = Field(sa_column=schema.release_task.c.text)
    guidance: str | None = Field(default=None, sa_column=schema.release_task.c.guidance)
    check_json: str | None = Field(default=None, sa_column=schema.release_task.c.check_json)
    owner_id: int | None = Field(default=None, sa_column=schema.release_task.c.owner_id)
    archived_at: datetime | None = Field(default=None, sa_column=schema.release_task.c.archived_at)


class TaskOccurrenceRow(SQLModel, table=True):
    __table__ = schema.task_occurrence

    id: int | None = Field(default=None, sa_column=schema.task_occurrence.c.id)
    release_task_id: int = Field(sa_column=schema.task_occurrence.c.release_task_id)
    seq: int = Field(sa_column=schema.task_occurrence.c.seq)
    due_date: date = Field(sa_column=schema.task_occurrence.c.due_date)
    status: str = Field(default="todo", sa_column=schema.task_occurrence.c.status)
    skip_reason: str | None = Field(default=None, sa_column=schema.task_occurrence.c.skip_reason)
    owner_id: int | None = Field(default=None, sa_column=schema.task_occurrence.c.owner_id)
    notes: str | None = Field(default=None, sa_column=schema.task_occurrence.c.notes)
    completed_by: str | None = Field(default=None, sa_column=schema.task_occurrence.c.completed_by)
    completed_at: datetime | None = Field(
        default=None, sa_column=schema.task_occurrence.c.completed_at
    )
    row_version: int = Field(default=1, sa_column=schema.task_occurrence.c.row_version)


class EvidenceRow(SQLModel, table=True):
    """An evidence link on a release item or a task occurrence (exactly one of the two)."""

    __table__ = schema.evidence

    id: int | None = Field(default=None, sa_column=schema.evidence.c.id)
    release_item_id: int | None = Field(default=None, sa_column=schema.evidence.c.release_item_id)
    occurrence_id: int | None = Field(default=None, sa_column=schema.evidence.c.occurrence_id)
    url: str = Field(sa_column=schema.evidence.c.url)
    title: str = Field(sa_column=schema.evidence.c.title)
    added_by: str = Field(sa_column=schema.evidence.c.added_by)
    added_at: datetime = Field(sa_column=schema.evidence.c.added_at)


class AuditEventRow(SQLModel, table=True):
    """Append-only change log. Database triggers refuse UPDATE and DELETE."""

    __table__ = schema.audit_event

    id: int | None = Field(default=None, sa_column=schema.audit_event.c.id)
    release_id: int = Field(sa_column=schema.audit_event.c.release_id)
    change_id: str = Field(sa_column=schema.audit_event.c.change_id)
    item_key: str | None = Field(default=None, sa_column=schema.audit_event.c.item_key)
    occurrence_id: int | None = Field(default=None, sa_column=schema.audit_event.c.occurrence_id)
    at: datetime = Field(sa_column=schema.audit_event.c.at)
    actor: str = Field(sa_column=schema.audit_event.c.actor)
    action: str = Field(sa_column=schema.audit_event.c.action)
    old_value: str | None = Field(default=None, sa_column=schema.audit_event.c.old_value)
    new_value: str | None = Field(default=None, sa_column=schema.audit_event.c.new_value)
    undo_of: str | None = Field(default=None, sa_column=schema.audit_event.c.undo_of)


class CheckResultRow(SQLModel, table=True):
    __table__ = schema.check_result

    id: int | None = Field(default=None, sa_column=schema.check_result.c.id)
    release_id: int = Field(sa_column=schema.check_result.c.release_id)
    item_key: str = Field(sa_column=schema.check_result.c.item_key)
    occurrence_id: int | None = Field(default=None, sa_column=schema.check_result.c.occurrence_id)
    check_id: str = Field(sa_column=schema.check_result.c.check_id)
    outcome: str = Field(sa_column=schema.check_result.c.outcome)
    message: str = Field(sa_column=schema.check_result.c.message)
    link: str | None = Field(default=None, sa_column=schema.check_result.c.link)
    facts_json: str = Field(default="{}", sa_column=schema.check_result.c.facts_json)
    duration_ms: int = Field(default=0, sa_column=schema.check_result.c.duration_ms)
    run_id: str | None = Field(default=None, sa_column=schema.check_result.c.run_id)
    actor: str = Field(sa_column=schema.check_result.c.actor)
    started_at: datetime = Field(sa_column=schema.check_result.c.started_at)
    scheduled: bool = Field(default=False, sa_column=schema.check_result.c.scheduled)


class NoticeSentRow(SQLModel, table=True):
    """A notice ``tracker notify`` delivered to one destination on one day: the same notice is
    not sent there again that day. ``destination`` is a label (``slack``, ``email``,
    ``workspace:<id>``), never a webhook URL or address book entry with secrets."""

    __table__ = schema.notice_sent

    id: int | None = Field(default=None, sa_column=schema.notice_sent.c.id)
    notice_key: str = Field(sa_column=schema.notice_sent.c.notice_key)
    destination: str = Field(sa_column=schema.notice_sent.c.destination)
    sent_on: date = Field(sa_column=schema.notice_sent.c.sent_on)
    sent_at: datetime = Field(sa_column=schema.notice_sent.c.sent_at)


# --- go/no-go (migration 0006) ---


class ItemDependencyRow(SQLModel, table=True):
    """``item_key`` waits on ``depends_on`` (from the template or added by the release)."""

    __table__ = schema.item_dependency

    id: int | None = Field(default=None, sa_column=schema.item_dependency.c.id)
    release_id: int = Field(sa_column=schema.item_dependency.c.release_id)
    item_key: str = Field(sa_column=schema.item_dependency.c.item_key)
    depends_on: str = Field(sa_column=schema.item_dependency.c.depends_on)
    origin: str = Field(sa_column=schema.item_dependency.c.origin)
    created_at: datetime = Field(sa_column=schema.item_dependency.c.created_at)
    created_by: str = Field(sa_column=schema.item_dependency.c.created_by)
    removed_at: datetime | None = Field(default=None, sa_column=schema.item_dependency.c.removed_at)


class SignoffRoleRow(SQLModel, table=True):
    """A role whose fresh sign-off the release's go-live needs (``removed_at``: no longer)."""

    __table__ = schema.signoff_role

    id: int | None = Field(default=None, sa_column=schema.signoff_role.c.id)
    release_id: int = Field(sa_column=schema.signoff_role.c.release_id)
    role: str = Field(sa_column=schema.signoff_role.c.role)
    title: str = Field(sa_column=schema.signoff_role.c.title)
    position: int = Field(sa_column=schema.signoff_role.c.position)
    removed_at: datetime | None = Field(default=None, sa_column=schema.signoff_role.c.removed_at)


class SignoffRow(SQLModel, table=True):
    """One sign-off: who signed which role when, on which blocking-items digest. Never updated
    except to record a revocation."""

    __table__ = schema.signoff

    id: int | None = Field(default=None, sa_column=schema.signoff.c.id)
    release_id: int = Field(sa_column=schema.signoff.c.release_id)
    role: str = Field(sa_column=schema.signoff.c.role)
    signed_by: str = Field(sa_column=schema.signoff.c.signed_by)
    signed_at: datetime = Field(sa_column=schema.signoff.c.signed_at)
    comment: str | None = Field(default=None, sa_column=schema.signoff.c.comment)
    digest: str = Field(sa_column=schema.signoff.c.digest)
    seen_event_id: int = Field(default=0, sa_column=schema.signoff.c.seen_event_id)
    revoked_at: datetime | None = Field(default=None, sa_column=schema.signoff.c.revoked_at)
    revoked_by: str | None = Field(default=None, sa_column=schema.signoff.c.revoked_by)


class WaiverRow(SQLModel, table=True):
    """An exception on one item: requested, then approved or rejected, maybe revoked."""

    __table__ = schema.waiver

    id: int | None = Field(default=None, sa_column=schema.waiver.c.id)
    release_id: int = Field(sa_column=schema.waiver.c.release_id)
    item_key: str = Field(sa_column=schema.waiver.c.item_key)
    state: str = Field(sa_column=schema.waiver.c.state)
    reason: str = Field(sa_column=schema.waiver.c.reason)
    control: str = Field(sa_column=schema.waiver.c.control)
    approver: str = Field(sa_column=schema.waiver.c.approver)
    expires_on: date = Field(sa_column=schema.waiver.c.expires_on)
    requested_by: str = Field(sa_column=schema.waiver.c.requested_by)
    requested_at: datetime = Field(sa_column=schema.waiver.c.requested_at)
    decided_by: str | None = Field(default=None, sa_column=schema.waiver.c.decided_by)
    decided_at: datetime | None = Field(default=None, sa_column=schema.waiver.c.decided_at)
    decision_note: str | None = Field(default=None, sa_column=schema.waiver.c.decision_note)
    row_version: int = Field(default=1, sa_column=schema.waiver.c.row_version)


class MilestoneRow(SQLModel, table=True):
    """A frozen record of a release at one moment (JSON snapshot, ``tracker.milestone/v1``)."""

    __table__ = schema.milestone

    id: int | None = Field(default=None, sa_column=schema.milestone.c.id)
    release_id: int = Field(sa_column=schema.milestone.c.release_id)
    name: str = Field(sa_column=schema.milestone.c.name)
    created_at: datetime = Field(sa_column=schema.milestone.c.created_at)
    created_by: str = Field(sa_column=schema.milestone.c.created_by)
    snapshot_json: str = Field(sa_column=schema.milestone.c.snapshot_json)


class ReleaseDeletionRow(SQLModel, table=True):
    """A release being deleted, inside the deleting transaction only (see migration 0007)."""

    __table__ = schema.release_deletion

    id: int | None = Field(default=None, sa_column=schema.release_deletion.c.id)
    release_id: int = Field(sa_column=schema.release_deletion.c.release_id)
    name: str = Field(sa_column=schema.release_deletion.c.name)
    deleted_at: datetime = Field(sa_column=schema.release_deletion.c.deleted_at)
    deleted_by: str = Field(sa_column=schema.release_deletion.c.deleted_by)
