"""Split the reasoner's input into parts that can be reasoned over one at a time.

`roto reason` at scale: thousands of therapeutic models are independent individuals that
share a small vocabulary (the ontology, the resource and relationship types, the
reciprocity and expertise values, the review and its references). Each part holds
everything shared and a batch of models with what only they reach (their statements,
blank cells, sources, parts, references and axiom annotations). HermiT reasons over each
part; the union of its conclusions is the whole graph's, because:

1. Each part is a subset of the whole graph, so (OWL being monotonic) whatever HermiT
   concludes from a part also follows from the whole, and a part that is inconsistent makes
   the whole inconsistent.
2. Nothing the whole graph says about one model's individuals can depend on another
   model's private statements when information cannot travel from a model's private
   statements onto what is shared: then a model's individuals see, in their part, exactly
   the shared statements they see in the whole, and nothing else reaches them. The
   ways OWL moves information against or across property links are inverse, symmetric
   and inverse-functional properties, property chains and sub-properties, universal,
   cardinality, self, complement, union and enumeration (`owl:oneOf`) restrictions, keys
   and `owl:sameAs`. `check` refuses every OWL term outside the few the ROTO ontology
   uses (classes, intersections, `owl:hasValue` restrictions, disjointness, functional
   properties, domains and ranges, all-different values, negative property assertions,
   axiom annotations). Of these, three could still move a fact onto a shared individual,
   and each is checked on the data: a range (a model's link makes its target a member of
   the range: that target must already be asserted to be one, through its own types and
   the asserted sub-class hierarchy, as must every `owl:hasValue` filler of the property);
   a functional property (two values would be merged: a model's values of one must be
   shared individuals, pairwise different as the graph says, together with the property's
   `owl:hasValue` fillers, so that a merge can only be an inconsistency, found in that
   model's part); and a statement or blank node that links two models (none may).
3. Consistency: under 2., a model of each part agrees with every other part on the shared
   individuals (no part adds anything to them), so together they make a model of the whole:
   the whole is consistent when every part is.

When the graph does not meet these conditions (a researcher's RDF may say anything),
`partitions` returns None and the caller reasons over the whole graph at once.
"""

from __future__ import annotations

from collections import defaultdict

# What one HermiT run may take: this many models when a large graph is reasoned over part
# by part, and this much Java heap in MB (owlready2's own default). `roto reason` options.
# A part costs a Java start and the ontology's classification again (about 2 s), so parts
# are few and large: HermiT over 2,500 synthetic models stays well inside the default heap.
MODELS_PER_RUN = 2500
JAVA_MEMORY = 2000

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = f"<{RDF}type>"
MODEL_CLASS = "<https://w3id.org/roto/TherapeuticModel>"

# The OWL terms the ROTO ontology and its data use (see the module docstring).
ALLOWED_OWL = {f"<{OWL}{name}>" for name in (
    "Class", "Thing", "Nothing", "Restriction", "onProperty", "hasValue", "intersectionOf", "equivalentClass",
    "disjointWith", "AllDisjointClasses", "AllDifferent", "members", "distinctMembers", "differentFrom",
    "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "FunctionalProperty", "Ontology", "versionInfo",
    "versionIRI", "imports", "priorVersion", "deprecated", "NamedIndividual", "Axiom", "annotatedSource",
    "annotatedProperty", "annotatedTarget", "NegativePropertyAssertion", "sourceIndividual", "assertionProperty",
    "targetIndividual", "targetValue")}
REFUSED_RDFS = {f"<{RDFS}subPropertyOf>"}
_DECLARATIONS = {f"<{OWL}{name}>" for name in (
    "Class", "Restriction", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "FunctionalProperty",
    "Ontology", "AllDisjointClasses", "AllDifferent")} | {f"<{RDF}Property>", f"<{RDFS}Class>", f"<{RDFS}Datatype>"}
