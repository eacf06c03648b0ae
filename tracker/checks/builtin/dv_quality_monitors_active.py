"""Data quality metrics are tracked over time: each feature table has an ACTIVE, scheduled quality
monitor whose latest refresh succeeded (reference §3 item 32). Reads Lakehouse Monitoring
(``quality_monitors``, deprecated) first for its refresh history, then the Data Quality Monitors
API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.errors import UNAVAILABLE_CODES
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import TableInfo

META = CheckMeta(
    id="dv_quality_monitors_active",
    title="Quality monitors active and refreshing on feature tables",
    items=("dv-quality-metrics-tracked",),
    params=(Param("feature_tables", "list", "Feature tables, full three-part names (comma-separated)"),),
    severity="high",
    permission="owner of the catalog, or USE_CATALOG + USE_SCHEMA + SELECT on the tables",
    remediation=(
        "Create a data profiling (quality) monitor on each feature table with a schedule "
        "(Catalog Explorer > table > Quality), fix failed refreshes, and unpause paused schedules."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/index.html",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor/refreshes",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
    ),
)


@dataclass
class MonitorFacts:
    """What a table's quality monitor looks like, whichever API answered."""

    source: str | None = None  # "quality_monitors" | "data_quality" | None (no monitor)
    status: str | None = None
    schedule: str | None = None  # cron text, None = no schedule
    paused: bool = False
    latest_refresh: str | None = None  # state of the newest refresh, None = unknown / none
    custom_metrics: list[str] = field(default_factory=list)
    failure: str | None = None

    @property
    def active(self) -> bool:
        return self.status in ("MONITOR_STATUS_ACTIVE", "DATA_PROFILING_STATUS_ACTIVE")

    def as_fact(self) -> dict[str, Any]:
        return {
            "api": self.source,
            "status": self.status,
            "schedule": self.schedule,
            "paused": self.paused,
            "latest_refresh": self.latest_refresh,
            "custom_metrics": self.custom_metrics,
        }


def unavailable(exc: Exception) -> bool:
    return str(getattr(exc, "error_code", "") or "") in UNAVAILABLE_CODES


def table_monitor(ctx: CheckContext, name: str, info: TableInfo, *, refreshes: bool = True) -> MonitorFacts:
    """The table's monitor (``source`` None when it has none). Raises the API's error when
    neither monitoring API is available in the workspace (the runner answers SKIPPED)."""
    from databricks.sdk.errors import DatabricksError, NotFound

    legacy_error: Exception | None = None
    try:
        m = resources.quality_monitor(ctx, name)
    except (NotFound, DatabricksError) as exc:
        if not isinstance(exc, NotFound) and not unavailable(exc):
            raise
        legacy_error = exc
    else:
        facts = MonitorFacts(
            source="quality_monitors",
            status=m.status.value if m.status else None,
            schedule=m.schedule.quartz_cron_expression if m.schedule else None,
            paused=bool(m.schedule and m.schedule.pause_status and m.schedule.pause_status.value == "PAUSED"),
            custom_metrics=[c.name for c in m.custom_metrics or [] if c.name],
            failure=m.latest_monitor_failure_msg,
        )
        if refreshes:
            history = resources.monitor_refreshes(ctx, name)
            facts.latest_refresh = (
                history[0].state.value if history and history[0].state else ("none" if not history else None)
            )
        return facts
    if not info.table_id:
        return MonitorFacts()
    try:
        monitor = resources.data_quality_monitor(ctx, "table", info.table_id)
    except DatabricksError as exc:
        if unavailable(exc):
            if legacy_error is not None and unavailable(legacy_error):
                raise  # neither API exists here: not applicable, not a failure
            return MonitorFacts()
        if isinstance(exc, NotFound):
            return MonitorFacts()
        raise
    cfg = monitor.data_profiling_config
    if cfg is None:
        return MonitorFacts()
    pause = cfg.schedule.pause_status.value if cfg.schedule and cfg.schedule.pause_status else ""
    return MonitorFacts(
        source="data_quality",
        status=cfg.status.value if cfg.status else None,
        schedule=cfg.schedule.quartz_cron_expression if cfg.schedule else None,
        paused=pause.endswith("_PAUSED") and not pause.endswith("UNPAUSED"),
        custom_metrics=[c.name for c in cfg.custom_metrics or [] if c.name],
        failure=cfg.latest_monitor_failure_message,
    )


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    found, missing = resources.tables_found(ctx, names)
    link = resources.tables_link(ctx, names)
    monitors: dict[str, dict[str, Any]] = {}
    problems: list[str] = [f"{n} does not exist" for n in missing]
    for name, info in found.items():
        m = table_monitor(ctx, name, info)
        monitors[name] = m.as_fact()
        if m.source is None:
            problems.append(f"{name} has no quality monitor")
            continue
        if not m.active:
            problems.append(
                f"{name}'s monitor is {m.status or 'in an unknown state'}"
                + (f" ({m.failure})" if m.failure else "")
            )
        if not m.schedule:
            problems.append(f"{name}'s monitor has no schedule")
        elif m.paused:
            problems.append(f"{name}'s monitor schedule is paused")
        if m.latest_refresh not in (None, "SUCCESS"):
            problems.append(f"{name}'s latest refresh is {m.latest_refresh}")
    facts = {"monitors": monitors, "missing_tables": missing}
    if problems:
        return Result.failed("Quality monitoring: " + "; ".join(problems) + ".", link=link, **facts)
    listed = ", ".join(
        f"{n} ({m['schedule']}" + (f", last refresh {m['latest_refresh']})" if m["latest_refresh"] else ")")
        for n, m in monitors.items()
    )
    return Result.passed(f"Quality monitors are active and scheduled: {listed}.", link=link, **facts)
