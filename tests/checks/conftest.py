"""The check test harness: the real SDK, the real runner and error mapping, the fake workspace.

    def test_catalog_passes(run_check: RunCheck) -> None:
        assert run_check("uc_catalog_exists", "compliant", catalog="prod_ml").outcome is CheckOutcome.PASS

``run_check(check_id, scenario, **params)`` runs ONE check through ``tracker.checks.runner`` against
a fresh ``FakeWorkspace`` (a scenario name, or a ``FakeWorkspace`` you started and tuned with
``set_fault``), with a client built by ``tracker.databricks`` (2 s retry budget). See
``tracker/checks/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

from tracker.checks.context import RunContext
from tracker.checks.model import Result
from tracker.checks.runner import CheckRun, CheckTarget, run_checks
from tracker.databricks import ENV_HTTP_TIMEOUT, ENV_RETRY_TIMEOUT, ClientOptions, make_client
from tracker.fakeworkspace import FakeWorkspace, Scenario, load_scenario

if TYPE_CHECKING:
    from databricks.sdk import WorkspaceClient

TEST_TOKEN = "dapi-SECRET-0123456789abcdef-test-token"
RETRY_TIMEOUT_S = 2
HTTP_TIMEOUT_S = 2


class RunCheck(Protocol):
    """``run_check(check_id, scenario, **params)``. Besides the check's params, three keywords are
    the harness's own: ``variables`` (dict of release variables), ``optional`` (bool: the item is
    optional) and ``cloud`` (the release's cloud override). They are typed loosely (``Any``) so
    that ``**params`` dicts type-check."""

    def __call__(
        self, check_id: str, scenario: str | FakeWorkspace, /, **params: Any
    ) -> Result: ...


class RunChecks(Protocol):
    def __call__(
        self,
        checks: list[tuple[str, dict[str, Any]]],
        scenario: str | FakeWorkspace,
        *,
        variables: dict[str, str] | None = None,
        cloud: str | None = None,
        parallel: int = 8,
        optional: bool = False,
    ) -> list[CheckRun]: ...


@cache
def _scenario(name: str) -> Scenario:
    return load_scenario(name)


@pytest.fixture(autouse=True)
def databricks_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Unified auth from the environment only: a dummy PAT, no ~/.databrickscfg, small timeouts."""
    for var in (
        "DATABRICKS_HOST",
        "DATABRICKS_CLIENT_ID",
        "DATABRICKS_CLIENT_SECRET",
        "DATABRICKS_CONFIG_PROFILE",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DATABRICKS_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(tmp_path / "no-databrickscfg"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv(ENV_RETRY_TIMEOUT, str(RETRY_TIMEOUT_S))
    monkeypatch.setenv(ENV_HTTP_TIMEOUT, str(HTTP_TIMEOUT_S))


@pytest.fixture
def fake() -> Iterator[Callable[..., FakeWorkspace]]:
    """``fake("compliant")`` starts a fake workspace for this test (stopped afterwards)."""
    started: list[FakeWorkspace] = []

    def start(scenario: str | Scenario = "compliant", **kwargs: Any) -> FakeWorkspace:
        data = _scenario(scenario) if isinstance(scenario, str) else scenario
        ws = FakeWorkspace(data, **kwargs).start()
        started.append(ws)
        return ws

    yield start
    for ws in started:
        ws.stop()


def client_for(ws: FakeWorkspace | str) -> WorkspaceClient:
    """A real ``WorkspaceClient`` for a fake (or any URL), built by ``tracker.databricks``."""
    url = ws if isinstance(ws, str) else ws.url
    # Timeouts come from TRACKER_DATABRICKS_RETRY_TIMEOUT / _HTTP_TIMEOUT (set by databricks_env;
    # a test may raise them with monkeypatch.setenv).
    return make_client(ClientOptions(host=url))


@pytest.fixture(name="client_for")
def client_for_fixture() -> Callable[[FakeWorkspace | str], WorkspaceClient]:
    return client_for


def context_for(ws: FakeWorkspace | str, cloud: str | None = None) -> RunContext:
    return RunContext.for_client(client_for(ws), cloud_override=cloud)


@pytest.fixture
def run_checks_on(fake: Callable[..., FakeWorkspace]) -> RunChecks:
    """Run several checks in one run (shared cache) against one fake; returns the CheckRuns."""

    def run(
        checks: list[tuple[str, dict[str, Any]]],
        scenario: str | FakeWorkspace,
        *,
        variables: dict[str, str] | None = None,
        cloud: str | None = None,
        parallel: int = 8,
        optional: bool = False,
    ) -> list[CheckRun]:
        ws = scenario if isinstance(scenario, FakeWorkspace) else fake(scenario)
        targets = [
            CheckTarget(
                item_key=f"item-{i}",
                check={"id": cid, "params": params},
                variables=variables or {},
                optional=optional,
                release="test-release",
            )
            for i, (cid, params) in enumerate(checks)
        ]
        return run_checks(targets, lambda: context_for(ws, cloud), parallel=parallel)

    return run


@pytest.fixture
def run_check(run_checks_on: RunChecks) -> RunCheck:
    """Run ONE check (by id, with params) against a scenario and return its Result."""

    def run(check_id: str, scenario: str | FakeWorkspace, /, **params: Any) -> Result:
        variables: dict[str, str] | None = params.pop("variables", None)
        optional = bool(params.pop("optional", False))
        cloud: str | None = params.pop("cloud", None)
        [only] = run_checks_on(
            [(check_id, params)], scenario, variables=variables, cloud=cloud, optional=optional
        )
        return only.result

    return run
