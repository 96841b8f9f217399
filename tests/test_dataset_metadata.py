"""VoID partitions and DCAT distributions, as `roto serve` and `roto site` publish them at
/void: counted from the graph and read from the release files, checked here another way
(Python over the quads, hashlib over the files)."""

import hashlib
from collections import Counter

import pytest

from conftest import ROOT

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def store():
    from roto.store import open_store

    return open_store()


@pytest.fixture(scope="module")
def void(store):
    from roto.web.descriptions import VOID_IRI, void_triples

    triples = void_triples(store, 1, None)
    about: dict[str, dict[str, list]] = {}
    for t in triples:
        about.setdefault(str(t.subject), {}).setdefault(t.predicate.value, []).append(t.object)
    return about, about[f"<{VOID_IRI}>"]


def _union(store):
    return {(q.subject, q.predicate, q.object) for q in store}


def test_class_partitions_count_each_class_s_instances(store, void):
    about, dataset = void
    import pyoxigraph as ox

    # the union holds each (s, rdf:type, class) once, so counting them counts instances
    expected = Counter(o.value for _, p, o in _union(store) if p.value == RDF_TYPE and isinstance(o, ox.NamedNode))
    found = {about[str(part)][VOID + "class"][0].value: int(about[str(part)][VOID + "entities"][0].value)
             for part in dataset[VOID + "classPartition"]}
    assert found == dict(expected) and len(found) > 20


def test_property_partitions_count_each_property_s_triples(store, void):
    about, dataset = void
    expected = Counter(p.value for _, p, _ in _union(store))
    found = {about[str(part)][VOID + "property"][0].value: int(about[str(part)][VOID + "triples"][0].value)
             for part in dataset[VOID + "propertyPartition"]}
    assert found == dict(expected)
    assert sum(found.values()) == int(dataset[VOID + "triples"][0].value)  # the partitions add up to the dataset


def test_every_release_file_is_a_distribution_with_type_size_and_checksum(void):
    from roto.namespaces import BASE, RELEASE_FILES
    from roto.web.formats import RELEASE_TYPES

    about, dataset = void
    distributions = {d.value for d in dataset[DCAT + "distribution"]}
    assert distributions == {BASE + name for name in RELEASE_FILES}
    for name in RELEASE_FILES:
        data = (ROOT / "release" / name).read_bytes()
        file = about[f"<{BASE + name}>"]
        assert [o.value for o in file[RDF_TYPE]] == [DCAT + "Distribution"]
        assert file[DCAT + "downloadURL"][0].value == BASE + name
        assert file[DCAT + "mediaType"][0].value.endswith("/media-types/" + RELEASE_TYPES[name.rsplit(".", 1)[1]])
        assert int(file[DCAT + "byteSize"][0].value) == len(data)
        (checksum,) = file[SPDX + "checksum"]
        sums = about[str(checksum)]
        assert sums[SPDX + "algorithm"][0].value == SPDX + "checksumAlgorithm_sha256"
        assert sums[SPDX + "checksumValue"][0].value == hashlib.sha256(data).hexdigest()
