"""`roto compare` and `roto similar`, with expectations worked out by hand from the
review's Table 1 and Table 2 (tests/fixtures/table1.csv, table2.csv).

By hand, for self-help groups: it explicitly uses social relationships, experiential
knowledge, recreational activities and peers (4 features). Peer support workers use
social relationships, experiential knowledge and peers: 3 shared of 4 in either, Jaccard
3/4 = 0.75. Therapeutic communities use social relationships, decision-making,
experiential knowledge, professionals and peers: 3 shared of 6, 0.50. Befriending uses
social relationships, recreational activities and friends: 2 shared of 5, 0.40. Every
review model is stated on all 10 features, so all 10 are compared.
"""

import json
from pathlib import Path

import pytest

from conftest import assert_refused, synthetic

RESEARCHER = Path(__file__).parent / "fixtures" / "researcher-model.toml"


def test_similar_matches_the_hand_computed_ranking(roto_cli):
    result = roto_cli("similar", "self-help groups", "--format", "json")
    assert result.returncode == 0, result.stderr
    ranked = json.loads(result.stdout)
    top = {r["model"]: r for r in ranked}
    assert [r["model"] for r in ranked][:2] == ["Peer support workers", "Therapeutic communities"]
    assert top["Peer support workers"]["jaccard"] == 0.75
    assert top["Therapeutic communities"]["jaccard"] == 0.5 and top["Befriending"]["jaccard"] == 0.4
    assert top["Peer support workers"]["shared"] == ["Social relationships", "Experiential knowledge", "Peers"]
    assert top["Peer support workers"]["only_mine"] == ["Recreational activities"]
    assert all(r["compared"] == 10 and r["not_comparable"] == [] for r in ranked)
    assert top["Therapeutic communities"]["reciprocity"] == "same"  # both reciprocal (README's first example)
    assert [r["jaccard"] for r in ranked] == sorted((r["jaccard"] for r in ranked), reverse=True)


def test_unstated_features_are_not_comparable_rather_than_counted():
    import roto

    kg = roto.open([RESEARCHER])
    found = {s.label: s for s in kg.similar("fixture college")}
    shg = found["Self-help groups"]
    # The fixture states experiential knowledge (used), decision-making (blank) and peers (used) only.
    assert shg.compared == 3 and len(shg.not_comparable) == 7
    assert shg.shared == ("Experiential knowledge", "Peers") and shg.score == 1.0


def test_compare_marks_differences_and_gives_the_evidence(roto_cli):
    result = roto_cli("compare", "open dialogue", "self-help", "-f", "json")
    assert result.returncode == 0, result.stderr
    rows = {r["feature"]: r for r in json.loads(result.stdout)}
    assert len(rows) == 6 + 4 + 2
    decision = rows["Patient's decision-making ability"]
    assert decision["differs"] and decision["models"]["Open dialogue"]["value"] == "used"
    assert decision["models"]["Open dialogue"]["references"] == [24, 25]
    assert decision["models"]["Self-help groups"]["value"] == "blank"
    assert not rows["Social relationships"]["differs"] and rows["reciprocity"]["models"]["Open dialogue"]["value"] == "reciprocal"
    assert rows["expertise"]["differs"]


@pytest.mark.parametrize("fmt", ["text", "csv", "markdown"])
def test_compare_and_similar_in_every_format(fmt, roto_cli):
    compared = roto_cli("compare", "befriending", "open dialogue", "peer support", "-f", fmt)
    assert compared.returncode == 0, compared.stderr
    assert "Peer support workers" in compared.stdout and "Results: Friends" in compared.stdout
    ranked = roto_cli("similar", "peer support", "-f", fmt)
    assert ranked.returncode == 0 and "Self-help groups" in ranked.stdout and "0.75" in ranked.stdout


def test_compare_with_an_added_model_says_unstated():
    import roto

    features = roto.open([RESEARCHER]).compare("fixture college", "befriending")
    social = next(f for f in features if f.feature == "Social relationships")
    assert social.judgements["Fixture college"].value == "unstated" and social.differs


def test_bad_input_is_one_line(roto_cli):
    assert_refused(roto_cli("compare", "befriending"), "two or more")
    assert_refused(roto_cli("compare", "befriending", "nothing like it"), "valid values")
    assert_refused(roto_cli("similar", "nothing like it"), "valid values")


def test_similar_reads_all_models_at_once_as_one_by_one_would(tmp_path):
    """`profiles` reads every model's table cells and dimensions in a few queries; the
    rankings are those from each model's own statements (`roto evidence`, model by model,
    as `similar` read them before), on the review, a researcher's model and generated ones."""

    import roto
    from roto.comparison import DIMENSIONS, Profiles, _statements, profiles, similar
    from roto.framework import TABLES
    from roto.tables import table_cells

    generator = synthetic()
    kg = roto.open([RESEARCHER, *generator.generate(4, tmp_path, seed=3)])
    known = profiles(kg.engine)
    kinds: dict[str, dict[str, str]] = {}
    for name in TABLES:
        for c in table_cells(name, engine=kg.engine):
            kinds.setdefault(c.model, {})[c.column_label] = {"Yes": "used"}.get(c.value, c.value)
    dimensions = {m.iri: {DIMENSIONS[f]: s.target for f, s in _statements(kg.engine, m.iri).items() if f in DIMENSIONS}
                  for m in known.models}
    assert len(known.models) == 10 + 1 + 4 and known.kinds == kinds
    assert known.dimensions == {m: d for m, d in dimensions.items() if d}
    one_by_one = Profiles(known.models, kinds, dimensions)
    assert any(s.same_expertise is None for m in known.models for s in similar(m.iri, known=known))  # one unstated
    for model in known.models:
        ranked = similar(model.iri, known=known)
        assert ranked == similar(model.iri, known=one_by_one) == similar(model.iri, kg.engine)
        assert similar(model.iri, known=known, limit=4) == ranked[:4]  # a model page's top, ranked alone
