"""Workspace resources that several checks read, fetched once per run through ``ctx.cached``.

Every helper materialises the SDK's lazy list iterators *inside* the cached fetch, so errors
surface (and are cached) there, and a second check reading the same resource makes no request.
Errors are not caught here (``if_exists`` turns a ``NotFound`` into ``None`` when asked to): the
runner maps them (``tracker.checks.errors``). Helpers return SDK dataclasses; the SDK is imported
inside the fetch functions only. Links into the workspace UI are at the end.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

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

P = ParamSpec("P")
T = TypeVar("T")

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


def schema_securables(ctx: CheckContext, catalog: str, schema: str) -> list[tuple[str, str]]:
    """(securable type, full name) of every table, volume and registered model in a schema, for
    the grants API. Registered models are ``function`` securables there (assumed from the
    grants API reference's securable types, which list no ``registered_model``)."""

    def fetch() -> list[tuple[str, str]]:
        api = ctx.client
        found = [
            ("table", t.full_name)
            for t in api.tables.list(
                catalog_name=catalog, schema_name=schema, omit_columns=True, omit_properties=True
            )
        ]
        found += [("volume", v.full_name) for v in api.volumes.list(catalog, schema)]
        found += [
            ("function", m.full_name)
            for m in api.registered_models.list(catalog_name=catalog, schema_name=schema)
        ]
        return [(kind, name) for kind, name in found if name]

    return ctx.cached(("schema.securables", catalog.lower(), schema.lower()), fetch)


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
            resp = ctx.client.grants.get(securable_type, full_name, max_results=0, page_token=token)
            out.extend(resp.privilege_assignments or [])
            token = resp.next_page_token
            if not token:
                break
        return out

    return ctx.cached(("grants.get", securable_type.lower(), full_name.lower()), fetch)


READABLE_BY_SELECT = "readable by SELECT"  # decided by a query, not the (admin-only) list
SYSTEM_SCHEMA_ENABLED = frozenset({"ENABLE_COMPLETED", "MANAGED", READABLE_BY_SELECT})
"""System schema states that mean enabled (``MANAGED``: enabled and managed by Databricks)."""


AUDIT_PROBE_SQL = "SELECT 1 AS one FROM system.access.audit LIMIT 1"


def access_schema_state(ctx: CheckContext, warehouse: str | None) -> str | None:
    """State of the ``access`` system schema. Listing system schemas needs a metastore admin;
    for anyone else a SELECT on ``system.access.audit`` through ``warehouse`` decides: it
    answers (``READABLE_BY_SELECT``), or the table does not exist (not enabled). Without a
    warehouse, or when the SELECT is denied too, the listing's PermissionDenied is raised."""
    from databricks.sdk.errors import PermissionDenied

    denied: PermissionDenied | None = None
    try:
        return metastore_system_schemas(ctx).get("access")
    except PermissionDenied as exc:
        if not warehouse:
            raise
        denied = exc
    outcome = run_statement(ctx, AUDIT_PROBE_SQL, warehouse)
    if outcome.succeeded:
        return READABLE_BY_SELECT
    if re.search(r"TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND|does not exist", outcome.error or ""):
        return "not found by SELECT"
    raise denied


def metastore_system_schemas(ctx: CheckContext) -> dict[str, str | None]:
    """System schema name -> state (e.g. ``access`` -> ``ENABLE_COMPLETED``) of the current
    metastore."""

    def fetch() -> dict[str, str | None]:
        metastore_id = current_metastore(ctx).metastore_id or ""
        infos: list[SystemSchemaInfo] = list(ctx.client.system_schemas.list(metastore_id))
        return {
            str(i.schema): (i.state.value if hasattr(i.state, "value") else i.state)  # type: ignore[union-attr]
            for i in infos
            if i.schema
        }

    return ctx.cached(("system_schemas.list",), fetch)


# --- serving --------------------------------------------------------------------------------


def serving_endpoint(ctx: CheckContext, name: str) -> ServingEndpointDetailed:
    return ctx.cached(
        ("serving_endpoints.get", name), lambda: ctx.client.serving_endpoints.get(name)
    )


def endpoints_found(
    ctx: CheckContext, names: Iterable[str]
) -> tuple[dict[str, ServingEndpointDetailed], list[str]]:
    """The named serving endpoints (name -> endpoint) and the names that do not exist. An
    unavailable API raises (``if_exists``): the runner answers SKIPPED."""
    return _found(serving_endpoint, ctx, names)


def served_entities(ep: ServingEndpointDetailed) -> list[Any]:
    """What the endpoint serves: its served entities, then its (older) served models."""
    config = ep.config
    return [
        *((config.served_entities if config else None) or []),
        *((config.served_models if config else None) or []),
    ]


# --- MLflow, model registry, feature store, online tables, alerts, workspace files ----------

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import ModelVersionInfo, OnlineTable, RegisteredModelInfo
    from databricks.sdk.service.jobs import BaseRun
    from databricks.sdk.service.ml import (
        Experiment,
        FeatureLineage,
        ModelVersion,
        OnlineStore,
        Run,
    )
    from databricks.sdk.service.sql import AlertV2
    from databricks.sdk.service.workspace import ObjectInfo


def experiment_by_name(ctx: CheckContext, path: str) -> Experiment | None:
    """The MLflow experiment at ``path`` (``NotFound`` when there is none)."""
    return ctx.cached(
        ("experiments.get_by_name", path),
        lambda: ctx.client.experiments.get_by_name(path).experiment,
    )


def latest_run(ctx: CheckContext, experiment_id: str, *, finished_only: bool = False) -> Run | None:
    """The most recently started (optionally FINISHED) run of an experiment; one page only."""

    def fetch() -> Run | None:
        runs = ctx.client.experiments.search_runs(
            experiment_ids=[experiment_id],
            filter="attributes.status = 'FINISHED'" if finished_only else None,
            max_results=1,
            order_by=["attributes.start_time DESC"],
        )
        return next(iter(runs), None)

    return ctx.cached(("experiments.search_runs.latest", experiment_id, finished_only), fetch)


def registered_model(ctx: CheckContext, full_name: str) -> RegisteredModelInfo:
    """A Unity Catalog registered model with its aliases."""
    return ctx.cached(
        ("registered_models.get", full_name.lower()),
        lambda: ctx.client.registered_models.get(full_name, include_aliases=True),
    )


def model_versions(ctx: CheckContext, full_name: str) -> list[ModelVersionInfo]:
    """Every version of a Unity Catalog model, newest first."""

    def fetch() -> list[ModelVersionInfo]:
        found = list(ctx.client.model_versions.list(full_name))
        return sorted(found, key=lambda v: v.version or 0, reverse=True)

    return ctx.cached(("model_versions.list", full_name.lower()), fetch)


def latest_model_versions(
    ctx: CheckContext, name: str, stages: list[str] | None = None
) -> list[ModelVersion]:
    """The latest version per stage of a legacy workspace-registry model (``stages``: only these;
    ``None``: every stage)."""
    return ctx.cached(
        ("model_registry.get_latest_versions", name, tuple(stages or ())),
        lambda: list(ctx.client.model_registry.get_latest_versions(name, stages=stages)),
    )


def model_version(ctx: CheckContext, full_name: str, version: int) -> ModelVersionInfo:
    """One Unity Catalog model version (with its recorded dependencies)."""
    return ctx.cached(
        ("model_versions.get", full_name.lower(), int(version)),
        lambda: ctx.client.model_versions.get(full_name, int(version)),
    )


def feature_lineage(ctx: CheckContext, table_name: str, feature_name: str) -> FeatureLineage:
    """Models, feature specs and online features that use one feature of a feature table."""
    return ctx.cached(
        ("materialized_features.get_feature_lineage", table_name.lower(), feature_name),
        lambda: ctx.client.materialized_features.get_feature_lineage(table_name, feature_name),
    )


def online_table(ctx: CheckContext, name: str) -> OnlineTable:
    return ctx.cached(
        ("online_tables.get", name.lower()), lambda: ctx.client.online_tables.get(name)
    )


def online_store(ctx: CheckContext, name: str) -> OnlineStore:
    return ctx.cached(
        ("feature_store.get_online_store", name),
        lambda: ctx.client.feature_store.get_online_store(name),
    )


def mentions(text: str | None, name: str) -> bool:
    """``name`` appears in ``text`` as a whole name, case-insensitively: ``churn-prod`` is not
    in ``churn-prod-v2`` nor ``churn_prod`` in ``churn_prod_v2`` (letters, digits, ``_`` and
    ``-`` continue a name; a ``.`` may qualify it: ``monitoring.churn_prod_payload``)."""
    if not text or not name:
        return False
    pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-]|\.\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def alerts(ctx: CheckContext) -> list[AlertV2]:
    """SQL alerts (v2) the caller can see."""
    return ctx.cached(("alerts_v2.list_alerts",), lambda: list(ctx.client.alerts_v2.list_alerts()))


