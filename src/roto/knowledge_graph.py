"""The knowledge graph in a notebook: `roto.open()` and one object to ask it questions.

Every method is a thin call into the library the CLI uses (tables, canned queries,
figures), answered by SPARQL over an in-process pyoxigraph store. Results are plain
Python objects (lists of dataclasses or dicts) with `to_frame()` for pandas users.

>>> import roto
>>> kg = roto.open()
>>> kg.table("relationships").columns
['Professionals', 'Peers', 'Friends', 'Family']
>>> kg.sparql("SELECT (COUNT(?m) AS ?n) WHERE { ?m a roto:TherapeuticModel }")[0]["n"]
10
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .errors import RotoError
from .frames import Rows
from .namespaces import sparql_prefixes
from .queries import bind, get_query
from .store import open_store

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {_XSD + t: int for t in ("integer", "int", "long", "short", "byte", "positiveInteger", "nonNegativeInteger",
                                    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}
_NUMBERS.update({_XSD + t: float for t in ("decimal", "double", "float")})


def plain(term: object) -> object:
    """A pyoxigraph term as a plain value: IRIs and text as str, numbers as int or float,
    booleans as bool, a blank node as '_:id', unbound as None.

    >>> plain(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer")))
    3
    """
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if term.datatype.value == _XSD + "boolean":
            return term.value in ("true", "1")
        convert = _NUMBERS.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(term.value)
            except ValueError:
                return term.value
    return term.value  # type: ignore[attr-defined]


class KnowledgeGraph:
    """The review's graph, plus any files a researcher added, ready for questions."""

    def __init__(self, store: ox.Store, sources: tuple[Path, ...] = ()):
        self.store = store
        self.sources = sources  # the researcher's files compiled in, if any

    def __repr__(self) -> str:
        added = f" + {', '.join(p.name for p in self.sources)}" if self.sources else ""
        return f"<roto knowledge graph: the review{added}, {len(self.store)} quads>"

    def table(self, name: str):
        """Table 1 ("resources") or Table 2 ("relationships"): a `Table` with `.columns`,
        `.rows` and `.to_frame()`."""
        from .tables import review_table

        return review_table(name, self.store)

    def query(self, name: str, **params: str) -> Rows:
        """A canned query from `queries/` by name, parameters bound as RDF terms; one dict
        per row.

        >>> rows = open_graph().query("review-table", property="roto:usesRelationship")
        >>> sorted({row["cell"] for row in rows})
        ['Yes', 'blank']
        """
        return self.sparql(bind(get_query(name), params), prefixes=False)

    def sparql(self, text: str, prefixes: bool = True):
        """Any SPARQL query over all named graphs. SELECT gives one dict per row, ASK a
        bool, CONSTRUCT/DESCRIBE a list of (subject, predicate, object) strings. ROTO's
        usual prefixes (roto:, rdfs:, owl:, skos:, ...) are declared unless `prefixes=False`."""
        full = (sparql_prefixes() + text) if prefixes else text
        try:
            answer = self.store.query(full, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise RotoError(f"malformed SPARQL: {exc}") from None
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        if isinstance(answer, ox.QueryTriples):
            return Rows({"subject": plain(t.subject), "predicate": plain(t.predicate), "object": plain(t.object)}
                        for t in answer)
        names = [v.value for v in answer.variables]
        return Rows({name: plain(solution[name]) for name in names} for solution in answer)

    def plot(self, name: str, path: str | Path, highlight: str | None = None) -> Path:
        """Draw figure `name` ("resources", "relationships", "dimensions", "network") to
        `path` (.svg or .png); needs matplotlib (`pip install 'roto[plot]'`)."""
        from .optional import figures

        return figures("kg.plot()").plot(name, path, self.store, highlight)


def open_graph(paths: Iterable[str | Path] = ()) -> KnowledgeGraph:
    """The review's knowledge graph; with `paths`, the review plus those TOML files (a
    researcher's models, in the form of review/models/*.toml) compiled in."""
    paths = tuple(Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths))
    if not paths:
        return KnowledgeGraph(open_store())
    from .compiler import compile_review

    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise RotoError(f"no such file: {', '.join(missing)}")
    nquads = compile_review(paths).serialize(format="nquads").encode("utf-8")
    return KnowledgeGraph(open_store(nquads), paths)