# Annotations carry no meaning for a reasoner: they link nothing (an axiom annotation
# citing a reference another model also cites does not tie the two models).
_BUILTIN_ANNOTATIONS = {f"<{RDFS}{name}>" for name in ("label", "comment", "seeAlso", "isDefinedBy")} | {
    f"<{OWL}{name}>" for name in ("versionInfo", "priorVersion", "deprecated", "versionIRI", "imports")}
SHARED = ""  # the label of what every part holds


def statement(line: str) -> tuple[str, str, str]:
    """An N-Triples line (as rdflib and pyoxigraph write it: one space between terms) as
    (subject, predicate, object) in N-Triples syntax."""
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, rest[:-2].rstrip()


def _is_node(term: str) -> bool:
    return term.startswith(("<", "_:"))


def owners(rows: list[tuple[str, str, str]]) -> dict[str, str] | None:
    """The model each node belongs to (SHARED for what several models or none reach), or
    None when a statement or blank node links two models.

    A model owns what it reaches along property links through nodes that no other model
    and nothing shared reaches; a node that no property link names and that describes one
    model's things (a blank cell, an axiom annotation, a part of its source) belongs to
    that model."""
    models = {s for s, p, o in rows if p == TYPE and o == MODEL_CLASS}
    vocabulary = {s for s, p, o in rows if p == TYPE and o in _DECLARATIONS} | {p for _, p, _ in rows}
    annotations = _BUILTIN_ANNOTATIONS | {s for s, p, o in rows if p == TYPE and o == f"<{OWL}AnnotationProperty>"}
    # An axiom annotating an annotation assertion (a mapping's evidence, say) says nothing a
    # reasoner reads: its target links nothing, though the axiom stays with its source's model.
    annotating = {s for s, p, o in rows if p == f"<{OWL}annotatedProperty>" and o in annotations}
    successors: dict[str, list[str]] = defaultdict(list)
    for s, p, o in rows:
        if (p != TYPE and p not in annotations and _is_node(o) and o not in vocabulary
                and not (p == f"<{OWL}annotatedTarget>" and s in annotating)):
            successors[s].append(o)
    named = {o for nexts in successors.values() for o in nexts}
    roots = [s for s in successors if s not in named and s not in vocabulary and s not in models]
    label: dict[str, str] = {m: m for m in models}

    def spread(start: list[str]) -> None:
        todo = list(start)
        while todo:
            node = todo.pop()
            for nxt in successors.get(node, ()):
                if nxt in models:
                    continue
                joined = label[node] if nxt not in label or label[nxt] == label[node] else SHARED
                if label.get(nxt) != joined:
                    label[nxt] = joined
                    todo.append(nxt)

    def mark_shared(nodes: list[str]) -> None:
        label.update((n, SHARED) for n in nodes)
        spread(nodes)

    spread(list(models))
    changed = True
    while changed:  # labels only ever go from a model to SHARED, so this ends
        for root in roots:  # what no link names and describes one model's things joins it
            if root not in label:
                about = {label[n] for n in successors[root] if label.get(n, SHARED) != SHARED}
                if len(about) > 1:
                    return None
                if about:
                    label[root] = about.pop()
                    spread([root])
        mark_shared([n for n in successors if n not in label])  # what nothing owns reaches
        lost = [r for r in roots if label[r] != SHARED and all(label.get(n) != label[r] for n in successors[r])]
        mark_shared(lost)
        changed = bool(lost)
    for s, p, o in rows:  # a link from one model's things to another model (annotations link nothing)
        if o in models and p not in annotations and label.get(s, SHARED) not in (SHARED, o):
            return None
    return label


