"""The production model versions were trained on feature tables through FeatureLookup
(docs/checks.md#fsi_model_feature_dependencies; evidence only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import ModelVersionInfo

META = CheckMeta(
    id="fsi_model_feature_dependencies",
    title="Training sets built with FeatureLookup",
    items=("fsi-training-sets-feature-lookup",),
    params=(
        Param("model_names", "list", "Unity Catalog models (full names)"),
        Param(
            "feature_tables",
            "list",
            "Feature tables the production models must be trained on",
            required=False,
        ),
    ),
    severity="medium",
    permission="EXECUTE on the models",
    remediation=(
        "Build training sets with FeatureEngineeringClient.create_training_set(feature_lookups=[...]) "
        "and log the model with fe.log_model(..., training_set=training_set), so the model version "
        "records the feature tables it depends on."
    ),
    docs="https://docs.databricks.com/en/machine-learning/feature-store/train-models-with-feature-store.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/models/{full_name}",
        "GET /api/2.1/unity-catalog/models/{full_name}/versions",
        "GET /api/2.1/unity-catalog/models/{full_name}/versions/{version}",
    ),
)


def production_versions(ctx: CheckContext, name: str) -> dict[int, list[str]]:
    """Version -> aliases for the versions that carry an alias; the latest version (no aliases)
    when none does. ``NotFound`` when the model does not exist."""
    info = resources.registered_model(ctx, name)
    aliased: dict[int, list[str]] = {}
    for alias in info.aliases or []:
        if alias.version_num is not None and alias.alias_name:
            aliased.setdefault(int(alias.version_num), []).append(alias.alias_name)
    if aliased:
        return dict(sorted(aliased.items()))
    versions = resources.model_versions(ctx, name)
    return {int(versions[0].version): []} if versions and versions[0].version is not None else {}


def table_dependencies(version: ModelVersionInfo) -> list[str]:
    deps = (
        version.model_version_dependencies.dependencies
        if version.model_version_dependencies
        else None
    )
    return sorted(
        {d.table.table_full_name for d in deps or [] if d.table and d.table.table_full_name}
    )


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["model_names"]
    wanted: list[str] = params.get("feature_tables") or []
    models: dict[str, Any] = {}
    problems: list[str] = []
    used: set[str] = set()
    for name in names:
        versions = resources.if_exists(production_versions, ctx, name)
        if versions is None:
            models[name] = None
            problems.append(f"model {name} does not exist")
            continue
        if not versions:
            models[name] = {}
            problems.append(f"model {name} has no versions")
            continue
        per_version: dict[str, Any] = {}
        for number, aliases in versions.items():
            tables = table_dependencies(resources.model_version(ctx, name, number))
            used.update(t.lower() for t in tables)
            per_version[f"v{number}"] = {"aliases": aliases, "feature_tables": tables}
            if not tables:
                label = f"{name} v{number}" + (f" ({', '.join(aliases)})" if aliases else "")
                problems.append(f"{label} records no feature table (not logged with fe.log_model)")
        models[name] = per_version
    unused = [t for t in wanted if t.lower() not in used]
    if unused:
        problems.append(f"no production model version depends on {', '.join(unused)}")
    link = resources.models_link(ctx, names)
    facts = {"models": models, "feature_tables": wanted, "unused_feature_tables": unused}
    if failed := Result.failure("FeatureLookup training sets", problems, link=link, **facts):
        return failed
    summary = "; ".join(
        f"{n} {v} uses {', '.join(d['feature_tables'])}"
        for n, vs in models.items()
        for v, d in vs.items()
    )
    return Result.review(
        f"Model versions record their feature tables ({summary}); confirm the training sets are "
        "built with FeatureLookup.",
        link=link,
        **facts,
    )
