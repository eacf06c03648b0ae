"""Milestone and diff use-cases: freeze a release's state under a name, list the milestones,
and compare two milestones of a release or two releases of the same template."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from tracker.db import gonogo_queries, queries
from tracker.domain.milestones import (
    MAX_MILESTONE_NAME,
    ReleaseDiff,
    build_snapshot,
    diff_snapshots,
    snapshot_json,
)
from tracker.domain.models import Release, ReleaseView
from tracker.domain.names import suggest
from tracker.errors import ConflictError, NotFoundError, ValidationError
from tracker.services.base import ServiceContext


@dataclass(frozen=True, slots=True)
class MilestoneInfo:
    name: str
    created_at: datetime | None
    created_by: str


class MilestoneService:
    """Milestones (frozen snapshots of a release) and the diff between two."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _snapshot(self, conn: Connection, release: Release, name: str) -> dict[str, Any]:
        """The release's current state as a milestone snapshot (one read transaction)."""
        items = self.ctx.decorate(conn, release.id, queries.items_for_release(conn, release.id))
        view = ReleaseView(release=release, items=tuple(items))
        roles = gonogo_queries.role_status(conn, release.id, items)
        return build_snapshot(
            view,
            roles,
            gonogo_queries.waivers(conn, release.id),
            name=name,
            taken_at=self.ctx.now(),
            taken_by=self.ctx.actor,
        )

    def create_milestone(self, release: str, name: str) -> MilestoneInfo:
        """Freeze the release's state as milestone ``name`` (unique in the release)."""
        from tracker.db.tables import MilestoneRow

        clean = " ".join(name.split())
        if not clean or len(clean) > MAX_MILESTONE_NAME or "@" in clean:
            raise ValidationError(
                f"a milestone name is 1-{MAX_MILESTONE_NAME} characters without '@'"
            )
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
        with self.ctx.write() as session:
            conn = session.connection()
            if gonogo_queries.milestone_snapshot(conn, rel.id, clean) is not None:
                raise ConflictError(f"release {rel.name!r} already has a milestone {clean!r}")
            snapshot = self._snapshot(conn, rel, clean)
            now = self.ctx.now()
            session.add(
                MilestoneRow(
                    release_id=rel.id,
                    name=clean,
                    created_at=now,
                    created_by=self.ctx.actor,
                    snapshot_json=snapshot_json(snapshot),
                )
            )
            self.ctx.audit(session, rel.id, self.ctx.new_change_id(), "milestone", new=clean)
        return MilestoneInfo(clean, now, self.ctx.actor)

    def list_milestones(self, release: str) -> list[MilestoneInfo]:
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            return [MilestoneInfo(*m) for m in gonogo_queries.milestone_names(conn, rel.id)]

    def milestone(self, release: str, name: str) -> dict[str, Any]:
        """A stored milestone's snapshot."""
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            return self._load_milestone(conn, rel, name)

    @staticmethod
    def _load_milestone(conn: Connection, rel: Release, name: str) -> dict[str, Any]:
        raw = gonogo_queries.milestone_snapshot(conn, rel.id, name.strip())
        if raw is None:
            names = [m[0] for m in gonogo_queries.milestone_names(conn, rel.id)]
            raise NotFoundError(f"milestone of {rel.name!r}", name, suggest(name, names))
        data: dict[str, Any] = json.loads(raw)
        return data

    def _side(self, conn: Connection, ref: str) -> tuple[Release, dict[str, Any], str]:
        """``RELEASE`` (its current state) or ``RELEASE@MILESTONE``."""
        ref = ref.strip()
        release_name, milestone = ref, None
        if queries.release_by_name(conn, ref) is None and "@" in ref:
            release_name, _, milestone = ref.rpartition("@")
        rel = self.ctx.find_release(conn, release_name)
        if milestone is None:
            return rel, self._snapshot(conn, rel, "current"), rel.name
        return rel, self._load_milestone(conn, rel, milestone), f"{rel.name}@{milestone.strip()}"

    def diff(self, before: str, after: str) -> ReleaseDiff:
        """Compare two milestones of a release, a milestone with the current state, or two
        releases of the same template."""
        with self.ctx.read() as conn:
            rel_a, snap_a, label_a = self._side(conn, before)
            rel_b, snap_b, label_b = self._side(conn, after)
        if rel_a.template_id != rel_b.template_id:
            raise ValidationError(
                f"{rel_a.name!r} uses template {rel_a.template_id!r} and {rel_b.name!r} uses "
                f"{rel_b.template_id!r}: only releases of the same template can be compared"
            )
        return diff_snapshots(snap_a, snap_b, before_label=label_a, after_label=label_b)

    def previous_release(self, release: str) -> str | None:
        """The newest other release of the same template created before this one."""
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            row = conn.execute(
                text(
                    "SELECT name FROM release WHERE template_id = :t AND id <> :id "
                    "AND (created_at < :c OR (created_at = :c AND id < :id)) "
                    "ORDER BY created_at DESC, id DESC LIMIT 1"
                ),
                {"t": rel.template_id, "id": rel.id, "c": rel.created_at},
            ).first()
        return row[0] if row else None
