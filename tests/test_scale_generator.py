"""The synthetic models of benchmarks/generate.py are valid ROTO input, and the rewrites
made for scale (one-query SHACL targets, MINUS in a check, terms placed in patterns) give
the answers of the forms they replace. Sizes here are small; the big ones are in
benchmarks/scale.py."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pyoxigraph as ox
import pytest

from conftest import ROOT, run_roto, synthetic


@pytest.fixture(scope="module")
def generator():
    return synthetic()


@pytest.fixture(scope="module")
def five(generator, tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    paths = generator.generate(5, folder / "models", seed=7)
    return paths, generator.write_nquads(paths, folder / "graph.nq")


def test_generated_models_validate_without_a_note(five):
    paths, _ = five
    result = run_roto("validate", *map(str, paths))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Conforms."


def test_generated_models_load_with_data(five):
    paths, nquads = five
    result = run_roto("models", "--data", str(nquads), "--format", "csv")
    ids = [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert len(ids) == 15 and sorted(ids[10:]) == [p.stem for p in paths]
    evidence = run_roto("evidence", paths[0].stem, "--data", str(nquads), "--format", "json")
    assert evidence.returncode == 0 and paths[0].stem in evidence.stdout


def test_generator_is_deterministic_by_seed(generator, tmp_path):
    same = [generator.generate(3, tmp_path / name, seed=1) for name in ("a", "b")]
    other = generator.generate(3, tmp_path / "c", seed=2)
    assert [p.read_bytes() for p in same[0]] == [p.read_bytes() for p in same[1]]
    assert [p.read_bytes() for p in same[0]] != [p.read_bytes() for p in other]
    cli = subprocess.run([sys.executable,
                          str(ROOT / "benchmarks" / "generate.py"), "3", "--seed", "1", "--out", str(tmp_path / "d")],
                         capture_output=True, text=True)
    assert cli.returncode == 0 and sorted(p.read_bytes() for p in (tmp_path / "d").iterdir()) == \
        sorted(p.read_bytes() for p in same[0])


# The check's former FILTER NOT EXISTS form: the oracle its MINUS form must agree with.
TABLE_CELL_MISSING_NOT_EXISTS = """
PREFIX roto: <https://w3id.org/roto/>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?model ?property ?column WHERE {
  VALUES ?property { roto:usesResource roto:usesRelationship }
  ?property rdfs:range ?columnType .
  ?review a roto:Review .
  ?model a roto:TherapeuticModel ; roto:source ?review .
  ?column a ?columnType .
  FILTER NOT EXISTS { ?model ?property ?column }
  FILTER NOT EXISTS { ?blank owl:sourceIndividual ?model ; owl:assertionProperty ?property ; owl:targetIndividual ?column . }
}
ORDER BY ?model ?property ?column"""


def test_table_cell_missing_minus_equals_not_exists(five):
    """On generated models with cells removed (an asserted one, a blank one) and the
    planted defect, the MINUS form lists exactly the rows the NOT EXISTS form lists."""
    from roto.queries import get_query

    _, nquads = five
    store = ox.Store()
    store.load(path=nquads, format=ox.RdfFormat.N_QUADS)
    store.load(path=ROOT / "tests" / "fixtures" / "defects" / "table-cell-missing.ttl", format=ox.RdfFormat.TURTLE)
    store.update("""PREFIX roto: <https://w3id.org/roto/> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        DELETE WHERE { GRAPH ?g { <https://w3id.org/roto/model/synthetic-000001> roto:usesResource ?r } } ;
        DELETE WHERE { GRAPH ?g { ?n owl:sourceIndividual <https://w3id.org/roto/model/synthetic-000002> ; ?p ?o } }""")

    def rows(text):
        return [tuple(s) for s in store.query(text, use_default_graph_as_union=True)]

    expected = rows(TABLE_CELL_MISSING_NOT_EXISTS)
    assert len(expected) >= 3
    assert rows(get_query("checks/table-cell-missing").body) == expected


@pytest.mark.parametrize("query, values", [
    ("evidence", {"model": ox.NamedNode("https://w3id.org/roto/model/synthetic-000003")}),
    ("models-not-using", {"feature": ox.NamedNode("https://w3id.org/roto/resource/decision-making")}),
    ("review-table", {"property": ox.NamedNode("https://w3id.org/roto/usesRelationship")}),
    ("figure-source", {"review": ox.NamedNode("https://doi.org/10.1192/bjp.bp.113.135038")}),
])
def test_placed_terms_answer_as_a_trailing_values_clause(five, query, values):
    """The term placed in the pattern gives the rows a trailing VALUES clause gives."""
    from roto.queries import bind, get_query

    _, nquads = five
    store = ox.Store()
    store.load(path=nquads, format=ox.RdfFormat.N_QUADS)
    canned = get_query(query)
    placed = bind(canned, values)
    assert "VALUES" not in placed.upper().split("WHERE", 1)[-1]
    trailing = f"{canned.body.rstrip()}\nVALUES ({' '.join('?' + n for n in values)}) {{ ({' '.join(map(str, values.values()))}) }}"
    answers = [[tuple(s) for s in store.query(text, use_default_graph_as_union=True)] for text in (placed, trailing)]
    assert answers[0] == answers[1] and answers[0]


def test_the_compiled_quads_are_rdflibs_graph_line_for_line(five):
    """The build writes N-Quads from the compiler's triples through pyoxigraph, without an
    rdflib store; on the review plus models the lines are those rdflib writes of the
    compiled Dataset (the release's roto.nq being the case without models:
    tests/test_release.py). `write_nquads` of the fixture took the pyoxigraph path."""
    from roto.authoring import read_content
    from roto.build.compiler import compile_content

    paths, nquads = five
    rdflib_lines = {line for line in compile_content(read_content(paths)).serialize(format="nquads").splitlines()
                    if line.strip()}
    written = nquads.read_text(encoding="utf-8")
    assert len(rdflib_lines) > 1000 and written == "\n".join(sorted(rdflib_lines)) + "\n"


def test_roto_open_of_toml_models_holds_the_compiled_graph(five):
    """`roto.open(TOML files)` loads the quads the build writes, blank nodes named as there
    (no rdflib in between, no parser renaming them)."""
    import roto

    paths, nquads = five
    written = ox.Store()
    written.extend(ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS))  # blank nodes keep their names
    opened = roto.open(paths).store
    assert len(opened) > 1000 and set(opened) == set(written)
