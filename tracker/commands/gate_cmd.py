"""``tracker gate``: go/no-go for CI from the database (no workspace call)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tracker.commands.common import (
    AppContext,
    check_output,
    clip,
    echo,
    echo_json,
    format_option,
    pass_app,
    render_table,
    write_output,
)
from tracker.domain.enums import CheckOutcome
from tracker.errors import GateFailed

if TYPE_CHECKING:
    from tracker.services.verify_reports import GateItem, GateReport


def _gate_junit(report: GateReport) -> str:
    from tracker.domain.verification import JUnitCase, junit_xml

    cases = [
        JUnitCase(
            classname=g.item.group_key,
            name=f"{g.item.key}: {g.item.text}",
            outcome=CheckOutcome.FAIL if g.blocking else CheckOutcome.PASS,
            message=g.reason,
        )
        for g in report.items
    ]
    return junit_xml(f"tracker gate {report.release}", cases)


@click.command("gate")
@click.argument("release")
@click.option(
    "--require-verified",
    is_flag=True,
    help="Done items that have a check also need a fresh PASS (see TRACKER_STALE_DAYS).",
)
@click.option(
    "--junit", metavar="FILE", help="Also write a JUnit XML report (one test case per item)."
)
@format_option("table", "json")
@pass_app
def gate(
    app: AppContext, release: str, require_verified: bool, junit: str | None, fmt: str
) -> None:
    """Go/no-go for CI: exit 0 when every blocking item is done or N/A, else 1 with the list."""
    check_output(junit)
    report = app.service().verification.gate(release, require_verified=require_verified)
    blockers = report.blockers
    waived = [g for g in report.items if g.item.waived]
    if fmt == "json":
        echo_json(_gate_json(report, blockers, waived))
    else:
        _echo_gate(report, blockers, waived)
    if junit:
        write_output(_gate_junit(report), junit)
    if not report.passed:
        raise GateFailed(_no_go_line(report), 1)


def _gate_json(
    report: GateReport, blockers: tuple[GateItem, ...], waived: list[GateItem]
) -> dict[str, Any]:
    return {
        "release": report.release,
        "require_verified": report.require_verified,
        "passed": report.passed,
        "blocking_items": len(report.items),
        "blockers": [
            {
                "item": g.item.key,
                "text": g.item.text,
                "status": g.item.status,
                "reason": g.reason,
                "waiting_on": list(g.item.depends_on),
            }
            for g in blockers
        ],
        "waived": [{"item": g.item.key, "until": g.item.waived_until} for g in waived],
        "signoffs": [
            {
                "role": s.role.role,
                "state": s.state,
                "signed_by": s.signoff.signed_by if s.signoff else None,
                "signed_at": s.signoff.signed_at if s.signoff else None,
            }
            for s in report.signoffs
        ],
    }


def _echo_gate(report: GateReport, blockers: tuple[GateItem, ...], waived: list[GateItem]) -> None:
    """GO with what was checked, or NO-GO with the blocking items and sign-offs."""
    require_verified = report.require_verified
    unsigned = report.signoff_blockers
    if report.passed:
        extra = " and verified" if require_verified else ""
        closed = f"done, N/A or waived ({len(waived)} waived)" if waived else "done or N/A"
        signed = (
            "; fresh sign-offs: " + ", ".join(s.role.role for s in report.signoffs)
            if report.signoffs
            else ""
        )
        echo(
            f"GO: all {len(report.items)} blocking item(s) of {report.release} are {closed}"
            f"{extra}{signed}."
        )
    else:
        if blockers:
            echo(
                f"NO-GO: {len(blockers)} of {len(report.items)} blocking item(s) of {report.release} block go-live:"
            )
            echo(
                render_table(
                    ["Item", "Status", "Why", "Text"],
                    [
                        [g.item.key, g.item.status.value, clip(g.reason, 60), clip(g.item.text, 60)]
                        for g in blockers
                    ],
                )
            )
        else:
            echo(
                f"NO-GO: all {len(report.items)} blocking item(s) of {report.release} are "
                "closed, but sign-offs are missing or stale:"
            )
        if unsigned:
            echo("Sign-offs:")
            for s in report.signoffs:
                echo(f"  {s.describe}")


def _no_go_line(report: GateReport) -> str:
    blockers, unsigned = report.blockers, report.signoff_blockers
    parts = [f"{len(blockers)} blocking item(s) not ready"] if blockers else []
    if unsigned:
        parts.append(
            "sign-offs missing or stale: "
            + ", ".join(f"{s.role.role} ({s.state.value})" for s in unsigned)
        )
    return f"{report.release}: " + "; ".join(parts)


COMMANDS = [gate]
