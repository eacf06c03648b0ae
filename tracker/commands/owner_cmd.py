"""``tracker owner ...``: the registry of people and teams who own items."""

from __future__ import annotations

import click

from tracker.commands.common import AppContext, echo_json, format_option, pass_app, render_table
from tracker.domain.enums import OwnerKind


@click.group("owner")
def owner() -> None:
    """Manage the owner registry (people and teams)."""


@owner.command("add")
@click.argument("handle")
@click.option("--name", help="Display name (default: the handle).")
@click.option("--email", help="E-mail address.")
@click.option("--team", help="Team the person belongs to.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in OwnerKind]),
    default="person",
    show_default=True,
    help="A person or a whole team.",
)
@pass_app
def owner_add(
    app: AppContext, handle: str, name: str | None, email: str | None, team: str | None, kind: str
) -> None:
    """Register an owner by HANDLE."""
    o = app.service().add_owner(handle, name, email=email, team=team, kind=OwnerKind(kind))
    click.echo(f"added {o.kind.value} @{o.handle} ({o.name})")


@owner.command("list")
@format_option("table", "json")
@pass_app
def owner_list(app: AppContext, fmt: str) -> None:
    """List registered owners."""
    owners = app.service().list_owners()
    if fmt == "json":
        echo_json(
            [
                {
                    "handle": o.handle,
                    "name": o.name,
                    "email": o.email,
                    "team": o.team,
                    "kind": o.kind,
                }
                for o in owners
            ]
        )
        return
    if not owners:
        click.echo("no owners yet: add one with `tracker owner add HANDLE --name NAME`")
        return
    click.echo(
        render_table(
            ["Handle", "Name", "Kind", "Team", "E-mail"],
            [[f"@{o.handle}", o.name, o.kind.value, o.team or "-", o.email or "-"] for o in owners],
        )
    )


COMMANDS = [owner]
