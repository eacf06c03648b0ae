"""``tracker export``: Markdown or JSON status of a release."""

from __future__ import annotations

import click

from tracker.commands.common import (
    FORCE_HELP,
    AppContext,
    check_output,
    pass_app,
    write_output,
)


@click.command("export")
@click.argument("release")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="Markdown (GitHub-flavoured) or JSON (schema tracker.release/v1).",
)
@click.option(
    "-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout."
)
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option(
    "--summary", is_flag=True, help="Markdown: one screen for a PR description, full list folded."
)
@click.option("--mentions", is_flag=True, help="Markdown: write owners as @handle (pings them).")
@pass_app
def export(
    app: AppContext,
    release: str,
    fmt: str,
    output: str | None,
    force: bool,
    summary: bool,
    mentions: bool,
) -> None:
    """Export a release's status for a retrospective or a pull request.

    An existing FILE is replaced only with --force, or when you say so at a terminal.
    """
    from tracker.domain.inert import json_safe

    check_output(output, force=force)
    if fmt == "json" and (summary or mentions):
        raise click.UsageError("--summary and --mentions apply to --format md")
    text = app.service().exports.export(
        release, "md" if fmt == "md" else "json", mentions=mentions, summary=summary
    )
    # JSON: C1 and bidi controls as \uXXXX escapes (the same data, inert on a terminal)
    write_output(json_safe(text) if fmt == "json" else text, output)


COMMANDS = [export]
