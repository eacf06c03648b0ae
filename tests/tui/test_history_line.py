"""The detail pane's history line (issue 10): evidence reads as ``Title <url>``, not raw JSON,
and a task event names its occurrence."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from tracker.domain.models import AuditEvent
from tracker.tui.widgets.item_detail import history_line


def test_evidence_is_not_raw_json() -> None:
    ev = AuditEvent(
        id=1,
        at=datetime(2026, 12, 9, tzinfo=UTC),
        actor="ana",
        action="evidence.add",
        release_name="r1",
        item_key="uc-x",
        new_value=json.dumps({"id": 1, "url": "https://x.example/run", "title": "Run 42"}),
    )
    line = history_line(ev, UTC).plain
    assert line.endswith("evidence add: + Run 42 <https://x.example/run>")
    assert "{" not in line


def test_task_event_names_the_day() -> None:
    ev = AuditEvent(
        id=1,
        at=datetime(2026, 12, 9, tzinfo=UTC),
        actor="ana",
        action="status",
        release_name="r1",
        item_key="verify-feature-freshness",
        old_value="todo",
        new_value="done",
        occurrence_due=date(2026, 12, 9),
    )
    assert (
        "verify-feature-freshness (2026-12-09) status: todo → done" in history_line(ev, UTC).plain
    )
