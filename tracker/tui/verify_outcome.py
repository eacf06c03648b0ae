"""A verification run's outcome as the release screen reports it (pure: no widgets)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tracker.domain.enums import CheckOutcome
from tracker.domain.models import ReleaseItem


@dataclass(frozen=True, slots=True)
class VerifyOutcome:
    """A finished run: what was stored, or why nothing was."""

    counts: dict[CheckOutcome, int]
    duration_ms: int
    items: tuple[ReleaseItem, ...] = ()
    errors: tuple[str, ...] = ()
    """The messages of ERROR results."""
    failure: str | None = None
    not_reached: str | None = None
    """The one cause when the workspace was never reached (every check is ERROR with it)."""
    warnings: tuple[str, ...] = ()
    """Misconfigured release variables and what matched nothing (``variable_warnings``)."""


OUTCOME_WORDS = {
    CheckOutcome.PASS: "pass",
    CheckOutcome.FAIL: "FAIL",
    CheckOutcome.ERROR: "error",
    CheckOutcome.SKIPPED: "skipped",
    CheckOutcome.MANUAL_REVIEW: "to review",
}


def notice(outcome: VerifyOutcome) -> tuple[str, str, str]:
    """(title, message, severity) of the notification at the end of a run."""
    if outcome.failure is not None:
        return "Verification failed", outcome.failure, "error"
    if outcome.not_reached is not None:  # the same single line as `tracker verify` prints
        return "Workspace not reached", outcome.not_reached, "error"
    counts = outcome.counts
    total = sum(counts.values())
    parts = [f"{n} {OUTCOME_WORDS[o]}" for o, n in counts.items() if n]
    summary = f"{total} check{'' if total == 1 else 's'}: " + ", ".join(parts)
    errors = counts.get(CheckOutcome.ERROR, 0)
    if errors and errors == total and len(set(outcome.errors)) == 1:
        # Every check failed the same way: a credentials or network problem, say it plainly.
        return "Could not verify", outcome.errors[0], "error"
    if outcome.warnings:  # the same lines as `tracker release show` lists
        shown = "\n".join(f"! {w}" for w in outcome.warnings[:3])
        more = len(outcome.warnings) - 3
        summary += f"\n{shown}" + (
            f"\n… and {more} more (tracker release show)" if more > 0 else ""
        )
    if counts.get(CheckOutcome.FAIL, 0):
        return "Verification: some checks FAILED", summary, "error"
    if errors:
        common = Counter(outcome.errors).most_common(1)[0][0] if outcome.errors else ""
        return "Verification: some checks could not tell", f"{summary}\n{common}", "warning"
    if outcome.warnings:
        return "Verified, with configuration warnings", summary, "warning"
    return "Verified", summary, "information"


def short(text: str, width: int = 40) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
