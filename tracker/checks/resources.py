"""Workspace resources that several checks read, fetched once per run through ``ctx.cached``.

Every helper materialises the SDK's lazy list iterators *inside* the cached fetch, so errors
surface (and are cached) there, and a second check reading the same resource makes no request.
Errors are not caught here: the runner maps them (``tracker.checks.errors``). Helpers return SDK
dataclasses; the SDK is imported inside the fetch functions only.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tracker.checks.model import CheckContext

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import (
        CatalogInfo,
        PrivilegeAssignment,
        SchemaInfo,
        SystemSchemaInfo,
        TableInfo,
    )
    from databricks.sdk.service.compute import ClusterDetails
    from databricks.sdk.service.iam import User
    from databricks.sdk.service.jobs import BaseJob, Job
    from databricks.sdk.service.serving import ServingEndpointDetailed
    from databricks.sdk.service.settings import IpAccessListInfo
    from databricks.sdk.service.workspace import SecretMetadata, SecretScope

STATEMENT_WAIT = "30s"  # execute_statement blocks up to this long before returning PENDING
STATEMENT_POLL_S = 1.0
STATEMENT_MAX_WAIT_S = 300.0  # a stopped warehouse may take minutes to start


# --- jobs -----------------------------------------------------------------------------------


def jobs_named(ctx: CheckContext, name: str) -> list[BaseJob]:
    """Jobs whose name is exactly ``name`` (the Jobs API filters by name server-side)."""
    return ctx.cached(("jobs.list", name), lambda: list(ctx.client.jobs.list(name=name)))


def list_jobs_by_name(ctx: CheckContext, names: Iterable[str]) -> dict[str, list[BaseJob]]:
    """For each name, the jobs with that exact name (an empty list: no such job)."""
    return {name: jobs_named(ctx, name) for name in names}


def get_job(ctx: CheckContext, job_id: int) -> Job:
    """The full job (settings with tasks, notifications, run_as), once per job id per run."""
    return ctx.cached(("jobs.get", int(job_id)), lambda: ctx.client.jobs.get(int(job_id)))


# --- compute --------------------------------------------------------------------------------


def clusters(ctx: CheckContext) -> list[ClusterDetails]:
    return ctx.cached(("clusters.list",), lambda: list(ctx.client.clusters.list()))


# --- Unity Catalog --------------------------------------------------------------------------


def catalog(ctx: CheckContext, name: str) -> CatalogInfo:
    return ctx.cached(("catalogs.get", name.lower()), lambda: ctx.client.catalogs.get(name))


def schemas(ctx: CheckContext, catalog_name: str) -> list[SchemaInfo]:
    return ctx.cached(
        ("schemas.list", catalog_name.lower()),
        lambda: list(ctx.client.schemas.list(catalog_name=catalog_name)),
    )


def schema(ctx: CheckContext, full_name: str) -> SchemaInfo:
    return ctx.cached(("schemas.get", full_name.lower()), lambda: ctx.client.schemas.get(full_name))


def table(ctx: CheckContext, full_name: str) -> TableInfo:
    return ctx.cached(("tables.get", full_name.lower()), lambda: ctx.client.tables.get(full_name))


def grants(ctx: CheckContext, securable_type: str, full_name: str) -> list[PrivilegeAssignment]:
    """Direct grants on a securable. ``grants.get`` returns one page and does not follow
    ``next_page_token`` itself, so we loop."""

    def fetch() -> list[PrivilegeAssignment]:
        out: list[PrivilegeAssignment] = []
        token: str | None = None
        for _ in range(1000):  # a bound, in case a server never stops sending tokens
            resp = ctx.client.grants.get(
                securable_type, full_name, max_results=0, page_token=token
            )
            out.extend(resp.privilege_assignments or [])
            token = resp.next_page_token
            if not token:
                break
        return out

    return ctx.cached(("grants.get", securable_type.lower(), full_name.lower()), fetch)


def metastore_system_schemas(ctx: CheckContext) -> dict[str, str | None]:
    """System schema name -> state (e.g. ``access`` -> ``ENABLE_COMPLETED``) of the current
    metastore."""

    def fetch() -> dict[str, str | None]:
        assignment = ctx.cached(("metastores.current",), ctx.client.metastores.current)
        metastore_id = assignment.metastore_id or ""
        infos: list[SystemSchemaInfo] = list(ctx.client.system_schemas.list(metastore_id))
        return {
            str(i.schema): (i.state.value if hasattr(i.state, "value") else i.state)  # type: ignore[union-attr]
            for i in infos
            if i.schema
        }

    return ctx.cached(("system_schemas.list",), fetch)


# --- serving --------------------------------------------------------------------------------


def serving_endpoint(ctx: CheckContext, name: str) -> ServingEndpointDetailed:
    return ctx.cached(("serving_endpoints.get", name), lambda: ctx.client.serving_endpoints.get(name))


# --- workspace, identity, secrets -----------------------------------------------------------


def secret_scopes(ctx: CheckContext) -> list[SecretScope]:
    return ctx.cached(("secrets.list_scopes",), lambda: list(ctx.client.secrets.list_scopes()))


def secrets(ctx: CheckContext, scope: str) -> list[SecretMetadata]:
    """Secret keys (never values) in a scope."""
    return ctx.cached(("secrets.list_secrets", scope), lambda: list(ctx.client.secrets.list_secrets(scope)))


def workspace_conf(ctx: CheckContext, key: str) -> str | None:
    """One workspace-conf key per call, as SAT does (some keys fail for some callers);
    ``None`` means never configured."""

    def fetch() -> str | None:
        conf = ctx.client.workspace_conf.get_status(keys=key) or {}
        value = conf.get(key) if isinstance(conf, Mapping) else None
        return None if value is None else str(value)

    return ctx.cached(("workspace_conf", key), fetch)


def ip_access_lists(ctx: CheckContext) -> list[IpAccessListInfo]:
    return ctx.cached(("ip_access_lists.list",), lambda: list(ctx.client.ip_access_lists.list()))


def current_user(ctx: CheckContext) -> User:
    return ctx.cached(("current_user.me",), ctx.client.current_user.me)


# --- SQL ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementOutcome:
    """A statement's final state. A FAILED statement is not an exception: ``error`` says why."""

    state: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    error: str | None = None
    statement_id: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.state == "SUCCEEDED"


