"""``tracker owner ...``: the registry of people and teams who own items."""

from __future__ import annotations

import click

from tracker.commands.common import (
    AppContext,
    echo,
    echo_json,
    format_option,
    pass_app,
    render_table,
)
from tracker.domain.enums import OwnerKind
from tracker.domain.models import Owner


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
    o = app.service().owners.add_owner(handle, name, email=email, team=team, kind=OwnerKind(kind))
    echo(f"added {o.kind.value} @{o.handle} ({o.name})")


@owner.command("edit")
@click.argument("handle")
@click.option("--name", help="New display name.")
@click.option("--email", help="New e-mail address ('' clears it).")
@click.option("--team", help="New team ('' clears it).")
@click.option("--kind", type=click.Choice([k.value for k in OwnerKind]), help="person or team.")
@pass_app
def owner_edit(
    app: AppContext,
    handle: str,
    name: str | None,
    email: str | None,
    team: str | None,
    kind: str | None,
) -> None:
    """Change the name, e-mail, team or kind of owner HANDLE."""
    o = app.service().owners.edit_owner(
        handle, name=name, email=email, team=team, kind=OwnerKind(kind) if kind else None
    )
    echo(_line(o))


@owner.command("rename")
@click.argument("old")
@click.argument("new")
@pass_app
def owner_rename(app: AppContext, old: str, new: str) -> None:
    """Give owner OLD the handle NEW; assignments follow, history keeps the old handle readable."""
    previous = old.strip().removeprefix("@")
    o = app.service().owners.rename_owner(old, new)
    echo(f"renamed @{previous} to @{o.handle}")


def _line(o: Owner) -> str:
    return (
        f"@{o.handle}: {o.name} · {o.kind.value} · team {o.team or '-'} · e-mail {o.email or '-'}"
    )


@owner.command("list")
@format_option("table", "json")
@pass_app
def owner_list(app: AppContext, fmt: str) -> None:
    """List registered owners."""
    owners = app.service().owners.list_owners()
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
        echo("no owners yet: add one with `tracker owner add HANDLE --name NAME`")
        return
    echo(
        render_table(
            ["Handle", "Name", "Kind", "Team", "E-mail"],
            [[f"@{o.handle}", o.name, o.kind.value, o.team or "-", o.email or "-"] for o in owners],
        )
    )


COMMANDS = [owner]
