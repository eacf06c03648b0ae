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
# The reachability probe (tracker.checks.context.probe_workspace) and the SDK's best-effort
# host-metadata request inside Config(): a host that accepts and never answers costs their sum
# (plus the SDK import) before every check is answered, well under 15 s.
PROBE_HTTP_TIMEOUT_S = 5
METADATA_HTTP_TIMEOUT_S = 3
SDK_LOGGER = "databricks.sdk"
AUTH_METHODS_TRIED = (
    "a ~/.databrickscfg profile (--profile, else DEFAULT), DATABRICKS_HOST with DATABRICKS_TOKEN "
    "or an OAuth client id/secret, and a `databricks auth login` / Azure CLI login"
)
AUTH_ADVICE = (
    "pass --profile NAME, run `databricks auth login --host https://<workspace>`, or set "
    "DATABRICKS_HOST and DATABRICKS_TOKEN"
)


class WorkspaceNotReached(Exception):
    """The workspace was never reached: no credentials, refused, unreachable, or auth rejected.
    ``str(exc)`` is the one line that answers every check of the run."""


class ClientSetupError(WorkspaceNotReached):
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
    precheck_host(options)
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
            http_timeout_seconds=min(http, METADATA_HTTP_TIMEOUT_S),
            product="tracker",
            product_version=__version__,
            **kwargs,
        )
    except ValueError as exc:
        raise ClientSetupError(no_credentials_message(str(exc))) from None
    # Read by the ApiClient that WorkspaceClient builds:
    config.retry_timeout_seconds, config.http_timeout_seconds = retry, http
    log.debug("databricks client for host %s (auth %s)", config.host, config.auth_type)
    return WorkspaceClient(config=config)


def _configured_host(options: ClientOptions) -> str | None:
    """The host the SDK will use when it is cheap to know (option, env, or a profile's ``host``)."""
    import configparser

    if options.host:
        return options.host
    if not options.profile and os.environ.get("DATABRICKS_HOST"):
        return os.environ["DATABRICKS_HOST"]
    path = os.environ.get("DATABRICKS_CONFIG_FILE") or os.path.expanduser("~/.databrickscfg")
    profile = options.profile or os.environ.get("DATABRICKS_CONFIG_PROFILE") or "DEFAULT"
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, configparser.Error):
        return None
    if profile != "DEFAULT" and not parser.has_section(profile):
        return None
    return parser.get(profile, "host", fallback=None) or None


def precheck_host(options: ClientOptions) -> None:
    """Refused, unknown host or no answer, told before the SDK is imported (~2 s) and before its
    host-metadata request retries: one unauthenticated GET of the host's discovery document
    (``requests`` honours proxies and CA bundles as the SDK does). Any HTTP answer, even an
    error, means the host is there; skipped when the host is not known cheaply."""
    import requests

    host = _configured_host(options)
    if not host:
        return
    url = (host if "://" in host else f"https://{host}").rstrip("/")
    try:
        requests.get(
            url + "/.well-known/databricks-config",
            timeout=PROBE_HTTP_TIMEOUT_S,
            allow_redirects=False,
        ).close()
    except requests.exceptions.SSLError:
        return  # reached; the SDK reports the TLS problem with its own configuration
    except requests.exceptions.ReadTimeout:
        raise WorkspaceNotReached(
            f"workspace {host} did not answer within {PROBE_HTTP_TIMEOUT_S} s"
        ) from None
    except requests.exceptions.RequestException as exc:
        raise WorkspaceNotReached(
            f"workspace {host} unreachable: {connection_problem(exc)}"
        ) from None


_HOST_PORT = re.compile(r"host='([^']+)', port=(\d+)")
_REASONS = (
    ("refused", "connection refused"),
    ("Name or service not known", "host name not found"),
    ("nodename nor servname", "host name not found"),
    ("Temporary failure in name resolution", "host name not found"),
    ("Failed to resolve", "host name not found"),
    ("timed out", "timed out"),
    ("SSLError", "TLS error"),
    ("certificate", "TLS certificate error"),
)


def connection_problem(exc: BaseException) -> str:
    """'cannot connect to 127.0.0.1:8443 (connection refused)' instead of urllib3's essay."""
    text = str(exc)
    where = _HOST_PORT.search(text)
    target = f"{where.group(1)}:{where.group(2)}" if where else "the workspace"
    reason = next((label for needle, label in _REASONS if needle in text), type(exc).__name__)
    return f"cannot connect to {target} ({reason})"


def no_credentials_message(sdk_message: str) -> str:
    """One line: why the SDK found no usable credentials, what it tried, what to do."""
    reason = scrub(sdk_message).split(", please check")[0].rstrip(".")
    return (
        f"cannot configure Databricks authentication ({reason}); tried {AUTH_METHODS_TRIED}; "
        f"{AUTH_ADVICE}"
    )


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
