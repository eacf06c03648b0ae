"""Go/no-go: ``tracker signoff``, ``tracker waiver ...`` and ``tracker depends`` (``tracker
milestone`` and ``tracker diff``: ``milestone_cmd``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tracker.commands.common import (
    AppContext,
    RepeatLimit,
    clip,
    echo,
    echo_json,
    format_option,
    parse_date,
    pass_app,
    render_table,
)
from tracker.errors import ValidationError

if TYPE_CHECKING:
    from tracker.services.signoffs import SignoffStatus


# --- sign-offs ---------------------------------------------------------------------------------
@click.command("signoff")
@click.argument("release")
@click.option("--role", metavar="ROLE", help="Sign off (or with --revoke, revoke) this role.")
@click.option("--comment", metavar="TEXT", help="A comment recorded with the sign-off.")
@click.option("--revoke", is_flag=True, help="Revoke the role's current sign-off.")
@click.option(
    "--add-role",
    "add_roles",
    multiple=True,
    callback=RepeatLimit(),
    metavar="ROLE[:TITLE]",
    help="Require a sign-off from a new role in this release (repeatable).",
)
@click.option(
    "--remove-role",
    "remove_roles",
    multiple=True,
    callback=RepeatLimit(),
    metavar="ROLE",
    help="No longer require this role's sign-off in this release (repeatable).",
)
@format_option("table", "json")
@pass_app
def signoff(
    app: AppContext,
    release: str,
    role: str | None,
    comment: str | None,
    revoke: bool,
    add_roles: tuple[str, ...],
    remove_roles: tuple[str, ...],
    fmt: str,
) -> None:
    """Sign off go-live for a role, revoke a sign-off, edit the roles, or list them.

    A sign-off records who, when, and a digest of the blocking items' states; any later change
    to a blocking item makes it stale (shown, and refused by `tracker gate` and go-live).
    """
    svc = app.service()
    if (revoke or comment) and not role:
        raise ValidationError("--revoke and --comment go with --role ROLE")
    if role and (add_roles or remove_roles):
        raise ValidationError("sign with --role, or edit roles with --add-role/--remove-role")
    if add_roles or remove_roles:
        pairs = tuple((r.partition(":")[0], r.partition(":")[2] or None) for r in add_roles)
        svc.signoffs.edit_signoff_roles(release, add=pairs, remove=remove_roles)
    elif role and revoke:
        gone = svc.signoffs.revoke_signoff(release, role)
        echo(f"revoked the {gone.role} sign-off by {gone.signed_by}")
        return
    elif role:
        state = svc.signoffs.sign_off(release, role, comment)
        assert state.signoff is not None
        echo(
            f"signed off {state.role.role} as {state.signoff.signed_by} "
            f"(blocking items digest {state.signoff.digest[:12]})"
        )
        return
    _echo_signoffs(svc.signoffs.signoff_status(release), fmt)


def _echo_signoffs(status: SignoffStatus, fmt: str) -> None:
    """Each role with its sign-off state (JSON or a table)."""
    if fmt == "json":
        echo_json(
            {
                "release": status.release,
                "digest": status.digest,
                "roles": [
                    {
                        "role": r.role.role,
                        "title": r.role.title,
                        "state": r.state,
                        "signed_by": r.signoff.signed_by if r.signoff else None,
                        "signed_at": r.signoff.signed_at if r.signoff else None,
                        "comment": r.signoff.comment if r.signoff else None,
                    }
                    for r in status.roles
                ],
            }
        )
        return
    if not status.roles:
        echo(f"{status.release}: no sign-off roles (add one with --add-role ROLE)")
        return
    echo(
        render_table(
            ["Role", "Title", "State", "Signed by", "At", "Comment"],
            [
                [
                    r.role.role,
                    r.role.title,
                    r.state.value.upper(),
                    r.signoff.signed_by if r.signoff else "-",
                    r.signoff.signed_at.strftime("%Y-%m-%d %H:%M") if r.signoff else "-",
                    clip(r.signoff.comment or "", 40) if r.signoff else "",
                ]
                for r in status.roles
            ],
        )
    )


# --- waivers -----------------------------------------------------------------------------------
@click.group("waiver")
def waiver() -> None:
    """Exceptions on items: an accepted risk with a compensating control, an approver and an
    expiry. An approved, unexpired waiver counts as closed; at expiry the item reopens."""


def _waiver_dict(w: Any, today: Any) -> dict[str, Any]:
    return {
        "id": w.id,
        "item": w.item_key,
        "state": w.label(today),
        "reason": w.reason,
        "control": w.control,
        "approver": w.approver,
        "expires_on": w.expires_on,
        "requested_by": w.requested_by,
        "requested_at": w.requested_at,
        "decided_by": w.decided_by,
        "decided_at": w.decided_at,
        "note": w.decision_note,
        "version": w.row_version,
    }


@waiver.command("request")
@click.argument("release")
@click.argument("item_ref", metavar="ITEM")
@click.option("--reason", required=True, metavar="TEXT", help="The risk accepted, and why.")
@click.option("--control", required=True, metavar="TEXT", help="The compensating control in place.")
@click.option(
    "--approver", required=True, metavar="HANDLE", help="Owner who approves (not yourself)."
)
@click.option("--expires", required=True, metavar="YYYY-MM-DD", help="When the item reopens.")
@format_option("table", "json")
@pass_app
def waiver_request(
    app: AppContext,
    release: str,
    item_ref: str,
    reason: str,
    control: str,
    approver: str,
    expires: str,
    fmt: str,
) -> None:
    """Ask an approver to waive an open item until a date."""
    on = parse_date(expires, "expiry date")
    if on is None:
        raise ValidationError("--expires needs a date (YYYY-MM-DD)")
    svc = app.service()
    w = svc.waivers.request_waiver(
        release, item_ref, reason=reason, control=control, approver=approver, expires_on=on
    )
    if fmt == "json":
        echo_json(_waiver_dict(w, svc.clock.today()))
        return
    echo(f"waiver {w.id} on {w.item_key}: requested from @{w.approver}, until {w.expires_on}")


def _decide(app: AppContext, release: str, waiver_id: int, action: str, note: str | None) -> None:
    from tracker.domain.waivers import WaiverAction

    w = app.service().waivers.decide_waiver(release, waiver_id, WaiverAction(action), note)
    echo(f"waiver {w.id} on {w.item_key}: {w.state.value}")


@waiver.command("approve")
@click.argument("release")
@click.argument("waiver_id", metavar="ID", type=int)
@click.option("--note", metavar="TEXT", help="Recorded with the decision.")
@pass_app
def waiver_approve(app: AppContext, release: str, waiver_id: int, note: str | None) -> None:
    """Approve a requested waiver (only its named approver can)."""
    _decide(app, release, waiver_id, "approve", note)


@waiver.command("reject")
@click.argument("release")
@click.argument("waiver_id", metavar="ID", type=int)
@click.option("--note", metavar="TEXT", help="Recorded with the decision.")
@pass_app
def waiver_reject(app: AppContext, release: str, waiver_id: int, note: str | None) -> None:
    """Reject a requested waiver (only its named approver can)."""
    _decide(app, release, waiver_id, "reject", note)


@waiver.command("revoke")
@click.argument("release")
@click.argument("waiver_id", metavar="ID", type=int)
@click.option("--note", metavar="TEXT", help="Recorded with the decision.")
@pass_app
def waiver_revoke(app: AppContext, release: str, waiver_id: int, note: str | None) -> None:
    """Withdraw a waiver (its requester or approver): the item counts as open again."""
    _decide(app, release, waiver_id, "revoke", note)


@waiver.command("list")
@click.argument("release")
@click.option("--item", "item_ref", metavar="ITEM", help="Only this item's waivers.")
@format_option("table", "json")
@pass_app
def waiver_list(app: AppContext, release: str, item_ref: str | None, fmt: str) -> None:
    """The release's waivers, oldest first; expired ones say so."""
    svc = app.service()
    rows = svc.waivers.list_waivers(release, item=item_ref)
    today = svc.clock.today()
    if fmt == "json":
        echo_json([_waiver_dict(w, today) for w in rows])
        return
    if not rows:
        echo("no waivers")
        return
    echo(
        render_table(
            ["Id", "Item", "State", "Expires", "Approver", "Requested by", "Reason"],
            [
                [
                    w.id,
                    w.item_key,
                    w.label(today).upper(),
                    w.expires_on,
                    f"@{w.approver}",
                    w.requested_by,
                    clip(w.reason, 40),
                ]
                for w in rows
            ],
        )
    )