def check(rows: list[tuple[str, str, str]], label: dict[str, str]) -> bool:
    """Whether the conditions of the module docstring hold (the OWL terms, ranges, functional
    properties), so that reasoning part by part gives the whole graph's conclusions."""
    terms = {t for row in rows for t in row if t.startswith(f"<{OWL}")}
    if terms - ALLOWED_OWL or any(p in REFUSED_RDFS for _, p, _ in rows):
        return False
    by = defaultdict(set)
    for s, p, o in rows:
        by[p].add((s, o))
    types, parents, ranges = defaultdict(set), defaultdict(set), defaultdict(set)
    for s, o in by[TYPE]:
        types[s].add(o)
    for s, o in by[f"<{RDFS}subClassOf>"]:
        parents[s].add(o)
    for s, o in by[f"<{RDFS}range>"]:
        ranges[s].add(o)
    fillers = defaultdict(set)  # property -> its owl:hasValue fillers
    on_property = dict(by[f"<{OWL}onProperty>"])
    for restriction, value in by[f"<{OWL}hasValue>"]:
        if restriction in on_property and _is_node(value):
            fillers[on_property[restriction]].add(value)

    def is_a(node: str, cls: str) -> bool:
        seen, todo = set(), list(types[node])
        while todo:
            c = todo.pop()
            if c == cls:
                return True
            if c not in seen:
                seen.add(c)
                todo.extend(parents[c])
        return False

    owned = lambda node: label.get(node, SHARED) != SHARED  # noqa: E731
    for prop, pairs in by.items():
        targets = {o for s, o in pairs if owned(s) and _is_node(o) and not owned(o)} | fillers[prop]
        if any(not is_a(o, cls) for o in targets for cls in ranges[prop]):
            return False
    functional = {s for s, o in by[TYPE] if o == f"<{OWL}FunctionalProperty>"}
    different = _different(rows, by)
    for prop in functional:
        values = defaultdict(set)
        for s, o in by[prop]:
            if owned(s):
                values[s].add(o)
        used = {o for vs in values.values() for o in vs if _is_node(o)}
        if any(len(vs) > 1 for vs in values.values()) or any(owned(o) for o in used):
            return False
        pool = sorted(used | fillers[prop])
        if any(frozenset((a, b)) not in different for i, a in enumerate(pool) for b in pool[i + 1:]):
            return False
    return True


def _different(rows, by) -> set[frozenset]:
    """Pairs of individuals the graph says are different (owl:AllDifferent, owl:differentFrom)."""
    pairs = {frozenset(pair) for pair in by[f"<{OWL}differentFrom>"]}
    first, rest = dict(by[f"<{RDF}first>"]), dict(by[f"<{RDF}rest>"])
    for _, head in by[f"<{OWL}members>"] | by[f"<{OWL}distinctMembers>"]:
        members, node = [], head
        while node in first:
            members.append(first[node])
            node = rest.get(node, "")
        pairs |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:]}
    return pairs


def partitions(ntriples: bytes, models_per_part: int) -> list[bytes] | None:
    """The whole graph's N-Triples as parts of at most `models_per_part` models each, every
    part with everything shared; None when reasoning part by part could miss a conclusion
    (see the module docstring) or one part would hold every model anyway."""
    if ntriples.count(f" {TYPE} {MODEL_CLASS} .".encode()) <= models_per_part:
        return None  # one part would hold every model (counted before any work; checked again below)
    lines = [line for line in ntriples.decode("utf-8").splitlines() if line and not line.startswith("#")]
    rows = [statement(line) for line in lines]
    label = owners(rows)
    if label is None or not check(rows, label):
        return None
    models = sorted({m for m in label.values() if m != SHARED})
    if len(models) <= models_per_part:
        return None
    count = -(-len(models) // models_per_part)  # as few parts as the limit allows, of even sizes
    batch = {m: i * count // len(models) for i, m in enumerate(models)}
    parts: list[list[str]] = [[] for _ in range(count)]
    shared: list[str] = []
    for line, (s, _, _) in zip(lines, rows, strict=True):
        owner = label.get(s, SHARED)
        (shared if owner == SHARED else parts[batch[owner]]).append(line)
    return [("\n".join(shared + part) + "\n").encode("utf-8") for part in parts]
