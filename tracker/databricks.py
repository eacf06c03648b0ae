"""The one place that builds a ``WorkspaceClient``.

Authentication is the databricks-sdk unified auth: a ``profile`` from ``~/.databrickscfg``, the
``DATABRICKS_*`` environment variables, or an OAuth login made with ``databricks auth login``. We
pass only a profile and/or host and let the SDK resolve the rest, so tracker never reads, stores
or prints a token. ``databricks.sdk`` costs ~2 s to import: it is imported inside the functions
here, only when a verification actually runs.

The SDK's defaults do not suit an interactive tool (a 5-minute retry budget, warnings printed on
stderr), so the client always gets explicit timeouts and the SDK's logger is routed away from the
terminal.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from tracker import __version__

if TYPE_CHECKING:
    from databricks.sdk import WorkspaceClient

log = logging.getLogger(__name__)

Cloud = Literal["aws", "azure", "gcp"]
CLOUDS: tuple[Cloud, ...] = ("aws", "azure", "gcp")

DEFAULT_RETRY_TIMEOUT_S = 30
DEFAULT_HTTP_TIMEOUT_S = 15
ENV_RETRY_TIMEOUT = "TRACKER_DATABRICKS_RETRY_TIMEOUT"
ENV_HTTP_TIMEOUT = "TRACKER_DATABRICKS_HTTP_TIMEOUT"
PROBE_RETRY_TIMEOUT_S = 1
SDK_LOGGER = "databricks.sdk"


class ClientSetupError(Exception):
    """The SDK could not be configured (no credentials, conflicting auth methods, bad profile)."""


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """How to reach a workspace. Everything not given is resolved by the SDK's unified auth."""

    profile: str | None = None
    host: str | None = None
    retry_timeout_seconds: int | None = None
    http_timeout_seconds: int | None = None

    def timeouts(self) -> tuple[int, int]:
        retry = self.retry_timeout_seconds or _env_int(ENV_RETRY_TIMEOUT, DEFAULT_RETRY_TIMEOUT_S)
        http = self.http_timeout_seconds or _env_int(ENV_HTTP_TIMEOUT, DEFAULT_HTTP_TIMEOUT_S)
        return retry, http


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return max(1, int(raw)) if raw else default
    except ValueError:
        return default


_routed = False


def route_sdk_logging(handler: logging.Handler | None = None) -> None:
    """Keep the SDK's log records off the terminal (Python's last-resort handler would print its
    host-metadata WARNING on stderr). ``handler`` (e.g. the TUI's log) receives them instead."""
    global _routed
    sdk = logging.getLogger(SDK_LOGGER)
    if not _routed:
        sdk.addHandler(logging.NullHandler())
        # Not propagated: a root handler set up by ``tracker -v`` would print request dumps.
        sdk.propagate = False
        _routed = True
    if handler is not None and handler not in sdk.handlers:
        sdk.addHandler(handler)


def make_client(options: ClientOptions | None = None) -> WorkspaceClient:
    """A ``WorkspaceClient`` with explicit timeouts and product identification.

    Raises ``ClientSetupError`` (with a message free of secrets) when the SDK cannot configure
    authentication. Connection problems surface later, on the first API call.
    """
    options = options or ClientOptions()
    route_sdk_logging()
    from databricks.sdk import WorkspaceClient
    from databricks.sdk.core import Config

    retry, http = options.timeouts()
    probe = min(retry, PROBE_RETRY_TIMEOUT_S)
    kwargs: dict[str, Any] = {}
    if options.profile:
        kwargs["profile"] = options.profile
    if options.host:
        kwargs["host"] = options.host
    try:
        # Config() probes /.well-known/databricks-config with its retry budget; the probe is
        # best effort (the SDK falls back on failure), so it gets a short budget and the API
        # calls the full one: an unreachable host then costs seconds, not twice the budget.
        config = Config(
            retry_timeout_seconds=probe,
            http_timeout_seconds=http,
            product="tracker",
            product_version=__version__,
            **kwargs,
        )
    except ValueError as exc:
        raise ClientSetupError(
            "cannot configure Databricks authentication: " + scrub(str(exc))
        ) from None
    config.retry_timeout_seconds = retry  # read by the ApiClient that WorkspaceClient builds
    log.debug("databricks client for host %s (auth %s)", config.host, config.auth_type)
    return WorkspaceClient(config=config)


def detect_cloud(client: WorkspaceClient, override: str | None = None) -> Cloud:
    """The workspace's cloud: the release's ``cloud`` variable wins, then the SDK's view (host
    metadata or host name), else AWS."""
    if override:
        value = override.strip().lower()
        if value in CLOUDS:
            return value  # type: ignore[return-value]
        log.warning("ignoring unknown cloud %r (expected one of %s)", override, ", ".join(CLOUDS))
    config = client.config
    if config.is_azure:
        return "azure"
    if config.is_gcp:
        return "gcp"
    return "aws"


def workspace_host(client: WorkspaceClient) -> str:
    return str(client.config.host or "").rstrip("/")


_CONFIG_DEBUG = re.compile(r"\.?\s*Config: .*$", re.DOTALL)
_SECRETISH = re.compile(r"\b(dapi[0-9a-f]{8,}|dose[0-9a-f]{8,}|Bearer\s+\S+)", re.IGNORECASE)


def scrub(message: str) -> str:
    """One line of an SDK message without the appended config dump or anything token-shaped."""
    text = _CONFIG_DEBUG.sub("", message).strip()
    text = _SECRETISH.sub("<redacted>", text)
    for name in ("DATABRICKS_TOKEN", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_PASSWORD"):
        secret = os.environ.get(name)
        if secret and len(secret) >= 4:
            text = text.replace(secret, "<redacted>")
    first = text.splitlines()[0] if text else ""
    return " ".join(first.split())
