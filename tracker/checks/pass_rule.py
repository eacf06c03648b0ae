"""The one place a PASS is held to naming what it examined (docs/checks.md#pass-rule).

``require_examined`` turns a PASS whose ``examined`` list is empty into SKIPPED "Nothing to check"
(optional item) or FAIL, and appends the examined names its message does not mention;
``nothing_to_check`` answers an empty list variable (unset); ``with_unmatched`` puts what a regex
or a list of names matched nothing of on the result (``facts["unmatched"]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tracker.checks.model import EXAMINED, Result
from tracker.domain.enums import CheckOutcome
from tracker.domain.variables import variable_refs

UNMATCHED = "unmatched"  # facts key: what a regex or list of names matched nothing of
MAX_EXAMINED_SHOWN = 8


def nothing_to_check(release: str | None, optional: bool, names: Sequence[str]) -> Result:
    """An empty list variable: unset, so SKIPPED for an optional item and ERROR otherwise."""
    shown = ", ".join(f"`{n}`" for n in names)
    assigns = " ".join(f"{n}=..." for n in names)
    text = (
        f"Nothing to check: set {shown} (tracker release set-var {release or 'RELEASE'} {assigns})"
    )
    if optional:
        return Result.skipped(text, unset=list(names))
    return Result.error(text, unset=list(names))


def require_examined(result: Result, *, optional: bool, selectors: Sequence[str]) -> Result:
    """A PASS that examined nothing becomes SKIPPED (optional item) or FAIL "Nothing to check:
    set `selectors`"; a PASS whose message does not name every examined resource gets them."""
    if result.outcome is not CheckOutcome.PASS:
        return result
    examined = result.examined
    if not examined:
        names = ", ".join(f"`{n}`" for n in selectors)
        why = f"set {names} to resources that exist" if names else "no resource was found"
        facts = {k: v for k, v in result.facts.items() if k != EXAMINED}
        text = f"Nothing to check: {why}."
        if optional:
            return Result.skipped(text, link=result.link, **facts)
        return Result.failed(f"{text} The check examined nothing.", link=result.link, **facts)
    unnamed = [n for n in examined if n not in result.message]
    if not unnamed:
        return result
    shown = ", ".join(unnamed[:MAX_EXAMINED_SHOWN])
    more = len(unnamed) - MAX_EXAMINED_SHOWN
    tail = f" and {more} more" if more > 0 else ""
    message = f"{result.message.rstrip()} Examined: {shown}{tail}."
    return Result(result.outcome, message, result.link, result.facts)


def with_unmatched(
    result: Result, given: Mapping[str, Any], notes: Sequence[tuple[str, str]]
) -> Result:
    """``facts["unmatched"]``: "`prod_cluster_regex` matched 0 clusters", named by the release
    variable the parameter came from (``given``: the template's raw params), else the param."""
    if not notes:
        return result
    lines = []
    for param, what in notes:
        raw = given.get(param)
        names = list(variable_refs(raw)) if isinstance(raw, str | list | dict) else []
        lines.append(f"`{names[0] if names else param}` matched {what}")
    return Result(result.outcome, result.message, result.link, {**result.facts, UNMATCHED: lines})
