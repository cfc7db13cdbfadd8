"""``kgraph eval`` on hand-made graphs and gold files whose scores are known exactly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import InputError, StoreError
from kgraph.evaluate import canonical, evaluate, normalise

from .conftest import DEV, SCORER

GOLD = {
    "entities": {
        "kataib_hezbollah": {
            "label": "Kataib Hezbollah",
            "type": "ArmedGroup",
            "aliases": ["Kata'ib Hezbollah", "KH"],
        },
        "iran": {"label": "Iran", "type": "State", "aliases": ["Islamic Republic of Iran", "Tehran"]},
        "united_states": {"label": "United States", "type": "State", "aliases": ["U.S.", "US forces"]},
        "houthis": {"label": "Houthis", "type": "ArmedGroup", "aliases": ["Ansar Allah"]},
        "abu_fadak": {"label": "Abu Fadak al-Mohammedawi", "type": "Person", "aliases": []},
    },
    "articles": [
        {
            "file": "articles/a.txt",
            "relations": [
                ["kataib_hezbollah", "backedBy", "iran"],
                ["united_states", "attacked", "kataib_hezbollah"],
                ["abu_fadak", "leaderOf", "kataib_hezbollah"],
            ],
        },
        {
            "file": "articles/b.txt",
            "relations": [
                ["kataib_hezbollah", "alliedWith", "houthis"],
                ["houthis", "backedBy", "iran"],
                ["kataib_hezbollah", "backedBy", "iran"],  # the same fact twice counts once
            ],
        },
    ],
}

PREFIXES = """\
@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix ex: <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

# 4 true positives, 1 false alarm, 1 miss (abu_fadak leaderOf kataib_hezbollah): P = R = 4/5.
MERGED = """\
ex:kh rdfs:label "The Kata’ib-Hezbollah" ;              # leading "the", curly apostrophe, hyphen
    kg:backedBy <http://example.org/actor/Iran> ;       # no label: the IRI's local name
    kg:alliedWith ex:houthis ;                          # symmetric, the other order
    kg:attacked ex:somebody ;                           # the false alarm
    kg:operatesIn "Iraq" .                              # a literal object is not a relation
ex:us skos:prefLabel "Washington" ; skos:altLabel "u.s." ;   # the altLabel matches
    kg:struck ex:kh .                                   # struck counts as attacked
ex:usforces rdfs:label "US Forces" ; kg:attacked ex:us .     # both sides fold into one: dropped
ex:teheran skos:prefLabel "Islamic Republic of Irán" ;  # accent
    ex:backs <http://example.org/actor/Ansar_Allah> .   # an inverse name: Houthis backedBy Iran
ex:somebody rdfs:label "Somebody" .
ex:fadak rdfs:label "Abu Fadak al-Mohammedawi" .
"""

