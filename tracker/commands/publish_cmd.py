"""``tracker publish``: release readiness into Unity Catalog Delta tables for a cross-team view."""

from __future__ import annotations

import click

from tracker.commands.common import AppContext, pass_app
from tracker.errors import ConfigError


@click.command("publish")
@click.argument("release", required=False)
@click.option("--all", "all_releases", is_flag=True, help="Every release (archived ones say so).")
@click.option(
    "--to",
    "target",
    metavar="CATALOG.SCHEMA",
    required=True,
    help="Unity Catalog schema that holds the tracker_* tables (created if missing).",
)
@click.option(
    "--warehouse", metavar="ID", required=True, help="SQL warehouse id that runs the SQL."
)
@click.option("--profile", metavar="NAME", help="Databricks CLI profile (default: unified auth).")
@click.option(
    "--dry-run", is_flag=True, help="Print the statements and parameter counts; run none."
)
@pass_app
def publish(
    app: AppContext,
    release: str | None,
    all_releases: bool,
    target: str,
    warehouse: str,
    profile: str | None,
    dry_run: bool,
) -> None:
    """Write release progress, item states, owners, tasks and verification results to Delta
    tables (idempotent MERGE on stable keys). Dashboard SQL: docs/publish-dashboard.sql."""
    from tracker.domain.publish import PublishTargetError, parse_target, publish_plan

    if all_releases == (release is not None):
        raise click.UsageError("give a RELEASE or --all (not both)")
    try:
        catalog, schema = parse_target(target)
    except PublishTargetError as exc:
        raise ConfigError(str(exc)) from None
    if not warehouse.strip() or len(warehouse) > 64 or not warehouse.isalnum():
        raise ConfigError(
            f"--warehouse must be a SQL warehouse id (letters and digits), got {warehouse!r}"
        )
    service = app.service()
    names = (
        [r.name for r in service.releases.list_releases(include_archived=True)]
        if all_releases
        else [service.releases.get_release(release or "").name]
    )
    views = [service.releases.release_view(name) for name in names]
    plan = publish_plan(catalog, schema, views)
    if dry_run:
        for statement in plan:
            click.echo(f"{statement.text[:160]}{'…' if len(statement.text) > 160 else ''}")
            click.echo(f"  -- {len(statement.parameters)} bound parameters")
        return
    from tracker.databricks import ClientOptions, ClientSetupError, make_client
    from tracker.warehouse import run_statements

    try:
        client = make_client(ClientOptions(profile=profile))
    except ClientSetupError as exc:
        raise ConfigError(str(exc)) from None
    ran = run_statements(client, warehouse, plan)
    items = sum(len(v.items) for v in views)
    tasks = sum(len(v.occurrences) for v in views)
    checks = sum(1 for v in views for i in v.items if i.latest_check is not None)
    click.echo(
        f"published {len(views)} release{'s' if len(views) != 1 else ''} to {catalog}.{schema} "
        f"({items} items, {tasks} tasks, {checks} check results) in {ran} statements "
        f"on warehouse {warehouse}"
    )


COMMANDS = [publish]
