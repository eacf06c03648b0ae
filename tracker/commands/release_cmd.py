"""``tracker release ...`` (``tracker status``: ``status_cmd``)."""

from __future__ import annotations

from collections.abc import Callable

import click

from tracker.commands.common import (
    MAX_VARIABLES,
    AppContext,
    RepeatLimit,
    bar,
    echo,
    echo_json,
    format_option,
    parse_date,
    pass_app,
    render_table,
)
from tracker.domain import validation
from tracker.domain.models import ReleaseSummary, ReleaseView
from tracker.errors import ValidationError


@click.group("release")
def release() -> None:
    """Create, list, show, sync and archive releases."""


@release.command("new")
@click.argument("name")
@click.option(
    "--template",
    "template_ref",
    required=True,
    metavar="ID|FILE",
    help="Template id (see `tracker template list`), a template YAML file, or a Markdown "
    "checklist (.md; ticked boxes come in done).",
)
@click.option("--env", "environment", metavar="ENV", help="Target environment, e.g. prod.")
@click.option("--target-date", metavar="YYYY-MM-DD", help="Planned go-live date.")
@click.option(
    "--var",
    "variables",
    multiple=True,
    callback=RepeatLimit(MAX_VARIABLES),
    metavar="KEY=VALUE",
    help="Set a template variable (repeatable), e.g. --var catalog=prod_ml.",
)
@click.option(
    "--profile", metavar="NAME", help="Databricks CLI profile this release verifies with."
)
@pass_app
def release_new(
    app: AppContext,
    name: str,
    template_ref: str,
    environment: str | None,
    target_date: str | None,
    variables: tuple[str, ...],
    profile: str | None,
) -> None:
    """Create release NAME with its own copy of a checklist template."""
    from pathlib import Path

    from tracker.services.templates import find_template, is_markdown, load_markdown_template

    imported = None
    if is_markdown(template_ref):
        imported = load_markdown_template(template_ref)
        template = imported.template
        for warning in imported.warnings:
            echo(f"tracker: warning: {warning}", err=True)
    else:
        template, _ = find_template(template_ref, strict=True)
    values = dict(validation.key_value(v) for v in variables)
    target = parse_date(target_date, "target date")
    validation.release_name(name)  # before a new database file is made for it
    rel = app.service(create=True).releases.create_release(
        name,
        template,
        environment=environment,
        target_date=target,
        variables=values,
        profile=profile,
        imported=imported.states if imported else None,
        imported_from=Path(template_ref).name if imported else None,
    )
    done = f", {len(imported.states)} already ticked" if imported and imported.states else ""
    echo(
        f"created release {rel.name!r} from {template.id} v{template.version} "
        f"({template.item_count} items{done})"
    )


@release.command("list")
@click.option("--all", "include_archived", is_flag=True, help="Include archived releases.")
@format_option("table", "json")
@pass_app
def release_list(app: AppContext, include_archived: bool, fmt: str) -> None:
    """List releases with their progress and open blocking items."""
    from tracker.domain.progress import release_state

    svc = app.service()
    rows = svc.releases.list_releases(include_archived=include_archived)
    today = svc.clock.today()

    def state(r: ReleaseSummary) -> str:
        return release_state(
            archived=r.archived,
            golive_date=r.golive_date,
            open_blocking=r.open_blocking,
            today=today,
        )

    if fmt == "json":
        echo_json([_summary_dict(r, state(r)) for r in rows])
        return
    if not rows:
        echo(
            "no releases yet: create one with `tracker release new NAME --template databricks-ml-production`"
        )
        return
    echo(_release_table(rows, state))


def _summary_dict(r: ReleaseSummary, state: str) -> dict[str, object]:
    return {
        "name": r.name,
        "template": {"id": r.template_id, "version": r.template_version},
        "environment": r.environment,
        "target_date": r.target_date,
        "golive_date": r.golive_date,
        "total": r.total,
        "closed": r.closed,
        "open_blocking": r.open_blocking,
        "overdue_tasks": r.overdue_tasks,
        "archived": r.archived,
        "state": state,
    }


def _release_table(rows: list[ReleaseSummary], state: Callable[[ReleaseSummary], str]) -> str:
    return render_table(
        [
            "Release",
            "Env",
            "Target",
            "Go-live",
            "State",
            "Progress",
            "",
            "Blocking",
            "Template",
        ],
        [
            [
                r.name + (" (archived)" if r.archived else ""),
                r.environment or "-",
                r.target_date or "-",
                r.golive_date or "-",
                state(r),
                bar(r.closed / r.total if r.total else 0),
                f"{r.closed}/{r.total}",
                r.open_blocking,
                f"{r.template_id} v{r.template_version}",
            ]
            for r in rows
        ],
        right=(6, 7),
    )


