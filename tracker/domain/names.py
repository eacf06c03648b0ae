"""Naming things on the command line: ids or unambiguous text fragments, with suggestions."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from tracker.errors import AmbiguousNameError, NotFoundError

T = TypeVar("T")

# difflib is quadratic: a name this long is no typo of a real one, and scoring it against every
# candidate took 36 s for a 100,000-character item reference.
FUZZY_MAX_CHARS = 200


def _score(needle: str, candidate: str) -> float:
    """How close a mistyped name is to a candidate or to any word in it."""
    cand = candidate.casefold()
    best = difflib.SequenceMatcher(None, needle, cand).ratio()
    for word in re.split(r"[^a-z0-9]+", cand):
        if len(word) >= 3:
            best = max(best, difflib.SequenceMatcher(None, needle, word).ratio())
    return best


def suggest(name: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Close matches for a mistyped name: substring hits first, then fuzzy similarity."""
    pool = list(dict.fromkeys(candidates))
    needle = name.strip().casefold()
    if not needle:
        return []
    substring = [c for c in pool if needle in c.casefold()]
    if len(needle) > FUZZY_MAX_CHARS:
        return substring[:n]
    scored = sorted(
        ((_score(needle, c), c) for c in pool if c not in substring),
        key=lambda sc: (-sc[0], len(sc[1]), sc[1]),
    )
    fuzzy = [c for score, c in scored if score >= cutoff]
    return (substring + fuzzy)[:n]


def resolve_by_name(
    kind: str,
    ref: str,
    things: Sequence[T],
    *,
    key: Callable[[T], str],
    text: Callable[[T], str],
) -> T:
    """Find one thing by exact key, else by a case-insensitive fragment of its text or key."""
    ref_clean = ref.strip()
    for thing in things:
        if key(thing) == ref_clean:
            return thing
    needle = ref_clean.casefold()
    exact = [t for t in things if text(t).casefold() == needle or key(t).casefold() == needle]
    if len(exact) == 1:
        return exact[0]
    matches = [
        t
        for t in things
        if needle and (needle in text(t).casefold() or needle in key(t).casefold())
    ]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise AmbiguousNameError(kind, ref, [f"{key(t)} ({text(t)})" for t in matches])
    candidates = [key(t) for t in things]
    by_text = {text(t): key(t) for t in things}
    hits = suggest(ref_clean, candidates)
    for text_hit in suggest(ref_clean, list(by_text)):
        if by_text[text_hit] not in hits:
            hits.append(by_text[text_hit])
    raise NotFoundError(kind, ref, hits[:3])


def name_clash(name: str, existing: Iterable[str]) -> str | None:
    """The existing name ``name`` would clash with: names are unique ignoring case (``REL``
    next to ``rel`` reads as one release in every list and command)."""
    folded = name.casefold()
    return next((n for n in existing if n.casefold() == folded), None)
