"""``tracker milestone`` (freeze a release, list its milestones) and ``tracker diff`` (two
releases or milestones compared, regressions first)."""

from __future__ import annotations

import click

from tracker.commands.common import (
    AppContext,
    clip,
    echo,
    echo_json,
    format_option,
    pass_app,
    render_table,
)
from tracker.errors import GateFailed


@click.command("milestone")
@click.argument("release")
@click.argument("name", required=False)
@format_option("table", "json")
@pass_app
def milestone(app: AppContext, release: str, name: str | None, fmt: str) -> None:
    """Freeze the release's state as milestone NAME (items, owners, evidence, latest
    verification, sign-offs, waivers); without NAME, list the milestones."""
    svc = app.service()
    if name is not None:
        info = svc.milestones.create_milestone(release, name)
        echo(f"milestone {info.name!r} of {release} frozen")
        return
    rows = svc.milestones.list_milestones(release)
    if fmt == "json":
        echo_json(
            [{"name": m.name, "created_at": m.created_at, "created_by": m.created_by} for m in rows]
        )
        return
    if not rows:
        echo("no milestones")
        return
    echo(
        render_table(
            ["Milestone", "Frozen at", "By"],
            [
                [
                    m.name,
                    m.created_at.strftime("%Y-%m-%d %H:%M") if m.created_at else "-",
                    m.created_by,
                ]
                for m in rows
            ],
        )
    )


@click.command("diff")
@click.argument("before", metavar="A")
@click.argument("after", metavar="B")
@format_option("table", "md", "json")
@click.option("--fail-on-regression", is_flag=True, help="Exit 1 when anything regressed (for CI).")
@pass_app
def diff(app: AppContext, before: str, after: str, fmt: str, fail_on_regression: bool) -> None:
    """What changed from A to B: each is RELEASE (its current state) or RELEASE@MILESTONE.

    Two releases must share a template. Shows regressions (closed -> open, PASS -> FAIL),
    improvements, new and removed items, owner and sign-off changes.
    """
    from tracker.domain.milestones import diff_to_dict, diff_to_markdown, summary_line

    result = app.service().milestones.diff(before, after)
    if fmt == "json":
        echo_json(diff_to_dict(result))
    elif fmt == "md":
        echo(diff_to_markdown(result), nl=False)
    else:
        echo(summary_line(result))
        if result.changes:
            echo(
                render_table(
                    ["Change", "Item", "Before", "After", "Text"],
                    [
                        [c.kind, c.item, c.before or "-", c.after or "-", clip(c.text, 50)]
                        for c in result.changes
                    ],
                )
            )
    if fail_on_regression and result.regressions:
        raise GateFailed(f"{len(result.regressions)} regression(s) from {before} to {after}", 1)


COMMANDS = [milestone, diff]
