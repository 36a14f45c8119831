"""Import cycles of the product, found with grimp (run as a script so that a test can point it at a copy of the
tree through PYTHONPATH): `python tests/architecture_helpers.py` prints one line per cycle."""

from __future__ import annotations

import sys

import grimp

PACKAGES = ("pipelines", "visuals", "dashboard")


def _strongly_connected(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of two or more nodes that reach each other (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def cycles() -> list[list[str]]:
    """Cycles between modules, and between the sibling packages and modules of each package (a package imports
    its sibling when any module of it does). Imports under `if TYPE_CHECKING:` do not count."""
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    modules = {m for m in graph.modules if m.split(".")[0] in PACKAGES}
    edges = {m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules} for m in modules}
    found = _strongly_connected(modules, edges)
    parents = {m.rpartition(".")[0] for m in modules} | set(PACKAGES)
    for parent in sorted(parents):
        children = {m for m in modules | parents if m.rpartition(".")[0] == parent}
        if parent == "":
            children = set(PACKAGES)

        def owner(module: str, children: set[str] = children) -> str | None:
            return next((c for c in children if module == c or module.startswith(c + ".")), None)

        sibling: dict[str, set[str]] = {}
        for source, targets in edges.items():
            a = owner(source)
            for target in targets:
                b = owner(target)
                if a and b and a != b:
                    sibling.setdefault(a, set()).add(b)
        found += [group for group in _strongly_connected(children, sibling) if group not in found]
    return found


if __name__ == "__main__":
    for group in cycles():
        print(" ↔ ".join(group))
    sys.exit(0)
