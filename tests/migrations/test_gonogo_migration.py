"""Migration 0006 (issue 12: dependencies, sign-offs, waivers, milestones) upgrades a database
made by the previous version (revision 0005) with all its data, on SQLite and PostgreSQL; the
old releases then take every go/no-go write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, inspect

from tests.conftest import FROZEN_NOW
from tests.migrations.test_migrations import assert_legacy_data_readable, fill_at_0001
from tests.services.dbutil import dump, shipped_template
from tracker.db import migrate
from tracker.db.engine import make_engine
from tracker.db.migrate import current_revision
from tracker.domain.clock import FixedClock
from tracker.domain.waivers import WaiverAction
from tracker.services.tracker import TrackerService

PREVIOUS = "0005"  # main's head before go/no-go
NEW_TABLES = {"item_dependency", "signoff_role", "signoff", "waiver", "milestone"}


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


def _at_previous_with_data(engine: Engine) -> None:
    migrate.upgrade(engine, "0001")
    fill_at_0001(engine)
    migrate.upgrade(engine, PREVIOUS)
    assert current_revision(engine) == PREVIOUS


def test_0006_keeps_every_row_of_a_0005_database(engine: Engine, db_url: str) -> None:
    _at_previous_with_data(engine)
    before = dump(db_url)
    migrate.upgrade(engine, "0006")
    assert current_revision(engine) == "0006"
    after = dump(db_url)
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    for table, rows in before.items():
        if table != "alembic_version":
            assert after[table] == rows, table
    assert all(after[t] == [] for t in NEW_TABLES)
    assert_legacy_data_readable(db_url)


def test_an_upgraded_release_takes_go_no_go_writes(engine: Engine, db_url: str) -> None:
    _at_previous_with_data(engine)
    migrate.upgrade(engine, "head")
    svc = TrackerService.open(db_url, "bo", FixedClock(FROZEN_NOW))
    try:
        # no roles until the release syncs with its template: the old gate answer stands
        assert svc.verification.gate("legacy").passed
        report = svc.release_changes.sync_release("legacy", shipped_template())
        assert report.signoff_roles == ["ml-lead", "platform", "security"]
        assert "serving-endpoint-scaling->serving-endpoint-created" in report.dependencies
        assert [r.state.value for r in svc.signoffs.signoff_status("legacy").roles] == [
            "missing"
        ] * 3
        svc.signoffs.sign_off("legacy", "ml-lead", "ok")
        svc.dependencies.add_dependency(
            "legacy", "doc-serving-architecture", "serving-endpoint-created"
        )
        w = svc.waivers.request_waiver(
            "legacy",
            "serving-load-testing",
            reason="r",
            control="c",
            approver="ana",
            expires_on=date(2026, 12, 31),
        )
        ana = TrackerService(svc.engine, "ana", svc.clock)
        assert (
            ana.waivers.decide_waiver("legacy", w.id, WaiverAction.APPROVE).state.value
            == "approved"
        )
        svc.milestones.create_milestone("legacy", "m1")
        assert [m.name for m in svc.milestones.list_milestones("legacy")] == ["m1"]
        # a second sync adds nothing twice
        again = svc.release_changes.sync_release("legacy", shipped_template())
        assert again.signoff_roles == [] and again.dependencies == []
    finally:
        svc.close()


def test_downgrade_to_0005_and_back_keeps_the_old_data(engine: Engine, db_url: str) -> None:
    _at_previous_with_data(engine)
    migrate.upgrade(engine, "head")
    before = dump(db_url)
    from tests.migrations.test_migrations import alembic

    alembic(engine, "downgrade", PREVIOUS)
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine, "head")
    assert dump(db_url) == before
