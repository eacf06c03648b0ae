"""Dependency use-cases: a release's own copy of the template's ``depends_on``, edited per
release; what an item waits on; the check behind the CLI's refusal to tick a waiting item."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from tracker.db import gonogo_queries, queries
from tracker.domain.dependencies import waiting_on, would_cycle
from tracker.domain.models import ReleaseItem
from tracker.errors import ConflictError, ValidationError
from tracker.services.base import ServiceContext

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.domain.template import Template


def copy_template_gonogo(
    session: Session, release_id: int, template: Template, now: datetime, actor: str
) -> tuple[list[str], list[str]]:
    """Copy the template's dependencies and sign-off roles the release does not have yet (a
    dependency or role the release removed stays removed). Returns what was added:
    (``item->dep`` strings, role ids)."""
    from sqlmodel import col

    from tracker.db.tables import ItemDependencyRow, SignoffRoleRow

    have_deps = {
        (r.item_key, r.depends_on)
        for r in session.execute(
            select(ItemDependencyRow).where(col(ItemDependencyRow.release_id) == release_id)
        ).scalars()
    }
    added_deps: list[str] = []
    for item_key, deps in template.dependencies.items():
        for dep in deps:
            if (item_key, dep) in have_deps:
                continue
            session.add(
                ItemDependencyRow(
                    release_id=release_id,
                    item_key=item_key,
                    depends_on=dep,
                    origin="template",
                    created_at=now,
                    created_by=actor,
                )
            )
            added_deps.append(f"{item_key}->{dep}")
    roles = list(
        session.execute(
            select(SignoffRoleRow).where(col(SignoffRoleRow.release_id) == release_id)
        ).scalars()
    )
    have_roles = {r.role for r in roles}
    position = max((r.position for r in roles), default=-1) + 1
    added_roles: list[str] = []
    for role in template.signoffs:
        if role.role in have_roles:
            continue
        session.add(
            SignoffRoleRow(
                release_id=release_id, role=role.role, title=role.title, position=position
            )
        )
        position += 1
        added_roles.append(role.role)
    return added_deps, added_roles


class DependencyService:
    """Dependencies between the items of a release."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def dependencies(self, release: str) -> dict[str, tuple[str, ...]]:
        """item key -> the keys it depends on."""
        with self.ctx.read() as conn:
            return gonogo_queries.dependencies(conn, self.ctx.find_release(conn, release).id)

    def open_dependencies(self, release: str, ref: str) -> list[ReleaseItem]:
        """The item's dependencies that are still open (what it is waiting on)."""
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = self.ctx.decorate(conn, rel.id, queries.items_for_release(conn, rel.id))
        by_key = {i.key: i for i in items}
        item = self.ctx.pick_item(items, ref)
        return [by_key[k] for k in waiting_on(item, by_key)]

    def scope_waiting_on(self, release: str, scope: str) -> list[tuple[str, list[str]]]:
        """Items of a group or category that wait on open items outside it (ticking the whole
        scope closes the dependencies inside it together)."""
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = self.ctx.decorate(conn, rel.id, queries.items_for_release(conn, rel.id))
        _, targets = self.ctx.resolve_scope([i for i in items if not i.archived], scope)
        by_key = {i.key: i for i in items}
        inside = {t.key for t in targets}
        waits = [(t.key, [d for d in waiting_on(t, by_key) if d not in inside]) for t in targets]
        return [(k, w) for k, w in waits if w]

    def add_dependency(self, release: str, item_ref: str, depends_on_ref: str) -> tuple[str, str]:
        """Make an item wait on another; refused for itself, a duplicate, or a cycle."""
        from sqlmodel import col

        from tracker.db.tables import ItemDependencyRow

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = queries.items_for_release(conn, rel.id)
            graph = gonogo_queries.dependencies(conn, rel.id)
        item, dep = (
            self.ctx.pick_item(items, item_ref).key,
            self.ctx.pick_item(items, depends_on_ref).key,
        )
        if item == dep:
            raise ValidationError(f"item {item!r} can't depend on itself")
        if dep in graph.get(item, ()):
            raise ConflictError(f"{item!r} already depends on {dep!r}")
        cycle = would_cycle(graph, item, dep)
        if cycle:
            raise ValidationError("that would make a dependency cycle: " + " -> ".join(cycle))
        with self.ctx.write() as session:
            row = session.execute(
                select(ItemDependencyRow).where(
                    col(ItemDependencyRow.release_id) == rel.id,
                    col(ItemDependencyRow.item_key) == item,
                    col(ItemDependencyRow.depends_on) == dep,
                )
            ).scalar_one_or_none()
            if row is None:
                session.add(
                    ItemDependencyRow(
                        release_id=rel.id,
                        item_key=item,
                        depends_on=dep,
                        origin="release",
                        created_at=self.ctx.now(),
                        created_by=self.ctx.actor,
                    )
                )
            elif row.removed_at is None:  # added by someone else since our read
                raise ConflictError(f"{item!r} already depends on {dep!r}")
            else:
                row.removed_at = None
            self.ctx.audit(
                session, rel.id, self.ctx.new_change_id(), "depends.add", item_key=item, new=dep
            )
        return item, dep

    def remove_dependency(
        self, release: str, item_ref: str, depends_on_ref: str
    ) -> tuple[str, str]:
        from sqlmodel import col

        from tracker.db.tables import ItemDependencyRow

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            items = queries.items_for_release(conn, rel.id)
        item, dep = (
            self.ctx.pick_item(items, item_ref).key,
            self.ctx.pick_item(items, depends_on_ref).key,
        )
        with self.ctx.write() as session:
            row = session.execute(
                select(ItemDependencyRow).where(
                    col(ItemDependencyRow.release_id) == rel.id,
                    col(ItemDependencyRow.item_key) == item,
                    col(ItemDependencyRow.depends_on) == dep,
                    col(ItemDependencyRow.removed_at).is_(None),
                )
            ).scalar_one_or_none()
            if row is None:
                raise ConflictError(f"{item!r} does not depend on {dep!r}")
            row.removed_at = self.ctx.now()
            self.ctx.audit(
                session, rel.id, self.ctx.new_change_id(), "depends.remove", item_key=item, old=dep
            )
        return item, dep
