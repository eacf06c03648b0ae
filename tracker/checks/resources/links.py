"""Links into the workspace UI, stored as evidence on the item."""

from __future__ import annotations

from tracker.checks.model import CheckContext


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
