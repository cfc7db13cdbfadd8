"""The CLI end to end on the seed article and the bundled examples, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kgraph.cli import main

from .conftest import EXAMPLES, SEED, triples

pytestmark = pytest.mark.model

WHO_BACKS = "SELECT ?backerName WHERE { ?g kg:backedBy ?b . ?b rdfs:label ?backerName }"
EVIDENCE = """
SELECT ?sentence ?title ?modality WHERE {
  ?e rdf:subject ?g ; rdf:predicate kg:backedBy ; rdf:object ?b ;
     kg:sentence ?sentence ; kg:modality ?modality ; prov:wasDerivedFrom ?doc .
  ?doc dcterms:title ?title .
}"""


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_every_command_has_help_with_an_example():
    for command in ("build", "query", "view", "stats"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.output and f"kgraph {command}" in result.output


def test_python_dash_m_works():
    proc = subprocess.run(
        [sys.executable, "-m", "kgraph", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip().startswith("kgraph, version")


def test_seed_relations(built_seed):
    got = triples(built_seed)
    assert ("Kataib Hezbollah", "backedBy", "Iran") in got
    assert ("United States", "attacked", "Kataib Hezbollah") in got or (
        "United States",
        "struck",
        "Kataib Hezbollah",
    ) in got
    assert ("Kataib Hezbollah", "attacked", "United States") in got
    names = {n for s, _, o in got for n in (s, o)}
    for never in ("NPR", "AFP", "Getty Images", "Jane Arraf", "Tom Bowman", "Murtaja Lateef"):
        assert never not in names


def test_outputs(built_seed):
    for name in ("graph.ttl", "graph.trig", "graph.html", "manifest.json"):
        assert (built_seed / name).is_file(), name
    assert (built_seed / "store").is_dir()


def test_query_who_backs_with_binding(built_seed):
    result = invoke(
        "query",
        str(built_seed),
        "SELECT ?g ?name WHERE { ?g kg:backedBy ?b . ?b rdfs:label ?name }",
        "--bind",
        "g",
        "Kataib Hezbollah",
        "--format",
        "csv",
    )
    assert result.exit_code == 0
    assert result.output.splitlines() == ["g,name", "https://w3id.org/kgraph/id/kataib_hezbollah,Iran"]
    # the bound value is data, never query text
    nothing = invoke(
        "query",
        str(built_seed),
        "SELECT ?g ?b WHERE { ?g kg:backedBy ?b }",
        "--bind",
        "g",
        "x } UNION { ?g ?p ?b",
        "--format",
        "csv",
    )
    assert nothing.output.splitlines() == ["g,b"]
    # the same with an IRI binding
    query = "SELECT ?group ?backerName WHERE { ?group kg:backedBy ?b . ?b rdfs:label ?backerName }"
    result = invoke(
        "query", str(built_seed), query, "--bind", "group", "id:kataib_hezbollah", "--format", "json"
    )
    assert json.loads(result.output)["rows"] == [
        {"group": "https://w3id.org/kgraph/id/kataib_hezbollah", "backerName": "Iran"}
    ]
    hidden = CliRunner().invoke(
        main, ["query", str(built_seed), WHO_BACKS, "--bind", "g", "Kataib Hezbollah"]
    )
    assert hidden.exit_code == 1
    assert hidden.output.strip() == "Error: --bind: the bound variables (?g) must appear in the SELECT clause"


def test_query_evidence_sentence_and_source(built_seed, tmp_path):
    query_file = tmp_path / "evidence.rq"
    query_file.write_text(EVIDENCE)
    result = invoke("query", str(built_seed), "-f", str(query_file), "--format", "json")
    rows = json.loads(result.output)["rows"]
    assert rows, result.output
    assert any("Iran-backed militia Kataib Hezbollah" in r["sentence"] for r in rows)
    assert all(
        r["title"].startswith("U.S. drone strike in Iraq kills head of Iran-backed militia") for r in rows
    )
    assert {r["modality"].rsplit("#")[-1] for r in rows} == {"asserted"}


def test_query_on_an_rdf_file(built_seed):
    result = invoke("query", str(built_seed / "graph.ttl"), WHO_BACKS, "--format", "tsv")
    assert result.output.splitlines() == ["backerName", "Iran"]
    table = invoke("query", str(built_seed / "graph.trig"), WHO_BACKS)
    assert "Iran" in table.output and "(1 row)" in table.output


def test_update_is_refused(built_seed):
    result = CliRunner().invoke(
        main, ["query", str(built_seed), "PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: refused: this is a SPARQL UPDATE (INSERT); kgraph query only reads. "
        "Rebuild with 'kgraph build' to change the graph."
    )


def test_bad_sparql(built_seed):
    result = CliRunner().invoke(main, ["query", str(built_seed), "SELECT WHERE {"])
    assert result.exit_code == 1 and result.output.startswith("Error: invalid SPARQL:")


def test_stats(built_seed):
    result = invoke("stats", str(built_seed))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "documents     1"
    assert any(line.split() == ["backedBy", "1"] for line in lines)


def test_view_focus_and_relation(built_seed, tmp_path):
    out = tmp_path / "kh.html"
    result = invoke(
        "view", str(built_seed), "-o", str(out), "--focus", "Kata'ib Hezbollah", "--relation", "backedBy"
    )
    assert result.exit_code == 0 and result.output.strip() == f"wrote {out}: 1 relations"
    page = out.read_text()
    assert "backedBy" in page and "attacked" not in page.split("kg-legend", 1)[1].split("</div>", 1)[0]
    bad = CliRunner().invoke(main, ["view", str(built_seed), "-o", str(out), "--relation", "backs"])
    assert bad.exit_code == 1 and "unknown relation 'backs'; known: backedBy" in bad.output
    missing = CliRunner().invoke(main, ["view", str(built_seed), "-o", str(out), "--focus", "Nobody"])
    assert missing.exit_code == 1 and "no actor named 'Nobody'" in missing.output


def test_bad_input_is_reported_and_the_batch_goes_on(tmp_path):
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "good.txt").write_text(
        "Iran-backed militia Kataib Hezbollah attacked U.S. forces in Syria.\n"
    )
    (articles / "bad.txt").write_bytes(b"\xff\xfe\x00garbage")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(articles), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.txt" in errors[0]
    assert "built" in result.output and "1 documents" in result.output
    assert ("Kataib Hezbollah", "backedBy", "Iran") in triples(out)


def test_rebuild_adds_and_nothing_is_lost(tmp_path):
    out = tmp_path / "out"
    first = tmp_path / "a.txt"
    first.write_text("The Iran-backed militia Kataib Hezbollah attacked U.S. forces in Syria.\n")
    second = tmp_path / "b.txt"
    second.write_text("The Houthis, who are backed by Iran, attacked a ship in the Red Sea.\n")
    assert invoke("build", str(first), "-o", str(out), "-q").exit_code == 0
    result = invoke("build", str(second), "-o", str(out), "-q")
    assert "2 documents (1 extracted)" in result.output
    got = triples(out)
    assert ("Kataib Hezbollah", "backedBy", "Iran") in got and ("Houthis", "backedBy", "Iran") in got
    again = invoke("build", str(first), str(second), "-o", str(out), "-q")
    assert "2 documents (0 extracted)" in again.output


def test_missing_model_message(tmp_path):
    (tmp_path / "a.txt").write_text("Text.\n")
    result = CliRunner().invoke(
        main,
        ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), "--model", "en_core_web_nonexistent"],
    )
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: spaCy model 'en_core_web_nonexistent' is not installed;")
    assert len(result.output.strip().splitlines()) == 1


def test_not_an_output_directory(tmp_path):
    result = CliRunner().invoke(main, ["stats", str(tmp_path)])
    assert result.exit_code == 1 and "not a kgraph output directory" in result.output


def test_builds_are_deterministic(tmp_path):
    outs = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert (
            invoke(
                "build", str(EXAMPLES), str(SEED) if SEED.exists() else str(EXAMPLES), "-o", str(out), "-q"
            ).exit_code
            == 0
        )
        outs.append(out)
    for name in ("graph.ttl", "graph.trig"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_examples_demo(built_examples):
    got = triples(built_examples)
    assert len(got) >= 8
    assert ("Kataib Hezbollah", "backedBy", "Iran") in got
    names = {n for s, _, o in got for n in (s, o)}
    assert not names & {"AFP", "Getty Images", "Reuters", "Shining Path"}


def test_rdflib_api(built_seed):
    from kgraph.store import open_rdflib

    ds = open_rdflib(built_seed)
    rows = list(ds.query("SELECT ?b WHERE { ?g <https://w3id.org/kgraph/ontology#backedBy> ?b }"))
    assert [str(r[0]) for r in rows] == ["https://w3id.org/kgraph/id/iran"]


def test_score_lists_no_false_alarm_on_the_seed(built_seed):
    from .conftest import SCORER

    if not SCORER.exists():
        pytest.skip("scorer not found")
    gold = SCORER.parent / "dev" / "gold.json"
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold), str(built_seed / "graph.ttl"), "--verbose"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "false alarm" not in proc.stdout
    for line in (
        "kataib_hezbollah backedBy iran",
        "united_states attacked kataib_hezbollah",
        "kataib_hezbollah attacked united_states",
    ):
        assert f"missed: {line}" not in proc.stdout