# The document graph: evidence for the false alarm and a denial of the miss.
EVIDENCE = """\
ex:doc1 {
    ex:doc1 a kg:Document ; kg:sourcePath "articles/a.txt" ; dcterms:title "A report" .
    ex:ev1 a kg:Evidence ; rdf:subject ex:kh ; rdf:predicate kg:attacked ; rdf:object ex:somebody ;
        kg:sentence "Kataib Hezbollah attacked somebody." ; kg:modality kg:asserted ;
        kg:confidence 0.80 ; prov:wasDerivedFrom ex:doc1 .
    ex:ev2 a kg:Evidence ; rdf:subject ex:fadak ; rdf:predicate kg:leaderOf ; rdf:object ex:kh ;
        kg:sentence "Abu Fadak denied that he leads the group." ; kg:modality kg:denied ;
        kg:confidence 0.80 ; prov:wasDerivedFrom ex:doc1 .
}
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def gold(tmp_path):
    return write(tmp_path / "gold.json", json.dumps(GOLD))


@pytest.fixture
def graph(tmp_path):
    return write(tmp_path / "graph.ttl", PREFIXES + MERGED)


@pytest.fixture
def outdir(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    write(out / "graph.ttl", PREFIXES + MERGED)
    write(out / "graph.trig", PREFIXES + MERGED + EVIDENCE)
    return out


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_normalise():
    assert normalise("The Kata’ib-Hezbollah") == normalise("Kataib Hezbollah") == "kataib hezbollah"
    assert normalise("Islamic Republic of Irán") == "islamic republic of iran"
    assert normalise("U.S.") == "us"
    assert normalise("The") == "the"


def test_canonical():
    assert canonical("struck", "a", "b") == ("a", "attacked", "b")
    assert canonical("backs", "iran", "houthis") == ("houthis", "backedBy", "iran")
    assert canonical("hostileTo", "z", "a") == ("a", "hostileTo", "z")
    assert canonical("backedBy", "z", "a") == ("z", "backedBy", "a")
    assert canonical("mentions", "a", "b") is None


def test_scores_known_exactly(gold, graph):
    report = evaluate(gold, graph)
    o = report.overall
    assert (o.tp, o.fp, o.fn) == (4, 1, 1)
    assert o.precision == pytest.approx(4 / 5) and o.recall == pytest.approx(4 / 5)
    assert o.f1 == pytest.approx(4 / 5)
    assert (report.gold, report.predicted) == (5, 5)
    per = {rel: (s.tp, s.fp, s.fn) for rel, s in report.per_relation.items()}
    assert per == {
        "alliedWith": (1, 0, 0),
        "attacked": (1, 1, 0),
        "backedBy": (2, 0, 0),
        "leaderOf": (0, 0, 1),
    }
    assert report.per_relation["attacked"].precision == pytest.approx(1 / 2)
    assert report.false_alarms == [("kataib_hezbollah", "attacked", "?Somebody")]
    assert report.missed == [("abu_fadak", "leaderOf", "kataib_hezbollah")]
    assert report.evidence == {}  # a .ttl file holds no evidence


def test_two_right_one_false_one_missed(tmp_path, gold):
    graph = write(
        tmp_path / "small.nt",
        "<http://x/KH> <http://x/p#backedBy> <http://x/Iran> .\n"
        "<http://x/Houthis> <http://x/p#backedBy> <http://x/Iran> .\n"
        "<http://x/Houthis> <http://x/p#hostileTo> <http://x/KH> .\n",
    )
    o = evaluate(gold, graph).overall
    assert (o.tp, o.fp, o.fn) == (2, 1, 3)
    assert (o.precision, o.recall) == (pytest.approx(2 / 3), pytest.approx(2 / 5))


def test_outdir_reads_evidence(gold, outdir):
    report = evaluate(gold, outdir)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (4, 1, 1)
    [alarm] = report.evidence[("kataib_hezbollah", "attacked", "?Somebody")]
    assert (alarm.sentence, alarm.modality, alarm.document) == (
        "Kataib Hezbollah attacked somebody.",
        "asserted",
        "articles/a.txt",
    )
    [denial] = report.evidence[("abu_fadak", "leaderOf", "kataib_hezbollah")]
    assert denial.modality == "denied"
    assert evaluate(gold, outdir / "graph.trig").to_dict() == report.to_dict()


def test_cli_table(gold, graph):
    result = invoke("eval", "--gold", str(gold), str(graph))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "relation            P      R     F1   tp   fp   fn",
        "alliedWith       1.00   1.00   1.00    1    0    0",
        "attacked         0.50   1.00   0.67    1    1    0",
        "backedBy         1.00   1.00   1.00    2    0    0",
        "leaderOf         0.00   0.00   0.00    0    0    1",
        "overall precision 0.800 recall 0.800 f1 0.800 (tp 4, fp 1, fn 1, gold 5)",
    ]


def test_cli_verbose_shows_evidence(gold, outdir):
    result = invoke("eval", "--gold", str(gold), str(outdir), "--verbose")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[5:] == [
        "missed: abu_fadak leaderOf kataib_hezbollah",
        "    [denied] articles/a.txt: Abu Fadak denied that he leads the group.",
        "false alarm: kataib_hezbollah attacked ?Somebody",
        "    [asserted] articles/a.txt: Kataib Hezbollah attacked somebody.",
        "names matching no gold entity: Somebody (1)",
        "overall precision 0.800 recall 0.800 f1 0.800 (tp 4, fp 1, fn 1, gold 5)",
    ]


def test_cli_json(gold, outdir):
    data = json.loads(invoke("eval", "--gold", str(gold), str(outdir), "--json").output)
    assert (data["tp"], data["fp"], data["fn"], data["gold"]) == (4, 1, 1, 5)
    assert data["precision"] == pytest.approx(0.8)
    assert data["per_relation"]["backedBy"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 2,
        "fp": 0,
        "fn": 0,
    }
    assert "missed" not in data
    verbose = json.loads(invoke("eval", "--gold", str(gold), str(outdir), "--json", "-v").output)
    [miss] = verbose["missed"]
    assert miss["triple"] == ["abu_fadak", "leaderOf", "kataib_hezbollah"]
    assert miss["evidence"][0]["modality"] == "denied"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not json", "not a valid gold file: not JSON (Expecting value: line 1 column 1 (char 0))"),
        ("[]", "not a valid gold file: expected an object with 'entities' and 'articles'"),
        (
            json.dumps(
                {"entities": {}, "articles": [{"file": "a.txt", "relations": [["x", "backedBy", "y"]]}]}
            ),
            "not a valid gold file: unknown entity key 'x' in a.txt",
        ),
        (
            json.dumps(
                {
                    "entities": {"x": {"label": "X"}, "y": {"label": "Y"}},
                    "articles": [{"file": "a.txt", "relations": [["x", "funds", "y"]]}],
                }
            ),
            "not a valid gold file: unknown relation 'funds' in a.txt; known: backedBy, alliedWith,",
        ),
    ],
)
def test_bad_gold_file(tmp_path, graph, content, problem):
    bad = write(tmp_path / "bad.json", content)
    with pytest.raises(InputError) as err:
        evaluate(bad, graph)
    assert str(err.value).startswith(f"{bad}: {problem}")
    assert "\n" not in str(err.value)
    result = CliRunner().invoke(main, ["eval", "--gold", str(bad), str(graph)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: {problem}")


def test_unreadable_graph(tmp_path, gold):
    broken = write(tmp_path / "broken.ttl", "this is not turtle\n")
    with pytest.raises(StoreError) as err:
        evaluate(gold, broken)
    assert str(err.value).startswith(f"{broken}: cannot parse as ttl:") and "\n" not in str(err.value)
    with pytest.raises(StoreError, match="unknown RDF format '.csv'"):
        evaluate(gold, write(tmp_path / "graph.csv", "a,b\n"))
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold), str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {tmp_path}: not a kgraph output directory (no graph.ttl); give an RDF file or OUTDIR"
    )


# A graph against the dev gold with every rule in play: labels, altLabels, local names,
# blank nodes, struck, inverse and symmetric names, self-loops, unknown names.
AGAINST_DEV = """\
ex:kh skos:prefLabel "Kata'ib Hizballah" ; skos:altLabel "Hezbollah Brigades" ;
    kg:backedBy ex:iran ; kg:struck ex:usa ; kg:attacked ex:usa ; ex:hasLeader ex:muhandis .
