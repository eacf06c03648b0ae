"""The fake workspace HTTP server: a real ``ThreadingHTTPServer`` on loopback for the real SDK."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

from tracker.fakeworkspace.faults import Fault, FaultBook
from tracker.fakeworkspace.recorded import RecordedRequest, redact, statement_parameters
from tracker.fakeworkspace.routes import build_router
from tracker.fakeworkspace.routing import ApiError, ApiRequest, TextBody
from tracker.fakeworkspace.scenario import Scenario, load_scenario
from tracker.fakeworkspace.state import WorkspaceState

logger = logging.getLogger(__name__)

WELL_KNOWN_PATH = "/.well-known/databricks-config"


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


class _Abort(Exception):
    """The server is stopping: drop the connection without answering."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() must not wait for idle keep-alive connections
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], workspace: FakeWorkspace) -> None:
        self.workspace = workspace
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The stdlib prints a traceback to stderr; route it to logging instead.
        logger.debug("fake workspace: connection from %s failed", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, like a real workspace behind a load balancer
    server_version = "FakeDatabricksWorkspace/1.0"
    sys_version = ""
    timeout = 120  # idle keep-alive connections are closed after this many seconds

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle + delayed ACK add
        # ~40 ms to every keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.workspace._track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.workspace._untrack(self.connection)

    def _handle(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.send_error(400, "invalid Content-Length")
            return
        raw_body = self.rfile.read(length) if length > 0 else b""
        try:
            answer = self.server.workspace._serve(
                self.command, self.path, dict(self.headers.items()), raw_body
            )
        except _Abort:
            self.close_connection = True
            return
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            for name, value in answer.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up, e.g. after its read timeout during an injected delay.
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        # Instead of the stdlib's stderr output; never logs headers (the token stays private).
        logger.debug("fake workspace: " + format, *args)


def _json_answer(status: int, payload: Any, headers: tuple[tuple[str, str], ...] = ()) -> _Answer:
    return _Answer(status, json.dumps(payload).encode("utf-8"), "application/json", headers)


class FakeWorkspace:
    """A fake Databricks workspace (and account console) serving one scenario on 127.0.0.1.

    Use as a context manager, or ``start()``/``stop()`` for a long-lived instance. ``latency_ms``
    delays every request; ``now`` pins the instant that ``${now...}`` placeholders resolve to;
    ``expected_token``, when given, is the only bearer token accepted.
    """

    def __init__(
        self,
        scenario: Scenario | str | Path = "compliant",
        *,
        latency_ms: float = 0,
        host: str = "127.0.0.1",
        port: int = 0,
        now: datetime | None = None,
        expected_token: str | None = None,
    ) -> None:
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.latency_ms = latency_ms
        self._host, self._port = host, port
        self._now = now
        self._expected_token = expected_token
        self._faults = FaultBook(list(self.scenario.faults))
        self._router = build_router()
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None
        self._state: WorkspaceState | None = None

    # -- lifecycle ----------------------------------------------------------------------------------

    def start(self) -> Self:
        """Start listening on a free port (or, for an ``unreachable`` scenario, on nothing)."""
        if self._url is not None:
            raise RuntimeError("the fake workspace is already running")
        self._stopping.clear()
        self._state = WorkspaceState(self.scenario, self._now or datetime.now(UTC))
        if self.scenario.unreachable:
            self._url = self.closed_port_url()
            logger.info(
                "fake workspace %r is unreachable by design: %s", self.scenario.name, self._url
            )
            return self
        server = _Server((self._host, self._port), self)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-workspace",
            daemon=True,
        )
        self._thread.start()
        self._url = f"http://{self._host}:{server.server_address[1]}"
        logger.info("fake workspace %r listening on %s", self.scenario.name, self._url)
        return self

    def stop(self) -> None:
        """Stop serving and drop open connections; safe to call twice."""
        self._stopping.set()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            with self._lock:
                connections = list(self._connections)
            for conn in connections:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._url = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (only while running)."""
        if self._url is None:
            raise RuntimeError("the fake workspace is not running; call start() first")
        return self._url

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @staticmethod
    def closed_port_url(host: str = "127.0.0.1") -> str:
        """A URL on ``host`` where nothing listens (a port that was free a moment ago)."""
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
        return f"http://{host}:{port}"

    @property
    def state(self) -> WorkspaceState:
        """What the running fake serves and has recorded (SQL tables, issued credentials)."""
        if self._state is None:
            raise RuntimeError("the fake workspace is not running")
        return self._state

    # -- request log --------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of every request received so far, oldest first."""
        with self._lock:
            return [
                dataclasses.replace(r, query=dict(r.query), headers=dict(r.headers))
                for r in self._requests
            ]

    def request_count(self, path_prefix: str | None = None, method: str | None = None) -> int:
        """How many requests arrived, optionally only those whose path starts with ``path_prefix``."""
        with self._lock:
            return sum(
                1
                for r in self._requests
                if (path_prefix is None or r.path.startswith(path_prefix))
                and (method is None or r.method == method.upper())
            )

    def reset_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    # -- faults -------------------------------------------------------------------------------------

    def set_fault(self, route_pattern: str, fault: Fault | Mapping[str, Any]) -> Fault:
        """Inject a fault at run time, ahead of the others (replaces one with the same pattern)."""
        return self._faults.set(route_pattern, fault)

    def clear_faults(self) -> None:
        """Remove every fault, the scenario's included."""
        self._faults.clear()

    @property
    def faults(self) -> list[Fault]:
        return self._faults.faults

    def fault_fired_count(self, route_pattern: str) -> int:
        return self._faults.fired_count(route_pattern)

    # -- serving (called from handler threads) ------------------------------------------------------

    def _track(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.add(conn)

    def _untrack(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.discard(conn)

    def _sleep(self, seconds: float) -> None:
        if seconds > 0 and self._stopping.wait(seconds):
            raise _Abort

    def _serve(self, method: str, target: str, headers: dict[str, str], raw_body: bytes) -> _Answer:
        split = urlsplit(target)
        raw_path, path = split.path, unquote(split.path)
        query = parse_qs(split.query, keep_blank_values=True)
        body: Any = None
        malformed = False
        if raw_body:
            try:
                body = json.loads(raw_body)
            except ValueError:
                malformed = True
        record = RecordedRequest(
            method, path, query, redact(headers), body, statement_parameters(path, body)
        )
        with self._lock:
            self._requests.append(record)
        answer = self._answer(method, raw_path, path, query, headers, body, malformed, record)
        with self._lock:
            record.status = answer.status
        logger.debug("%s %s -> %s", method, path, answer.status)
        return answer

    def _answer(
        self,
        method: str,
        raw_path: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: Any,
        malformed: bool,
        record: RecordedRequest,
    ) -> _Answer:
        self._sleep(self.latency_ms / 1000)
        if path != WELL_KNOWN_PATH:
            denied = self._authenticate(headers)
            if denied is not None:
                return denied
        fired = self._faults.fire(method, path)
        if fired is not None:
            with self._lock:
                record.fault = fired.fault.route
            self._sleep(fired.delay_s)
            if fired.status is not None:
                extra = (
                    (("Retry-After", str(fired.fault.retry_after)),)
                    if fired.fault.retry_after is not None
                    else ()
                )
                return _json_answer(fired.status, fired.fault.error_body(), extra)
        if malformed:
            return _json_answer(
                400, {"error_code": "MALFORMED_REQUEST", "message": "Request body is not JSON"}
            )
        if path == WELL_KNOWN_PATH:
            return _json_answer(200, self._host_metadata())
        assert self._state is not None
        try:
            route, params = self._router.resolve(method, raw_path)
            result = route.handler(self._state, ApiRequest(method, path, query, body, params))
        except ApiError as exc:
            return _json_answer(exc.status, exc.body())
        except Exception as exc:  # a bug in a handler: answer like the platform would, keep serving
            logger.exception("fake workspace handler failed for %s %s", method, path)
            return _json_answer(
                500, {"error_code": "INTERNAL_ERROR", "message": f"fake handler failed: {exc!r}"}
            )
        if isinstance(result, TextBody):
            return _Answer(200, result.text.encode("utf-8"), result.content_type)
        return _json_answer(200, result)

    def _authenticate(self, headers: dict[str, str]) -> _Answer | None:
        value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _json_answer(
                401, {"error_code": "UNAUTHENTICATED", "message": "Missing bearer token."}
            )
        if self._expected_token is not None and token.strip() != self._expected_token:
            return _json_answer(
                401, {"error_code": "UNAUTHENTICATED", "message": "Invalid access token."}
            )
        return None

    def _host_metadata(self) -> dict[str, str]:
        # Never an oidc_endpoint: with a {account_id} placeholder and no account id the SDK's
        # Config() raises ValueError during construction.
        metadata: dict[str, str] = {}
        if self.scenario.workspace_id:
            metadata["workspace_id"] = self.scenario.workspace_id
        if self.scenario.cloud:
            metadata["cloud"] = self.scenario.cloud
        return metadata
