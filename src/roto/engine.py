"""Where SPARQL runs: one small interface, so canned queries, `models` and `evidence` work
unchanged on any store.

An engine answers a SPARQL 1.1 query over the whole dataset: its default graph is the
union of all named graphs (assertions, provenance, references, ...), and `GRAPH` reaches
each one. Answers are materialised into `Solutions`, `Boolean` or `Graph`, holding
pyoxigraph terms (light to import), so callers can read them twice and any engine can
produce them: a remote endpoint's JSON or XML results parse into the same types with
`pyoxigraph.parse_query_results` followed by `materialise`.

The local engine parses and evaluates on `roto.sandbox`'s query thread, where no socket can
be opened: a SERVICE clause that got past the text guard fails instead of fetching.

>>> engine = open_engine()
>>> engine.query("ASK { ?m a <https://w3id.org/roto/TherapeuticModel> }").value
True
"""

from __future__ import annotations

import re
import threading
from collections import namedtuple
from pathlib import Path

import pyoxigraph as ox

from . import sandbox
from .errors import RotoError
from .namespaces import PREFIXES
from .sparql_guard import UnsafeQuery, refuse_unsafe

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


# The answers and the records of the query path are named tuples, not dataclasses: importing
# `dataclasses` (and `inspect` with it) and building the classes cost a query command's
# cold start about 10 ms, some 40% of what a bare pyoxigraph script needs to answer.


