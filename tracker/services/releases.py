"""Release use-cases: create from a template, list, view, sync to a newer template, archive."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from tracker.db import audit_queries, queries, task_queries
from tracker.db.gonogo_queries import role_status
from tracker.domain import validation
from tracker.domain.conflicts import na_value
from tracker.domain.enums import ItemStatus, NaReason
from tracker.domain.models import Release, ReleaseSummary, ReleaseView
from tracker.domain.names import name_clash, suggest
from tracker.errors import ConflictError, ValidationError
from tracker.services.base import ServiceContext
from tracker.services.dependencies import copy_template_gonogo

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from pydantic import BaseModel
    from sqlmodel import Session

    from tracker.db.tables import ReleaseItemRow
    from tracker.domain.md_ids import ImportedState
    from tracker.domain.template import (  # pydantic: kept off the read path
        Category,
        Group,
        Item,
        Template,
    )


def _check_json(check: BaseModel | None) -> str | None:
    if check is None:
        return None
    dump = check.model_dump(exclude_none=True, exclude_defaults=False)
    return json.dumps(dump, sort_keys=True)


def item_fields(position: int, category: Category, group: Group, item: Item) -> dict[str, Any]:
    """The item row fields that come from the template (what a sync updates)."""
    return dict(
        position=position,
        category_key=category.id,
        category_title=category.title,
        group_key=group.id,
        group_title=group.title,
        ml_section=group.ml_test_section.value,
        text=item.text,
        severity=item.severity.value,
        optional=item.optional,
        condition=item.condition,
        guidance=item.guidance,
        check_json=_check_json(item.check),
    )


def resolve_variables(template: Template, given: dict[str, str]) -> dict[str, str]:
    """Template defaults overlaid with the given values; unknown names are refused."""
    declared = {v.name: v for v in template.variables}
    for name in given:
        if name not in declared:
            hint = suggest(name, declared)
            did = f"; did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
            raise ValidationError(f"template {template.id!r} has no variable {name!r}{did}")
    values = {n: v.default for n, v in declared.items() if v.default is not None}
    values.update(given)
    return values


def new_item_row(
    release_id: int, item_key: str, fields: dict[str, Any], now: datetime, actor: str
) -> ReleaseItemRow:
    """A new item row: the template ``fields`` (``item_fields``), still to do."""
    from tracker.db.tables import ReleaseItemRow

    return ReleaseItemRow(
        release_id=release_id,
        item_key=item_key,
        status="todo",
        row_version=1,
        updated_at=now,
        updated_by=actor,
        **fields,
    )


def add_tasks(session: Session, release_id: int, template: Template, now: datetime) -> None:
    """The template's post-deployment tasks on the release (tasks it no longer has: archived)."""
    from sqlmodel import col

    from tracker.db.tables import ReleaseTaskRow

    existing = {
        r.task_key: r
        for r in session.execute(
            select(ReleaseTaskRow).where(col(ReleaseTaskRow.release_id) == release_id)
        ).scalars()
    }
    position = 0
    for phase_position, phase in enumerate(template.post_deployment):
        for task in phase.tasks:
            fields: dict[str, Any] = dict(
                position=position,
                phase_key=phase.id,
                phase_title=phase.title,
                phase_position=phase_position,
                recurrence=phase.recurrence.value,
                start_day=phase.start_day,
                end_day=phase.end_day,
                daily=task.daily,
                text=task.text,
                guidance=task.guidance,
                check_json=_check_json(task.check),
                archived_at=None,
            )
            position += 1
            row = existing.pop(task.id, None)
            if row is None:
                session.add(ReleaseTaskRow(release_id=release_id, task_key=task.id, **fields))
            else:
                for k, v in fields.items():
                    setattr(row, k, v)
    for row in existing.values():
        if row.archived_at is None:
            row.archived_at = now


