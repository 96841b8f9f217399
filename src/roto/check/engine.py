"""Run compiled SHACL (`roto.check.compiled`) on the data in pyoxigraph (`store_data`), and
write its results as a W3C validation report like pySHACL's, which `results.describe` puts
in words: the two engines give the same `Result`s (tests/test_compiled_shacl.py).
"""

from __future__ import annotations

import os
import re
import struct
from collections import defaultdict
from collections.abc import Collection
from typing import cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ..forked import Forked, can_fork
from .compiled import Check, Unsupported
from .data import STATEMENT_ID, Origins
from .store_data import StoreData


def _select(data: StoreData, query: str, kwargs: dict | None = None) -> tuple[list[str], list]:
    """A SELECT's variable names and solutions; a query pyoxigraph refuses (SPARQL it reads
    more strictly than rdflib, a regular expression Rust does not know) is `Unsupported`,
    so that pySHACL runs it."""
    try:
        answer = data.query(query, **(kwargs or {}))
        return [v.value for v in answer.variables], list(answer)
    except (SyntaxError, RuntimeError, ValueError) as exc:
        raise Unsupported(f"a SPARQL query pyoxigraph refuses ({str(exc).splitlines()[0][:120]})") from None


def _update(data: StoreData, update: str) -> None:
    try:
        data.store.update(update)
    except (SyntaxError, RuntimeError) as exc:
        raise Unsupported(f"a SPARQL target pyoxigraph refuses ({str(exc).splitlines()[0][:120]})") from None


Row = tuple  # (focus, path, value, bindings)
_FOCUS = "urn:roto:check:focus"  # a graph of the store (the data is in the default graph)
_ALLOWED = "urn:roto:check:allowed"  # another: the focus nodes a run on what changed may check
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
# Triples in the store above which the checks run on both cores (`checked`): about 250 models
# beside the review; below, a second process gains less than it costs.
BOTH_CORES_ABOVE = 50_000
# Focus nodes below which a check asks of each (`Check.few`) rather than over the whole graph.
FEW_FOCUS = 5_000


