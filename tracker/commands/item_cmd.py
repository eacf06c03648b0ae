"""``tracker item ...`` (``tracker undo`` and ``tracker history``: ``history_cmd``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from tracker.commands.common import (
    AppContext,
    RepeatLimit,
    echo,
    echo_json,
    format_option,
    owner_assignment,
    owner_filter,
    parse_date,
    pass_app,
    render_table,
)
from tracker.commands.history_cmd import event_dict, event_line
from tracker.commands.item_views import check_state, flags, item_dict, item_state
from tracker.domain.enums import ItemStatus, NaReason
from tracker.domain.models import ReleaseItem
from tracker.errors import ValidationError

if TYPE_CHECKING:
    from tracker.domain.changes import ItemChange
    from tracker.services.tracker import TrackerService

STATUS_CHOICE = click.Choice([s.value for s in ItemStatus])
REASON_HELP = "One of: " + ", ".join(r.value for r in NaReason) + " (optionally REASON:TEXT)."


@click.group("item")
def item() -> None:
    """Change and inspect release items (by id or an unambiguous text fragment)."""


def _parse_reason(value: str | None, note: str | None) -> tuple[NaReason | None, str | None]:
    if value is None:
        return None, note
    reason, sep, text = value.partition(":")
    try:
        parsed = NaReason(reason.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise ValidationError(f"unknown N/A reason {reason.strip()!r}: {REASON_HELP}") from None
    if sep and text.strip():
        note = f"{text.strip()} {note}".strip() if note else text.strip()
    return parsed, note


@item.command("set")
@click.argument("release")
@click.argument("item_ref", metavar="ITEM")
@click.option("--status", type=STATUS_CHOICE, help="New status (na needs --na-reason).")
@click.option("--na-reason", metavar="REASON", help=f"Why the item is N/A. {REASON_HELP}")
@click.option("--na-note", metavar="TEXT", help="Free text explaining the N/A reason.")
@click.option("--owner", metavar="HANDLE", help="Assign an owner from the registry; '-' unassigns.")
@click.option("--due", metavar="YYYY-MM-DD", help="Due date; '-' clears it.")
@click.option("--note", metavar="TEXT", help="Replace the item's notes; '' clears them.")
@click.option(
    "--append-note",
    metavar="TEXT",
    help="Add TEXT as a new paragraph after the item's notes (never replaces a colleague's).",
)
@click.option(
    "--evidence",
    multiple=True,
    callback=RepeatLimit(),
    metavar="URL",
    help="Attach an http(s) evidence link (repeatable).",
)
@click.option(
    "--title",
    "titles",
    multiple=True,
    callback=RepeatLimit(),
    metavar="TEXT",
    help="Title for the --evidence at the same position.",
)
@click.option(
    "--remove-evidence",
    "remove",
    multiple=True,
    callback=RepeatLimit(),
    type=int,
    metavar="ID",
    help="Remove an evidence link by id.",
)
@click.option(
    "--expect-version",
    type=int,
    metavar="N",
    help="Refuse the change if the item changed since version N (safe scripting).",
)
@click.option(
    "--force", is_flag=True, help="Tick the item done although its dependencies are open."
)
@format_option("table", "json")
@pass_app
def item_set(
    app: AppContext,
    release: str,
    item_ref: str,
    status: str | None,
    na_reason: str | None,
    na_note: str | None,
    owner: str | None,
    due: str | None,
    note: str | None,
    append_note: str | None,
    evidence: tuple[str, ...],
    titles: tuple[str, ...],
    remove: tuple[int, ...],
    expect_version: int | None,
    force: bool,
    fmt: str,
) -> None:
    """Change one item: status, N/A reason, owner, due date, notes, evidence — all or nothing.

    Compare-and-set: the change is checked against the item as read when the command started
    (and against --expect-version N); if someone changed a field it sets in between, nothing
    is written and the error shows their value next to yours (exit 2).
    """
    change, new_status = _item_change(
        status, na_reason, na_note, owner, due, note, append_note, evidence, titles, remove
    )
    svc = app.service()
    if new_status is ItemStatus.DONE and not force:
        _refuse_open_dependencies(svc, release, item_ref)
    seen = svc.items.item(release, item_ref)
    updated = svc.items.update_item(
        release, seen.key, change, expected_version=expect_version, seen=seen
    )
    if fmt == "json":
        echo_json(item_dict(updated, svc.clock.now()))
    else:
        echo(f"{updated.key}: {item_state(updated)}")


def _item_change(
    status: str | None,
    na_reason: str | None,
    na_note: str | None,
    owner: str | None,
    due: str | None,
    note: str | None,
    append_note: str | None,
    evidence: tuple[str, ...],
    titles: tuple[str, ...],
    remove: tuple[int, ...],
) -> tuple[ItemChange, ItemStatus | None]:
    """The change ``item set``'s options ask for, and the status it sets (if any)."""
    from tracker.domain.changes import UNSET, ItemChange

    if len(titles) > len(evidence):
        raise ValidationError("each --title needs an --evidence URL before it")
    reason, note_text = _parse_reason(na_reason, na_note)
    new_status = ItemStatus(status) if status else (ItemStatus.NA if reason else None)
    change = ItemChange(
        status=new_status if new_status is not None else UNSET,
        na_reason=reason if reason is not None else UNSET,
        na_note=note_text if note_text is not None else UNSET,
        owner=UNSET if owner is None else owner_assignment(owner),
        due_date=UNSET if due is None else parse_date(due, "due date"),
        notes=UNSET if note is None else (note or None),
        append_note=append_note,
        add_evidence=tuple(
            (url, titles[i] if i < len(titles) else None) for i, url in enumerate(evidence)
        ),
        remove_evidence=remove,
    )
    if change == ItemChange():
        raise ValidationError("nothing to change: give --status, --owner, --note, --evidence, ...")
    if note is not None and append_note is not None:
        raise ValidationError("give --note (replace) or --append-note (add), not both")
    return change, new_status


