"""A fake Databricks workspace: a real HTTP server on 127.0.0.1 that the real ``databricks-sdk`` talks to.

It serves scenario files (``scenarios/*.yaml``) with the REST shapes, list keys and paging styles of
the real APIs, and injects faults (401/403/404/429/500, delays). It never imports ``databricks.sdk``
so that ``tracker demo`` stays light. See README.md in this folder for the scenario format.
"""

from __future__ import annotations

from tracker.fakeworkspace.faults import Fault
from tracker.fakeworkspace.recorded import RecordedRequest
from tracker.fakeworkspace.scenario import (
    SCENARIOS,
    Resources,
    Scenario,
    ScenarioError,
    StatementRule,
    load_scenario,
    scenario_path,
)
from tracker.fakeworkspace.server import FakeWorkspace

__all__ = [
    "SCENARIOS",
    "FakeWorkspace",
    "Fault",
    "RecordedRequest",
    "Resources",
    "Scenario",
    "ScenarioError",
    "StatementRule",
    "load_scenario",
    "scenario_path",
]