class Solutions(namedtuple("Solutions", "variables rows")):
    """A SELECT answer: the projected variables (tuple of names) and one tuple of terms per
    row (None = unbound); `len()` is the number of rows."""

    __slots__ = ()

    def records(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def values(self, variable: str) -> list[str | None]:
        """The plain text (IRI, lexical form; a triple term in N-Triples) of one variable in every row."""
        index = self.variables.index(variable)
        return [None if t is None else str(t) if isinstance(t, ox.Triple) else t.value for t in (row[index] for row in self.rows)]

    def bound(self, variable: str) -> list[str]:
        """`values` of a variable the query binds in every row (RotoError where a row leaves it unbound)."""
        found = [v for v in self.values(variable) if v is not None]
        if len(found) < len(self.rows):
            raise RotoError(f"the query left ?{variable} unbound in a row")
        return found

    def __len__(self) -> int:
        return len(self.rows)


class Boolean(namedtuple("Boolean", "value")):
    """An ASK answer; `len()` is 1 for true, 0 for false."""

    __slots__ = ()

    def __len__(self) -> int:
        return int(self.value)


class Graph(namedtuple("Graph", "triples")):
    """A CONSTRUCT or DESCRIBE answer: a tuple of triples."""

    __slots__ = ()

    def __len__(self) -> int:
        return len(self.triples)


Result = Solutions | Boolean | Graph


class Engine:
    """Anything that answers SPARQL 1.1 queries over the ROTO dataset: any object with this
    `query` method will do (a plain class, not a typing.Protocol: `typing` costs the query
    commands' start-up a few milliseconds)."""

    def query(self, sparql: str) -> Result:
        """Run one query (raises RotoError for a malformed one)."""
        raise NotImplementedError


def solutions(answer: Result) -> Solutions:
    """`answer` as the rows of a SELECT; a query of another form (or an endpoint that answered
    one with a boolean or triples) is refused rather than read as rows."""
    if not isinstance(answer, Solutions):
        raise RotoError(f"expected the rows of a SELECT query, got {type(answer).__name__.lower()}")
    return answer


def store_select(store: ox.Store, sparql: str, **options) -> ox.QuerySolutions:
    """pyoxigraph's answer to a SELECT run directly on `store` (the site and endpoint indexes),
    refused like `solutions` if the query is of another form."""
    answer = store.query(sparql, **options)
    if not isinstance(answer, ox.QuerySolutions):
        raise RotoError(f"expected the rows of a SELECT query, got {type(answer).__name__}")
    return answer


def materialise(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
    """Read a pyoxigraph answer (from a store or from parsed results) into a plain value."""
    if isinstance(answer, ox.QueryBoolean):
        return Boolean(bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return Graph(tuple(answer))
    variables = tuple(v.value for v in answer.variables)
    return Solutions(variables, tuple(tuple(solution[v] for v in variables) for solution in answer))


# Thread -> (store, query text) -> answer, while `answers_kept` holds in that thread.
_KEPT: dict[int, dict[tuple[ox.Store, str], Result]] = {}


class answers_kept:
    """Within it, each query a LocalEngine answers in this thread is answered once per store:
    for work over stores that do not change meanwhile (`roto site` asks 33 questions 215
    times). A class, not contextlib's decorator, to keep the query path's start-up light."""

    def __enter__(self) -> None:
        self._outer = _KEPT.get(threading.get_ident())
        _KEPT[threading.get_ident()] = {}

    def __exit__(self, *exc) -> None:
        if self._outer is None:
            del _KEPT[threading.get_ident()]
        else:
            _KEPT[threading.get_ident()] = self._outer


class LocalEngine(Engine):
    """An in-process pyoxigraph store: loading the release and answering takes milliseconds."""

    def __init__(self, store: ox.Store):
        self.store = store

    def query(self, sparql: str) -> Result:
        kept = _KEPT.get(threading.get_ident()) if _KEPT else None
        if kept is None:
            return self._answer(sparql)
        key = (self.store, sparql)
        if key not in kept:
            kept[key] = self._answer(sparql)
        return kept[key]

    def _answer(self, sparql: str) -> Result:
        refuse_unsafe(sparql)
        try:
            return sandbox.run(lambda: materialise(self.store.query(sparql, use_default_graph_as_union=True)))
        except SyntaxError as exc:
            raise RotoError(f"malformed SPARQL: {syntax_message(str(exc), sparql)}") from None
        except PermissionError:  # the query thread may not open a socket
            raise UnsafeQuery(NETWORK_REFUSED) from None
        except (OSError, RuntimeError) as exc:  # RuntimeError: pyoxigraph's evaluation errors
            raise RotoError(f"the query failed: {exc}") from None


NETWORK_REFUSED = "the query tried to open a network connection (SERVICE?); queries run on the local graph only"


def syntax_message(message: str, sparql: str) -> str:
    """pyoxigraph's syntax error in words: an undeclared prefix is named, with its PREFIX line."""
    found = re.match(r"error at (\d+):(\d+): expected one of Prefix not found", message)
    if not found:
        return one_line(message)
    line, column = int(found[1]), int(found[2])
    text = sparql.splitlines()[line - 1][: column - 1] if line <= len(sparql.splitlines()) else ""
    name = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", text)
    prefix = (name[1] or "") if name else None
    if prefix is None:
        return f"error at {line}:{column}: a prefix is not declared (add a PREFIX line)"
    namespace = PREFIXES.get(prefix, "...")
    return f"error at {line}:{column}: prefix {prefix}: is not declared (add PREFIX {prefix}: <{namespace}>)"


def one_line(message: str, limit: int = 160) -> str:
    """A parser's message cut to one readable line (pyoxigraph lists every expected token)."""
    line = message.splitlines()[0] if message else ""
    if len(line) <= limit:
        return line
    return line[: line.rfind(", ", 0, limit)] + ", ..."


def open_engine(data=(), inferred: bool = False, replace_review: bool = False) -> Engine:
    """The engine commands use by default: the built release (the review's, or the active
    project's: see `roto.project`), with each RDF file of `data` added (its named graphs
    kept), or, with `replace_review`, the `data` files alone. With `inferred`, the release
    plus the reasoner's saved conclusions (`roto reason --save`, named graph .../graph/inferred),
    read from a file: no Java, no rdflib."""
    files = [Path(data)] if isinstance(data, (str, Path)) else [Path(p) for p in data]
    if inferred and files:
        raise RotoError("--inferred adds the saved inferred graph, which knows nothing of your files, and cannot be "
                        "combined with --data (for your own data: `roto reason DATA --format trig -o FILE`, "
                        "then `--data FILE`)")
    if replace_review and not files:
        raise RotoError("--replace-review queries the --data files instead of the review: give at least one")
    for path in files:
        if path.suffix.lower() == ".toml":
            raise RotoError(f"{path}: --data reads RDF, not a TOML model file; turn it into RDF with "
                            f"`roto reason {path} --format trig -o FILE.trig`, then `--data FILE.trig` "
                            "(or put it in the models/ folder of a project: `roto init`)")
    from .store import open_store

    if not files:
        return LocalEngine(open_store(inferred=inferred))
    from .disk_store import open_data
    from .store import built_dataset

    sources = files if replace_review else [built_dataset(), *files]
    return LocalEngine(open_data(sources, lambda: _read(files, replace_review)))


def _read(files: list[Path], replace_review: bool) -> ox.Store:
    """The `data` files (plus the release unless `replace_review`) in memory, every file
    checked by the loader before any work."""
    from .loader import parse_quads
    from .store import built_dataset

    # Blank-node labels kept, the release's too: a file repeating the review's statements
    # (say, `roto reason --format trig` output) adds nothing twice.
    quads = [parse_quads(path, rename_blank_nodes=False) for path in files]
    store = ox.Store()
    if not replace_review:
        store.extend(ox.parse(path=built_dataset(), format=ox.RdfFormat.N_QUADS))
    for part in quads:
        store.extend(part)
    return store
