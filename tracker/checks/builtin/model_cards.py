"""Model cards: the registered models and their serving versions carry descriptions in Unity
Catalog (docs/checks.md#model_cards, PARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import UC_MODEL_NAMES

META = CheckMeta(
    id="model_cards",
    title="Model and serving versions documented (model card descriptions)",
    items=("mgov-model-cards",),
    params=(UC_MODEL_NAMES,),
    severity="medium",
    permission="EXECUTE (or owner) on the registered models",
    remediation=(
        "Write the model card into the registered model's description (purpose, training data, "
        "metrics, limitations, owners) and describe each version that serves traffic "
        "(COMMENT ON / the Catalog Explorer description)."
    ),
    docs="https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/index.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/models/{full_name}",
        "GET /api/2.1/unity-catalog/models/{full_name}/versions",
        "GET /api/2.1/unity-catalog/models/{full_name}/versions/{version}",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["model_names"]
    link = resources.models_link(ctx, names)
    problems: list[str] = []
    documented: list[str] = []
    facts: dict[str, Any] = {}
    for name in names:
        info = resources.if_exists(resources.registered_model, ctx, name)
        if info is None:
            problems.append(f"{name} does not exist")
            continue
        aliased = sorted(
            {int(a.version_num) for a in info.aliases or [] if a.version_num is not None}
        )
        if not aliased:  # no promotion alias: the newest version is the one that matters
            versions = resources.model_versions(ctx, name)
            aliased = (
                [int(versions[0].version)] if versions and versions[0].version is not None else []
            )
        undocumented = [
            v for v in aliased if not (resources.model_version(ctx, name, v).comment or "").strip()
        ]
        model_doc = (info.comment or "").strip()
        facts[name] = {
            "description_chars": len(model_doc),
            "versions_checked": aliased,
            "versions_without_description": undocumented,
        }
        if not model_doc:
            problems.append(f"{name} has no description")
        if undocumented:
            problems.append(
                f"{name} version(s) {', '.join(map(str, undocumented))} have no description"
            )
        if model_doc and not undocumented:
            documented.append(
                f"{name} ({len(model_doc)} characters; versions {', '.join(map(str, aliased)) or 'none'} described)"
            )
    return Result.from_problems(
        problems,
        failure="Model cards missing",
        success=Result.review(
            "Descriptions exist on "
            + ", ".join(documented)
            + ". Confirm they cover purpose, data, "
            "metrics and limitations.",
            link=link,
            models=facts,
        ),
        link=link,
        models=facts,
    )
