"""Data classification: the in-scope tables carry classification tags, or automatic data
classification is enabled on the catalog (docs/checks.md#data_classification_tags, PARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="data_classification_tags",
    title="Tables carry classification tags or auto-classification is on",
    items=("gov-data-classification",),
    params=(
        Param("catalog", "str", "Production Unity Catalog catalog"),
        Param(
            "classification_tag_keys",
            "list",
            "Tag keys that mark a classification (comma-separated)",
            required=False,
            default="pii,classification",
        ),
        Param(
            "tables",
            "list",
            "In-scope tables that must be classified (comma-separated)",
            required=False,
        ),
    ),
    severity="high",
    permission="USE_CATALOG/USE_SCHEMA and access to the tables",
    remediation=(
        "Enable data classification on the catalog (Catalog Explorer > catalog > Data "
        "classification) or tag each table and its sensitive columns "
        "(ALTER TABLE t SET TAGS ('classification' = 'confidential'))."
    ),
    docs="https://docs.databricks.com/en/data-governance/unity-catalog/data-classification.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/catalogs/{name}",
        "GET /api/data-classification/v1/{name}",
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/entity-tag-assignments/{entity_type}/{entity_name}/tags",
    ),
)


def auto_classification(ctx: CheckContext, catalog: str) -> str | list[str]:
    """Classification tags auto-applied in the catalog, or ``"not configured"``/``"unavailable"``."""
    from databricks.sdk.errors import NotFound
    from databricks.sdk.errors.base import DatabricksError

    try:
        config = resources.catalog_classification(ctx, catalog)
    except DatabricksError as exc:
        if resources.unavailable(exc):
            return "unavailable"
        if isinstance(exc, NotFound):
            return "not configured"
        raise
    enabled = [
        c.classification_tag or "?"
        for c in config.auto_tag_configs or []
        if c.auto_tagging_mode is not None and c.auto_tagging_mode.value == "AUTO_TAGGING_ENABLED"
    ]
    return enabled or "not configured"


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    catalog: str = params["catalog"]
    keys = {k.lower() for k in params["classification_tag_keys"]}
    tables: list[str] = params.get("tables") or []
    link = ctx.ui_link(f"/explore/data/{catalog}")
    if resources.if_exists(resources.catalog, ctx, catalog) is None:
        return Result.failed(f"Catalog {catalog} does not exist.", link=link, catalog=catalog)
    auto = auto_classification(ctx, catalog)
    _, missing = resources.tables_found(ctx, tables)
    if missing:
        return Result.failed(
            f"Table(s) {', '.join(missing)} do not exist.", link=link, missing=missing
        )
    tagged: dict[str, dict[str, str | None]] = {}
    untagged: list[str] = []
    for name in tables:
        found = {
            t.tag_key: t.tag_value
            for t in resources.entity_tags(ctx, "tables", name)
            if t.tag_key and t.tag_key.lower() in keys
        }
        tagged[name] = found
        if not found:
            untagged.append(name)
    facts = {"auto_classification": auto, "table_tags": tagged, "tag_keys": sorted(keys)}
    auto_on = isinstance(auto, list)
    if untagged and not auto_on:
        return Result.failed(
            f"Table(s) {', '.join(untagged)} carry no classification tag ({', '.join(sorted(keys))}) "
            f"and automatic classification on {catalog} is {auto}.",
            link=link,
            **facts,
        )
    parts = [
        f"automatic classification on {catalog} tags {', '.join(auto)}"
        if auto_on
        else f"automatic classification on {catalog} is {auto}"
    ]
    if tables:
        parts.append(
            "table tags: "
            + ", ".join(
                f"{n} {', '.join(f'{k}={v}' for k, v in t.items()) or 'none'}"
                for n, t in tagged.items()
            )
        )
    text = "; ".join(parts)
    return Result.review(
        text[:1].upper()
        + text[1:]
        + ". Confirm every table and PII column in scope is classified.",
        link=link,
        **facts,
    )
