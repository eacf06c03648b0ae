"""The context a verification run gives its checks: the client, the cloud, and a per-run cache."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from tracker.checks.model import Cloud

if TYPE_CHECKING:
    from databricks.sdk import WorkspaceClient

log = logging.getLogger(__name__)
T = TypeVar("T")


_local = threading.local()


def set_wait_hooks(hooks: tuple[Callable[[], object], Callable[[], object]] | None) -> None:
    """Install (``(release, acquire)``) or clear this thread's hooks for ``waiting()``.

    The runner installs its worker permit here: a check blocked on another check's fetch lends
    its permit to a check that can use it, so ``parallel`` bounds the checks *doing* work (and
    thus concurrent requests), not the checks idly waiting for a shared resource.
    """
    _local.hooks = hooks


def note_unmatched(param: str, what: str) -> None:
    """Record that the parameter ``param`` (a regex or a list of names) matched nothing, e.g.
    ``note_unmatched("prod_cluster_regex", "0 clusters")``. The runner puts these on the result
    as ``facts["unmatched"]`` ("`prod_cluster_regex` matched 0 clusters"), named by the release
    variable the parameter came from, and ``tracker release show`` lists them after a run."""
    notes: list[tuple[str, str]] | None = getattr(_local, "unmatched", None)
    if notes is not None and (param, what) not in notes:
        notes.append((param, what))


@contextmanager
def collecting_unmatched() -> Iterator[list[tuple[str, str]]]:
    """The notes ``note_unmatched`` records in this thread while the block runs."""
    notes: list[tuple[str, str]] = []
    _local.unmatched = notes
    try:
        yield notes
    finally:
        _local.unmatched = None


@contextmanager
def waiting() -> Iterator[None]:
    """The calling thread is about to block on another thread's work (see ``set_wait_hooks``)."""
    hooks: tuple[Callable[[], object], Callable[[], object]] | None = getattr(_local, "hooks", None)
    if hooks is None:
        yield
        return
    release, acquire = hooks
    release()
    try:
        yield
    finally:
        acquire()


@dataclass
class _Slot:
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


PROBE_PATH = "/api/2.0/preview/scim/v2/Me"


def probe_workspace(client: WorkspaceClient) -> None:
    """One request (the current user) before the checks fan out: one attempt, no retries.

    Raises ``WorkspaceNotReached`` with one line when the host refuses, cannot be resolved, does
    not answer within ``PROBE_HTTP_TIMEOUT_S``, or rejects the credentials (401/403); any other
    answer means the workspace was reached and the checks run (and map their own errors).
    """
    import requests

    from tracker.checks.errors import not_reached, rejected
    from tracker.databricks import PROBE_HTTP_TIMEOUT_S, workspace_host

    host = workspace_host(client)
    config = client.config
    try:
        headers = config.authenticate()
        response = requests.get(
            host + PROBE_PATH,
            headers={**headers, "User-Agent": config.user_agent},
            timeout=PROBE_HTTP_TIMEOUT_S,
            allow_redirects=False,
        )
    except Exception as exc:
        reason = not_reached(exc, host)
        if reason is not None:
            raise reason from None
        log.debug("workspace probe raised %s; carrying on", type(exc).__name__)
        return
    if response.status_code in (401, 403):
        raise rejected(host, response.status_code, config.auth_type, response.text)


class RunContext:
    """Implements ``tracker.checks.model.CheckContext`` for one verification run.

    ``cached`` is a thread-safe single flight: when several checks running concurrently ask for
    the same key, one fetches and the others wait for its answer. Exceptions are cached too, so a
    403 on ``clusters.list`` is one request, not one per check. A ``fetch`` must not ask for its
    own key (that would wait forever); asking for other keys is fine.
    """

    def __init__(self, client: WorkspaceClient, *, cloud: Cloud, host: str) -> None:
        self._client = client
        self._cloud: Cloud = cloud
        self._host = host.rstrip("/")
        self._lock = threading.Lock()
        self._slots: dict[tuple[Any, ...], _Slot] = {}
        self.fetches = 0  # how many distinct resources were fetched (for benchmarks and tests)

    @classmethod
    def for_client(
        cls, client: WorkspaceClient, *, cloud_override: str | None = None
    ) -> RunContext:
        from tracker.databricks import detect_cloud, workspace_host

        probe_workspace(client)  # before the cloud is read: nothing is decided about a guess
        return cls(client, cloud=detect_cloud(client, cloud_override), host=workspace_host(client))

    @property
    def client(self) -> WorkspaceClient:
        return self._client

    @property
    def cloud(self) -> Cloud:
        return self._cloud

    @property
    def host(self) -> str:
        return self._host

    def cached(self, key: tuple[Any, ...], fetch: Callable[[], T]) -> T:
        with self._lock:
            slot = self._slots.get(key)
            owner = slot is None
            if slot is None:
                slot = self._slots[key] = _Slot()
                self.fetches += 1
        if owner:
            try:
                slot.value = fetch()
            except BaseException as exc:  # cached, re-raised to every caller of this key
                slot.error = exc
            finally:
                slot.done.set()
        elif not slot.done.is_set():
            with waiting():
                slot.done.wait()
        if slot.error is not None:
            raise slot.error
        return slot.value  # type: ignore[no-any-return]

    def ui_link(self, path: str) -> str:
        return f"{self._host}/{path.lstrip('/')}" if path else self._host
