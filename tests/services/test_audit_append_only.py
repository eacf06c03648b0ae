"""The audit log stays append-only against REPLACE and TRUNCATE (issue 15, "The append-only audit
log can be bypassed"): SQLite's REPLACE deletes the old row without firing DELETE triggers, and
PostgreSQL's TRUNCATE fires no row triggers."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from tests.services.dbutil import RELEASE, dump
from tracker.services.tracker import TrackerService

ITEM = "secrets-azure-key-vault"


def _rewrite(svc: TrackerService, verb: str) -> str:
    """``verb`` over every existing event, with the actor changed to mallory."""
    columns = [c["name"] for c in inspect(svc.engine).get_columns("audit_event")]
    values = ", ".join("'mallory'" if c == "actor" else c for c in columns)
    return f"{verb} INTO audit_event ({', '.join(columns)}) SELECT {values} FROM audit_event"


def _events(svc: TrackerService, seeded_url: str) -> list[tuple[Any, ...]]:
    svc.items.set_notes(RELEASE, ITEM, "first")
    svc.items.set_notes(RELEASE, ITEM, "second")
    events = dump(seeded_url)["audit_event"]
    assert len(events) >= 2
    return events


@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
def test_sqlite_replace_over_an_event_is_refused(
    svc: TrackerService, seeded_url: str, backend: str, verb: str
) -> None:
    if backend != "sqlite":
        pytest.skip("REPLACE is SQLite syntax")
    before = _events(svc, seeded_url)
    with pytest.raises(DBAPIError, match="append-only"), svc.engine.begin() as conn:
        conn.execute(text(_rewrite(svc, verb)))
    assert dump(seeded_url)["audit_event"] == before


def test_an_upsert_over_an_event_is_refused(svc: TrackerService, seeded_url: str) -> None:
    before = _events(svc, seeded_url)
    sql = _rewrite(svc, "INSERT") + " WHERE true ON CONFLICT (id) DO UPDATE SET actor = 'mallory'"
    with pytest.raises(DBAPIError, match="append-only"), svc.engine.begin() as conn:
        conn.execute(text(sql))
    assert dump(seeded_url)["audit_event"] == before


@pytest.mark.parametrize("statement", ["TRUNCATE audit_event", "TRUNCATE audit_event CASCADE"])
def test_postgres_truncate_is_refused(
    svc: TrackerService, seeded_url: str, backend: str, statement: str
) -> None:
    if backend != "postgres":
        pytest.skip("TRUNCATE is PostgreSQL syntax")
    before = _events(svc, seeded_url)
    with pytest.raises(DBAPIError, match="append-only"), svc.engine.begin() as conn:
        conn.execute(text(statement))
    assert dump(seeded_url)["audit_event"] == before


def test_new_events_still_append(svc: TrackerService, seeded_url: str) -> None:
    before = _events(svc, seeded_url)
    svc.items.set_notes(RELEASE, ITEM, "third")
    assert len(dump(seeded_url)["audit_event"]) == len(before) + 1