class Runner:
    """The violations of each check as (focus, path, value, bindings) rows of pyoxigraph
    terms (the path is the shapes graph's), made rdflib terms only for the report."""

    def __init__(self, data: StoreData, allowed: set | None = None):
        self.data = data
        self.violators_cache: dict[int, set] = {}
        self.answers: dict[str, list] = {}  # query -> its solutions: two checks may share one query
        # (a focus pattern, narrowed) -> its nodes' name in _FOCUS, and how many they are
        self.focus_graphs: dict[tuple, tuple[str, int]] = {}
        # A run on what changed: the only focus nodes of a check that may be narrowed
        # (`Check.narrow`), held in the graph _ALLOWED for the focus patterns to join with.
        self.allowed = allowed
        if allowed is not None:
            mark = ox.NamedNode(_ALLOWED)
            data.store.extend(ox.Quad(node, mark, mark, mark) for node in allowed)

    def rows(self, check: Check) -> list[Row]:
        """The violations of one constraint."""
        if check.constraint is not None:
            return self.sparql(check)
        if check.members:
            failing = [self.violators(member) for member in check.members]
            return [(node, None, node, {}) for node in set.intersection(*failing)] if failing else []
        query = self.focused(check)
        solutions = self.answers.get(query)
        if solutions is None:
            solutions = self.answers[query] = _select(self.data, query)[1]
        if check.count_range is not None:
            low, high = check.count_range
            return [(s["this"], check.path, None, {}) for s in solutions
                    if (low is not None and int(s["n"].value) < low) or (high is not None and int(s["n"].value) > high)]
        if check.qualified is not None:
            shape_checks, low, high = check.qualified
            bad = self.violators(shape_checks)
            counts: dict = defaultdict(set)
            for solution in solutions:
                found, value = counts[solution["this"]], solution["v"]
                if value is not None and value not in bad:
                    found.add(value)
            return [(focus, check.path, None, {}) for focus, ok in counts.items()
                    if (low is not None and len(ok) < low) or (high is not None and len(ok) > high)]
        rows: list[Row] = [(s["this"], check.path, s["v"] if check.has_value else None, {}) for s in solutions]
        if check.datatype is not None:
            rows += self.mistyped_integers(check)
        return rows

    def focused(self, check: Check) -> str:
        """The check's query reading its focus nodes from a graph of the store where they are
        written once per shape (a shape's property checks share them)."""
        if check.focus is None:
            return check.query
        pattern, narrow = check.focus.pattern(), self.restricted(check)
        found = self.focus_graphs.get((pattern, narrow))
        if found is None:
            name = f"urn:roto:check:focus/{len(self.focus_graphs)}"
            where = f"GRAPH <{_ALLOWED}> {{ ?this <{_ALLOWED}> <{_ALLOWED}> }} {pattern}" if narrow else pattern
            _update(self.data, f"{check.focus.prologue}\nINSERT {{ GRAPH <{_FOCUS}> {{ ?this <{_FOCUS}> <{name}> }} }} "
                    f"WHERE {{ {where} }}")
            counted = _select(self.data, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{_FOCUS}> {{ ?this <{_FOCUS}> <{name}> }} }}")
            found = self.focus_graphs[(pattern, narrow)] = (name, int(counted[1][0]["n"].value))
        name, size = found
        query = check.few if check.few and size < FEW_FOCUS else check.query
        return query.replace(pattern, f"GRAPH <{_FOCUS}> {{ ?this <{_FOCUS}> <{name}> }}")

    def restricted(self, check: Check) -> bool:
        """Whether the check's focus nodes are only the allowed ones (a run on what changed)."""
        return self.allowed is not None and check.narrow

    def mistyped_integers(self, check: Check) -> list[Row]:
        """Values that pyoxigraph holds as xsd:integer (the query passed them) but whose
        literal as given is not of the check's datatype, or is ill-typed."""
        predicate = self.data.ox(check.path)
        found = [(s, text) for (s, p, text, stored), given in self.data.literals.items()
                 if p == predicate and stored == _INTEGER and (given.datatype != check.datatype or given.ill_typed)]
        if not found:
            return []
        focus = {s["this"] for s in _select(self.data, check.focus_query)[1]}
        if self.restricted(check):
            focus &= cast(set, self.allowed)
        return [(s, check.path, ox.Literal(text, datatype=ox.NamedNode(_INTEGER)), {}) for s, text in found if s in focus]

    def violators(self, checks: list[Check]) -> set:
        """The focus nodes that do not conform to a shape used inside another (sh:or, a
        qualified value shape)."""
        key = id(checks)
        if key not in self.violators_cache:
            self.violators_cache[key] = {row[0] for check in checks for row in self.rows(check)}
        return self.violators_cache[key]

    def sparql(self, check: Check) -> list[Row]:
        """A SHACL-SPARQL constraint, $this pre-bound to each focus node (SEP-0007)."""
        rows, seen = [], set()
        for solution in _select(self.data, check.focus_query)[1]:
            node = solution["this"]
            names, answer = _select(self.data, *_pre_bound(check.select, node))
            for row in answer:
                bound = {name: row[name] for name in names if row[name] is not None}
                key = tuple(sorted((name, str(value)) for name, value in bound.items()))
                if key in seen or not ({"this", "path", "value"} & bound.keys()):
                    continue
                seen.add(key)
                value = bound.get("value", node)  # a node shape reports the focus node
                path = self.data.rdflib(bound["path"]) if "path" in bound else None
                rows.append((bound.get("this", node), path, value, bound))
        return rows


