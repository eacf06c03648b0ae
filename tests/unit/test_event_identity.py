"""Audit events name the occurrence (issue 10 point 3) and evidence reads as a link, not JSON
(issue 10 small thing: "the detail history shows raw JSON for evidence")."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from tracker.domain.events import describe_event, evidence_text
from tracker.domain.models import AuditEvent

AT = datetime(2026, 12, 9, 10, tzinfo=UTC)


def event(action: str, **kw: object) -> AuditEvent:
    fields: dict[str, object] = {
        "id": 1,
        "at": AT,
        "actor": "ana",
        "action": action,
        "release_name": "r1",
        "item_key": "verify-feature-freshness",
    }
    fields.update(kw)
    return AuditEvent(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ev", "text"),
    [
        (
            event("status", new_value="done", occurrence_due=date(2026, 12, 9)),
            "marked verify-feature-freshness (2026-12-09) done",
        ),
        (
            event("skip_reason", new_value="holiday", occurrence_due=date(2026, 12, 10)),
            "skipped verify-feature-freshness (2026-12-10): holiday",
        ),
        (event("status", new_value="done"), "marked verify-feature-freshness done"),
        (event("variable", item_key=None, new_value="a=b"), "set variable a=b"),
    ],
)
def test_describe_event_names_the_occurrence(ev: AuditEvent, text: str) -> None:
    assert describe_event(ev) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (
            json.dumps({"id": 1, "url": "https://x.example/a", "title": "Run"}),
            "Run <https://x.example/a>",
        ),
        (
            json.dumps({"id": 1, "url": "https://x.example/a", "title": "https://x.example/a"}),
            "<https://x.example/a>",
        ),
        ("not json", "not json"),
        ("[1]", "[1]"),
    ],
)
def test_evidence_text(value: str, text: str) -> None:
    assert evidence_text(value) == text
