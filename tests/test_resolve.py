"""One actor, one node: resolution across documents, accumulated evidence, incremental
builds and document removal.

Unit tests build extractions by hand (no model); the tests marked ``model`` run the real
spaCy pipeline on short articles and on part of the dev set."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kgraph.facts import accumulate, noisy_or
from kgraph.gazetteer import load_gazetteer
from kgraph.records import Actor, Document, Evidence, Extraction, Mention, Relation
from kgraph.resolve import load_homonyms, resolve, separate_types

from .conftest import DEV, needs_dev, write_articles

IRAN = ("iran", "Iran", "State")


def extraction(
    doc_id: str,
    actors: list[tuple[str, str, str]],
    relations: list[tuple[str, str, str]],
    *,
    text: str = "",
    published: str = "",
    confidence: float = 0.8,
    modality: str = "asserted",
) -> Extraction:
    """A document naming ``actors`` (key, label, type) and stating ``relations``."""
    text = text or " ".join(label for _, label, _ in actors) + "."
    document = Document(id=doc_id, text=text, title=doc_id, published=published)
    rels = tuple(
        Relation(s, p, o, Evidence(doc_id, text, 0, len(text), confidence, modality, "test", "1"))
        for s, p, o in relations
    )
    mentions = tuple(
        Mention(doc_id, text.find(label), text.find(label) + len(label), label, key)
        for key, label, _ in actors
        if label in text
    )
    return Extraction(document, tuple(Actor(k, lab, t) for k, lab, t in actors), rels, mentions)


def backed(doc_id: str, key: str, label: str, kind: str = "ArmedGroup", **kw) -> Extraction:
    return extraction(doc_id, [(key, label, kind), IRAN], [(key, "backedBy", "iran")], **kw)


# ---------------------------------------------------------------- resolution


def test_one_group_under_five_surface_forms_is_one_node():
    exs = [
        backed("d1", "kataib_hezbollah", "Kataib Hezbollah"),
        backed("d2", "kataib_hizbollah", "Kata'ib Hizbollah", "Organization"),  # transliteration
        backed("d3", "kataeb_hizbollah", "Kataeb Hizbollah"),
        backed("d4", "kataib_hezbolla", "Kataib Hezbolla"),  # typo
        backed("d5", "al_kataib_hizbullah", "al-Kataib Hizbullah militia"),  # article, generic word
        backed("d6", "kataib_hizbollah_group", "Kata'ib Hizbollah group", "Organization"),
    ]
    res = resolve(exs)
    assert {res.key(ex.actors[0].key) for ex in exs} == {"kataib_hezbollah"}
    actor = res.actors["kataib_hezbollah"]
    assert actor.label == "Kataib Hezbollah" and actor.type == "ArmedGroup"
    assert {"Kataeb Hizbollah", "Kataib Hezbolla", "Kata'ib Hizbollah group"} <= set(actor.aliases)
    facts = accumulate(exs, res)
    assert [(f.triple, len(f.documents)) for f in facts] == [(("kataib_hezbollah", "backedBy", "iran"), 6)]


def test_a_name_first_seen_in_one_article_is_joined_by_later_ones():
    first = backed("d9", "liwa_abu_al_fadhl_al_abbas", "Liwa Abu al Fadhl al-Abbas", published="2023-05-01")
    later = [
        backed("d1", "liwa_abu_al_fadl_al_abbas", "Liwa Abu al-Fadl al-Abbas", published="2024-01-01"),
        backed("d3", "liwa_abu_fadl_al_abbas", "Liwa Abu Fadl al-Abbas", "Organization"),
        backed("d4", "liwa_abu_al_fadl_al_abbas", "Liwa Abu al-Fadl al-Abbas", published="2024-03-01"),
    ]
    alone = resolve([first])
    res = resolve([first, *later])
    assert {res.key(ex.actors[0].key) for ex in (first, *later)} == {"liwa_abu_al_fadhl_al_abbas"}
    assert res.actors["liwa_abu_al_fadhl_al_abbas"].type == "ArmedGroup"
    assert alone.actors.keys() - {"iran"} == {"liwa_abu_al_fadhl_al_abbas"}  # later articles join its node


def test_hezbollah_kataib_hezbollah_and_nujaba_stay_three():
    exs = [
        backed("d1", "hezbollah", "Hezbollah"),
        backed("d2", "kataib_hezbollah", "Kataib Hezbollah"),
        backed("d3", "harakat_al_nujaba", "Harakat Hezbollah al-Nujaba"),
        backed("d4", "hezbollah_al_nujaba", "Hezbollah al-Nujaba", "Organization"),
        backed("d5", "hizballah", "Hizballah al-Iraq", "Organization"),
        backed("d6", "kataib_hizballah", "Kataib Hizbollah"),
    ]
    res = resolve(exs)
    assert res.key("hezbollah_al_nujaba") == "harakat_al_nujaba"
    assert res.key("kataib_hizballah") == "kataib_hezbollah"
    assert res.key("hizballah") == "hizballah"  # a different group: not Lebanese Hezbollah
    assert len({res.key(k) for k in ("hezbollah", "kataib_hezbollah", "harakat_al_nujaba")}) == 3


def test_near_names_of_different_actors_stay_apart():
    exs = [
        backed("d1", "free_army_of_iraq", "Free Army of Iraq"),
        backed("d2", "free_army_of_iran", "Free Army of Iran"),  # one letter, but a short word
        backed("d3", "zambia_brigade", "Zambia Brigade"),
        backed("d4", "zimbabwe_brigade", "Zimbabwe Brigade"),  # same consonant skeleton
        backed("d5", "unamsil", "UNAMSIL", "Organization"),
        backed("d6", "unamsel", "UNAMSEL", "Organization"),  # acronyms only match when equal
        backed("d7", "ansar_el_islam", "Ansar el Islam", "Organization"),  # two gazetteer groups
    ]
    res = resolve(exs)
    assert len({res.key(ex.actors[0].key) for ex in exs}) == len(exs)


def test_homonym_list_keeps_unknown_names_apart():
    exs = [backed("d1", "jaish_al_adel", "Jaish al-Adel"), backed("d2", "jaish_al_adil", "Jaish al-Adil")]
    assert len({resolve(exs).key(k) for k in ("jaish_al_adel", "jaish_al_adil")}) == 1
    never = [("jaish_al_adel", "jaish_al_adil")]
    assert len({resolve(exs, homonyms=never).key(k) for k in ("jaish_al_adel", "jaish_al_adil")}) == 2


def test_homonym_file_names_gazetteer_actors():
    gaz = load_gazetteer()
    groups = load_homonyms()
    assert any({"hezbollah", "kataib_hezbollah", "harakat_al_nujaba"} <= set(g) for g in groups)
    assert any({"islamic_state", "iswap"} <= set(g) for g in groups)
    for group in groups:
        for key in group:
            assert key in gaz.actors, key


def test_person_and_group_with_similar_names_stay_apart():
    exs = [
        extraction(
            "d1",
            [("jaish_al_mukhtar", "Jaish al-Mukhtar", "Person"), IRAN],
            [("iran", "killed", "jaish_al_mukhtar")],
        ),
        backed("d2", "jaish_al_mukhtar", "Jaish al-Mukhtar"),
        backed("d3", "jaish_al_mukhtar", "Jaish al-Mukhtar"),
        extraction(
            "d4",
            [("hassan_nasrallah", "Hassan Nasrallah", "Person"), ("hezbollah", "Hezbollah", "ArmedGroup")],
            [("hassan_nasrallah", "leaderOf", "hezbollah")],
        ),
        backed("d5", "nasrallah_brigades", "Nasrallah Brigades", "Organization"),
    ]
    exs = separate_types(exs)
    res = resolve(exs)
    person, group = res.key("jaish_al_mukhtar_person"), res.key("jaish_al_mukhtar")
    assert person != group
    assert res.actors[person].type == "Person" and res.actors[group].type == "ArmedGroup"
    assert res.key("nasrallah_brigades") not in (res.key("hassan_nasrallah"), res.key("hezbollah"))


def test_persons_join_across_documents_only_on_full_names():
    def person(doc: str, key: str, label: str) -> Extraction:
        return extraction(
            doc,
            [(key, label, "Person"), ("kataib_hezbollah", "Kataib Hezbollah", "ArmedGroup")],
            [(key, "leaderOf", "kataib_hezbollah")],
        )

    exs = [
        person("d1", "abu_mahdi_al_muhandis", "Abu Mahdi al-Muhandis"),
        person("d2", "abu_mahdi_el_mohandis", "Abu Mahdi el-Mohandis"),  # full name, transliterated
        person("d3", "muhandis", "Muhandis"),  # a short form: its own article had no full name
        person("d4", "abu_mahdi", "Abu Mahdi"),  # another full name altogether
    ]
    res = resolve(exs)
    assert res.key("abu_mahdi_el_mohandis") == res.key("abu_mahdi_al_muhandis")
    assert res.key("muhandis") != res.key("abu_mahdi_al_muhandis")
    assert res.key("abu_mahdi") != res.key("abu_mahdi_al_muhandis")


def test_an_acronym_joins_the_name_written_beside_it():
    name = "Frente Popular de Liberacion Andina"
    exs = [
        backed("d1", "frente_popular_de_liberacion_andina", name),
        backed("d2", "fpla", "FPLA", "Organization", text=f"The {name} (FPLA) is armed. FPLA fighters."),
        backed("d3", "fpl", "FPL", "Organization", text="FPL fighters attacked."),  # no expansion written
    ]
    res = resolve(exs)
    assert res.key("fpla") == "frente_popular_de_liberacion_andina"
    assert res.key("fpl") == "fpl"


def test_resolution_does_not_depend_on_document_order():
    exs = [
        backed(f"d{i}", key, label)
        for i, (key, label) in enumerate(
            [
                ("kataib_hizbollah", "Kataib Hizbollah"),
                ("liwa_fatemiyoun", "Liwa Fatemiyoun"),
                ("liwa_fatemiyun", "Liwa Fatemiyun"),
                ("liwa_al_fatemiyoun", "Liwa al-Fatemiyoun"),
            ]
        )
    ]
    first = resolve(exs)
    shuffled = exs[:]
    random.Random(4).shuffle(shuffled)
    second = resolve(shuffled)
    assert first.canonical == second.canonical and first.actors == second.actors


# ---------------------------------------------------------------- accumulated evidence


def test_evidence_accumulates_per_merged_relation():
    exs = [
        backed("d1", "kataib_hezbollah", "Kataib Hezbollah", published="2024-02-08", confidence=0.8),
        backed("d2", "kataib_hizbollah", "Kataib Hizbollah", published="2023-11-20", confidence=0.5),
        backed("d3", "kataib_hezbollah", "Kataib Hezbollah", published="2025-01-01", modality="denied"),
        backed("d4", "kataib_hezbollah", "Kataib Hezbollah", confidence=0.6),  # undated
    ]
    res = resolve(exs)
    (fact,) = accumulate(exs, res)
    assert fact.documents == ("d1", "d2", "d4")  # the denial is evidence, not support
    assert (fact.first_seen, fact.last_seen) == ("2023-11-20", "2024-02-08")
    assert fact.confidence == pytest.approx(noisy_or([0.8, 0.5, 0.6])) == pytest.approx(0.96)

    from kgraph.rdf import dataset

    store = ox.Store()
    store.extend(dataset(exs, res, [fact]))
    rows = list(
        store.query(
            """PREFIX kg: <https://w3id.org/kgraph/ontology#>
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?n ?e ?first ?last ?c (COUNT(DISTINCT ?doc) AS ?docs) (COUNT(DISTINCT ?ev) AS ?evs) WHERE {
              ?f a kg:Fact ; rdf:subject ?s ; rdf:predicate kg:backedBy ; rdf:object ?o ;
                 kg:sourceCount ?n ; kg:evidenceCount ?e ; kg:firstSeen ?first ; kg:lastSeen ?last ;
                 kg:confidence ?c .
              ?ev kg:evidenceFor ?f ; a kg:Evidence ; kg:sentence ?sentence ; prov:wasDerivedFrom ?doc .
            } GROUP BY ?n ?e ?first ?last ?c""",
            use_default_graph_as_union=True,
        )
    )
    assert len(rows) == 1
    row = rows[0]
    assert [row[v].value for v in ("n", "e", "first", "last", "c", "docs", "evs")] == [
        "3", "3", "2023-11-20", "2024-02-08", "0.96", "3", "3",
    ]  # fmt: skip
    direct = list(
        store.quads_for_pattern(
            None, ox.NamedNode("https://w3id.org/kgraph/ontology#backedBy"), None, ox.DefaultGraph()
        )
    )
    assert len(direct) == 1  # one triple however many articles state it


def test_a_relation_between_two_names_of_one_actor_is_no_fact():
    exs = [
        extraction(
            "d1",
            [
                ("kataib_hezbollah", "Kataib Hezbollah", "ArmedGroup"),
                ("kataib_hizbollah", "Kataib Hizbollah", "ArmedGroup"),
            ],
            [("kataib_hizbollah", "partOf", "kataib_hezbollah")],
        )
    ]
    assert accumulate(exs, resolve(exs)) == []


# ---------------------------------------------------------------- with the model

ARTICLES = {
    "is1.txt": "Islamic State fighters attacked Iraqi forces near Mosul on Sunday.\n",
    "is2.txt": "ISIS attacked a Syrian army checkpoint in Deir ez-Zor.\n",
    "is3.txt": "ISIL claimed responsibility for the bombing. ISIL attacked the Iraqi army in Anbar.\n",
    "is4.txt": "Daesh militants attacked Kurdish forces in Hasakah province.\n",
    "is5.txt": "The Islamic State group attacked the Syrian Democratic Forces in Raqqa.\n",
    "kh.txt": "The Iran-backed militia Kataib Hezbollah attacked U.S. forces in Syria on Monday.\n",
    "hz.txt": (
        "Hezbollah, backed by Iran, attacked Israel. "
        "The Iran-backed Hezbollah al-Nujaba attacked U.S. forces in Iraq.\n"
    ),
}


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    return write_articles(tmp_path_factory.mktemp("articles"), ARTICLES)


@pytest.fixture(scope="module")
def built(articles, tmp_path_factory) -> Path:
    from kgraph.pipeline import build

    out = tmp_path_factory.mktemp("built")
    build([articles], out, write_viewer=False)
    return out


def labelled(outdir: Path, *names: str) -> set[str]:
    """IRIs of the actors in OUTDIR/graph.ttl with any of ``names`` as label or alias."""
    import rdflib
    from rdflib.namespace import RDFS, SKOS

    g = rdflib.Graph().parse(outdir / "graph.ttl", format="turtle")
    return {
        str(s)
        for p in (RDFS.label, SKOS.altLabel)
        for name in names
        for s in g.subjects(p, rdflib.Literal(name))
    }


@pytest.mark.model
def test_five_surface_forms_in_five_articles_are_one_node(built):
    from .conftest import triples

    iris = labelled(built, "Islamic State", "ISIS", "ISIL", "Daesh", "Islamic State group")
    assert iris == {"https://w3id.org/kgraph/id/islamic_state"}
    attackers = {s for s, p, _ in triples(built) if p == "attacked"}
    assert "Islamic State" in attackers and not attackers & {"ISIS", "ISIL", "Daesh"}


@pytest.mark.model
def test_three_hezbollahs_stay_three_nodes(built):
    from .conftest import triples

    names = {n for s, _, o in triples(built) for n in (s, o)}
    assert {"Hezbollah", "Kataib Hezbollah", "Harakat Hezbollah al-Nujaba"} <= names
    assert len(labelled(built, "Hezbollah", "Kataib Hezbollah", "Harakat Hezbollah al-Nujaba")) == 3


DEV_SUBSET = 10


@pytest.fixture(scope="module")
def dev_files() -> list[Path]:
    if not DEV.is_dir():
        pytest.skip(f"dev set not found at {DEV}")
    files = sorted((DEV / "articles").glob("*.txt"))
    return files[:: max(1, len(files) // DEV_SUBSET)][:DEV_SUBSET]


@needs_dev
@pytest.mark.model
def test_two_halves_give_the_graph_of_one_build(dev_files, tmp_path):
    from kgraph.cli import main

    half = len(dev_files) // 2
    runner = CliRunner()

    def run(out: Path, files: list[Path]) -> str:
        result = runner.invoke(main, ["build", *map(str, files), "-o", str(out), "-q", "--no-viewer"])
        assert result.exit_code == 0, result.output
        return result.output

    first = run(tmp_path / "halves", dev_files[:half])
    second = run(tmp_path / "halves", dev_files[half:])
    run(tmp_path / "whole", dev_files)
    assert f"{half} documents ({half} extracted)" in first
    assert f"{len(dev_files)} documents ({len(dev_files) - half} extracted)" in second
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / "halves" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    again = run(tmp_path / "halves", dev_files)
    assert f"{len(dev_files)} documents (0 extracted)" in again


@needs_dev
@pytest.mark.model
def test_removing_a_document_gives_the_graph_without_it(dev_files, tmp_path):
    from kgraph.cli import main
    from kgraph.pipeline import build

    out, without = tmp_path / "out", tmp_path / "without"
    build(dev_files, out, write_viewer=False)
    gone = dev_files[0]
    build(dev_files[1:], without, write_viewer=False)
    result = CliRunner().invoke(main, ["remove", str(out), str(gone), "--no-viewer"])
    assert result.exit_code == 0, result.output
    assert f"{len(dev_files) - 1} documents (0 extracted)" in result.output and "1 removed" in result.output
    for name in ("graph.ttl", "graph.trig"):
        assert (out / name).read_bytes() == (without / name).read_bytes(), name
    assert gone.name not in (out / "graph.trig").read_text()
    missing = CliRunner().invoke(main, ["remove", str(out), str(gone)])
    assert missing.exit_code == 1 and "no document" in missing.output


@pytest.mark.model
def test_remove_by_id_prefix(built, articles, tmp_path):
    from kgraph.pipeline import build, find_documents, remove

    out = tmp_path / "out"
    shutil.copytree(built, out)
    (doc_id,) = find_documents(out, [str(articles / "kh.txt")])
    result = remove(out, [doc_id[:10]], write_viewer=False)
    assert result.removed == 1 and result.new_documents == 0
    assert "https://w3id.org/kgraph/id/kataib_hezbollah" not in (out / "graph.ttl").read_text()
    assert build([articles], out, write_viewer=False).new_documents == 1  # it can come back


# ---------------------------------------------------------------- external ids


def test_gazetteer_actors_carry_their_external_ids():
    from kgraph.rdf import actor_quads

    quads = {(q.predicate.value, str(q.object)) for q in actor_quads(load_gazetteer().actors["iran"])}
    assert ("http://www.w3.org/2002/07/owl#sameAs", "<http://www.wikidata.org/entity/Q794>") in quads
    assert ("https://w3id.org/kgraph/ontology#wikidata", '"Q794"') in quads
    assert ("https://w3id.org/kgraph/ontology#ucdpId", '"114"') in quads


def test_a_name_joined_to_a_gazetteer_actor_gets_its_ids():
    res = resolve([backed("d1", "kataib_hizbollah", "Kataib Hizballah", "Organization")])
    actor = res.actors[res.key("kataib_hizbollah")]
    assert (actor.key, actor.type, actor.label) == ("kataib_hezbollah", "ArmedGroup", "Kataib Hezbollah")
    assert res.actors[res.key("iran")].wikidata == "Q794"


@pytest.mark.model
def test_external_ids_are_queryable(built):
    from kgraph.query import run

    rows = run(
        built,
        "SELECT ?wd ?ucdp WHERE { ?a rdfs:label 'United States' ; owl:sameAs ?wd ; kg:ucdpId ?ucdp }",
        {},
    )
    assert [tuple(t.value for t in r if t is not None) for r in rows.rows] == [
        ("http://www.wikidata.org/entity/Q30", "3")
    ]


def test_the_merged_graph_does_not_grow_with_the_articles_that_repeat_a_fact():
    """The evidence points to its fact from its own document graph: a fact stated by
    three articles has the same merged-graph quads as one stated by one (only its counts
    and dates differ), and a denial supports nothing."""
    from kgraph.rdf import dataset

    def merged(exs):
        res = resolve(exs)
        quads = dataset(exs, res, accumulate(exs, res))
        return [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)], quads

    one, _ = merged([backed("d1", "kataib_hezbollah", "Kataib Hezbollah", published="2024-02-08")])
    exs = [
        backed("d1", "kataib_hezbollah", "Kataib Hezbollah", published="2024-02-08"),
        backed("d2", "kataib_hezbollah", "Kataib Hezbollah", published="2024-03-01"),
        backed("d3", "kataib_hezbollah", "Kataib Hezbollah", modality="denied"),
    ]
    three, quads = merged(exs)
    assert len(three) == len(one)
    assert {(q.subject, q.predicate) for q in three} == {(q.subject, q.predicate) for q in one}
    evidence_for = "https://w3id.org/kgraph/ontology#evidenceFor"
    fact = {q.subject for q in three if q.object.value.endswith("#Fact")}
    links = [q for q in quads if q.predicate.value == evidence_for]
    assert {q.graph_name.value.rsplit("/", 1)[-1] for q in links} == {"d1", "d2"}  # not the denial
    assert {q.object for q in links} == fact