def _refuse_open_dependencies(svc: TrackerService, release: str, item_ref: str) -> None:
    waiting = svc.dependencies.open_dependencies(release, item_ref)
    if waiting:
        names = ", ".join(f"{i.key} ({i.status.value})" for i in waiting)
        raise ValidationError(
            f"{svc.items.item(release, item_ref).key} is waiting on {names}; "
            "finish those first or use --force"
        )


@item.command("show")
@click.argument("release")
@click.argument("item_ref", metavar="ITEM")
@format_option("table", "json")
@pass_app
def item_show(app: AppContext, release: str, item_ref: str, fmt: str) -> None:
    """Show one item with its guidance, evidence and history."""
    svc = app.service()
    i = svc.items.item(release, item_ref)
    history = svc.items.item_history(release, i.key)
    if fmt == "json":
        data = item_dict(i, svc.clock.now())
        data["guidance"] = i.guidance
        data["history"] = [event_dict(e) for e in history]
        echo_json(data)
        return
    echo(
        f"{i.key}  [{i.severity.value}{', optional' if i.optional else ''}]  {i.category_title} > {i.group_title}"
    )
    echo(f"  {i.text}")
    if i.condition:
        echo(f"  applies: {i.condition}")
    echo(f"  status: {item_state(i)}   (version {i.row_version})")
    if i.check is not None:
        latest = i.latest_check
        last = f"{latest.outcome.value}: {latest.message}" if latest else "never verified"
        echo(
            f"  check: {i.check.get('id', 'sql')} — {last} {' '.join(flags(i, svc.clock.now()))}".rstrip()
        )
    if i.notes:
        echo("  notes:")
        for line in i.notes.splitlines():
            echo(f"    {line}")
    for ev in i.evidence:
        echo(f"  evidence #{ev.id}: {ev.title} <{ev.url}>")
    if i.guidance:
        echo("  guidance:")
        for line in i.guidance.rstrip().splitlines():
            echo(f"    {line}")
    if history:
        echo("  history:")
        for e in history:
            echo(f"    {event_line(e)}")