def run_statement(
    ctx: CheckContext,
    statement: str,
    warehouse_id: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    max_wait_s: float = STATEMENT_MAX_WAIT_S,
    poll_s: float = STATEMENT_POLL_S,
) -> StatementOutcome:
    """Run one statement with BOUND parameters (``:name`` markers), waiting for its result.

    Identical statements with identical parameters run once per verification run.
    """
    params = {k: ("" if v is None else str(v)) for k, v in (parameters or {}).items()}

    def fetch() -> StatementOutcome:
        from databricks.sdk.service.sql import (
            ExecuteStatementRequestOnWaitTimeout,
            StatementParameterListItem,
            StatementState,
        )

        api = ctx.client.statement_execution
        resp = api.execute_statement(
            statement=statement,
            warehouse_id=warehouse_id,
            parameters=[StatementParameterListItem(name=k, value=v) for k, v in params.items()],
            wait_timeout=STATEMENT_WAIT,
            on_wait_timeout=ExecuteStatementRequestOnWaitTimeout.CONTINUE,
        )
        deadline = time.monotonic() + max_wait_s
        pending = (StatementState.PENDING, StatementState.RUNNING)
        while (
            resp.status is not None
            and resp.status.state in pending
            and resp.statement_id
            and time.monotonic() < deadline
        ):
            time.sleep(poll_s)
            resp = api.get_statement(resp.statement_id)
        status = resp.status
        state = status.state.value if status is not None and status.state is not None else "UNKNOWN"
        if status is not None and status.state in pending:
            if resp.statement_id:
                # Best effort: the timeout is what we report.
                with contextlib.suppress(Exception):
                    api.cancel_execution(resp.statement_id)
            return StatementOutcome(
                state="TIMEOUT",
                error=f"statement still {state} after {max_wait_s:.0f} s",
                statement_id=resp.statement_id,
            )
        error = None
        if status is not None and status.error is not None:
            error = status.error.message or (
                status.error.error_code.value if status.error.error_code else None
            )
        columns = [
            c.name or f"col{i}"
            for i, c in enumerate(
                (resp.manifest.schema.columns or [])
                if resp.manifest is not None and resp.manifest.schema is not None
                else []
            )
        ]
        rows = [list(r) for r in (resp.result.data_array or [])] if resp.result is not None else []
        return StatementOutcome(
            state=state, columns=columns, rows=rows, error=error, statement_id=resp.statement_id
        )

    key = ("sql", warehouse_id, statement, tuple(sorted(params.items())))
    return ctx.cached(key, fetch)


# --- production jobs (by names or by tag) ---------------------------------------------------


def all_jobs(ctx: CheckContext) -> list[BaseJob]:
    """Every job the caller can see (summaries: settings without tasks)."""
    return ctx.cached(("jobs.list",), lambda: list(ctx.client.jobs.list()))


@dataclass(frozen=True, slots=True)
class JobSelection:
    """The production jobs a check looks at, and the names that matched no job."""

    jobs: list[BaseJob]
    missing: list[str]
    how: str  # "names a, b" or "tag env=prod", for messages


def find_jobs(ctx: CheckContext, names: Iterable[str] = (), tag: str | None = None) -> JobSelection:
    """Production jobs by exact names, else by a ``key=value`` tag (``key`` alone: tag present).

    Raises ``ValueError`` when neither is given (the caller reports a bad parameter).
    """
    wanted = [n for n in names if n]
    if wanted:
        by_name = list_jobs_by_name(ctx, wanted)
        jobs = [j for n in wanted for j in by_name[n]]
        return JobSelection(jobs, [n for n in wanted if not by_name[n]], "names " + ", ".join(wanted))
    if tag:
        key, _, value = tag.partition("=")
        key, value = key.strip(), value.strip()
        jobs = []
        for job in all_jobs(ctx):
            tags = (job.settings.tags if job.settings else None) or {}
            if key in tags and (not value or str(tags[key]) == value):
                jobs.append(job)
        return JobSelection(jobs, [], f"tag {tag}")
    raise ValueError("set prod_job_names or prod_job_tag")


def job_name(job: BaseJob | Job) -> str:
    return (job.settings.name if job.settings else None) or f"job {job.job_id}"