def _release_dict(view: ReleaseView) -> dict[str, object]:
    r = view.release
    return {
        "name": r.name,
        "template": {"id": r.template_id, "version": r.template_version, "title": r.template_title},
        "environment": r.environment,
        "target_date": r.target_date,
        "golive_date": r.golive_date,
        "golive_forced_reason": r.golive_forced_reason,
        "variables": r.variables,
        "profile": r.profile,
        "archived": r.archived,
        "created_at": r.created_at,
    }


@release.command("show")
@click.argument("name")
@format_option("table", "json")
@pass_app
def release_show(app: AppContext, name: str, fmt: str) -> None:
    """Show a release's details and variables."""
    view = app.service().releases.release_view(name)
    warnings = app.service().verification.variable_warnings(view.release.name)
    if fmt == "json":
        echo_json({**_release_dict(view), "check_configuration": warnings})
        return
    r = view.release
    echo(f"Release   {r.name}{'  (archived)' if r.archived else ''}")
    echo(f"Template  {r.template_id} v{r.template_version} — {r.template_title}")
    echo(f"Env       {r.environment or '-'}")
    echo(f"Target    {r.target_date or '-'}")
    echo(f"Go-live   {r.golive_date or '-'}")
    if r.golive_forced_reason:
        echo(f"Forced    {r.golive_forced_reason}")
    echo(f"Profile   {r.profile or '-'}")
    if r.variables:
        echo("Variables")
        for k, v in sorted(r.variables.items()):
            echo(f"  {k} = {v}")
    if warnings:
        echo("Check configuration")
        for line in warnings:
            echo(f"  ! {line}")


@release.command("sync")
@click.argument("name")
@click.option(
    "--template",
    "template_ref",
    metavar="ID|FILE",
    help="The newer template (default: the release's template id on the search path).",
)
@pass_app
def release_sync(app: AppContext, name: str, template_ref: str | None) -> None:
    """Bring a release up to a newer version of its template.

    New items are added, removed items are archived with their state, nothing is deleted.
    """
    from tracker.services.templates import find_template

    svc = app.service()
    rel = svc.releases.get_release(name)
    template, _ = find_template(template_ref or rel.template_id, strict=True)
    report = svc.release_changes.sync_release(rel.name, template)
    echo(
        f"{report.release}: v{report.from_version} -> v{report.to_version}: "
        f"{len(report.added)} added, {len(report.archived)} archived, "
        f"{len(report.restored)} restored, {len(report.updated)} updated"
    )
    for key in report.added:
        echo(f"  + {key}")
    for key in report.archived:
        echo(f"  - {key} (archived)")


@release.command("archive")
@click.argument("name")
@click.option("--undo", is_flag=True, help="Unarchive instead.")
@pass_app
def release_archive(app: AppContext, name: str, undo: bool) -> None:
    """Archive a release (hidden from lists; nothing is deleted)."""
    rel = app.service().release_changes.archive_release(name, archived=not undo)
    echo(f"{rel.name}: {'archived' if rel.archived else 'active'}")


@release.command("rename")
@click.argument("name")
@click.argument("new_name", metavar="NEW_NAME")
@pass_app
def release_rename(app: AppContext, name: str, new_name: str) -> None:
    """Rename release NAME to NEW_NAME (recorded in its history)."""
    svc = app.service()
    old = svc.releases.get_release(name).name
    rel = svc.release_changes.rename_release(old, new_name)
    echo(f"renamed {old!r} to {rel.name!r}")


@release.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask (for scripts): NAME must match exactly.")
@pass_app
def release_delete(app: AppContext, name: str, yes: bool) -> None:
    """Delete release NAME for good: items, tasks, evidence, checks and history.

    Asks you to type the release name; `release archive` hides a release and keeps it.
    """
    svc = app.service()
    rel = svc.releases.get_release(name)
    if rel.name != name.strip():
        raise ValidationError(f"give the exact release name to delete it: {rel.name!r}")
    if not yes:
        try:
            typed = click.prompt(
                f"Delete {rel.name!r} and all its history? Type its name to confirm",
                default="",
                show_default=False,
                err=True,
            )
        except click.Abort:
            typed = ""
        if typed.strip() != rel.name:
            raise ValidationError(f"not deleted: the name typed is not {rel.name!r}")
    svc.release_changes.delete_release(rel.name)
    echo(f"deleted release {rel.name!r}")


@release.command("set-var")
@click.argument("name")
@click.argument(
    "assignments",
    nargs=-1,
    required=True,
    callback=RepeatLimit(MAX_VARIABLES),
    metavar="KEY=VALUE...",
)
@pass_app
def release_set_var(app: AppContext, name: str, assignments: tuple[str, ...]) -> None:
    """Set release variables used by automated checks."""
    from tracker.services.templates import find_template

    svc = app.service()
    rel = svc.releases.get_release(name)
    values = dict(validation.key_value(a) for a in assignments)
    try:
        template, _ = find_template(rel.template_id)
    except Exception:  # the template may be gone; variables are still the release's own
        template = None
    svc.release_changes.set_variables(rel.name, values, template)
    for k, v in values.items():
        echo(f"{k} = {v}")


COMMANDS = [release]
