"""Reason over the review (plus a researcher's extension) with HermiT: `roto reason`.

HermiT runs in `hermit.py` (its own command line), over the whole graph or, when that gives the
same conclusions, part by part (`partitions.py`); `materialise.py` turns its answer into the
`inferred` graph, and `clash.py` names the statements that clash when there is no answer.
Only `roto reason` imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..build.compiler import bind_prefixes
from ..build.triples import Triples
from ..loader import Extended
from ..namespaces import ONTOLOGY_IRI
from .clash import Unit, explain
from .hermit import Hermit
from .materialise import INFERRED, materialise
from .partitions import JAVA_MEMORY, MODELS_PER_RUN


@dataclass
class Reasoning:
    """What HermiT concluded: consistency, inferred triples, and a clash when there is one."""

    consistent: bool
    inferred: Graph
    labels: dict[str, str]
    models: dict[str, list[str]] = field(default_factory=dict)  # model -> inferred classes
    unsatisfiable: list[str] = field(default_factory=list)
    clash: list[Unit] = field(default_factory=list)
    runs: int = 1  # HermiT runs, including those spent on the explanation

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def dataset(self, extended: Extended) -> Dataset:
        """A new Dataset of everything reasoned over plus the inferred graph: the review's
        named graphs, each extension RDF file in a graph named by its file: URI, and
        .../graph/inferred. `extended` is not touched."""
        out = Dataset()
        bind_prefixes(out)
        graphs = [(c.identifier, c) for c in extended.dataset.graphs() if len(c)]
        graphs += [(URIRef(Path(name).resolve().as_uri()), g) for name, g in extended.rdf.items()]
        for name, graph in [*graphs, (INFERRED, self.inferred)]:
            target = out.graph(name)
            for triple in graph:
                target.add(triple)
        return out


def _labels(graph: Triples) -> dict[str, str]:
    labels: dict[str, str] = {}
    for subject, label in graph.subject_objects(RDFS.label):
        if isinstance(subject, URIRef) and isinstance(label, Literal) and (
                label.language in (None, "en") or str(subject) not in labels):
            labels[str(subject)] = str(label)
    return labels


def reason(extended: Extended, models_per_run: int = MODELS_PER_RUN, java_memory: int = JAVA_MEMORY) -> Reasoning:
    """Run HermiT on the review plus the extension; never modifies `extended`. A graph of
    more than `models_per_run` models is reasoned over in parts of that many models when
    that gives the same conclusions (see `roto.reason.partitions`), else all at once; each HermiT
    run may use `java_memory` MB of Java heap (RotoError when it needs more)."""
    asserted = extended.triples()
    labels = _labels(asserted)
    hermit = Hermit(java_memory)
    conclusions = _conclusions(asserted, hermit, models_per_run)
    if conclusions is None:
        clash = explain(extended, extended.graph(), labels, hermit)
        return Reasoning(False, Graph(identifier=INFERRED), labels, clash=clash, runs=hermit.runs)
    inferred = materialise(asserted, conclusions)
    model_class = URIRef(ONTOLOGY_IRI + "/TherapeuticModel")
    models = sorted(set(asserted.subjects(RDF.type, model_class)) | set(inferred.subjects(RDF.type, model_class)),
                    key=lambda m: labels.get(str(m), str(m)))
    result = Reasoning(True, inferred, labels, runs=hermit.runs)
    for model in models:
        result.models[str(model)] = sorted((str(c) for c in inferred.objects(model, RDF.type)), key=result.label)
    result.unsatisfiable = sorted(str(c) for c in inferred.subjects(OWL.equivalentClass, OWL.Nothing))
    return result


def _conclusions(asserted: Triples, hermit: Hermit, models_per_run: int) -> Triples | None:
    """HermiT's conclusions on `asserted` (None if it is inconsistent), part by part where the
    parts are independent: each part is consistent exactly when the whole is, and the union
    of their conclusions is the whole's."""
    from ..build.quads import ntriples
    from .partitions import partitions

    written = ntriples(asserted)
    parts = partitions(written, models_per_run)
    if parts is None:
        return hermit.run(written)
    merged = Triples()
    for part in parts:
        found = hermit.run(part)
        if found is None:
            return None
        merged |= found
    return merged


# ---------------------------------------------------------------- the cached inferred graph

def inferred_nquads(result: Reasoning, asserted_file: Path) -> bytes:
    """The inferred graph as sorted N-Quads, headed by the digest of the asserted file it came from."""
    from ..store import INFERRED_HEADER, digest

    dataset = Dataset()
    target = dataset.graph(INFERRED)
    for triple in result.inferred:
        target.add(triple)
    lines = sorted({line for line in dataset.serialize(format="nquads").splitlines() if line.strip()})
    header = f"{INFERRED_HEADER}{digest(asserted_file)}"
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")
