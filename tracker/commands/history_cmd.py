"""``tracker undo`` and ``tracker history``: the audit log of a release or an item."""

from __future__ import annotations

import click

from tracker.commands.common import AppContext, echo, echo_json, format_option, pass_app
from tracker.domain.models import AuditEvent


def event_line(e: AuditEvent) -> str:
    from tracker.domain.events import describe_event

    return f"{e.at:%Y-%m-%d %H:%M} {e.actor}: {describe_event(e)}"


def event_dict(e: AuditEvent) -> dict[str, object]:
    return {
        "id": e.id,
        "at": e.at,
        "actor": e.actor,
        "action": e.action,
        "item": e.item_key,
        "occurrence_due": e.occurrence_due,
        "old": e.old_value,
        "new": e.new_value,
    }


@click.command("undo")
@click.argument("release")
@pass_app
def undo(app: AppContext, release: str) -> None:
    """Undo your last change in RELEASE (recorded as a change too)."""
    events = app.service().undo.undo_last(release)
    for e in events:
        echo(f"undid {event_line(e)}")


@click.command("history")
@click.argument("release")
@click.argument("item_ref", metavar="[ITEM]", required=False)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Only the last N events (N >= 1)."
)
@format_option("table", "json")
@pass_app
def history(
    app: AppContext, release: str, item_ref: str | None, limit: int | None, fmt: str
) -> None:
    """The audit log of a release, or of one item."""
    svc = app.service()
    if item_ref:
        events = svc.items.item_history(release, svc.items.item(release, item_ref).key)
        if limit:
            events = events[-limit:]
    else:
        events = svc.items.release_history(release, limit)
    if fmt == "json":
        echo_json([event_dict(e) for e in events])
        return
    for e in events:
        echo(event_line(e))


COMMANDS = [undo, history]
