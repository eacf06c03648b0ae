"""Every served entity has an explicit size / provisioned concurrency range and does not scale to
zero unless allowed (docs/checks.md#serving_endpoint_scaling)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import ENDPOINT_NAMES

META = CheckMeta(
    id="serving_endpoint_scaling",
    title="Endpoint scaling configured (min/max instances)",
    items=("serving-endpoint-scaling",),
    params=(
        ENDPOINT_NAMES,
        Param(
            "allow_scale_to_zero",
            "bool",
            "Whether production endpoints may scale to zero",
            required=False,
            default="false",
        ),
    ),
    severity="high",
    permission="CAN_VIEW on the serving endpoints",
    remediation=(
        "Set workload_size or min/max_provisioned_concurrency on every served entity and "
        "scale_to_zero_enabled: false for latency-sensitive production endpoints."
    ),
    docs="https://docs.databricks.com/en/machine-learning/model-serving/create-manage-serving-endpoints.html#compute-scale-out",
    resources=("GET /api/2.0/serving-endpoints/{name}",),
)


def _managed_by(entity: Any) -> str | None:
    """Who scales an entity the endpoint does not size: an external model (its provider) or a
    pay-per-token foundation model (Databricks); ``None`` for a custom model."""
    external = getattr(entity, "external_model", None)
    if external is not None:
        provider = getattr(external.provider, "value", external.provider) or "external"
        return f"the external provider ({provider})"
    if getattr(entity, "foundation_model", None) is not None and not (
        getattr(entity, "max_provisioned_throughput", None)
        or getattr(entity, "provisioned_model_units", None)
    ):
        return "Databricks (pay-per-token foundation model)"
    return None


def _entity_scaling(
    entity: Any, name: str, allow_zero: bool, problems: list[str]
) -> dict[str, Any]:
    """One served entity's scaling facts; appends what is wrong with it to ``problems``."""
    label = entity.name or "?"
    managed = _managed_by(entity)
    if managed is not None:  # no workload size or concurrency to set: not a failure
        return {"managed_by": managed, "scale_to_zero_enabled": False}
    size = entity.workload_size
    lo, hi = entity.min_provisioned_concurrency, entity.max_provisioned_concurrency
    # Provisioned-throughput (foundation model) entities scale by tokens/s instead.
    throughput = getattr(entity, "max_provisioned_throughput", None) or getattr(
        entity, "provisioned_model_units", None
    )
    zero = bool(entity.scale_to_zero_enabled)
    if not size and not (lo is not None and hi) and not throughput:
        problems.append(f"{name}/{label} has no workload size or provisioned concurrency range")
    if zero and not allow_zero:
        problems.append(f"{name}/{label} scales to zero")
    return {
        "workload_size": size,
        "min_provisioned_concurrency": lo,
        "max_provisioned_concurrency": hi,
        "scale_to_zero_enabled": zero,
    }


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["endpoint_names"]
    allow_zero: bool = params["allow_scale_to_zero"]
    endpoints: dict[str, Any] = {}
    problems: list[str] = []
    found, _ = resources.endpoints_found(ctx, names)
    for name in names:
        ep = found.get(name)
        if ep is None:
            endpoints[name] = None
            problems.append(f"{name} does not exist")
            continue
        served = resources.served_entities(ep)
        entities = {(e.name or "?"): _entity_scaling(e, name, allow_zero, problems) for e in served}
        if not served:
            problems.append(f"{name} serves no model")
        endpoints[name] = entities
    link = resources.endpoints_link(ctx, names)
    facts = {"endpoints": endpoints, "allow_scale_to_zero": allow_zero}
    if failed := Result.failure("Endpoint scaling", problems, link=link, **facts):
        return failed

    def describe(entity: dict[str, Any]) -> str:
        if entity.get("managed_by"):
            return f"scaled by {entity['managed_by']}"
        lo, hi = entity["min_provisioned_concurrency"], entity["max_provisioned_concurrency"]
        rng = f"{lo}-{hi} concurrency" if hi else f"size {entity['workload_size']}"
        return rng + (", scale to zero" if entity["scale_to_zero_enabled"] else "")

    summary = "; ".join(
        f"{n}/{label} {describe(e)}" for n, ents in endpoints.items() for label, e in ents.items()
    )
    return Result.passed(
        f"Serving endpoints have explicit scaling: {summary}.",
        examined=list(endpoints),
        link=link,
        **facts,
    )
