"""Verification from the app against the real fake workspace: the SDK's unified auth from the
environment only (``DATABRICKS_HOST`` = the fake, a dummy token, no ``~/.databrickscfg``) and
small timeouts. Import ``databricks_env_fixture`` and ``workspace_fixture`` into a test module
to use the ``databricks_env`` and ``workspace`` fixtures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import RELEASE
from tracker.domain.template import Template
from tracker.fakeworkspace import FakeWorkspace, load_scenario
from tracker.services.tracker import TrackerService

DUMMY_TOKEN = "dapi-dummy-tui-test-token"
# Account-level variables the fake can't answer for stay unset (as in ``tracker demo``).
UNSET = frozenset({"cloud", "account_id", "workspace_id"})

StartWorkspace = Callable[..., FakeWorkspace]


@pytest.fixture(name="databricks_env")
def databricks_env_fixture(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABRICKS_TOKEN", DUMMY_TOKEN)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(tmp_path / "no-databrickscfg"))
    monkeypatch.setenv("TRACKER_DATABRICKS_RETRY_TIMEOUT", "2")
    monkeypatch.setenv("TRACKER_DATABRICKS_HTTP_TIMEOUT", "2")


@pytest.fixture(name="workspace")
def workspace_fixture(
    databricks_env: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[StartWorkspace]:
    """``workspace("compliant", latency_ms=...)`` starts a fake and points unified auth at it."""
    started: list[FakeWorkspace] = []

    def start(scenario: str = "compliant", **kwargs: Any) -> FakeWorkspace:
        ws = FakeWorkspace(load_scenario(scenario), **kwargs).start()
        started.append(ws)
        monkeypatch.setenv("DATABRICKS_HOST", ws.url)
        return ws

    yield start
    for ws in started:
        ws.stop()


def wire_variables(service: TrackerService, template: Template) -> None:
    """Give the seeded release the template's example variables (they match the fake)."""
    variables = {
        v.name: v.example
        for v in template.variables
        if v.example is not None and v.name not in UNSET
    }
    service.release_changes.set_variables(RELEASE, variables)
