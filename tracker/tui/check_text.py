"""How automated check results read in the detail pane: the latest result with its facts, the
flags (drift, stale) and the history of results. Pure functions of read models; tests call them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

from textual.content import Content
from textual.style import Style

from tracker.domain.clock import to_local
from tracker.domain.enums import CheckOutcome
from tracker.domain.models import CheckResult, ReleaseItem, check_ref_id
from tracker.domain.variables import variable_refs
from tracker.tui.labels import CHECK_GLYPH, UNVERIFIED_GLYPH

OUTCOME_WORD: dict[CheckOutcome, str] = {
    CheckOutcome.PASS: "PASS",
    CheckOutcome.FAIL: "FAIL",
    CheckOutcome.ERROR: "ERROR",
    CheckOutcome.SKIPPED: "SKIPPED",
    CheckOutcome.MANUAL_REVIEW: "REVIEW",
}
OUTCOME_HINT: dict[CheckOutcome, str] = {
    CheckOutcome.PASS: "",
    CheckOutcome.FAIL: "",
    CheckOutcome.ERROR: "could not tell: not a pass",
    CheckOutcome.SKIPPED: "not applicable here",
    CheckOutcome.MANUAL_REVIEW: "facts gathered: a person decides",
}
OUTCOME_STYLE: dict[CheckOutcome, str] = {
    CheckOutcome.PASS: "bold $success",
    CheckOutcome.FAIL: "bold $error",
    CheckOutcome.ERROR: "bold $warning",
    CheckOutcome.SKIPPED: "$text-muted",
    CheckOutcome.MANUAL_REVIEW: "bold $accent",
}
MAX_FACTS = 12
MAX_VALUE = 90
HISTORY_LINES = 6


def duration_text(ms: int) -> str:
    return f"{ms} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


def outcome_text(outcome: CheckOutcome) -> Content:
    """``✔ PASS`` in the outcome's colour."""
    return Content.styled(f"{CHECK_GLYPH[outcome]} {OUTCOME_WORD[outcome]}", OUTCOME_STYLE[outcome])


def fact_value(value: Any) -> str:
    """A fact as one short line: lists joined, mappings as compact JSON, long text cut."""
    if isinstance(value, list | tuple | set | frozenset):
        items = [fact_value(v) for v in value]
        sep = "; " if any(isinstance(v, Mapping) for v in value) else ", "
        text = sep.join(items) if items else "none"
    elif isinstance(value, Mapping):
        text = ", ".join(f"{k}: {_flat(v)}" for k, v in value.items()) if value else "none"
    elif value is None:
        text = "—"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _flat(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, sort_keys=True)
    return str(value)


def facts_table(facts: Mapping[str, Any]) -> Content:
    """The facts a check used, one per line: ``name  value`` (names aligned)."""
    if not facts:
        return Content.styled("no facts recorded", "$text-muted")
    names = sorted(facts)
    width = min(22, max(len(n) for n in names))
    rows: list[Content] = []
    for name in names[:MAX_FACTS]:
        shown = name if len(name) <= width else name[: width - 1] + "…"
        rows.append(
            Content.assemble(
                ("  " + shown.ljust(width), "$text-muted"), "  ", fact_value(facts[name])
            )
        )
    if len(names) > MAX_FACTS:
        rows.append(Content.styled(f"  … {len(names) - MAX_FACTS} more", "$text-muted"))
    return Content("\n").join(rows)


def ran_text(result: CheckResult, tz: tzinfo) -> str:
    """``2026-11-26 09:30 by ana · 42 ms``."""
    when = to_local(result.started_at, tz).strftime("%Y-%m-%d %H:%M")
    kind = " · scheduled" if result.scheduled else ""
    return f"{when} by {result.actor} · {duration_text(result.duration_ms)}{kind}"


def check_section(
    item: ReleaseItem,
    tz: tzinfo,
    *,
    now: datetime | None = None,
    stale_days: int | None = None,
    running: bool = False,
) -> Content:
    """The detail pane's "Verification" part; empty for an item without a check."""
    cid = check_ref_id(item.check)
    result = item.latest_check
    if cid is None and result is None:
        return Content("")
    parts: list[Content | str | tuple[str, str | Style]] = [
        ("Verification ", "bold"),
        ("[verify]", "$accent @click=screen.verify_item"),
    ]
    if cid is not None:
        parts += [("  check ", "$text-muted"), (cid, "$text-muted")]
    if running:
        parts += ["\n", ("⋯ running…", "italic $accent")]
    if result is None:
        parts += [
            "\n",
            (f"{UNVERIFIED_GLYPH} not verified yet", "$text-muted"),
            (" · press v to run the check", "$text-muted"),
        ]
        return Content.assemble(*parts)
    parts += ["\n", outcome_text(result.outcome)]
    hint = OUTCOME_HINT[result.outcome]
    if hint:
        parts += [(f" ({hint})", "$text-muted")]
    parts += ["  ", result.message]
    if item.drifted:
        parts += [
            "\n",
            (" DRIFT ", "bold reverse $error"),
            (" ticked done, but the latest check failed", "bold $error"),
        ]
    if now is not None and stale_days is not None:
        from tracker.domain.verification import is_stale

        if is_stale(result, now, stale_days):
            age = (now - result.started_at).days
            parts += [
                "\n",
                (f"~ stale: verified {age} days ago (fresh for {stale_days})", "$warning"),
            ]
    parts += ["\n", (ran_text(result, tz), "$text-muted")]
    if result.link:
        parts += [
            "\n",
            "↗ ",
            ("open in the workspace", Style(link=result.link, underline=True)),
            (f"  {result.link}", "$text-muted"),
        ]
    parts += ["\n", ("Facts", "bold"), "\n", facts_table(result.facts)]
    return Content.assemble(*parts)