def workspace_object(ctx: CheckContext, path: str) -> ObjectInfo:
    """Status of a workspace file or folder (``NotFound`` when it does not exist)."""
    return ctx.cached(("workspace.get_status", path), lambda: ctx.client.workspace.get_status(path))


def recent_job_runs(ctx: CheckContext, job_id: int, limit: int = 25) -> list[BaseRun]:
    """The latest completed runs of a job (one page, newest first)."""

    def fetch() -> list[BaseRun]:
        runs = ctx.client.jobs.list_runs(job_id=int(job_id), completed_only=True, limit=limit)
        out: list[BaseRun] = []
        for run in runs:  # the iterator pages on; one page is enough
            out.append(run)
            if len(out) >= limit:
                break
        return out

    return ctx.cached(("jobs.list_runs", int(job_id), limit), fetch)


# --- workspace, identity, secrets -----------------------------------------------------------


def secret_scopes(ctx: CheckContext) -> list[SecretScope]:
    return ctx.cached(("secrets.list_scopes",), lambda: list(ctx.client.secrets.list_scopes()))


def secrets(ctx: CheckContext, scope: str) -> list[SecretMetadata]:
    """Secret keys (never values) in a scope."""
    return ctx.cached(
        ("secrets.list_secrets", scope), lambda: list(ctx.client.secrets.list_secrets(scope))
    )


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

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by lower-case column name."""
        columns = [c.lower() for c in self.columns]
        return [dict(zip(columns, row, strict=False)) for row in self.rows]

    def failure(self, what: str) -> str:
        """The message of the ERROR a check returns when the statement did not succeed:
        ``"<what> did not succeed (<state>): <error>"``."""
        return f"{what} did not succeed ({self.state}): {self.error or 'no error message'}"

    def scalar_int(self, *, empty: int | None = 0) -> int:
        """The first cell as an integer (a count), ``empty`` when there is no row (``empty=None``:
        ``ValueError``). ``ValueError`` / ``TypeError`` when the cell is not a number."""
        if not self.rows or not self.rows[0]:
            if empty is None:
                raise ValueError("the statement returned no row")
            return empty
        return int(float(self.rows[0][0]))


def parse_timestamp(value: Any) -> datetime | None:
    """An ISO-8601 timestamp (a SQL TIMESTAMP as the Statement Execution API returns it, or an
    API's timestamp string) in UTC; ``None`` when there is none or it does not parse."""
    if value is None:
        return None
    text = str(value).strip().replace(" ", "T", 1)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


MAX_RESULT_CHUNKS = 1000  # a bound on a result's pages (the API caps a result at 100 MiB)


def _all_rows(api: Any, resp: Any) -> list[list[Any]]:
    """Every row of a finished statement: the first chunk comes with the answer, the others are
    read while ``next_chunk_index`` says there are more (large results arrive in chunks)."""
    result = resp.result
    rows: list[list[Any]] = []
    for _ in range(MAX_RESULT_CHUNKS):
        if result is None:
            break
        rows.extend(list(r) for r in result.data_array or [])
        if result.next_chunk_index is None or not resp.statement_id:
            break
        result = api.get_statement_result_chunk_n(resp.statement_id, result.next_chunk_index)
    return rows


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
        rows = _all_rows(api, resp)
        return StatementOutcome(
            state=state, columns=columns, rows=rows, error=error, statement_id=resp.statement_id
        )

    key = ("sql", warehouse_id, statement, tuple(sorted(params.items())))
    return ctx.cached(key, fetch)


# --- infrastructure & data quality: identity, pools, policies, warehouses, tables, monitors ---

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import MetastoreAssignment, MonitorInfo, MonitorRefreshInfo
    from databricks.sdk.service.compute import (
        ClusterCompliance,
        ClusterSpec,
        InstancePoolAndStats,
        Policy,
    )
    from databricks.sdk.service.dataquality import Monitor
    from databricks.sdk.service.iam import ServicePrincipal
    from databricks.sdk.service.pipelines import PipelineStateInfo
    from databricks.sdk.service.sql import GetWarehouseResponse


def current_metastore(ctx: CheckContext) -> MetastoreAssignment:
    """The metastore assignment of the workspace (metastore id, workspace id)."""
    return ctx.cached(("metastores.current",), ctx.client.metastores.current)


SCIM_PAGE = 10000  # what the SDK asks for; the server may cap it


def _scim_list(ctx: CheckContext, path: str) -> list[dict[str, Any]]:
    """Every resource of a SCIM list, paged with ``startIndex``/``count``. Unlike the SDK's
    iterator, which always asks for one more (empty) page to find the end, this stops once
    ``totalResults`` resources arrived: one request for a list that fits in one page."""
    headers = {"Accept": "application/json"}
    workspace_id = getattr(ctx.client.config, "workspace_id", None)
    if workspace_id:
        headers["X-Databricks-Workspace-Id"] = str(workspace_id)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    start = 1
    for _ in range(10_000):  # a bound, in case a server never stops
        page = ctx.client.api_client.do(
            "GET", path, query={"startIndex": start, "count": SCIM_PAGE}, headers=headers
        )
        found = (page.get("Resources") if isinstance(page, Mapping) else None) or []
        for res in found:
            key = str(res.get("id"))
            if key not in seen:  # the SDK deduplicates too (lists may shift while paging)
                seen.add(key)
                out.append(res)
        start += len(found)
        total = page.get("totalResults") if isinstance(page, Mapping) else None
        if not found or (isinstance(total, int) and start > total):
            break
    return out


def service_principals(ctx: CheckContext) -> list[ServicePrincipal]:
    """Workspace service principals (SCIM, paged with ``startIndex``)."""

    def fetch() -> list[ServicePrincipal]:
        from databricks.sdk.service.iam import ServicePrincipal

        path = "/api/2.0/preview/scim/v2/ServicePrincipals"
        return [ServicePrincipal.from_dict(r) for r in _scim_list(ctx, path)]

    return ctx.cached(("service_principals.list",), fetch)


def instance_pools(ctx: CheckContext) -> list[InstancePoolAndStats]:
    return ctx.cached(("instance_pools.list",), lambda: list(ctx.client.instance_pools.list()))


def cluster_policies(ctx: CheckContext) -> list[Policy]:
    """Cluster policies the caller can see (all of them for a workspace admin)."""
    return ctx.cached(("cluster_policies.list",), lambda: list(ctx.client.cluster_policies.list()))


def policy_compliance(ctx: CheckContext, policy_id: str) -> list[ClusterCompliance]:
    return ctx.cached(
        ("policy_compliance.list_compliance", policy_id),
        lambda: list(ctx.client.policy_compliance_for_clusters.list_compliance(policy_id)),
    )


def warehouse(ctx: CheckContext, warehouse_id: str) -> GetWarehouseResponse:
    return ctx.cached(
        ("warehouses.get", warehouse_id), lambda: ctx.client.warehouses.get(warehouse_id)
    )


def pipelines(ctx: CheckContext) -> list[PipelineStateInfo]:
    return ctx.cached(("pipelines.list",), lambda: list(ctx.client.pipelines.list_pipelines()))


def quality_monitor(ctx: CheckContext, table_name: str) -> MonitorInfo:
    """The (legacy, deprecated) Lakehouse Monitoring monitor of a table; ``NotFound`` if none."""
    return ctx.cached(
        ("quality_monitors.get", table_name.lower()),
        lambda: ctx.client.quality_monitors.get(table_name),
    )


def monitor_refreshes(ctx: CheckContext, table_name: str) -> list[MonitorRefreshInfo]:
    """Refreshes of a table's legacy monitor, newest first."""

    def fetch() -> list[MonitorRefreshInfo]:
        found = ctx.client.quality_monitors.list_refreshes(table_name).refreshes or []
        return sorted(found, key=lambda r: (r.start_time_ms or 0, r.refresh_id or 0), reverse=True)

    return ctx.cached(("quality_monitors.list_refreshes", table_name.lower()), fetch)


def data_quality_monitor(ctx: CheckContext, object_type: str, object_id: str) -> Monitor:
    """A Data Quality Monitors API monitor (``object_id``: the table_id / schema_id UUID)."""
    return ctx.cached(
        ("data_quality.get_monitor", object_type, object_id),
        lambda: ctx.client.data_quality.get_monitor(object_type, object_id),
    )


def _found(
    read: Callable[[CheckContext, str], T], ctx: CheckContext, names: Iterable[str]
) -> tuple[dict[str, T], list[str]]:
    """``read`` each name: (name -> what was found, the names that do not exist)."""
    found: dict[str, T] = {}
    missing: list[str] = []
    for name in names:
        value = if_exists(read, ctx, name)
        if value is None:
            missing.append(name)
        else:
            found[name] = value
    return found, missing


def tables_found(ctx: CheckContext, names: Iterable[str]) -> tuple[dict[str, TableInfo], list[str]]:
    """The named tables (full name -> TableInfo) and the names that do not exist. An unavailable
    API raises (``if_exists``): the runner answers SKIPPED."""
    return _found(table, ctx, names)


_IDENTIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def quote_table_name(full_name: str) -> str:
    """```catalog`.`schema`.`table``` for SQL text. Identifiers cannot be bound as parameters, so
    the name is checked strictly first (three parts of letters, digits, ``_`` and ``-``);
    ``ValueError`` otherwise."""
    parts = full_name.strip().split(".")
    if len(parts) != 3 or any(not p or not set(p) <= _IDENTIFIER_CHARS for p in parts):
        raise ValueError(f"not a plain three-part table name: {full_name!r}")
    return ".".join(f"`{p}`" for p in parts)


def job_clusters(job: Job) -> list[tuple[str, ClusterSpec]]:
    """Every new cluster a job defines, labelled ``job name/key``: shared job clusters and
    per-task clusters (serverless tasks and existing clusters have none)."""
    settings = job.settings
    if settings is None:
        return []
    name = job_name(job)
    out = [
        (f"{name}/{jc.job_cluster_key}", jc.new_cluster)
        for jc in settings.job_clusters or []
        if jc.new_cluster is not None
    ]
    out.extend(
        (f"{name}/{t.task_key}", t.new_cluster)
        for t in settings.tasks or []
        if t.new_cluster is not None
    )
    return out


# --- monitoring, alerting and governance: destinations, dashboards, monitors, tags, history ---

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import EntityTagAssignment
    from databricks.sdk.service.dashboards import Dashboard, Schedule
    from databricks.sdk.service.dataclassification import CatalogConfig
    from databricks.sdk.service.ml import RegistryWebhook
    from databricks.sdk.service.settings import ListNotificationDestinationsResult
    from databricks.sdk.service.sql import QueryInfo


def unavailable(exc: BaseException) -> bool:
    """The API is not available here (feature disabled, not rolled out): the runner's SKIPPED
    codes. A check that only *adds* a fact from such an API records "unavailable" instead."""
    from tracker.checks.errors import UNAVAILABLE_CODES

    return str(getattr(exc, "error_code", "") or "") in UNAVAILABLE_CODES


def if_exists(read: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T | None:
    """``read(*args, **kwargs)``, or ``None`` when the resource does not exist (``NotFound``).

    An API that is not available here also answers with a ``NotFound`` subclass
    (``ENDPOINT_NOT_FOUND``, ...): that one is raised on, so the runner answers SKIPPED rather
    than the check reporting a missing resource. E.g.
    ``resources.if_exists(resources.serving_endpoint, ctx, name)``.
    """
    from databricks.sdk.errors import NotFound

    try:
        return read(*args, **kwargs)
    except NotFound as exc:
        if unavailable(exc):
            raise
        return None


def notification_destinations(ctx: CheckContext) -> list[ListNotificationDestinationsResult]:
    """Notification destinations (Slack, e-mail, PagerDuty, Teams, webhooks); no secrets."""
    return ctx.cached(
        ("notification_destinations.list",),
        lambda: list(ctx.client.notification_destinations.list()),
    )


def lakeview_dashboards(ctx: CheckContext) -> list[Dashboard]:
    """AI/BI (Lakeview) dashboards the caller can see, trashed ones excluded."""
    return ctx.cached(("lakeview.list",), lambda: list(ctx.client.lakeview.list()))


def dashboard_schedules(ctx: CheckContext, dashboard_id: str) -> list[Schedule]:
    return ctx.cached(
        ("lakeview.list_schedules", dashboard_id),
        lambda: list(ctx.client.lakeview.list_schedules(dashboard_id)),
    )


def registry_webhooks(ctx: CheckContext) -> list[RegistryWebhook]:
    """Workspace model registry webhooks (legacy registry: transition requests and approvals)."""
    return ctx.cached(
        ("model_registry.list_webhooks",), lambda: list(ctx.client.model_registry.list_webhooks())
    )


def entity_tags(ctx: CheckContext, entity_type: str, entity_name: str) -> list[EntityTagAssignment]:
    """Governed tags on a UC entity (``entity_type``: tables, columns, schemas, catalogs)."""
    return ctx.cached(
        ("entity_tag_assignments.list", entity_type, entity_name.lower()),
        lambda: list(ctx.client.entity_tag_assignments.list(entity_type, entity_name)),
    )


def catalog_classification(ctx: CheckContext, catalog_name: str) -> CatalogConfig:
    """The catalog's data classification (auto-tagging) config; ``NotFound`` if never set."""
    name = f"catalogs/{catalog_name}/config"
    return ctx.cached(
        ("data_classification.get_catalog_config", name.lower()),
        lambda: ctx.client.data_classification.get_catalog_config(name),
    )


def serving_metrics_text(ctx: CheckContext, endpoint_name: str) -> str:
    """The endpoint's metrics in Prometheus text format."""

    def fetch() -> str:
        contents = ctx.client.serving_endpoints.export_metrics(endpoint_name).contents
        if contents is None:
            return ""
        raw = contents.read()
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)

    return ctx.cached(("serving_endpoints.export_metrics", endpoint_name), fetch)


def query_history(
    ctx: CheckContext, warehouse_id: str, days: int, max_queries: int = 1000
) -> list[QueryInfo]:
    """Queries run on a warehouse in the last ``days`` days (with metrics), newest first, at most
    ``max_queries``. ``query_history.list`` returns one page: we follow ``next_page_token``."""

    def fetch() -> list[QueryInfo]:
        from databricks.sdk.service.sql import QueryFilter, TimeRange

        start_ms = int((time.time() - days * 86400) * 1000)
        flt = QueryFilter(
            warehouse_ids=[warehouse_id], query_start_time_range=TimeRange(start_time_ms=start_ms)
        )
        out: list[QueryInfo] = []
        token: str | None = None
        while len(out) < max_queries:
            resp = ctx.client.query_history.list(
                filter_by=flt,
                include_metrics=True,
                max_results=min(1000, max_queries),
                page_token=token,
            )
            out.extend(resp.res or [])
            token = resp.next_page_token
            if not token or not resp.has_next_page:
                break
        return out[:max_queries]

    return ctx.cached(("query_history.list", warehouse_id, int(days), max_queries), fetch)


@dataclass(frozen=True, slots=True)
class TableMonitor:
    """A table's profiling monitor, from the legacy Lakehouse Monitoring API or the newer Data
    Quality Monitors API (reference §2.7: support both), in one shape."""

    table: str
    api: str  # "quality_monitors" | "data_quality"
    status: str | None  # ACTIVE, PENDING, ERROR, FAILED, DELETE_PENDING
    schedule: str | None = None  # quartz cron expression
    schedule_paused: bool = False
    profile_metrics_table: str | None = None
    drift_metrics_table: str | None = None
    baseline_table: str | None = None
    inference_log: dict[str, Any] | None = None  # problem_type, prediction/label/model_id columns
    custom_metrics: tuple[str, ...] = ()
    failure: str | None = None
    table_id: str | None = None  # the Data Quality API's object id

    @property
    def active(self) -> bool:
        return self.status == "ACTIVE"

    @property
    def scheduled(self) -> bool:
        return bool(self.schedule) and not self.schedule_paused

    def facts(self) -> dict[str, Any]:
        return {
            "api": self.api,
            "status": self.status,
            "schedule": self.schedule,
            "schedule_paused": self.schedule_paused,
            "drift_metrics_table": self.drift_metrics_table,
            "profile_metrics_table": self.profile_metrics_table,
            "custom_metrics": list(self.custom_metrics),
            "inference_log": self.inference_log,
            "failure": self.failure,
        }


def _enum_text(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


def _monitor_status(value: Any) -> str | None:
    text = _enum_text(value)
    if text is None:
        return None
    for prefix in ("MONITOR_STATUS_", "DATA_PROFILING_STATUS_"):
        text = text.removeprefix(prefix)
    return text


def _legacy_table_monitor(legacy: MonitorInfo, full_name: str) -> TableMonitor:
    schedule = legacy.schedule
    log = legacy.inference_log
    return TableMonitor(
        table=full_name,
        api="quality_monitors",
        status=_monitor_status(legacy.status),
        schedule=schedule.quartz_cron_expression if schedule else None,
        schedule_paused=bool(schedule and _enum_text(schedule.pause_status) == "PAUSED"),
        profile_metrics_table=legacy.profile_metrics_table_name,
        drift_metrics_table=legacy.drift_metrics_table_name,
        baseline_table=legacy.baseline_table_name,
        inference_log=None
        if log is None
        else {
            "problem_type": _enum_text(log.problem_type),
            "prediction_col": log.prediction_col,
            "label_col": log.label_col,
            "model_id_col": log.model_id_col,
            "timestamp_col": log.timestamp_col,
        },
        custom_metrics=tuple(m.name for m in legacy.custom_metrics or [] if m.name),
        failure=legacy.latest_monitor_failure_msg,
    )


def _data_quality_table_monitor(monitor: Monitor, full_name: str) -> TableMonitor | None:
    cfg = monitor.data_profiling_config
    if cfg is None:
        return None
    cron = cfg.schedule
    log2 = cfg.inference_log
    return TableMonitor(
        table=full_name,
        api="data_quality",
        status=_monitor_status(cfg.status),
        schedule=cron.quartz_cron_expression if cron else None,
        schedule_paused=bool(cron and (_enum_text(cron.pause_status) or "").endswith("_PAUSED")),
        profile_metrics_table=cfg.profile_metrics_table_name,
        drift_metrics_table=cfg.drift_metrics_table_name,
        baseline_table=cfg.baseline_table_name,
        inference_log=None
        if log2 is None
        else {
            "problem_type": _enum_text(log2.problem_type),
            "prediction_col": log2.prediction_column,
            "label_col": log2.label_column,
            "model_id_col": log2.model_id_column,
            "timestamp_col": log2.timestamp_column,
        },
        custom_metrics=tuple(m.name for m in cfg.custom_metrics or [] if m.name),
        failure=cfg.latest_monitor_failure_message,
    )


def table_monitor(
    ctx: CheckContext, full_name: str, table_id: str | None = None
) -> TableMonitor | None:
    """The table's monitor, or ``None`` when it has none. Tries the legacy API, then (with the
    table's UUID) the Data Quality API; when both APIs are unavailable the first error is raised
    (the runner answers SKIPPED). Refreshes are read from the Data Quality API first
    (``monitor_refresh_states``)."""
    from dataclasses import replace

    from databricks.sdk.errors import NotFound
    from databricks.sdk.errors.base import DatabricksError

    first_unavailable: BaseException | None = None
    try:
        legacy = quality_monitor(ctx, full_name)
    except DatabricksError as exc:
        if not (unavailable(exc) or isinstance(exc, NotFound)):
            raise
        if unavailable(exc):
            first_unavailable = exc
    else:
        return replace(_legacy_table_monitor(legacy, full_name), table_id=table_id)
    if not table_id:
        if first_unavailable is not None:
            raise first_unavailable
        return None
    try:
        monitor = data_quality_monitor(ctx, "table", table_id)
    except DatabricksError as exc:
        if unavailable(exc):
            if first_unavailable is not None:
                raise first_unavailable from None
            return None  # the legacy API answered: the table has no monitor
        if isinstance(exc, NotFound):
            return None
        raise
    found = _data_quality_table_monitor(monitor, full_name)
    return None if found is None else replace(found, table_id=table_id)


FINISHED_REFRESH_STATES = frozenset({"SUCCESS", "FAILED", "CANCELED"})


def monitor_refresh_states(
    ctx: CheckContext, monitor: TableMonitor
) -> list[tuple[str, int | None]]:
    """The monitor's refreshes, newest first, as (state, start time ms), states without the Data
    Quality API's ``MONITOR_REFRESH_STATE_`` prefix (PENDING, RUNNING, SUCCESS ...). Read from the
    Data Quality API where the SDK has it (``quality_monitors`` is deprecated), else (or when that
    API is unavailable here) from the legacy API."""
    from databricks.sdk.errors import NotFound
    from databricks.sdk.errors.base import DatabricksError

    table_id = monitor.table_id
    if table_id and hasattr(ctx.client, "data_quality"):

        def fetch() -> list[tuple[str, int | None]]:
            found = list(ctx.client.data_quality.list_refresh("table", table_id))
            found.sort(key=lambda r: (r.start_time_ms or 0, r.refresh_id or 0), reverse=True)
            prefix = "MONITOR_REFRESH_STATE_"
            return [
                ((_enum_text(r.state) or "UNKNOWN").removeprefix(prefix), r.start_time_ms)
                for r in found
            ]

        try:
            return ctx.cached(("data_quality.list_refresh", "table", table_id), fetch)
        except DatabricksError as exc:
            if not (unavailable(exc) or isinstance(exc, NotFound)):
                raise
    return [
        (_enum_text(r.state) or "UNKNOWN", r.start_time_ms)
        for r in monitor_refreshes(ctx, monitor.table)
    ]


def table_monitors(
    ctx: CheckContext, tables: Mapping[str, TableInfo], *, skip_unavailable: bool = False
) -> dict[str, TableMonitor | None]:
    """Each table's monitor (``table_monitor``; ``None``: the table has none), keyed like
    ``tables`` (e.g. the tables of ``tables_found``). When the monitoring APIs are unavailable
    this raises (the runner answers SKIPPED), or with ``skip_unavailable`` leaves that table out."""
    from databricks.sdk.errors.base import DatabricksError

    out: dict[str, TableMonitor | None] = {}
    for name, info in tables.items():
        try:
            out[name] = table_monitor(ctx, name, info.table_id)
        except DatabricksError as exc:
            if not (skip_unavailable and unavailable(exc)):
                raise
    return out


def job_trigger(job: BaseJob | Job) -> tuple[str | None, bool]:
    """How a job starts on its own: (``"schedule <cron>"``, ``"trigger periodic"``,
    ``"continuous"`` or ``None``; whether that is paused)."""
    s = job.settings
    if s is None:
        return None, False
    if s.continuous is not None:
        return "continuous", _enum_text(s.continuous.pause_status) == "PAUSED"
    if s.trigger is not None:
        t = s.trigger
        kinds = [
            k
            for k in ("periodic", "table_update", "file_arrival", "model", "job_completion")
            if getattr(t, k, None) is not None
        ]
        label = "trigger " + (", ".join(kinds) or "unknown")
        if t.periodic is not None:
            label += f" (every {t.periodic.interval} {_enum_text(t.periodic.unit) or ''})".rstrip()
        return label, _enum_text(t.pause_status) == "PAUSED"
    if s.schedule is not None:
        label = f"schedule {s.schedule.quartz_cron_expression or '?'}"
        return label, _enum_text(s.schedule.pause_status) == "PAUSED"
    return None, False


# --- all jobs (for selecting production jobs by tag: ``tracker.checks.selection``) -----------


def all_jobs(ctx: CheckContext) -> list[BaseJob]:
    """Every job the caller can see (summaries: settings without tasks)."""
    return ctx.cached(("jobs.list",), lambda: list(ctx.client.jobs.list()))


def job_name(job: BaseJob | Job) -> str:
    return (job.settings.name if job.settings else None) or f"job {job.job_id}"


# --- UI links -------------------------------------------------------------------------------


def explore_link(ctx: CheckContext, full_names: list[str]) -> str:
    """Catalog Explorer link: the table when there is one, else the first table's schema (none:
    Catalog Explorer itself)."""
    parts = (full_names[0] if full_names else "").split(".")
    path = [p for p in (parts if len(full_names) == 1 else parts[:2]) if p]
    return ctx.ui_link("/".join(["/explore/data", *path]))


def warehouse_link(ctx: CheckContext, warehouse_id: str) -> str:
    """The SQL warehouse's page (where a failed statement's query history is)."""
    return ctx.ui_link(f"/sql/warehouses/{warehouse_id}")


def endpoints_link(ctx: CheckContext, names: list[str]) -> str:
    """The serving endpoint's page when one is named, else the endpoints list."""
    return (
        ctx.ui_link(f"/ml/endpoints/{names[0]}")
        if len(names) == 1
        else ctx.ui_link("/ml/endpoints")
    )


def model_link(ctx: CheckContext, full_name: str) -> str:
    """Catalog Explorer page of a Unity Catalog model (``catalog.schema.model``)."""
    return ctx.ui_link("/explore/data/models/" + full_name.replace(".", "/"))


def models_link(ctx: CheckContext, names: list[str]) -> str:
    """The Unity Catalog model's page when one is named, else the models list."""
    return model_link(ctx, names[0]) if len(names) == 1 else ctx.ui_link("/ml/models")


def experiment_link(ctx: CheckContext, experiment_id: str | None) -> str:
    """The MLflow experiment's page, or the experiments list when there is no single one."""
    return (
        ctx.ui_link(f"/ml/experiments/{experiment_id}")
        if experiment_id
        else ctx.ui_link("/ml/experiments")
    )
