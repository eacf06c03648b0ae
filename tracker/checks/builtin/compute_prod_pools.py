"""Production instance pools exist and are ACTIVE (docs/checks.md#compute_prod_pools)."""

from __future__ import annotations

import re
from typing import Any

from tracker.checks import resources
from tracker.checks.context import note_unmatched
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="compute_prod_pools",
    title="Production instance pools created",
    items=("compute-prod-pools",),
    params=(
        Param("pool_name_regex", "regex", "Pattern matching production pool names, e.g. ^prod-"),
    ),
    severity="low",
    permission="workspace admin for a full view (others see the pools they can attach to)",
    remediation=(
        "Create an instance pool for production workloads (Compute > Pools) named per the "
        "convention, with idle-instance auto-termination, and point production clusters at it."
    ),
    docs="https://docs.databricks.com/en/compute/pool-index.html",
    resources=("GET /api/2.0/instance-pools/list",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    regex: str = params["pool_name_regex"]
    pools = resources.instance_pools(ctx)
    matching = [p for p in pools if re.search(regex, p.instance_pool_name or "")]
    if not matching:
        note_unmatched("pool_name_regex", "0 instance pools")
    states = {
        p.instance_pool_name or p.instance_pool_id or "?": (p.state.value if p.state else "UNKNOWN")
        for p in matching
    }
    active = [p for p in matching if p.state is not None and p.state.value == "ACTIVE"]
    no_idle_stop = [
        p.instance_pool_name or "?"
        for p in active
        if p.idle_instance_autotermination_minutes is None
    ]
    facts = {
        "pool_name_regex": regex,
        "pools": states,
        "all_pools": sorted(p.instance_pool_name or "?" for p in pools),
        "without_idle_autotermination": no_idle_stop,
    }
    link = (
        ctx.ui_link(f"/compute/instance-pools/{active[0].instance_pool_id}")
        if len(active) == 1
        else ctx.ui_link("/compute/instance-pools")
    )
    if not matching:
        return Result.failed(
            f"No instance pool matches {regex} (pools: {', '.join(facts['all_pools']) or 'none'}).",
            link=link,
            **facts,
        )
    if not active:
        listed = ", ".join(f"{n} ({s})" for n, s in sorted(states.items()))
        return Result.failed(f"No production pool is ACTIVE: {listed}.", link=link, **facts)
    note = (
        f" Note: no idle-instance auto-termination on {', '.join(no_idle_stop)}."
        if no_idle_stop
        else ""
    )
    names = ", ".join(p.instance_pool_name or "?" for p in active)
    return Result.passed(
        f"{len(active)} ACTIVE production pool(s) matching {regex}: {names}.{note}",
        examined=[p.instance_pool_name or "?" for p in active],
        link=link,
        **facts,
    )
