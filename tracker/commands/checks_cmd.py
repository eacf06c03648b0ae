"""``tracker verify`` and ``tracker checks list|show`` (``tracker gate``: ``gate_cmd``).

Only ``verify`` reaches the workspace (and so imports ``databricks.sdk``, lazily, when a check
needs it); ``checks`` reads the check catalogue only.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from tracker.commands.common import (
    MAX_ITEMS,
    AppContext,
    RepeatLimit,
    check_output,
    clip,
    echo,
    echo_json,
    format_option,
    pass_app,
    render_table,
    write_output,
)
from tracker.config import DEFAULT_PARALLEL
from tracker.domain.enums import CheckOutcome
from tracker.errors import GateFailed, ValidationError

if TYPE_CHECKING:
    from tracker.checks.registry import Check
    from tracker.domain.verification import CheckArrived
    from tracker.services.verify_reports import VerifyReport

MESSAGE_WIDTH = 110


class _Progress:
    """A counter line on stderr, only when stderr is a terminal (CI logs stay clean)."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.total = 0
        self.done = 0
        self.failing = 0

    def start(self, total: int) -> None:
        self.total = total
        self._draw()

    def result(self, run: CheckArrived) -> None:
        self.done += 1
        if run.outcome in (CheckOutcome.FAIL, CheckOutcome.ERROR):
            self.failing += 1
        self._draw(run.item_key)

    def _draw(self, last: str = "") -> None:
        if self.enabled:
            line = f"verifying {self.done}/{self.total}" + (
                f" ({self.failing} failing)" if self.failing else ""
            )
            echo(f"\r\x1b[2K{line}  {last}"[:200], err=True, nl=False)

    def finish(self) -> None:
        if self.enabled and self.total:
            echo("\r\x1b[2K", err=True, nl=False)


def _counts_line(report: VerifyReport) -> str:
    counts = report.counts
    parts = [f"{n} {o.value}" for o, n in counts.items() if n]
    line = f"{len(report.items)} check(s): {', '.join(parts) or 'none'} in {report.duration_ms / 1000:.1f} s"
    if report.ticked:
        line += f"; ticked done: {', '.join(report.ticked)}"
    return line


def _verify_json(report: VerifyReport) -> dict[str, Any]:
    return {
        "release": report.release,
        "run_id": report.run_id,
        "started_at": report.started_at,
        "duration_ms": report.duration_ms,
        "profile": report.profile,
        "scheduled": report.scheduled,
        "counts": {o.value: n for o, n in report.counts.items()},
        "exit_code": report.exit_code,
        "results": [
            {
                "item": v.item_key,
                "text": v.item_text,
                "check": v.result.check_id,
                "title": v.check_title,
                "outcome": v.outcome,
                "message": v.result.message,
                "link": v.result.link,
                "facts": v.result.facts,
                "duration_ms": v.result.duration_ms,
                "started_at": v.result.started_at,
                "ticked": v.ticked,
            }
            for v in report.items
        ],
    }


def _verify_junit(report: VerifyReport) -> str:
    from tracker.domain.verification import JUnitCase, junit_xml

    cases = [
        JUnitCase(
            classname=v.group_key,
            name=f"{v.item_key}: {v.item_text}",
            outcome=v.outcome,
            message=v.result.message,
            duration_s=v.result.duration_ms / 1000,
            details="\n".join(
                filter(
                    None,
                    [
                        f"check: {v.result.check_id}",
                        v.result.message,
                        f"link: {v.result.link}" if v.result.link else None,
                    ],
                )
            ),
        )
        for v in report.items
    ]
    return junit_xml(f"tracker verify {report.release}", cases, timestamp=report.started_at)


@click.command("verify")
@click.argument("release")
@click.option(
    "--item",
    "items",
    multiple=True,
    callback=RepeatLimit(MAX_ITEMS),
    metavar="ID",
    help="Verify only this item (repeatable).",
)
@click.option("--group", metavar="ID", help="Verify only one group or category.")
@click.option(
    "--profile",
    metavar="NAME",
    help="Databricks CLI profile (~/.databrickscfg); remembered on the release. Default: the "
    "release's profile, else DATABRICKS_* variables or the DEFAULT profile.",
)
@click.option(
    "--parallel",
    type=click.IntRange(1, 32),
    default=DEFAULT_PARALLEL,
    show_default=True,
    help="Checks run at once.",
)
@format_option("table", "json")
@click.option(
    "--junit", metavar="FILE", help="Also write a JUnit XML report (one test case per item)."
)
@click.option("--tick", is_flag=True, help="Mark open items whose check PASSED as done.")
@click.option(
    "--tasks",
    is_flag=True,
    help="Verify the post-deployment tasks that are due (e.g. daily feature freshness) instead of "
    "the checklist items.",
)
@click.option(
    "--scheduled",
    is_flag=True,
    help="Record this as a scheduled run (what the ML Test Score counts as automated).",
)
@pass_app
def verify(
    app: AppContext,
    release: str,
    items: tuple[str, ...],
    group: str | None,
    profile: str | None,
    parallel: int,
    fmt: str,
    junit: str | None,
    tick: bool,
    tasks: bool,
    scheduled: bool,
) -> None:
    """Run the automated checks of RELEASE against the Databricks workspace.

    Exit codes: 0 every check PASSED or was SKIPPED (or needs a manual review), 1 a check
    FAILED, 3 a check could not tell (ERROR) and none failed, or the workspace was not reached
    (one line says why), 2 usage error.
    """
    if tasks and (items or group):
        raise ValidationError("--tasks verifies the due post-deployment tasks; drop --item/--group")
    check_output(junit)  # before any result is stored
    report = _run_verify(
        app,
        release,
        items=items,
        group=group,
        profile=profile,
        parallel=parallel,
        tick=tick,
        tasks=tasks,
        scheduled=scheduled,
    )
    if report.not_reached and fmt != "json":
        if junit:
            write_output(_verify_junit(report), junit)
        # One line, not one per check: every check that needed the workspace is this ERROR.
        raise GateFailed(
            f"{report.release}: workspace not reached, {report.counts[CheckOutcome.ERROR]} "
            f"check(s) recorded as ERROR: {report.not_reached}",
            3,
        )
    if fmt == "json":
        echo_json(_verify_json(report))
    else:
        echo(_verify_table(report))
        echo(_counts_line(report))
    if junit:
        write_output(_verify_junit(report), junit)
    if report.exit_code:
        worst = "failed" if report.exit_code == 1 else "could not be verified (ERROR)"
        raise GateFailed(f"{release}: some checks {worst}", report.exit_code)


