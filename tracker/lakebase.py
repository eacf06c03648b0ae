"""``lakebase://INSTANCE/DATABASE``: a Databricks Lakebase (managed PostgreSQL) team database.

The instance is resolved through the SDK with the user's unified auth (profile, environment or
OAuth login); every new PostgreSQL connection logs in with a short-lived database credential
generated for that identity, fetched again before it expires. No password is stored anywhere: the
engine's URL has none, and the token lives only in memory.

URL query options: ``profile`` (a ``~/.databrickscfg`` profile), ``sslmode`` (default
``require``; Lakebase only accepts TLS), ``port`` (default 5432), ``user`` (default: the
workspace identity's user name, which is the Lakebase role).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from tracker.errors import ConfigError

if TYPE_CHECKING:
    from databricks.sdk import WorkspaceClient
    from sqlalchemy import Engine

log = logging.getLogger(__name__)

SCHEME = "lakebase"
DEFAULT_PORT = 5432
REFRESH_MARGIN = timedelta(minutes=5)
"""A credential is replaced when it has less than this left (or less than half its life)."""
POOL_RECYCLE_S = 45 * 60
_OPTIONS = ("profile", "sslmode", "port", "user")
_SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


@dataclass(frozen=True, slots=True)
class LakebaseTarget:
    instance: str
    database: str
    profile: str | None = None
    sslmode: str = "require"
    port: int = DEFAULT_PORT
    user: str | None = None


def is_lakebase_url(url: str) -> bool:
    return url.lower().startswith(f"{SCHEME}://")


def parse_lakebase_url(url: str) -> LakebaseTarget:
    """``lakebase://INSTANCE/DATABASE[?profile=..&sslmode=..&port=..&user=..]``."""
    parts = urlsplit(url)
    instance, database = unquote(parts.hostname or ""), unquote(parts.path.lstrip("/"))
    if parts.username or parts.password:
        raise ConfigError("a lakebase:// URL takes no user or password (credentials are generated)")
    if not instance or not database or "/" in database:
        raise ConfigError(f"expected lakebase://INSTANCE/DATABASE, got {url!r}")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - set(_OPTIONS))
    if unknown:
        raise ConfigError(
            f"unknown lakebase:// option {unknown[0]!r} (known: {', '.join(_OPTIONS)})"
        )
    options = {k: v[-1] for k, v in query.items()}
    sslmode = options.get("sslmode", "require")
    if sslmode not in _SSLMODES:
        raise ConfigError(f"sslmode must be one of {', '.join(_SSLMODES)}, got {sslmode!r}")
    try:
        port = int(options.get("port", DEFAULT_PORT))
    except ValueError:
        raise ConfigError(f"port must be a number, got {options['port']!r}") from None
    if not 0 < port < 65536:
        raise ConfigError(f"port must be between 1 and 65535, got {port}")
    return LakebaseTarget(
        instance=instance,
        database=database,
        profile=options.get("profile") or None,
        sslmode=sslmode,
        port=port,
        user=options.get("user") or None,
    )


class CredentialSource:
    """The current database credential for one instance, regenerated shortly before it expires."""

    def __init__(self, client: WorkspaceClient, instance: str) -> None:
        self._client, self._instance = client, instance
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires: datetime | None = None
        self._issued: datetime | None = None
        self.generated = 0

    def token(self) -> str:
        with self._lock:
            now = datetime.now(UTC)
            if self._token is None or self._needs_refresh(now):
                self._generate(now)
            assert self._token is not None
            return self._token

    def _needs_refresh(self, now: datetime) -> bool:
        if self._expires is None or self._issued is None:
            return True
        margin = min(REFRESH_MARGIN, (self._expires - self._issued) / 2)
        return now >= self._expires - margin

    def _generate(self, now: datetime) -> None:
        from databricks.sdk.errors.base import DatabricksError

        try:
            credential = self._client.database.generate_database_credential(
                instance_names=[self._instance]
            )
        except DatabricksError as exc:
            raise _instance_error(self._instance, exc) from None
        if not credential.token:
            raise ConfigError(f"Lakebase instance {self._instance!r}: no credential was issued")
        self._token = credential.token
        self._issued = now
        self._expires = _parse_time(credential.expiration_time) or now + timedelta(minutes=15)
        self.generated += 1
        log.info("lakebase: new credential for %s, valid until %s", self._instance, self._expires)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _instance_error(instance: str, exc: Exception) -> ConfigError:
    from databricks.sdk.errors import NotFound, PermissionDenied, Unauthenticated

    from tracker.databricks import scrub

    if isinstance(exc, NotFound):
        return ConfigError(f"no Lakebase database instance {instance!r} in this workspace")
    if isinstance(exc, PermissionDenied):
        return ConfigError(
            f"no permission to use Lakebase instance {instance!r}: {scrub(str(exc))}"
        )
    if isinstance(exc, Unauthenticated):
        return ConfigError(f"Databricks authentication failed: {scrub(str(exc))}")
    return ConfigError(f"Lakebase instance {instance!r}: {scrub(str(exc))}")


def _available_host(client: WorkspaceClient, instance: str) -> str:
    from databricks.sdk.errors.base import DatabricksError

    try:
        found = client.database.get_database_instance(name=instance)
    except DatabricksError as exc:
        raise _instance_error(instance, exc) from None
    except OSError as exc:
        raise ConfigError(f"cannot reach the Databricks workspace: {exc}") from None
    state = found.state.value if found.state is not None else "UNKNOWN"
    if found.stopped or state == "STOPPED":
        raise ConfigError(
            f"Lakebase instance {instance!r} is stopped; start it in the workspace and retry"
        )
    if state != "AVAILABLE":
        raise ConfigError(f"Lakebase instance {instance!r} is {state}, not AVAILABLE; retry later")
    if not found.read_write_dns:
        raise ConfigError(f"Lakebase instance {instance!r} has no read-write address")
    return found.read_write_dns


def _role_name(client: WorkspaceClient) -> str:
    from databricks.sdk.errors.base import DatabricksError

    try:
        me = client.current_user.me()
    except DatabricksError as exc:
        raise ConfigError(f"cannot tell who you are in the workspace: {exc}") from None
    if not me.user_name:
        raise ConfigError("the workspace identity has no user name (pass ?user=ROLE)")
    return me.user_name


def lakebase_engine(url: str) -> Engine:
    """A SQLAlchemy engine on the Lakebase database named by ``url`` (see the module docs)."""
    from sqlalchemy import URL, create_engine, event

    from tracker.databricks import ClientOptions, ClientSetupError, make_client

    target = parse_lakebase_url(url)
    try:
        client = make_client(ClientOptions(profile=target.profile))
    except ClientSetupError as exc:
        raise ConfigError(str(exc)) from None
    host = _available_host(client, target.instance)
    user = target.user or _role_name(client)
    credentials = CredentialSource(client, target.instance)
    credentials.token()  # fail now, with one line, rather than on the first query
    engine = create_engine(
        URL.create(
            "postgresql+psycopg",
            username=user,
            host=host,
            port=target.port,
            database=target.database,
            query={"sslmode": target.sslmode},
        ),
        pool_pre_ping=True,
        pool_recycle=POOL_RECYCLE_S,
    )

    @event.listens_for(engine, "do_connect")
    def _fresh_password(_dialect: Any, _record: Any, _args: Any, params: dict[str, Any]) -> None:
        params["password"] = credentials.token()

    return engine
