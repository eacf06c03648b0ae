"""Issue 9 "Unreachable workspace": one probe before fanning out; a workspace that was never
reached (refused, unknown host, no answer, 401/403, no credentials) answers every check with ONE
cause as ERROR, decides nothing about the workspace (no SKIPPED from a guessed cloud), prints one
line and exits 3. Before: one "connection refused" line per check after 40-84 s, and the Azure
Key Vault item SKIPPED "this workspace is on aws" for a host never reached."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from tests.checks.conftest import TEST_TOKEN
from tracker import databricks
from tracker.checks.context import RunContext
from tracker.checks.runner import CheckTarget, run_checks
from tracker.databricks import ClientOptions, WorkspaceNotReached, make_client
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


@pytest.fixture
def silent_host() -> Iterator[str]:
    """A host that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_unknown_host_is_not_reached() -> None:
    with pytest.raises(WorkspaceNotReached, match="host name not found"):
        make_client(ClientOptions(host="https://no-such-host.invalid"))


def test_silent_host_is_answered_within_the_probe_timeout(
    silent_host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(databricks, "PROBE_HTTP_TIMEOUT_S", 1)
    with pytest.raises(WorkspaceNotReached, match="did not answer within 1 s"):
        make_client(ClientOptions(host=silent_host))


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_credentials_name_the_auth_methods_and_what_to_do(
    fake: Callable[..., FakeWorkspace], status: int
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/preview/scim/v2/Me", {"status": status})
    [run] = run_checks(
        [CheckTarget("i", {"id": "uc_catalog_exists", "params": {"catalog": "prod_ml"}})],
        lambda: RunContext.for_client(make_client(ClientOptions(host=ws.url))),
    )
    assert run.outcome is CheckOutcome.ERROR
    message = run.result.message
    assert f"HTTP {status}" in message
    for advice in ("--profile", "databricks auth login", "DATABRICKS_HOST", "DATABRICKS_TOKEN"):
        assert advice in message
    assert TEST_TOKEN not in message
    assert ws.request_count("/api/2.1/unity-catalog/catalogs/prod_ml") == 0  # never fanned out


def test_one_probe_then_the_checks(fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    runs = run_checks(
        [
            CheckTarget(f"i{n}", {"id": "uc_catalog_exists", "params": {"catalog": "prod_ml"}})
            for n in range(3)
        ],
        lambda: RunContext.for_client(make_client(ClientOptions(host=ws.url))),
    )
    assert {r.outcome for r in runs} == {CheckOutcome.PASS}
    assert ws.request_count("/api/2.0/preview/scim/v2/Me") == 1