def _run_verify(
    app: AppContext,
    release: str,
    *,
    items: tuple[str, ...],
    group: str | None,
    profile: str | None,
    parallel: int,
    tick: bool,
    tasks: bool,
    scheduled: bool,
) -> VerifyReport:
    """Run the items' (or with ``tasks`` the due tasks') checks, with a progress line."""
    progress = _Progress()
    verification = app.service().verification
    try:
        if tasks:
            return verification.verify_tasks(
                release,
                profile=profile,
                parallel=parallel,
                tick=tick,
                scheduled=scheduled,
                on_start=progress.start,
                on_result=progress.result,
            )
        return verification.verify(
            release,
            item_refs=items,
            group=group,
            profile=profile,
            parallel=parallel,
            tick=tick,
            scheduled=scheduled,
            on_start=progress.start,
            on_result=progress.result,
        )
    finally:
        progress.finish()


def _verify_table(report: VerifyReport) -> str:
    return render_table(
        ["Item", "Check", "Outcome", "Message"],
        [
            [
                v.item_key + (" ✓" if v.ticked else ""),
                v.result.check_id,
                v.outcome.value,
                clip(v.result.message, MESSAGE_WIDTH),
            ]
            for v in report.items
        ],
    )


@click.group("checks")
def checks() -> None:
    """The catalogue of automated checks."""


def _check_dict(c: Check, *, full: bool) -> dict[str, Any]:
    m = c.meta
    data: dict[str, Any] = {
        "id": m.id,
        "title": m.title,
        "kind": m.kind,
        "severity": m.severity,
        "items": list(m.items),
        "clouds": sorted(m.clouds) if m.clouds else None,
    }
    if full:
        data.update(
            params=[
                {
                    "name": p.name,
                    "type": p.type,
                    "required": p.required,
                    "default": p.default,
                    "description": p.description,
                }
                for p in m.params
            ],
            permission=m.permission,
            remediation=m.remediation,
            docs=m.docs,
            resources=list(m.resources),
        )
    return data


@checks.command("list")
@format_option("table", "json")
def checks_list(fmt: str) -> None:
    """List every built-in check."""
    from tracker.checks.registry import all_checks

    catalogue = all_checks()
    if fmt == "json":
        echo_json([_check_dict(c, full=True) for c in catalogue])
        return
    echo(
        render_table(
            ["Id", "Kind", "Items", "Severity", "Title"],
            [
                [
                    c.id,
                    c.meta.kind,
                    ", ".join(c.meta.items),
                    c.meta.severity,
                    c.meta.title
                    + (f" ({'/'.join(sorted(c.meta.clouds))} only)" if c.meta.clouds else ""),
                ]
                for c in catalogue
            ],
        )
    )
    echo(
        f"{len(catalogue)} checks; templates may also carry declarative SQL checks (check: {{sql: ...}})."
    )


@checks.command("show")
@click.argument("check_id", metavar="ID")
@format_option("table", "json")
def checks_show(check_id: str, fmt: str) -> None:
    """Show everything about one check: parameters, permission, remediation, docs."""
    from tracker.checks.registry import get_check

    c = get_check(check_id)
    if fmt == "json":
        echo_json(_check_dict(c, full=True))
        return
    m = c.meta
    echo(f"{m.id} — {m.title}")
    echo(
        f"  kind        {m.kind} ({'decides PASS/FAIL' if m.kind == 'auto' else 'gathers facts for a manual review'})"
    )
    echo(f"  severity    {m.severity}")
    echo(f"  items       {', '.join(m.items)}")
    echo(f"  clouds      {', '.join(sorted(m.clouds)) if m.clouds else 'all'}")
    echo(f"  permission  {m.permission}")
    echo(f"  docs        {m.docs}")
    echo("Parameters")
    if not m.params:
        echo("  (none)")
    for p in m.params:
        need = (
            "required"
            if p.required
            else f"optional, default {p.default!r}"
            if p.default is not None
            else "optional"
        )
        echo(f"  {p.name} ({p.type}, {need}): {p.description}")
    echo("Remediation")
    echo(f"  {m.remediation}")
    if m.resources:
        echo("Reads")
        for r in m.resources:
            echo(f"  {r}")


COMMANDS = [verify, checks]
