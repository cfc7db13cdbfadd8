"""The namespace module matches ontology/kgraph.ttl, and the ontology says what the design brief says."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kgraph.data import data_path
from kgraph.namespace import KG, RELATIONS, SYMMETRIC, actor_iri, check_relation, slug

#: The relations of the design brief's contract table, written out independently of the code.
BRIEF_RELATIONS = set(
    [
        "backedBy",
        "alliedWith",
        "hostileTo",
        "splinterOf",
        "affiliateOf",
        "partOf",
        "designatedBy",
        "attacked",
        "struck",
        "killed",
        "leaderOf",
        "memberOf",
        "operatesIn",
    ]
)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(data_path("kgraph.ttl"), format="turtle")


def test_namespace_matches_ontology(onto):
    ns = str(KG._NS)
    defined = {str(s)[len(ns) :] for s in onto.subjects() if str(s).startswith(ns)}
    declared = {name for name in KG.__annotations__}
    assert defined == declared


def test_namespace_is_closed():
    with pytest.raises(AttributeError):
        _ = KG.backs


def test_relations_of_the_brief(onto):
    assert set(RELATIONS) == BRIEF_RELATIONS
    for rel in RELATIONS:
        assert (KG[rel], RDF.type, OWL.ObjectProperty) in onto, rel
        assert onto.value(KG[rel], RDFS.label) is not None, rel
        assert onto.value(KG[rel], RDFS.comment) is not None, rel
    assert (KG.struck, RDFS.subPropertyOf, KG.attacked) in onto
    symmetric = {str(s).rsplit("#", 1)[1] for s in onto.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == set(SYMMETRIC) == {"alliedWith", "hostileTo"}


def test_actor_classes(onto):
    for cls in ("State", "StateForce", "ArmedGroup", "Organization", "Person"):
        assert (KG[cls], RDFS.subClassOf, KG.Actor) in onto
    assert (KG.Strike, RDFS.subClassOf, KG.Attack) in onto
    assert (KG.Attack, RDFS.subClassOf, KG.Event) in onto


def test_shapes_parse():
    shapes = rdflib.Graph().parse(data_path("shapes.ttl"), format="turtle")
    assert len(shapes) > 20


def test_unknown_relation_message():
    with pytest.raises(ValueError, match=r"unknown relation 'backs'; known: backedBy, alliedWith"):
        check_relation("backs")


def test_iris_are_minted_from_names():
    assert slug("Kata’ib Hezbollah") == slug("Kata'ib Hezbollah") == "kataib_hezbollah"
    assert slug("Cárteles Unidos") == "carteles_unidos"
    assert str(actor_iri("kataib_hezbollah")) == "https://w3id.org/kgraph/id/kataib_hezbollah"


def test_no_other_term_reads_as_a_relation(onto):
    """A scorer reads any predicate whose local name is a relation, a synonym or an
    inverse ('supports' is read as backedBy reversed) as a relation, in every graph. So
    no other property of the ontology may have such a name, or the evidence in the
    document graphs would be scored as relations."""
    from kgraph.evaluate import INVERSES, SYNONYMS

    ns = str(KG._NS)
    readable = {*RELATIONS, *SYNONYMS, *INVERSES}
    others = {str(s)[len(ns) :] for s in onto.subjects() if str(s).startswith(ns)} - set(RELATIONS)
    assert sorted(others & readable) == []
