"""Limits hold at the service on SQLite and PostgreSQL alike (issue 15): nothing is written."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.dbutil import RELEASE, dump
from tracker.domain.changes import ItemChange
from tracker.domain.template import Template
from tracker.errors import ConflictError, TrackerError, ValidationError
from tracker.services.tracker import TrackerService

KV = "secrets-azure-key-vault"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, t: s.items.set_notes(RELEASE, KV, "a\x00b"), "NUL"),
        (lambda s, t: s.items.set_notes(RELEASE, KV, "x" * 20_001), "longer than 20000"),
        (lambda s, t: s.owners.add_owner("dee", "x" * 201), "longer than 200"),
        (lambda s, t: s.releases.create_release("R1", t), "names ignore case"),
        (lambda s, t: s.releases.create_release("r\u202e2", t), "bidi"),
        (lambda s, t: s.releases.create_release("r2", t, environment="e" * 101), "longer than 100"),
        (
            lambda s, t: s.releases.create_release("r2", t, target_date=date(1900, 1, 1)),
            "out of range",
        ),
        (
            lambda s, t: s.items.update_item(RELEASE, KV, ItemChange(due_date=date(9999, 12, 31))),
            "range",
        ),
        (
            lambda s, t: s.schedule.golive(RELEASE, date(9999, 12, 31), force=True, reason="x"),
            "range",
        ),
    ],
    ids=[
        "nul-note",
        "long-note",
        "long-owner-name",
        "release-case",
        "release-bidi",
        "long-env",
        "target-1900",
        "due-9999",
        "golive-9999",
    ],
)
def test_a_limit_writes_nothing(
    svc: TrackerService, seeded_url: str, shipped: Template, call: object, message: str
) -> None:
    before = dump(seeded_url)
    with pytest.raises((ValidationError, ConflictError)) as info:
        call(svc, shipped)  # type: ignore[operator]
    assert isinstance(info.value, TrackerError)
    assert message in str(info.value)
    assert dump(seeded_url) == before