def checked(runner: Runner, checks: list[Check]) -> list[list[Row]]:
    """Each check's rows. In a store of more than BOTH_CORES_ABOVE triples (where a fork may
    be, `forked.can_fork`) on both cores: the checks, grouped by their focus nodes (written to
    the store once per group, `Runner.focused`), are taken a group at a time from a queue in a
    pipe by this process and a forked child, which holds a copy of the store, so neither waits
    while work is left; the child's rows come back pickled, and each check's rows are those the
    one process would give."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, check in enumerate(checks):
        groups[check.focus.pattern() if check.focus is not None else check.focus_query].append(index)
    # The costliest first, so that the last ones taken are short and the two processes end together.
    queue = sorted(groups.values(), key=lambda group: sum(_cost(checks[index]) for index in group), reverse=True)
    # A ticket is 2 bytes, all written at once before the fork.
    if runner.data.size <= BOTH_CORES_ABOVE or not can_fork() or len(queue) < 2 or len(queue) >= 2**15:
        return [runner.rows(check) for check in checks]
    tickets, write = os.pipe()
    try:
        os.write(write, b"".join(struct.pack("=H", n) for n in range(len(queue))))
    finally:
        os.close(write)  # once the queue is empty, a read returns b"" in both processes

    def take() -> dict[int, list[Row]]:
        rows = {}
        while ticket := os.read(tickets, 2):  # a read of 2 bytes from a pipe is whole: a ticket is taken once
            for index in queue[struct.unpack("=H", ticket)[0]]:
                rows[index] = runner.rows(checks[index])
        return rows

    try:
        with Forked(take) as child:
            rows = take()
            rows.update(child.result())
    finally:
        os.close(tickets)
    return [rows[index] for index in range(len(checks))]


def _cost(check: Check) -> int:
    """About what a check costs, against a core constraint's 1: a SHACL-SPARQL one runs its
    target query over the whole graph, about six times as long at 10,000 models."""
    return 6 if check.constraint is not None else 1


def changed_nodes(data: StoreData, origins: Origins, files: Collection[str]) -> set:
    """The nodes `files` (as `Origins` names them) describe: their entities and statements,
    the nodes pointing at those (a model's axioms and blank cells, another file's reference
    to them) and the nodes they point at (a source, a column, a class). A change to a
    model file changes triples about these nodes only: see `roto.check.changes`."""
    wanted = set(files)
    store, statement_id = data.store, ox.NamedNode(str(STATEMENT_ID))
    seeds: set = set()
    for key, name in origins.files.items():
        if name not in wanted:
            continue
        seeds.update(q.subject for q in store.quads_for_pattern(None, statement_id, ox.Literal(key)))
        if ":" in key:
            try:
                seeds.add(ox.NamedNode(key))
            except ValueError:  # a statement id with a colon, read from an RDF file
                pass
    nodes = set(seeds)
    default = ox.DefaultGraph()
    for seed in seeds:
        nodes.update(q.object for q in store.quads_for_pattern(seed, None, None, default)
                     if not isinstance(q.object, ox.Literal))
        nodes.update(q.subject for q in store.quads_for_pattern(None, None, seed, default))
    return nodes


_PROJECTS_THIS = re.compile(r"SELECT\s[^{]*?[?$]this\b", re.I)
_THIS = re.compile(r"[?$]this\b")


def _pre_bound(query: str, node) -> tuple:
    """The query with $this bound to `node`: substituted by pyoxigraph where the query
    projects $this (SEP-0007 asks that), else written into the text (an IRI only)."""
    if _PROJECTS_THIS.search(query):
        return query, {"substitutions": {ox.Variable("this"): node}}
    if not isinstance(node, ox.NamedNode):
        raise Unsupported("a SHACL-SPARQL query that does not select $this, on a blank node")
    return _THIS.sub(lambda _: str(node), query), {}


def _message(text, bindings: dict):
    """pySHACL's wording of a SHACL-SPARQL message: {?name} or {$name} replaced by its value."""
    if not bindings:
        return text
    words = str(text)
    for name, value in bindings.items():
        words = words.replace("{?" + name + "}", value).replace("{$" + name + "}", value)
    return Literal(words, lang=text.language, datatype=text.datatype)


def _copy_path(report: Graph, shapes: Graph, node) -> None:
    todo = [node]
    while todo:
        subject = todo.pop()
        for p, o in shapes.predicate_objects(subject):
            report.add((subject, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def report(data: StoreData, checks: list[Check], shapes: Graph, allowed: set | None = None) -> tuple[bool, Graph]:
    """(conforms, a W3C validation report graph) of the compiled checks over `store`;
    `allowed`: the only focus nodes of the checks that may be narrowed (see `changed_nodes`)."""
    graph = Graph()
    graph.bind("sh", SH)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    conforms, back = True, data.rdflib
    try:
        found = checked(Runner(data, allowed), checks)
        rows = [(check, row) for check, check_rows in zip(checks, found, strict=True) for row in check_rows]
    finally:
        _update(data, f"DROP SILENT GRAPH <{_FOCUS}> ; DROP SILENT GRAPH <{_ALLOWED}>")
    for check, (focus_term, path, value_term, bindings) in rows:
        focus = back(focus_term)
        value = back(value_term, focus_term, data.ox(path) if isinstance(path, URIRef) else None)
        conforms = conforms and check.severity != SH.Violation
        result = BNode()
        graph.add((root, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, focus))
        graph.add((result, SH.resultSeverity, check.severity))
        graph.add((result, SH.sourceConstraintComponent, check.component))
        graph.add((result, SH.sourceShape, cast(Node, check.shape)))
        if check.constraint is not None:
            graph.add((result, SH.sourceConstraint, cast(Node, check.constraint)))
        if path is not None:
            graph.add((result, SH.resultPath, path))
            if isinstance(path, BNode):
                _copy_path(graph, shapes, path)
        if value is not None:
            graph.add((result, SH.value, value))
        for message in check.messages:
            graph.add((result, SH.resultMessage, _message(message, {k: v.value for k, v in bindings.items()})))
    graph.add((root, SH.conforms, Literal(conforms)))
    return conforms, graph
