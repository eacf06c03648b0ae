"""Item dependencies ("endpoint scaling" after "serving endpoint created"): pure graph rules.

A dependency graph maps an item key to the keys it depends on. Rules here find cycles, say what
an item is waiting on, and order the open blocking items so that what unblocks the most comes
first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from tracker.domain.models import ReleaseItem

Graph = Mapping[str, Sequence[str]]
"""item key -> the keys it depends on."""


def find_cycle(graph: Graph) -> list[str] | None:
    """One dependency cycle as a path that starts and ends with the same key, or None.

    Iterative depth-first search (templates may be long chains; no recursion limit), visiting
    keys in sorted order so the cycle reported is the same on every run.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for start in sorted(graph):
        if state.get(start):
            continue
        path: list[str] = [start]
        stack: list[list[str]] = [sorted(graph.get(start, ()), reverse=True)]
        state[start] = 1
        while stack:
            pending = stack[-1]
            if not pending:
                state[path.pop()] = 2
                stack.pop()
                continue
            nxt = pending.pop()
            mark = state.get(nxt)
            if mark == 1:
                return [*path[path.index(nxt) :], nxt]
            if mark == 2:
                continue
            state[nxt] = 1
            path.append(nxt)
            stack.append(sorted(graph.get(nxt, ()), reverse=True))
    return None


def would_cycle(graph: Graph, item: str, depends_on: str) -> list[str] | None:
    """The cycle adding ``item -> depends_on`` would close, or None."""
    merged = {k: list(v) for k, v in graph.items()}
    merged.setdefault(item, []).append(depends_on)
    return find_cycle(merged)


def waiting_on(item: ReleaseItem, by_key: Mapping[str, ReleaseItem]) -> list[str]:
    """The dependencies of ``item`` that are still open (unknown or archived keys are ignored:
    a dependency on something the release no longer has does not hold it up)."""
    out: list[str] = []
    for key in item.depends_on:
        dep = by_key.get(key)
        if dep is not None and not dep.archived and dep.is_open:
            out.append(key)
    return out


def dependents(graph: Graph) -> dict[str, set[str]]:
    """Reverse graph: key -> the keys that depend on it directly."""
    out: dict[str, set[str]] = {}
    for item, deps in graph.items():
        for dep in deps:
            out.setdefault(dep, set()).add(item)
    return out


def unblocks(graph: Graph, key: str) -> set[str]:
    """Every key that (transitively) waits on ``key``."""
    reverse = dependents(graph)
    seen: set[str] = set()
    todo = [key]
    while todo:
        for nxt in reverse.get(todo.pop(), ()):
            if nxt not in seen and nxt != key:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def unblock_order(items: Iterable[ReleaseItem]) -> list[ReleaseItem]:
    """Items ordered so that what unblocks the most open items comes first; ties keep template
    order. Only open items count as unblocked (a done dependent needs nothing)."""
    pool = list(items)
    graph = {i.key: i.depends_on for i in pool if i.depends_on}
    open_keys = {i.key for i in pool if i.is_open}

    def weight(item: ReleaseItem) -> int:
        return len(unblocks(graph, item.key) & open_keys)

    return sorted(pool, key=lambda i: (-weight(i), i.position))


def dependency_problem(graph: Graph, known: Iterable[str]) -> str | None:
    """The first problem of a release's dependency graph (unknown key, self or cycle), or None."""
    keys = set(known)
    for item in sorted(graph):
        for dep in graph[item]:
            if dep == item:
                return f"{item!r} depends on itself"
            if dep not in keys:
                return f"{item!r} depends on unknown item {dep!r}"
    cycle = find_cycle(graph)
    if cycle:
        return "dependency cycle: " + " -> ".join(cycle)
    return None
