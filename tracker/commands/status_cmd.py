"""``tracker status``: per-category progress, the ML Test Score and the open blocking items."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from tracker.commands.common import (
    AppContext,
    bar,
    clip,
    echo,
    echo_json,
    format_option,
    pass_app,
    render_table,
)
from tracker.domain.models import ReleaseItem, ReleaseView

if TYPE_CHECKING:
    from tracker.domain.progress import MLTestScore, NodeProgress, Progress


@click.command("status")
@click.argument("name")
@format_option("table", "json")
@pass_app
def status(app: AppContext, name: str, fmt: str) -> None:
    """Per-category progress and the open blocking items of a release."""
    from tracker.domain import progress

    svc = app.service()
    view = svc.releases.release_view(name)
    items = view.active_items
    overall = progress.item_progress(items)
    cats = progress.category_progress(items)
    blocking = _unblocking_first(items)
    score = progress.ml_test_score(items, svc.verification.automated_items(view.release.name))
    if fmt == "json":
        _echo_status_json(_database(app), view, overall, cats, blocking, score)
    else:
        _echo_status_text(_database(app), svc.clock.today(), view, overall, cats, blocking, score)


def _echo_status_json(
    database: str,
    view: ReleaseView,
    overall: Progress,
    cats: list[NodeProgress],
    blocking: list[tuple[ReleaseItem, list[str]]],
    score: MLTestScore,
) -> None:
    echo_json(
        {
            "release": view.release.name,
            "database": database,
            "ml_test_score": {
                "final": score.final,
                "sections": {k.value: v for k, v in score.sections.items()},
            },
            "progress": {
                "total": overall.total,
                "closed": overall.closed,
                "done": overall.done,
                "na": overall.na,
                "waived": overall.waived,
                "percent": overall.percent,
            },
            "categories": [
                {
                    "id": c.key,
                    "title": c.title,
                    "total": c.progress.total,
                    "closed": c.progress.closed,
                    "open_blocking": c.open_blocking,
                }
                for c in cats
            ],
            "open_blocking": [
                {
                    "id": i.key,
                    "text": i.text,
                    "owner": i.owner,
                    "status": i.status,
                    "waiting_on": waits,
                    "waiver_expired": i.waiver_expired,
                }
                for i, waits in blocking
            ],
        }
    )


def _echo_status_text(
    database: str,
    today: date,
    view: ReleaseView,
    overall: Progress,
    cats: list[NodeProgress],
    blocking: list[tuple[ReleaseItem, list[str]]],
    score: MLTestScore,
) -> None:
    r = view.release
    days = ""
    if r.target_date:
        delta = (r.target_date - today).days
        days = f" ({delta} days left)" if delta >= 0 else f" ({-delta} days overdue)"
    echo(
        f"{r.name} · {r.template_id} v{r.template_version} · env {r.environment or '-'} · "
        f"target {r.target_date or '-'}{days}"
    )
    echo(f"database {database}")
    sections = ", ".join(f"{k.value} {v:g}" for k, v in score.sections.items())
    waived = f" ({overall.waived} waived)" if overall.waived else ""
    echo(
        f"{overall.closed}/{overall.total} closed{waived} ({overall.percent}%) · "
        f"{len(blocking)} open blocking"
    )
    echo(f"ML Test Score {score.final:g} (the lowest of: {sections})\n")
    echo(
        render_table(
            ["Category", "Done", "N/A", "Open", "Blocking", "Progress", "%"],
            [
                [
                    c.title,
                    c.progress.done,
                    c.progress.na,
                    c.progress.open,
                    c.open_blocking,
                    bar(c.progress.fraction),
                    f"{c.progress.percent}%",
                ]
                for c in cats
            ],
            right=(1, 2, 3, 4, 6),
        )
    )
    _echo_blocking(blocking, today)


def _echo_blocking(blocking: list[tuple[ReleaseItem, list[str]]], today: date) -> None:
    if blocking:
        echo(f"\nOpen blocking items ({len(blocking)}), what unblocks the most first:")
        echo(
            render_table(
                ["Item", "Text", "Owner", "Status", "Due", "Waiting on"],
                [
                    [
                        i.key,
                        clip(i.text, 60),
                        f"@{i.owner}" if i.owner else "-",
                        i.status.value
                        + (f" (waiver expired {i.waiver_expired})" if i.waiver_expired else ""),
                        _due(i.due_date, today),
                        ", ".join(waits) or "-",
                    ]
                    for i, waits in blocking
                ],
            )
        )
    else:
        echo("\nNo open blocking items.")


def _unblocking_first(items: tuple[ReleaseItem, ...]) -> list[tuple[ReleaseItem, list[str]]]:
    """Open blocking items, what unblocks the most first, each with what it is waiting on."""
    from tracker.domain import progress
    from tracker.domain.dependencies import unblock_order, waiting_on

    by_key = {i.key: i for i in items}
    rank = {i.key: n for n, i in enumerate(unblock_order(items))}
    blocking = sorted(progress.open_blocking(items), key=lambda i: rank[i.key])
    return [(i, waiting_on(i, by_key)) for i in blocking]


def _database(app: AppContext) -> str:
    """Which database is open: a SQLite file path, or the URL without its password."""
    from tracker.db.engine import redact_url

    url = app.settings.db_url
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else redact_url(url)


def _due(due: date | None, today: date) -> str:
    if due is None:
        return "-"
    return f"{due} (overdue)" if due < today else str(due)


COMMANDS = [status]
