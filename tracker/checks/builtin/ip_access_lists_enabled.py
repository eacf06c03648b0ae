"""IP access lists are enabled and an ALLOW list is active (docs/checks.md#ip_access_lists_enabled; SAT NS-5/NS-11)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result

META = CheckMeta(
    id="ip_access_lists_enabled",
    title="IP access lists enforced",
    items=("network-ip-access-lists",),
    params=(),
    severity="medium",
    permission="workspace admin",
    remediation=(
        "As a workspace admin, enable IP access lists (workspace-conf enableIpAccessLists=true) "
        "and add an ALLOW list with the corporate egress ranges."
    ),
    docs="https://docs.databricks.com/en/security/network/front-end/ip-access-list-workspace.html",
    resources=("GET /api/2.0/workspace-conf", "GET /api/2.0/ip-access-lists"),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    link = ctx.ui_link("/settings/workspace/security")
    enabled = resources.workspace_conf(ctx, "enableIpAccessLists")
    lists = resources.ip_access_lists(ctx)
    allow = [
        lst
        for lst in lists
        if lst.enabled and lst.list_type is not None and lst.list_type.value == "ALLOW"
    ]
    facts = {
        "enableIpAccessLists": enabled,
        "lists": [
            {
                "label": lst.label,
                "type": lst.list_type.value if lst.list_type else None,
                "enabled": lst.enabled,
            }
            for lst in lists
        ],
    }
    if (enabled or "").lower() != "true":
        return Result.failed(
            f"IP access lists are not enabled (enableIpAccessLists={enabled or 'unset'}).",
            link=link,
            **facts,
        )
    if not allow:
        return Result.failed(
            "IP access lists are enabled but no ALLOW list is enabled.", link=link, **facts
        )
    labels = ", ".join(lst.label or lst.list_id or "?" for lst in allow)
    return Result.passed(
        f"IP access lists are enabled with {len(allow)} active ALLOW list(s): {labels}.",
        examined=[lst.label or lst.list_id or "?" for lst in allow],
        link=link,
        **facts,
    )
