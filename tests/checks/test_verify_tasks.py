"""``tracker verify --tasks``: the due post-deployment tasks' checks (the shipped template's daily
feature-freshness SQL check among them) run against the fake workspace and are stored against
their occurrence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.domain.enums import CheckOutcome, TaskStatus
from tracker.fakeworkspace import FakeWorkspace
from tracker.services.demo import UNSET_VARIABLES
from tracker.services.templates import find_template
from tracker.services.tracker import TrackerService


@pytest.fixture
def live_release(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'tracker.db'}"
    template, _ = find_template("databricks-ml-production")
    svc = TrackerService.open(db, "tester")
    variables = {
        v.name: v.example for v in template.variables if v.example and v.name not in UNSET_VARIABLES
    }
    svc.releases.create_release("r", template, variables=variables)
    today = svc.clock.today()
    from datetime import timedelta

    svc.schedule.golive("r", today - timedelta(days=3), force=True, reason="test")
    svc.close()
    return db


def _verify(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, "verify", "r", "--tasks", *args])
    return result.exit_code, result.output + result.stderr


def test_due_task_checks_run_and_are_stored_against_the_occurrence(
    live_release: str, fake: Callable[..., FakeWorkspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = fake("compliant")
    monkeypatch.setenv("DATABRICKS_HOST", ws.url)
    code, out = _verify(live_release, "--tick")
    assert code == 0, out
    assert (
        "verify-feature-freshness@" in out
    )  # the daily freshness check ran for today's occurrence
    svc = TrackerService.open(live_release, "tester")
    freshness = [
        o for o in svc.occurrences.occurrences("r") if o.task_key == "verify-feature-freshness"
    ]
    history = [
        r for r in svc.verification.check_history("r") if r.item_key == "verify-feature-freshness"
    ]
    assert len(history) == 1 and history[0].outcome is CheckOutcome.PASS
    # --tick closed the latest due occurrence only; future days stay open
    done = [o for o in freshness if o.status is TaskStatus.DONE]
    assert len(done) == 1 and done[0].due_date == svc.clock.today()
    assert any(o.status is TaskStatus.TODO and o.due_date > svc.clock.today() for o in freshness)


def test_failing_task_check_exits_1(
    live_release: str, fake: Callable[..., FakeWorkspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = fake("non-compliant")
    monkeypatch.setenv("DATABRICKS_HOST", ws.url)
    code, out = _verify(live_release)
    assert code == 1, out
    assert "FAIL" in out


def test_before_go_live_there_is_nothing_to_verify(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    template, _ = find_template("databricks-ml-production")
    TrackerService.open(db, "t").releases.create_release("r", template)
    code, out = _verify(db)
    assert code == 2 and "nothing to verify" in out
