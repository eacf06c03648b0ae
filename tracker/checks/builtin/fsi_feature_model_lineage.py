"""Feature store metadata is packaged with the models: feature lineage links the feature tables
to model versions (docs/checks.md#fsi_feature_model_lineage; evidence only)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="fsi_feature_model_lineage",
    title="Feature store metadata packaged with models",
    items=("fsi-metadata-packaged",),
    params=(
        Param("feature_tables", "list", "Feature tables, full three-part names"),
        Param(
            "model_names",
            "list",
            "Models (full names) that must appear in the lineage",
            required=False,
        ),
    ),
    severity="medium",
    permission="SELECT on the feature tables and EXECUTE on the models",
    remediation=(
        "Log models with fe.log_model(model, ..., training_set=training_set) (Feature Engineering "
        "in Unity Catalog), so each model version packages its feature lookups."
    ),
    docs="https://docs.databricks.com/en/machine-learning/feature-store/train-models-with-feature-store.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.0/feature-store/feature-tables/{table_name}/features/{feature_name}/lineage",
    ),
)

MAX_FEATURES = 20  # features asked per table before concluding that none is used by a model


def models_using_table(
    ctx: CheckContext, table_name: str, wanted: set[str] | None = None
) -> dict[str, Any]:
    """Ask the feature lineage of the table's feature columns (not its key columns) until one is
    used by a model (by every model in ``wanted`` when given). ``NotFound`` for a missing table."""
    info = resources.table(ctx, table_name)
    keys: set[str] = set()
    for constraint in info.table_constraints or []:
        pk = constraint.primary_key_constraint
        if pk is not None:
            keys.update(pk.child_columns or [])
            keys.update(pk.timeseries_columns or [])
    features = [c.name for c in info.columns or [] if c.name and c.name not in keys][:MAX_FEATURES]
    found: set[str] = set()
    linked: dict[str, list[str]] = {}
    asked = 0
    for feature in features:
        asked += 1
        lineage = resources.feature_lineage(ctx, table_name, feature)
        models = sorted({f"{m.name} v{m.version}" for m in lineage.models or [] if m.name})
        if models:
            linked[feature] = models
            found.update(m.name.lower() for m in lineage.models or [] if m.name)
        if found and (not wanted or wanted <= found):
            break
    return {"features_asked": asked, "features_with_models": linked, "models": sorted(found)}


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    tables: list[str] = params["feature_tables"]
    wanted = [m for m in params.get("model_names") or []]
    wanted_set = {m.lower() for m in wanted}
    lineage: dict[str, Any] = {}
    problems: list[str] = []
    for name in tables:
        found = resources.if_exists(models_using_table, ctx, name, wanted_set or None)
        if found is None:
            lineage[name] = None
            problems.append(f"feature table {name} does not exist")
            continue
        lineage[name] = found
        if not found["models"]:
            problems.append(f"no model version is linked to the features of {name}")
        elif wanted_set - set(found["models"]):
            missing = [m for m in wanted if m.lower() not in found["models"]]
            problems.append(f"{', '.join(missing)} not linked to the features of {name}")
    link = resources.explore_link(ctx, tables)
    facts = {"lineage": lineage, "model_names": wanted}
    if failed := Result.failure("Feature metadata packaging", problems, link=link, **facts):
        return failed
    summary = "; ".join(
        f"{t} -> {', '.join(sorted({m for ms in d['features_with_models'].values() for m in ms}))}"
        for t, d in lineage.items()
    )
    return Result.review(
        f"Feature lineage links feature tables to model versions ({summary}); confirm every "
        "production model is logged with fe.log_model.",
        link=link,
        **facts,
    )