ex:iran rdfs:label "Islamic Republic of Iran" ; ex:supports ex:houthis ; kg:hostileTo ex:usa .
ex:usa rdfs:label "the U.S." ; kg:struck ex:kh ; kg:hostileTo ex:iran ; kg:attacked ex:pentagon .
ex:pentagon rdfs:label "Pentagon" .
ex:houthis rdfs:label "Ansar Allah" ; kg:alliedWith ex:kh ; kg:attackedBy ex:usa .
ex:muhandis rdfs:label "Abu Mahdi al-Muhandis" ; kg:killedBy ex:usa .
<http://example.org/id/hamas> kg:hostileTo <http://example.org/id/israel> ;
    kg:operatesIn <http://example.org/id/Gaza_Strip> , "Gaza" .
_:x rdfs:label "Hayat Tahrir al-Sham" ; kg:splinterOf <http://example.org/id/al-Qaeda> .
ex:nobody rdfs:label "Nobody In Particular" ; kg:memberOf ex:kh ; kg:leaderOf ex:nobody2 .
ex:nobody2 rdfs:label "Nobody In Particular" .
"""


@pytest.mark.skipif(
    not (DEV / "gold.json").is_file() or not SCORER.is_file(), reason="shared dev set missing"
)
def test_agrees_with_the_shared_scorer(tmp_path):
    graph = write(tmp_path / "against_dev.ttl", PREFIXES + AGAINST_DEV)
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(DEV / "gold.json"), str(graph), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = evaluate(DEV / "gold.json", graph)
    assert report.to_dict() == json.loads(proc.stdout)
    assert report.overall.tp >= 5 and report.overall.fp >= 2  # the graph exercises both sides


def test_min_confidence_counts_only_confident_facts(tmp_path, gold):
    """Two right facts, one sure and one doubtful; a threshold between them drops the doubtful one."""
    graph = write(
        tmp_path / "facts.ttl",
        PREFIXES
        + """
ex:kh rdfs:label "Kataib Hezbollah" . ex:iran rdfs:label "Iran" . ex:us rdfs:label "United States" .
ex:kh kg:backedBy ex:iran .
ex:us kg:struck ex:kh .
ex:us kg:attacked ex:kh .
ex:f1 a kg:Fact ; rdf:subject ex:kh ; rdf:predicate kg:backedBy ; rdf:object ex:iran ; kg:confidence 0.95 .
ex:f2 a kg:Fact ; rdf:subject ex:us ; rdf:predicate kg:struck ; rdf:object ex:kh ; kg:confidence 0.55 .
""",
    )
    assert evaluate(gold, graph).overall.tp == 2
    sure = evaluate(gold, graph, min_confidence=0.8)
    assert (sure.overall.tp, sure.overall.fp) == (1, 0)
    assert sure.missed.count(("united_states", "attacked", "kataib_hezbollah")) == 1
    result = invoke("eval", "--gold", str(gold), str(graph), "--min-confidence", "0.8")
    assert result.exit_code == 0, result.output
    assert "tp 1," in result.output


@pytest.mark.model
def test_a_build_scores_the_same_from_its_trig_as_from_its_ttl(gold, built_examples):
    """graph.trig adds the document graphs (the evidence) to graph.ttl: none of their
    triples may be read as a relation."""
    merged = evaluate(gold, built_examples / "graph.ttl")
    every = evaluate(gold, built_examples / "graph.trig")
    assert every.predicted == merged.predicted > 0
    assert every.overall.to_dict() == merged.overall.to_dict()
    assert (every.false_alarms, every.missed) == (merged.false_alarms, merged.missed)
