"""Changing an existing release: bring it up to a newer template version (nothing deleted),
set its variables, archive, rename or delete it."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from tracker.db import queries
from tracker.domain import validation
from tracker.domain.models import Release
from tracker.domain.names import name_clash, suggest
from tracker.errors import ConflictError, NotFoundError, ValidationError
from tracker.services.base import ServiceContext
from tracker.services.dependencies import copy_template_gonogo
from tracker.services.releases import (
    ReleaseService,
    add_tasks,
    item_fields,
    new_item_row,
    resolve_variables,
)

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.db.tables import ReleaseItemRow
    from tracker.domain.template import (  # pydantic: kept off the read path
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


class ReleaseChangeService:
    """Changes to an existing release: template sync, variables, archive, rename, delete."""

    def __init__(self, ctx: ServiceContext, releases: ReleaseService) -> None:
        self.ctx = ctx
        self.releases = releases

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
            fields = item_fields(position, category, group, item)
            row = rows.pop(item.id, None)
            if row is None:
                session.add(new_item_row(release_id, item.id, fields, now, self.ctx.actor))
                report.added.append(item.id)
                self.ctx.audit(
                    session, release_id, change, "item.add", item_key=item.id, new=item.text
                )
                continue
            if row.archived_at is not None:
                row.archived_at = None
                report.restored.append(item.id)
                self.ctx.audit(session, release_id, change, "item.restore", item_key=item.id)
            changed = [k for k, v in fields.items() if getattr(row, k) != v and k != "position"]
            if changed:
                report.updated.append(item.id)
                if "text" in changed:
                    self.ctx.audit(
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
                self.ctx.audit(
                    session, release_id, change, "item.archive", item_key=key, old=row.text
                )

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

        with self.ctx.read() as conn:
            release = self.ctx.find_release(conn, name)
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
        change = self.ctx.new_change_id()
        now = self.ctx.now()
        with self.ctx.write() as session:
            rows = {
                r.item_key: r
                for r in session.execute(
                    select(ReleaseItemRow).where(col(ReleaseItemRow.release_id) == release.id)
                ).scalars()
            }
            self._sync_items(session, release.id, template, rows, report, change, now)
            add_tasks(session, release.id, template, self.ctx.now())
            session.flush()  # items added above exist before their dependencies
            deps, roles = copy_template_gonogo(session, release.id, template, now, self.ctx.actor)
            report.dependencies.extend(deps)
            report.signoff_roles.extend(roles)
            self._sync_release_row(session, release.id, template)
            self.ctx.audit(
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

        with self.ctx.read() as conn:
            release = self.ctx.find_release(conn, name)
        if template is not None:
            resolve_variables(template, variables)  # refuses unknown names
        change = self.ctx.new_change_id()
        with self.ctx.write() as session:
            row = session.get(ReleaseRow, release.id, with_for_update=True)
            assert row is not None
            values = json.loads(row.variables_json or "{}")
            for k, v in variables.items():
                old = values.get(k)
                if old == v:
                    continue
                values[k] = v
                self.ctx.audit(
                    session,
                    release.id,
                    change,
                    "variable",
                    old=f"{k}={old}" if old is not None else None,
                    new=f"{k}={v}",
                )
            row.variables_json = json.dumps(values, sort_keys=True)
        return self.releases.get_release(name)

    def archive_release(self, name: str, *, archived: bool = True) -> Release:
        from tracker.db.tables import ReleaseRow

        with self.ctx.read() as conn:
            release = self.ctx.find_release(conn, name)
        with self.ctx.write() as session:
            row = session.get(ReleaseRow, release.id, with_for_update=True)
            assert row is not None
            if (row.archived_at is not None) == archived:
                return release
            row.archived_at = self.ctx.now() if archived else None
            self.ctx.audit(
                session,
                release.id,
                self.ctx.new_change_id(),
                "release.archive" if archived else "release.unarchive",
            )
        return self.releases.get_release(name)

    def rename_release(self, name: str, new_name: str) -> Release:
        """Give a release a new name (unique ignoring case); recorded in its history."""
        from tracker.db.tables import ReleaseRow

        new_name = validation.release_name(new_name)
        with self.ctx.read() as conn:
            release = self.ctx.find_release(conn, name)
            names = queries.release_names(conn)
        clash = name_clash(new_name, [n for n in names if n != release.name])
        if clash == new_name:
            raise ConflictError(f"a release named {clash!r} already exists")
        if clash is not None:  # as release new says it
            raise ConflictError(
                f"a release named {clash!r} already exists and names ignore case; "
                "choose another name"
            )
        if new_name == release.name:
            raise ValidationError(f"the release is already named {new_name!r}")
        with self.ctx.write() as session:
            row = session.get(ReleaseRow, release.id, with_for_update=True)
            if row is None:
                raise NotFoundError("release", name)
            old_name, row.name = row.name, new_name
            self.ctx.audit(
                session,
                release.id,
                self.ctx.new_change_id(),
                "release.rename",
                old=old_name,
                new=new_name,
            )
        return self.releases.get_release(new_name)

    def delete_release(self, name: str) -> Release:
        """Delete a release with its items, tasks, evidence, check results and history, in one
        transaction. The name must match exactly (no fragments: deleting is for good)."""
        from sqlalchemy import delete

        from tracker.db import schema
        from tracker.db.tables import ReleaseDeletionRow

        with self.ctx.read() as conn:
            release = queries.release_by_name(conn, name.strip())
            if release is None:
                names = queries.release_names(conn)
                raise NotFoundError("release", name, suggest(name, names))
        with self.ctx.write() as session:
            mark = ReleaseDeletionRow(
                release_id=release.id,
                name=release.name,
                deleted_at=self.ctx.now(),
                deleted_by=self.ctx.actor,
            )
            session.add(mark)
            session.flush()
            session.execute(delete(schema.release).where(schema.release.c.id == release.id))
            session.delete(mark)
        log.info("deleted release %r (id %s) as %s", release.name, release.id, self.ctx.actor)
        return release
