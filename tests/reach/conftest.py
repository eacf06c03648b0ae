"""Fixtures for the features that reach beyond one terminal: a fake workspace the real SDK reaches
through unified auth (``DATABRICKS_HOST``/``DATABRICKS_TOKEN``), and a seeded tracker database."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tracker.cli import cli
from tracker.fakeworkspace import FakeWorkspace
from tracker.fakeworkspace.scenario import Scenario, load_scenario

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def isolated_databricks_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in list(os.environ):
        if key.startswith("DATABRICKS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(tmp_path / "no-databrickscfg"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("TRACKER_DATABRICKS_RETRY_TIMEOUT", "3")
    monkeypatch.setenv("TRACKER_DATABRICKS_HTTP_TIMEOUT", "5")
    logging.getLogger("databricks.sdk").addHandler(logging.NullHandler())


def reach_scenario() -> Scenario:
    return load_scenario(DATA / "reach.yaml")


@pytest.fixture
def workspace(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeWorkspace]:
    """The fake workspace, reachable through the SDK's environment auth."""
    with FakeWorkspace(reach_scenario()) as ws:
        monkeypatch.setenv("DATABRICKS_HOST", ws.url)
        monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-test-token")
        yield ws


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(db: str, *args: str, actor: str = "ana") -> Result:
    """``tracker --db DB --as ACTOR ARGS...`` in-process."""
    return CliRunner().invoke(cli, ["--db", db, "--as", actor, *args], prog_name="tracker")


def ok(db: str, *args: str, actor: str = "ana") -> str:
    """A command that must succeed; its stdout."""
    result = run(db, *args, actor=actor)
    assert result.exit_code == 0, result.output
    return result.stdout
