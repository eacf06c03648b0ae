"""Deleting a release on SQLite and PostgreSQL (issue 10, point 12) while the audit log of every
other release stays append-only (the guard of migration 0006)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tests.services.dbutil import RELEASE, count, engine_for, shipped_template
from tracker.domain.enums import ItemStatus
from tracker.errors import NotFoundError
from tracker.services.tracker import TrackerService


def test_delete_release_removes_everything_and_keeps_others_append_only(
    svc: TrackerService, seeded_url: str
) -> None:
    template = shipped_template()
    svc.releases.create_release("keep", template)
    svc.items.set_status("keep", "secrets-azure-key-vault", ItemStatus.DONE)
    svc.items.set_status(RELEASE, "secrets-azure-key-vault", ItemStatus.DONE)
    svc.items.add_evidence(RELEASE, "secrets-azure-key-vault", "https://x.example/1")
    svc.release_changes.delete_release(RELEASE)
    assert svc.releases.release_names() == ["keep"]
    assert count(seeded_url, "SELECT COUNT(*) FROM release_item") == 129
    assert count(seeded_url, "SELECT COUNT(*) FROM release_deletion") == 0
    with pytest.raises(NotFoundError):
        svc.release_changes.delete_release(RELEASE)
    with (
        engine_for(seeded_url) as engine,
        pytest.raises(SQLAlchemyError, match="append-only"),
        engine.begin() as conn,
    ):
        conn.execute(text("DELETE FROM audit_event"))
    assert count(seeded_url, "SELECT COUNT(*) FROM audit_event") >= 2
