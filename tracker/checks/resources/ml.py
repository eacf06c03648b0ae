"""Model Serving endpoints, MLflow experiments and runs, registered models, feature store, online tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tracker.checks.model import CheckContext
from tracker.checks.resources.common import found_by_name

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import ModelVersionInfo, OnlineTable, RegisteredModelInfo
    from databricks.sdk.service.ml import (
        Experiment,
        FeatureLineage,
        ModelVersion,
        OnlineStore,
        RegistryWebhook,
        Run,
    )
    from databricks.sdk.service.serving import ServingEndpointDetailed


def serving_endpoint(ctx: CheckContext, name: str) -> ServingEndpointDetailed:
    return ctx.cached(
        ("serving_endpoints.get", name), lambda: ctx.client.serving_endpoints.get(name)
    )


def endpoints_found(
    ctx: CheckContext, names: Iterable[str]
) -> tuple[dict[str, ServingEndpointDetailed], list[str]]:
    """The named serving endpoints (name -> endpoint) and the names that do not exist. An
    unavailable API raises (``if_exists``): the runner answers SKIPPED."""
    return found_by_name(serving_endpoint, ctx, names)


def served_entities(ep: ServingEndpointDetailed) -> list[Any]:
    """What the endpoint serves: its served entities, then its (older) served models."""
    config = ep.config
    return [
        *((config.served_entities if config else None) or []),
        *((config.served_models if config else None) or []),
    ]


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


def registry_webhooks(ctx: CheckContext) -> list[RegistryWebhook]:
    """Workspace model registry webhooks (legacy registry: transition requests and approvals)."""
    return ctx.cached(
        ("model_registry.list_webhooks",), lambda: list(ctx.client.model_registry.list_webhooks())
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