# --- dependencies ------------------------------------------------------------------------------
@click.command("depends")
@click.argument("release")
@click.argument("item_ref", metavar="[ITEM]", required=False)
@click.option(
    "--add",
    "add",
    multiple=True,
    callback=RepeatLimit(),
    metavar="ITEM",
    help="ITEM now waits on this.",
)
@click.option(
    "--remove",
    "remove",
    multiple=True,
    callback=RepeatLimit(),
    metavar="ITEM",
    help="Drop a dependency.",
)
@format_option("table", "json")
@pass_app
def depends(
    app: AppContext,
    release: str,
    item_ref: str | None,
    add: tuple[str, ...],
    remove: tuple[str, ...],
    fmt: str,
) -> None:
    """List a release's item dependencies (and what each item is waiting on), or add/remove
    one item's own. Cycles are refused."""
    svc = app.service()
    if (add or remove) and not item_ref:
        raise ValidationError("--add/--remove need the ITEM whose dependencies change")
    for dep in add:
        item, on = svc.dependencies.add_dependency(release, item_ref or "", dep)
        echo(f"{item} now waits on {on}")
    for dep in remove:
        item, on = svc.dependencies.remove_dependency(release, item_ref or "", dep)
        echo(f"{item} no longer waits on {on}")
    if add or remove:
        return
    from tracker.domain.dependencies import waiting_on

    view = svc.releases.release_view(release)
    by_key = {i.key: i for i in view.active_items}
    wanted = [svc.items.item(release, item_ref)] if item_ref else list(view.active_items)
    rows = [
        (by_key.get(i.key, i), waiting_on(by_key.get(i.key, i), by_key))
        for i in wanted
        if by_key.get(i.key, i).depends_on
    ]
    if fmt == "json":
        echo_json(
            [
                {"item": i.key, "depends_on": list(i.depends_on), "waiting_on": waits}
                for i, waits in rows
            ]
        )
        return
    if not rows:
        echo("no dependencies")
        return
    echo(
        render_table(
            ["Item", "Depends on", "Waiting on"],
            [[i.key, ", ".join(i.depends_on), ", ".join(w) or "-"] for i, w in rows],
        )
    )


COMMANDS = [signoff, waiver, depends]