@item.command("list")
@click.argument("release")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    callback=RepeatLimit(),
    type=STATUS_CHOICE,
    help="Only these statuses (repeatable).",
)
@click.option("--owner", metavar="HANDLE", help="Only items of this owner.")
@click.option("--blocking", is_flag=True, help="Only blocking items.")
@click.option("--open", "only_open", is_flag=True, help="Only items not done or N/A.")
@click.option(
    "--search",
    "text",
    default="",
    metavar="TEXT",
    help="Only items whose text, id or notes contain TEXT.",
)
@click.option(
    "--due",
    metavar="overdue|week|DATE",
    help="Only open items due: before today, within 7 days (overdue included), or by DATE.",
)
@format_option("table", "json")
@pass_app
def item_list(
    app: AppContext,
    release: str,
    statuses: tuple[str, ...],
    owner: str | None,
    blocking: bool,
    only_open: bool,
    text: str,
    due: str | None,
    fmt: str,
) -> None:
    """List a release's items, optionally filtered."""
    from tracker.domain.progress import ItemFilter, due_by_date, filter_items, is_due_by
    from tracker.domain.validation import MAX_SEARCH
    from tracker.domain.validation import text as valid_text

    svc = app.service()
    view = svc.releases.release_view(release)
    f = ItemFilter(
        text=valid_text(text, "--search", MAX_SEARCH),
        owner=owner_filter(svc, owner),
        statuses=frozenset(ItemStatus(s) for s in statuses),
        blocking_only=blocking,
        hide_closed=only_open,
    )
    today = svc.clock.today()
    items = filter_items(view.active_items, f, today)
    if due is not None:
        try:
            last_day = due_by_date(due, today)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        items = [i for i in items if is_due_by(i, last_day)]
    now = svc.clock.now()
    if fmt == "json":
        echo_json([item_dict(i, now) for i in items])
        return
    echo(
        render_table(
            ["Item", "Status", "Sev", "Owner", "Due", "Ev", "Check", "Text"],
            [
                [
                    i.key,
                    i.status.value,
                    "B" if i.is_blocking else "a",
                    f"@{i.owner}" if i.owner else "-",
                    _due_cell(i, today),
                    len(i.evidence) or "",
                    check_state(i, now),
                    i.text,
                ]
                for i in items
            ],
        )
    )


@item.command("bulk")
@click.argument("release")
@click.argument("scope", metavar="GROUP|CATEGORY")
@click.option("--status", type=STATUS_CHOICE, help="Set this status on every item.")
@click.option("--na-reason", metavar="REASON", help=f"With --status na. {REASON_HELP}")
@click.option("--na-note", metavar="TEXT", help="Free text for the N/A reason.")
@click.option("--owner", metavar="HANDLE", help="Assign this owner to every item; '-' unassigns.")
@click.option(
    "--force", is_flag=True, help="Tick items done although they wait on open items elsewhere."
)
@click.option("--due", metavar="YYYY-MM-DD", help="Set this due date on every item; '-' clears.")
@pass_app
def item_bulk(
    app: AppContext,
    release: str,
    scope: str,
    status: str | None,
    na_reason: str | None,
    na_note: str | None,
    owner: str | None,
    force: bool,
    due: str | None,
) -> None:
    """Set the status, owner or due date of a whole group or category in one transaction.

    Checked against the items as read when the command started: if someone changed one of
    them meanwhile, nothing is written.
    """
    from tracker.domain.changes import UNSET, ItemChange

    reason, note_text = _parse_reason(na_reason, na_note)
    new_status = ItemStatus(status) if status else (ItemStatus.NA if reason else None)
    if new_status is None and owner is None and due is None:
        raise ValidationError("nothing to change: give --status, --owner and/or --due")
    change = ItemChange(
        status=new_status if new_status is not None else UNSET,
        na_reason=reason if reason is not None else UNSET,
        na_note=note_text if note_text is not None else UNSET,
        owner=UNSET if owner is None else owner_assignment(owner),
        due_date=UNSET if due is None else parse_date(due, "due date"),
    )
    svc = app.service()
    if new_status is ItemStatus.DONE and not force:
        waiting = svc.dependencies.scope_waiting_on(release, scope)
        if waiting:
            key, deps = waiting[0]
            more = f" (and {len(waiting) - 1} more)" if len(waiting) > 1 else ""
            raise ValidationError(
                f"{key} is waiting on {', '.join(deps)}{more}; finish those first or use --force"
            )
    seen = svc.releases.release_view(release).active_items
    result = svc.items.bulk_update(release, scope, change, seen=seen)
    echo(f"{result.scope}: {len(result.changed)} items changed")


def _due_cell(i: ReleaseItem, today: date) -> str:
    if i.due_date is None:
        return "-"
    return f"{i.due_date} overdue" if i.is_open and i.due_date < today else str(i.due_date)


COMMANDS = [item]