def history_line(result: CheckResult, tz: tzinfo) -> Content:
    """``2026-11-26 09:30  ✔ PASS  ana  42 ms  Catalog prod_ml exists…``."""
    when = to_local(result.started_at, tz).strftime("%Y-%m-%d %H:%M")
    message = result.message if len(result.message) <= 70 else result.message[:69] + "…"
    return Content.assemble(
        (when, "$text-muted"),
        "  ",
        outcome_text(result.outcome),
        "  ",
        (result.actor, "bold"),
        (f"  {duration_text(result.duration_ms)}", "$text-muted"),
        ("  scheduled" if result.scheduled else "", "$text-muted"),
        "  ",
        message,
    )


def check_history(results: Sequence[CheckResult], tz: tzinfo) -> Content:
    """Results newest first, a few lines (``results`` come oldest first)."""
    if not results:
        return Content("")
    newest = sorted(results, key=lambda r: (r.started_at, r.id), reverse=True)
    lines = [Content.styled(f"Check results ({len(newest)})", "bold")]
    lines += [history_line(r, tz) for r in newest[:HISTORY_LINES]]
    if len(newest) > HISTORY_LINES:
        lines.append(Content.styled(f"… {len(newest) - HISTORY_LINES} earlier", "$text-muted"))
    return Content("\n").join(lines)


def checks_summary(items: Sequence[ReleaseItem]) -> Content:
    """For a group or category: how its checks stand (``4 ✔ pass · 1 ✘ FAIL · 2 ◌ not run``)."""
    checked = [i for i in items if i.check is not None]
    if not checked:
        return Content("")
    counts = {o: 0 for o in CheckOutcome}
    unverified = drift = 0
    for item in checked:
        result = item.latest_check
        if result is None:
            unverified += 1
            continue
        counts[result.outcome] += 1
        if item.drifted:
            drift += 1
    parts: list[Content | str | tuple[str, str]] = [
        (f"Verification ({len(checked)} items with a check) ", "bold"),
        ("[verify]", "$accent @click=screen.verify_group"),
        "\n",
    ]
    shown: list[Content] = []
    for outcome in CheckOutcome:
        if counts[outcome]:
            shown.append(Content.assemble(f"{counts[outcome]} ", outcome_text(outcome)))
    if unverified:
        shown.append(Content.styled(f"{unverified} {UNVERIFIED_GLYPH} not verified", "$text-muted"))
    parts.append(Content(" · ").join(shown))
    if drift:
        parts += [
            "\n",
            (f" DRIFT {drift} ", "bold reverse $error"),
            (" done but failing", "$error"),
        ]
    return Content.assemble(*parts)


_WARNED_VARIABLE = re.compile(r"^`([^`]+)`")


def warnings_for(item: ReleaseItem, warnings: Sequence[str]) -> list[str]:
    """The configuration warnings about ``item``: on a variable its check reads, or about its
    own last run."""
    if item.check is None:
        return []
    read = set(variable_refs(item.check))
    return [
        w
        for w in warnings
        if f"({item.key}, last run)" in w
        or ((m := _WARNED_VARIABLE.match(w)) is not None and m.group(1) in read)
    ]


def config_warnings_text(warnings: Sequence[str], limit: int = 6) -> Content:
    """Release variables the checks would misread (empty, unused, not a valid regex) and what
    matched nothing, as ``tracker release show`` lists them: shown before any run."""
    if not warnings:
        return Content("")
    lines = [Content.styled(f"Configuration: {len(warnings)} to look at", "bold $warning")]
    lines += [Content.assemble(("! ", "bold $warning"), w) for w in warnings[:limit]]
    if len(warnings) > limit:
        more = len(warnings) - limit
        lines.append(Content.styled(f"… and {more} more (tracker release show)", "$text-muted"))
    return Content("\n").join(lines)
