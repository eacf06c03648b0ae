"""``tracker export``: Markdown or JSON status of a release."""

from __future__ import annotations

import click

from tracker.commands.common import AppContext, pass_app, write_output


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
@pass_app
def export(app: AppContext, release: str, fmt: str, output: str | None) -> None:
    """Export a release's status for a retrospective or a pull request."""
    from tracker.config import stale_after_days

    svc = app.service()
    view = svc.release_view(release)
    now = svc.clock.now()
    stale_days = stale_after_days()
    if fmt == "json":
        from tracker.domain.export_json import release_to_json

        text = release_to_json(
            view,
            generated_at=now,
            automated_item_keys=svc.automated_items(view.release.name),
            stale_days=stale_days,
        )
    else:
        from tracker.domain.export_md import release_to_markdown

        text = release_to_markdown(view, generated_at=now, stale_days=stale_days)
    write_output(text, output)


COMMANDS = [export]
