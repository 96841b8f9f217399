"""The package's layering: no module imports, directly or through others, a module that
imports it back (a cycle is one concern split in two, or two concerns tangled). Imports
inside functions count too: they are how heavy modules are kept off the start-up path,
not a way around the layering."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "roto"


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(("roto", *(parts[:-1] if parts[-1] == "__init__" else parts)))


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of the package it imports (a `from . import x` names x, not the package)."""
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules]
                edges[name].update(m for m in submodules or [target] if m in modules and m != name)
            elif isinstance(node, ast.Import):
                edges[name].update(a.name for a in node.names if a.name in modules)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            if component:
                found.append(sorted([node, *component]))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_checker_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_of_the_package_imports_itself_back():
    edges = import_graph()
    assert len(edges) > 50 and edges["roto.queries"] >= {"roto.canned", "roto.matching"}
    assert cycles(edges) == []


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_core_never_imports_the_command_line_or_the_web():
    """The layers above the core (the `roto` command, the endpoint and site) use it; the
    core, subpackages such as `roto.check` included, never reaches up to them."""
    edges = import_graph()
    outer = ("roto.cli", "roto.web", "roto.__main__")
    core = {m for m in edges if not any(_within(m, p) for p in outer)}
    assert {"roto.check", "roto.check.shacl", "roto.knowledge_graph"} <= core
    reaching_up = {m: sorted(t for t in edges[m] if any(_within(t, p) for p in outer)) for m in core}
    assert {m: t for m, t in reaching_up.items() if t} == {}


def test_validations_old_import_path_still_works():
    """roto.validation (1.0.0's home, named in KnowledgeGraph.validate's docstring) gives
    the objects of roto.check, not copies."""
    import roto.check
    import roto.check.results
    import roto.validation

    assert roto.validation.validate is roto.check.validate
    assert roto.validation.load_shapes is roto.check.load_shapes
    assert roto.validation.load_data is roto.check.load_data
    assert roto.validation.Result is roto.check.results.Result


def test_build_and_reasoning_live_in_their_packages():
    """The data flow is visible: compiling and writing the release files in `roto.build`,
    HermiT in `roto.reason`; the packages' `__init__` import nothing, so a command pays only
    for the modules it uses (`roto reason --help` reads its limits without rdflib)."""
    edges = import_graph()
    assert {"roto.build.compiler", "roto.build.release", "roto.build.rdfxml", "roto.build.owlxml"} <= set(edges)
    assert {"roto.reason.reasoning", "roto.reason.hermit", "roto.reason.partitions", "roto.reason.clash",
            "roto.reason.materialise", "roto.reason.explanation"} <= set(edges)
    assert not {"roto.compiler", "roto.release", "roto.reasoning", "roto.partitions"} & set(edges)
    assert edges["roto.build"] == set() and edges["roto.reason"] == set()
    assert edges["roto.reason.partitions"] == set()
    assert "roto.reason.reasoning" in edges["roto.cli.reason"] and "roto.build.release" in edges["roto.cli.build"]
