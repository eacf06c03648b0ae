"""Table monitors in one shape, from the Data Quality API or the legacy Lakehouse Monitoring API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.checks.model import CheckContext
from tracker.checks.resources.common import enum_text, unavailable

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import MonitorInfo, MonitorRefreshInfo, TableInfo
    from databricks.sdk.service.dataquality import Monitor


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


@dataclass(frozen=True, slots=True)
class TableMonitor:
    """A table's profiling monitor, from the legacy Lakehouse Monitoring API or the newer Data
    Quality Monitors API (docs/checks.md#sdk-traps: support both), in one shape."""

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


def _monitor_status(value: Any) -> str | None:
    text = enum_text(value)
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
        schedule_paused=bool(schedule and enum_text(schedule.pause_status) == "PAUSED"),
        profile_metrics_table=legacy.profile_metrics_table_name,
        drift_metrics_table=legacy.drift_metrics_table_name,
        baseline_table=legacy.baseline_table_name,
        inference_log=None
        if log is None
        else {
            "problem_type": enum_text(log.problem_type),
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
        schedule_paused=bool(cron and (enum_text(cron.pause_status) or "").endswith("_PAUSED")),
        profile_metrics_table=cfg.profile_metrics_table_name,
        drift_metrics_table=cfg.drift_metrics_table_name,
        baseline_table=cfg.baseline_table_name,
        inference_log=None
        if log2 is None
        else {
            "problem_type": enum_text(log2.problem_type),
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
                ((enum_text(r.state) or "UNKNOWN").removeprefix(prefix), r.start_time_ms)
                for r in found
            ]

        try:
            return ctx.cached(("data_quality.list_refresh", "table", table_id), fetch)
        except DatabricksError as exc:
            if not (unavailable(exc) or isinstance(exc, NotFound)):
                raise
    return [
        (enum_text(r.state) or "UNKNOWN", r.start_time_ms)
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
