"""No import cycles among tracker's modules (issue 14, "Cycles": entry ⇄ cli,
fakeworkspace routing ⇄ state and post_deployment_screen ⇄ schedule_actions were cycles).

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a cycle that
only type checking sees still ties two modules together."""

from __future__ import annotations

import grimp
import pytest


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = []
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work.append((root, sorted(graph.find_modules_directly_imported_by(root))))
        while work:
            node, todo = work[-1]
            if todo:
                child = todo.pop()
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, sorted(graph.find_modules_directly_imported_by(child))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return sorted(cycles)


def _graph(edges: list[tuple[str, str]]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for importer, imported in edges:
        graph.add_module(importer)
        graph.add_module(imported)
        graph.add_import(importer=importer, imported=imported)
    return graph


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ([("p.a", "p.b"), ("p.b", "p.c")], []),
        ([("p.a", "p.b"), ("p.b", "p.a")], [["p.a", "p.b"]]),
        ([("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")], [["p.a", "p.b", "p.c"]]),
        (
            [("p.a", "p.b"), ("p.b", "p.a"), ("p.c", "p.d"), ("p.d", "p.c")],
            [["p.a", "p.b"], ["p.c", "p.d"]],
        ),
    ],
    ids=["chain", "pair", "triangle", "two-pairs"],
)
def test_import_cycles_finds_each_cycle(
    edges: list[tuple[str, str]], expected: list[list[str]]
) -> None:
    assert import_cycles(_graph(edges)) == expected


def test_tracker_has_no_import_cycles() -> None:
    graph = grimp.build_graph("tracker", cache_dir=None)
    assert import_cycles(graph) == []
