"""Prediction logging: inference tables are enabled on every production serving endpoint
(docs/checks.md#serving_prediction_logging)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import ENDPOINT_NAMES

if TYPE_CHECKING:
    from databricks.sdk.service.serving import ServingEndpointDetailed

META = CheckMeta(
    id="serving_prediction_logging",
    title="Prediction logging (inference tables) enabled on serving endpoints",
    items=("mpm-prediction-logging",),
    params=(ENDPOINT_NAMES,),
    severity="high",
    permission="CAN_VIEW on the serving endpoints",
    remediation=(
        "Enable inference tables on the endpoint (Serving UI > Edit endpoint > Inference tables, "
        "or ai_gateway.inference_table_config with a catalog and schema) so requests and "
        "responses land in Unity Catalog."
    ),
    docs="https://docs.databricks.com/en/ai-gateway/inference-tables.html",
    resources=("GET /api/2.0/serving-endpoints/{name}",),
)


def inference_tables(ep: ServingEndpointDetailed) -> list[tuple[str, str]]:
    """Where the endpoint logs requests: (table full name, which feature logs it); empty when off."""
    out: list[tuple[str, str]] = []
    gateway = ep.ai_gateway.inference_table_config if ep.ai_gateway else None
    if gateway is not None and gateway.enabled and gateway.catalog_name and gateway.schema_name:
        prefix = gateway.table_name_prefix or ep.name
        out.append((f"{gateway.catalog_name}.{gateway.schema_name}.{prefix}_payload", "AI Gateway"))
    capture = ep.config.auto_capture_config if ep.config else None
    if capture is not None and capture.enabled and capture.catalog_name and capture.schema_name:
        payload = capture.state.payload_table if capture.state else None
        table = (
            payload.name if payload else None
        ) or f"{capture.table_name_prefix or ep.name}_payload"
        out.append((f"{capture.catalog_name}.{capture.schema_name}.{table}", "auto capture"))
    return out


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["endpoint_names"]
    link = resources.endpoints_link(ctx, names)
    logged: dict[str, str | None] = {}
    problems: list[str] = []
    found, _ = resources.endpoints_found(ctx, names)
    for name in names:
        ep = found.get(name)
        if ep is None:
            logged[name] = None
            problems.append(f"{name} does not exist")
            continue
        tables = inference_tables(ep)
        logged[name] = ", ".join(f"{t} ({how})" for t, how in tables) or None
        if not tables:
            problems.append(f"{name} has inference tables disabled")
    if failed := Result.failure(
        "Prediction logging is off",
        problems,
        link=link,
        inference_tables=logged,
    ):
        return failed
    return Result.passed(
        "Requests and responses are logged: "
        + ", ".join(f"{n} -> {t}" for n, t in logged.items())
        + ".",
        examined=list(logged),
        link=link,
        inference_tables=logged,
    )
