"""Release use-cases: create from a template, list, view, sync to a newer template, archive."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
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
from tracker.errors import ConflictError, NotFoundError, ValidationError
from tracker.services.base import ServiceBase
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


@dataclass(frozen=True, slots=True)
class SyncReport:
    release: str
    from_version: int
    to_version: int
    added: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    signoff_roles: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.added
            or self.archived
            or self.restored
            or self.updated
            or self.dependencies
            or self.signoff_roles
        ) or (self.from_version != self.to_version)


def _check_json(check: BaseModel | None) -> str | None:
    if check is None:
        return None
    dump = check.model_dump(exclude_none=True, exclude_defaults=False)
    return json.dumps(dump, sort_keys=True)


def _item_fields(position: int, category: Category, group: Group, item: Item) -> dict[str, Any]:
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


class ReleaseOps(ServiceBase):
    # --- reads ---
    def list_releases(self, *, include_archived: bool = False) -> list[ReleaseSummary]:
        with self._read() as conn:
            return queries.release_summaries(
                conn, include_archived=include_archived, today=self.clock.today()
            )

    def release_names(self) -> list[str]:
        with self._read() as conn:
            return queries.release_names(conn)

    def get_release(self, name: str) -> Release:
        with self._read() as conn:
            return self._release(conn, name)

    def release_view(
        self, name: str, *, with_events: bool = False, with_history: bool = False
    ) -> ReleaseView:
        """Everything about one release in one read transaction."""
        with self._read() as conn:
            release = self._release(conn, name)
            items = self._decorate(conn, release.id, queries.items_for_release(conn, release.id))
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
        with self._read() as conn:
            if name is None:
                return audit_queries.last_event_id(conn)
            return audit_queries.last_event_id(conn, self._release(conn, name).id)

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
        now = self._now()
        from sqlmodel import col

        with self._write() as session:
            names = session.execute(select(col(ReleaseRow.name))).scalars()
            clash = name_clash(name, [str(n) for n in names])
            if clash == name:
                raise ConflictError(f"a release named {name!r} already exists")
            if clash is not None:
                raise ConflictError(
                    f"a release named {clash!r} already exists and names ignore case; "
                    f"use {clash!r} or choose another name"
                )
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
                created_by=self.actor,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            change_id = self._new_change_id()
            for position, (category, group, item) in enumerate(template.iter_items()):
                fields = _item_fields(position, category, group, item)
                session.add(self._new_item_row(row.id, item.id, fields, now))
            self._add_tasks(session, row.id, template)
            copy_template_gonogo(session, row.id, template, now, self.actor)
            self._audit(
                session,
                row.id,
                change_id,
                "release.create",
                new=f"{template.id} v{template.version}",
            )
            if imported:
                session.flush()
                self._import_states(session, row.id, change_id, imported, imported_from)
        with self._read() as conn:
            return self._release(conn, name)

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

        actor = f"{self.actor} (imported from {source or 'Markdown'})"
        rows = session.execute(
            select(ReleaseItemRow).where(col(ReleaseItemRow.release_id) == release_id)
        ).scalars()
        for item_row in rows:
            state = states.get(item_row.item_key)
            if state is None or state.status is ItemStatus.TODO:
                continue
            item_row.status = state.status.value
            key = item_row.item_key
            self._audit(
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
                self._audit(
                    session, release_id, change_id, "na_reason", item_key=key, new=na, actor=actor
                )

    def _new_item_row(
        self, release_id: int, item_key: str, fields: dict[str, Any], now: datetime
    ) -> ReleaseItemRow:
        """A new item row: the template ``fields`` (``_item_fields``), still to do."""
        from tracker.db.tables import ReleaseItemRow

        return ReleaseItemRow(
            release_id=release_id,
            item_key=item_key,
            status="todo",
            row_version=1,
            updated_at=now,
            updated_by=self.actor,
            **fields,
        )

    def _add_tasks(self, session: Session, release_id: int, template: Template) -> None:
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
                row.archived_at = self._now()

    def _sync_items(
        self,
        session: Session,
        release_id: int,
        template: Template,
        rows: dict[str, ReleaseItemRow],
        report: SyncReport,
        change: str,
        now: datetime,
    ) -> None:
        """Add, restore and update the template's items; archive the release's items the
        template no longer has (``rows``: the release's item rows by key, consumed)."""
        for position, (category, group, item) in enumerate(template.iter_items()):
            fields = _item_fields(position, category, group, item)
            row = rows.pop(item.id, None)
            if row is None:
                session.add(self._new_item_row(release_id, item.id, fields, now))
                report.added.append(item.id)
                self._audit(
                    session, release_id, change, "item.add", item_key=item.id, new=item.text
                )
                continue
            if row.archived_at is not None:
                row.archived_at = None
                report.restored.append(item.id)
                self._audit(session, release_id, change, "item.restore", item_key=item.id)
            changed = [k for k, v in fields.items() if getattr(row, k) != v and k != "position"]
            if changed:
                report.updated.append(item.id)
                if "text" in changed:
                    self._audit(
                        session,
                        release_id,
                        change,
                        "item.text",
                        item_key=item.id,
                        old=row.text,
                        new=item.text,
                    )
            for k, v in fields.items():
                setattr(row, k, v)
        for key, row in rows.items():
            if row.archived_at is None:
                row.archived_at = now
                report.archived.append(key)
                self._audit(session, release_id, change, "item.archive", item_key=key, old=row.text)

    def _sync_release_row(self, session: Session, release_id: int, template: Template) -> None:
        """The release's template version and title, and defaults for new variables."""
        from tracker.db.tables import ReleaseRow

        rel = session.get(ReleaseRow, release_id, with_for_update=True)
        assert rel is not None
        rel.template_version = template.version
        rel.template_title = template.title
        values = json.loads(rel.variables_json or "{}")
        for v in template.variables:
            if v.name not in values and v.default is not None:
                values[v.name] = v.default
        rel.variables_json = json.dumps(values, sort_keys=True)

    def sync_release(self, name: str, template: Template) -> SyncReport:
        """Bring a release up to a newer version of its template. Nothing is deleted:
        removed items are archived with their state; items that come back are restored."""
        from sqlmodel import col

        from tracker.db.tables import ReleaseItemRow

        with self._read() as conn:
            release = self._release(conn, name)
        if template.id != release.template_id:
            raise ValidationError(
                f"release {name!r} uses template {release.template_id!r}, not {template.id!r}"
            )
        if template.version < release.template_version:
            raise ValidationError(
                f"template {template.id!r} v{template.version} is older than the release's "
                f"v{release.template_version}"
            )
        report = SyncReport(name, release.template_version, template.version)
        change = self._new_change_id()
        now = self._now()
        with self._write() as session:
            rows = {
                r.item_key: r
                for r in session.execute(
                    select(ReleaseItemRow).where(col(ReleaseItemRow.release_id) == release.id)
                ).scalars()
            }
            self._sync_items(session, release.id, template, rows, report, change, now)
            self._add_tasks(session, release.id, template)
            session.flush()  # items added above exist before their dependencies
            deps, roles = copy_template_gonogo(session, release.id, template, now, self.actor)
            report.dependencies.extend(deps)
            report.signoff_roles.extend(roles)
            self._sync_release_row(session, release.id, template)
            self._audit(
                session,
                release.id,
                change,
                "release.sync",
                old=f"v{release.template_version}",
                new=f"v{template.version}",
            )
        return report

    def set_variables(
        self, name: str, variables: dict[str, str], template: Template | None = None
    ) -> Release:
        from tracker.db.tables import ReleaseRow

        with self._read() as conn:
            release = self._release(conn, name)
        if template is not None:
            resolve_variables(template, variables)  # refuses unknown names
        change = self._new_change_id()
        with self._write() as session:
            row = session.get(ReleaseRow, release.id, with_for_update=True)
            assert row is not None
            values = json.loads(row.variables_json or "{}")
            for k, v in variables.items():
                old = values.get(k)
                if old == v:
                    continue
                values[k] = v
                self._audit(
                    session,
                    release.id,
                    change,
                    "variable",
                    old=f"{k}={old}" if old is not None else None,
                    new=f"{k}={v}",
                )
            row.variables_json = json.dumps(values, sort_keys=True)
        return self.get_release(name)

    def archive_release(self, name: str, *, archived: bool = True) -> Release:
        from tracker.db.tables import ReleaseRow

        with self._read() as conn:
            release = self._release(conn, name)
        with self._write() as session:
            row = session.get(ReleaseRow, release.id, with_for_update=True)
            assert row is not None
            if (row.archived_at is not None) == archived:
                return release
            row.archived_at = self._now() if archived else None
            self._audit(
                session,
                release.id,
                self._new_change_id(),
                "release.archive" if archived else "release.unarchive",
            )
        return self.get_release(name)

    def rename_release(self, name: str, new_name: str) -> Release:
        """Give a release a new name (unique ignoring case); recorded in its history."""
        from tracker.db.tables import ReleaseRow

        new_name = validation.release_name(new_name)
        with self._read() as conn:
            release = self._release(conn, name)
            names = queries.release_names(conn)
        clash = name_clash(new_name, [n for n in names if n != release.name])
        if clash is not None:
            raise ConflictError(f"a release named {clash!r} already exists")
        if new_name == release.name:
            raise ValidationError(f"the release is already named {new_name!r}")
        with self._write() as session:
            row = session.get(ReleaseRow, release.id, with_for_update=True)
            if row is None:
                raise NotFoundError("release", name)
            old_name, row.name = row.name, new_name
            self._audit(
                session,
                release.id,
                self._new_change_id(),
                "release.rename",
                old=old_name,
                new=new_name,
            )
        return self.get_release(new_name)

    def delete_release(self, name: str) -> Release:
        """Delete a release with its items, tasks, evidence, check results and history, in one
        transaction. The name must match exactly (no fragments: deleting is for good)."""
        from sqlalchemy import delete

        from tracker.db import schema
        from tracker.db.tables import ReleaseDeletionRow

        with self._read() as conn:
            release = queries.release_by_name(conn, name.strip())
            if release is None:
                names = queries.release_names(conn)
                raise NotFoundError("release", name, suggest(name, names))
        with self._write() as session:
            mark = ReleaseDeletionRow(
                release_id=release.id,
                name=release.name,
                deleted_at=self._now(),
                deleted_by=self.actor,
            )
            session.add(mark)
            session.flush()
            session.execute(delete(schema.release).where(schema.release.c.id == release.id))
            session.delete(mark)
        log.info("deleted release %r (id %s) as %s", release.name, release.id, self.actor)
        return release

    # --- read helpers for the TUI ---
    def recent_release_names(self, limit: int = 20) -> list[str]:
        """Unarchived releases, the most recently changed first (what the TUI opens by default).

        One indexed query: ``list_releases`` computes progress for every release (~100 ms on
        200 releases), too slow for the TUI's start-up path.
        """
        from sqlalchemy import text

        sql = (
            "SELECT r.name FROM release r LEFT JOIN audit_event e ON e.release_id = r.id "
            "WHERE r.archived_at IS NULL GROUP BY r.id, r.name "
            "ORDER BY COALESCE(MAX(e.id), 0) DESC, r.name LIMIT :n"
        )
        with self._read() as conn:
            return [row[0] for row in conn.execute(text(sql), {"n": int(limit)})]
