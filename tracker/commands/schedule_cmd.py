"""Post-deployment: ``tracker release golive``, ``tracker tasks``, ``tracker task set``, ``tracker retro``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from tracker.commands.common import (
    FORCE_HELP,
    AppContext,
    RepeatLimit,
    check_output,
    echo,
    echo_json,
    format_option,
    owner_assignment,
    owner_filter,
    parse_date,
    pass_app,
    render_table,
    write_output,
)
from tracker.commands.release_cmd import release
from tracker.domain.enums import TaskStatus
from tracker.domain.models import TaskOccurrence
from tracker.errors import ValidationError

if TYPE_CHECKING:
    from tracker.services.occurrences import DueTask
    from tracker.services.tracker import TrackerService


@release.command("golive")
@click.argument("name")
@click.option("--date", "on", metavar="YYYY-MM-DD", help="Go-live date (default: today).")
@click.option("--force", is_flag=True, help="Go live although blocking items are open.")
@click.option(
    "--reason", metavar="TEXT", help="Why a forced go-live was accepted (required with --force)."
)
@pass_app
def release_golive(
    app: AppContext, name: str, on: str | None, force: bool, reason: str | None
) -> None:
    """Record go-live and schedule the post-deployment tasks.

    Changing the date later reschedules open tasks and keeps completed ones.
    """
    if reason and not force:
        raise ValidationError("--reason goes with --force")
    report = app.service().schedule.golive(
        name, parse_date(on, "go-live date"), force=force, reason=reason
    )
    r = report.release
    echo(
        f"{r.name}: live since {r.golive_date}{' (FORCED)' if report.forced else ''}; "
        f"{report.created} tasks scheduled, {report.rescheduled} rescheduled, {report.removed} removed"
    )


def _late(occ: TaskOccurrence, today: object) -> str:
    from datetime import date

    assert isinstance(today, date)
    days = (today - occ.due_date).days
    if occ.status is not TaskStatus.TODO:
        return occ.status.value
    if days > 0:
        return f"{days}d late"
    if days == 0:
        return "due today"
    return f"in {-days}d"


@click.command("tasks")
@click.argument("release_name", metavar="[RELEASE]", required=False)
@click.option(
    "--due",
    type=click.Choice(["today", "week", "overdue"]),
    help="Only tasks due today, within a week, or overdue.",
)
@click.option("--week", "week_flag", is_flag=True, help="Same as --due week.")
@click.option("--overdue", "overdue_flag", is_flag=True, help="Same as --due overdue.")
@click.option("--owner", metavar="HANDLE", help="Only this owner's tasks.")
@click.option("--mine", is_flag=True, help="Only the acting user's tasks (--as / TRACKER_USER).")
@format_option("table", "md", "json")
@pass_app
def tasks(
    app: AppContext,
    release_name: str | None,
    due: str | None,
    week_flag: bool,
    overdue_flag: bool,
    owner: str | None,
    mine: bool,
    fmt: str,
) -> None:
    """Open post-deployment tasks across live releases: what is due, by whom, how late."""
    if week_flag:
        due = "week"
    if overdue_flag:
        due = "overdue"
    svc = app.service()
    owner = app.settings.actor if mine else owner_filter(svc, owner)
    svc.schedule.extend_schedules()
    rows = svc.occurrences.due_tasks(release_name, due=due, owner=owner)  # type: ignore[arg-type]
    today = svc.clock.today()
    reopened = _expired_waivers(svc, release_name, due, owner)
    if fmt == "json":
        echo_json(_tasks_json(rows, reopened, today))
        return
    if fmt == "md":
        _echo_tasks_md(rows, reopened, today)
        return
    _echo_reopened(reopened, today)
    if not rows:
        if not reopened:
            echo(_why_empty(svc, release_name, due, owner))
        return
    echo(
        render_table(
            ["Release", "Id", "Task", "Due", "Owner", "State"],
            [
                [
                    d.release,
                    d.occurrence.id,
                    d.occurrence.text,
                    d.occurrence.due_date,
                    f"@{d.occurrence.owner}" if d.occurrence.owner else "-",
                    _late(d.occurrence, today),
                ]
                for d in rows
            ],
        )
    )
    overdue = sum(1 for d in rows if d.occurrence.due_date < today)
    if due == "week":
        echo(f"{len(rows)} task(s) due within 7 days, {overdue} of them overdue")


Reopened = list[tuple[str, str, str, date, str | None]]


def _tasks_json(rows: list[DueTask], reopened: Reopened, today: date) -> list[dict[str, Any]]:
    return [
        {
            "release": d.release,
            "id": d.occurrence.id,
            "key": d.occurrence.key,
            "task": d.occurrence.task_key,
            "text": d.occurrence.text,
            "phase": d.occurrence.phase_title,
            "due_date": d.occurrence.due_date,
            "owner": d.occurrence.owner,
            "days_late": max(0, (today - d.occurrence.due_date).days),
        }
        for d in rows
    ] + [
        {
            "release": rel,
            "kind": "expired_waiver",
            "item": key,
            "text": text,
            "due_date": expired,
            "owner": who,
            "days_late": (today - expired).days,
        }
        for rel, key, text, expired, who in reopened
    ]


def _echo_tasks_md(rows: list[DueTask], reopened: Reopened, today: date) -> None:
    from tracker.domain.export_md import escape_md_inline

    echo("| Release | Task | Phase | Due | Owner | State |\n|---|---|---|---|---|---|")
    for d in rows:
        o = d.occurrence
        echo(
            f"| {escape_md_inline(d.release)} | {escape_md_inline(o.text)} | {escape_md_inline(o.phase_title)} "
            f"| {o.due_date} | {escape_md_inline('@' + o.owner) if o.owner else '-'} | {_late(o, today)} |"
        )
    for rel, _key, text, expired, who in reopened:
        echo(
            f"| {escape_md_inline(rel)} | {escape_md_inline(text)} (waiver expired) | - "
            f"| {expired} | {escape_md_inline('@' + who) if who else '-'} | reopened |"
        )


def _why_empty(
    svc: TrackerService, release_name: str | None, due: str | None, owner: str | None
) -> str:
    """Why ``tasks`` shows nothing: no live release, nothing open, or the filters."""
    everything = svc.occurrences.due_tasks(release_name)
    if not everything:
        if release_name is None and not any(
            r.golive_date is not None for r in svc.releases.list_releases()
        ):
            return "nothing due: no live releases (record a go-live with `tracker release golive`)"
        return "nothing due: every task of the live releases is done or skipped"
    when = {"overdue": "overdue", "today": "due today", "week": "due within 7 days"}
    wanted = " and ".join(
        part for part in (when.get(due or "", ""), f"owned by @{owner}" if owner else "") if part
    )
    return f"nothing due: {len(everything)} open task(s), none {wanted}"


def _expired_waivers(
    svc: Any, release_name: str | None, due: str | None, owner: str | None
) -> list[tuple[str, str, str, date, str | None]]:
    """Items reopened by an expired waiver: overdue by definition (every --due view lists them
    except "week", which looks ahead), filtered by owner like the tasks."""
    if due == "week":
        return []
    rows: list[tuple[str, str, str, date, str | None]] = svc.waivers.expired_waivers(release_name)
    if owner:
        wanted = owner.strip().removeprefix("@").casefold()
        rows = [r for r in rows if (r[4] or "").casefold() == wanted]
    return rows


def _echo_reopened(rows: list[tuple[str, str, str, date, str | None]], today: date) -> None:
    if not rows:
        return
    echo("Items reopened by an expired waiver:")
    echo(
        render_table(
            ["Release", "Item", "Waiver expired", "Owner", "State"],
            [
                [rel, key, expired, f"@{who}" if who else "-", f"{(today - expired).days}d late"]
                for rel, key, _text, expired, who in rows
            ],
        )
    )
    echo("")


@click.group("task")
def task() -> None:
    """Work a post-deployment task occurrence."""


@task.command("set")
@click.argument("release_name", metavar="RELEASE")
@click.argument("ref", metavar="TASK")
@click.option(
    "--date", "on", metavar="YYYY-MM-DD", help="Which occurrence (default: the earliest open one)."
)
@click.option(
    "--status",
    type=click.Choice([s.value for s in TaskStatus]),
    help="done, skipped (needs --reason) or todo.",
)
@click.option("--reason", metavar="TEXT", help="Why the task was skipped.")
@click.option("--owner", metavar="HANDLE", help="Assign an owner; '-' unassigns.")
@click.option("--note", metavar="TEXT", help="Replace the notes; '' clears them.")
@click.option(
    "--evidence",
    multiple=True,
    callback=RepeatLimit(),
    metavar="URL",
    help="Attach an http(s) evidence link.",
)
@click.option(
    "--title",
    "titles",
    multiple=True,
    callback=RepeatLimit(),
    metavar="TEXT",
    help="Title for the --evidence at the same position.",
)
@pass_app
def task_set(
    app: AppContext,
    release_name: str,
    ref: str,
    on: str | None,
    status: str | None,
    reason: str | None,
    owner: str | None,
    note: str | None,
    evidence: tuple[str, ...],
    titles: tuple[str, ...],
) -> None:
    """Tick, skip, assign or annotate a task (TASK: id, key, key@DATE or a text fragment).

    Checked against the occurrence as read when the command started: if someone changed a
    field you set meanwhile, nothing is written and the error shows both values.
    """
    if len(titles) > len(evidence):
        raise ValidationError("each --title needs an --evidence URL before it")
    assign = False if owner is None else owner_assignment(owner)  # before any lookup
    svc = app.service()
    seen = svc.occurrences.occurrence(release_name, ref, parse_date(on))
    occ = svc.occurrences.update_occurrence(
        release_name,
        str(seen.id),
        seen=seen,
        status=TaskStatus(status) if status else None,
        skip_reason=reason,
        owner=assign,
        notes=False if note is None else note,
        evidence=[(url, titles[i] if i < len(titles) else None) for i, url in enumerate(evidence)],
    )
    echo(f"{occ.key}: {occ.status.value}" + (f" @{occ.owner}" if occ.owner else ""))


@click.command("retro")
@click.argument("release_name", metavar="RELEASE")
@click.option(
    "-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout."
)
@click.option("--force", is_flag=True, help=FORCE_HELP)
@pass_app
def retro(app: AppContext, release_name: str, output: str | None, force: bool) -> None:
    """Write the retrospective document (Markdown) for a release.

    An existing FILE is replaced only with --force, or when you say so at a terminal.
    """
    check_output(output, force=force)
    write_output(app.service().exports.export(release_name, "retro"), output)


COMMANDS = [tasks, task, retro]