class ReleaseService:
    """Releases: list, read, create."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reads ---
    def list_releases(self, *, include_archived: bool = False) -> list[ReleaseSummary]:
        from dataclasses import replace

        from tracker.db.gonogo_queries import waived_counts

        today = self.ctx.clock.today()
        with self.ctx.read() as conn:
            rows = queries.release_summaries(conn, include_archived=include_archived, today=today)
            waived = waived_counts(conn, today)
        # an approved, unexpired waiver counts as closed here as in the gate and progress
        return [
            replace(
                r,
                closed=r.closed + waived[r.id][0],
                open_blocking=r.open_blocking - waived[r.id][1],
            )
            if r.id in waived
            else r
            for r in rows
        ]

    def release_names(self) -> list[str]:
        with self.ctx.read() as conn:
            return queries.release_names(conn)

    def get_release(self, name: str) -> Release:
        with self.ctx.read() as conn:
            return self.ctx.find_release(conn, name)

    def release_view(
        self, name: str, *, with_events: bool = False, with_history: bool = False
    ) -> ReleaseView:
        """Everything about one release in one read transaction."""
        with self.ctx.read() as conn:
            release = self.ctx.find_release(conn, name)
            items = self.ctx.decorate(conn, release.id, queries.items_for_release(conn, release.id))
            gaps = tuple(
                f"{s.role.role} ({s.state.value})"
                for s in role_status(conn, release.id, items)
                if not s.ok
            )
            occurrences = task_queries.occurrences_for_release(conn, release.id)
            events = (
                audit_queries.events_for_release(conn, release.id, release.name)
                if with_events
                else []
            )
            history = queries.check_history(conn, release.id) if with_history else []
            owners = queries.owners(conn)
        return ReleaseView(
            release=release,
            items=tuple(items),
            occurrences=tuple(occurrences),
            events=tuple(events),
            check_history=tuple(history),
            owners=tuple(owners),
            signoff_gaps=gaps,
        )

    def change_token(self, name: str | None = None) -> int:
        """Grows whenever anything in the release (or the database) changes."""
        with self.ctx.read() as conn:
            if name is None:
                return audit_queries.last_event_id(conn)
            return audit_queries.last_event_id(conn, self.ctx.find_release(conn, name).id)

    # --- writes ---
    def create_release(
        self,
        name: str,
        template: Template,
        *,
        environment: str | None = None,
        target_date: date | None = None,
        variables: dict[str, str] | None = None,
        profile: str | None = None,
        imported: Mapping[str, ImportedState] | None = None,
        imported_from: str | None = None,
    ) -> Release:
        """Create release ``name`` from ``template``; ``imported`` item states (a Markdown file's
        ticked boxes) are written with the rows, each audited as imported from ``imported_from``."""
        from tracker.db.tables import ReleaseRow

        name = validation.release_name(name)
        environment = validation.one_line(environment, "an environment", validation.MAX_ENVIRONMENT)
        if target_date is not None:
            validation.date_in_range(target_date, "target date")
        values = resolve_variables(template, variables or {})
        now = self.ctx.now()
        with self.ctx.write() as session:
            self._refuse_name_clash(session, name)
            row = ReleaseRow(
                name=name,
                template_id=template.id,
                template_version=template.version,
                template_title=template.title,
                environment=environment,
                target_date=target_date,
                variables_json=json.dumps(values, sort_keys=True),
                profile=profile,
                created_at=now,
                created_by=self.ctx.actor,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            change_id = self.ctx.new_change_id()
            for position, (category, group, item) in enumerate(template.iter_items()):
                fields = item_fields(position, category, group, item)
                session.add(new_item_row(row.id, item.id, fields, now, self.ctx.actor))
            add_tasks(session, row.id, template, now)
            copy_template_gonogo(session, row.id, template, now, self.ctx.actor)
            self.ctx.audit(
                session,
                row.id,
                change_id,
                "release.create",
                new=f"{template.id} v{template.version}",
            )
            if imported:
                session.flush()
                self._import_states(session, row.id, change_id, imported, imported_from)
        with self.ctx.read() as conn:
            return self.ctx.find_release(conn, name)

    @staticmethod
    def _refuse_name_clash(session: Session, name: str) -> None:
        """Release names are unique ignoring case (checked inside the write)."""
        from sqlmodel import col

        from tracker.db.tables import ReleaseRow

        names = session.execute(select(col(ReleaseRow.name))).scalars()
        clash = name_clash(name, [str(n) for n in names])
        if clash == name:
            raise ConflictError(f"a release named {name!r} already exists")
        if clash is not None:
            raise ConflictError(
                f"a release named {clash!r} already exists and names ignore case; "
                f"use {clash!r} or choose another name"
            )

    def _import_states(
        self,
        session: Session,
        release_id: int,
        change_id: str,
        states: Mapping[str, ImportedState],
        source: str | None,
    ) -> None:
        """Set the imported states on the new rows; the audit log says where they came from."""
        from sqlmodel import col

        from tracker.db.tables import ReleaseItemRow

        actor = f"{self.ctx.actor} (imported from {source or 'Markdown'})"
        rows = session.execute(
            select(ReleaseItemRow).where(col(ReleaseItemRow.release_id) == release_id)
        ).scalars()
        for item_row in rows:
            state = states.get(item_row.item_key)
            if state is None or state.status is ItemStatus.TODO:
                continue
            item_row.status = state.status.value
            key = item_row.item_key
            self.ctx.audit(
                session,
                release_id,
                change_id,
                "status",
                item_key=key,
                old=ItemStatus.TODO.value,
                new=state.status.value,
                actor=actor,
            )
            if state.status is ItemStatus.NA:
                item_row.na_reason = (state.na_reason or NaReason.OTHER).value
                item_row.na_note = state.na_note or "imported as N/A"
                na = na_value(item_row.na_reason, item_row.na_note)
                self.ctx.audit(
                    session, release_id, change_id, "na_reason", item_key=key, new=na, actor=actor
                )

    # --- read helpers for the TUI ---
    def recent_release_names(self, limit: int = 20) -> list[str]:
        """Unarchived releases, the most recently changed first (what the TUI opens by default).

        One indexed query: ``list_releases`` computes progress for every release (~100 ms on
        200 releases), too slow for the TUI's start-up path.
        """
        with self.ctx.read() as conn:
            return audit_queries.recent_release_names(conn, limit)

    def start_view(self) -> tuple[ReleaseView, int] | None:
        """The most recently changed release as the app first draws it, and its change token,
        in one read; None if there is none. Only what a snapshot holds (the release, its
        items, the owners; see tracker.tui.snapshot): sign-off gaps and occurrences come with
        the full view, read after the first paint."""
        with self.ctx.read() as conn:
            names = audit_queries.recent_release_names(conn, 1)
            if not names:
                return None
            release = self.ctx.find_release(conn, names[0])
            # The token first: a change in between makes the view look older than it is (read
            # again later), never newer.
            token = audit_queries.last_event_id(conn, release.id)
            items = self.ctx.decorate(conn, release.id, queries.items_for_release(conn, release.id))
            owners = queries.owners(conn)
        return ReleaseView(release=release, items=tuple(items), owners=tuple(owners)), token
