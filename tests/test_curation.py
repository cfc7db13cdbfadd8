"""Analyst curation: the file, the ``kgraph curate`` commands, and what each entry does to
the next build, including a rebuild from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import PROV, RDF, RDFS

from kgraph.cli import main
from kgraph.curation import (
    Curation,
    Group,
    Statement,
    add_entry,
    drop_entry,
    load_curation,
    make_entry,
    save_curation,
)
from kgraph.errors import CurationError
from kgraph.namespace import KG

from .conftest import triples, write_articles

ID = "https://w3id.org/kgraph/id/"

# ---------------------------------------------------------------- the file


def test_round_trip(tmp_path):
    path = tmp_path / "curation.yaml"
    cur = Curation(
        merge=(Group(("KH", "Kataib Hezbollah"), "same group"),),
        reject=(Statement("Kataib Hezbollah", "backedBy", "Russia", "misread"),),
    )
    save_curation(cur, path)
    text = path.read_text()
    assert text.startswith("# kgraph curation") and "names: [KH, Kataib Hezbollah]" in text
    assert load_curation(path) == cur


def test_missing_file_is_an_empty_curation(tmp_path):
    assert not load_curation(tmp_path / "none.yaml")


def test_add_is_idempotent_and_drop_removes(tmp_path):
    path = tmp_path / "c.yaml"
    entry = make_entry("split", names=["Hezbollah", "Hezbollah al-Nujaba"])
    assert add_entry(path, "split", entry)[1] == 1
    assert add_entry(path, "split", entry)[1] == 1
    cur, removed = drop_entry(path, "split", 1)
    assert removed == entry and not cur
    with pytest.raises(CurationError, match=r"c.yaml: there is no split #1"):
        drop_entry(path, "split", 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("merge: [", "invalid YAML"),
        ("- a\n- b\n", "expected a mapping with lists merge, split"),
        ("merges: []\n", "unknown section 'merges'; known: merge, split, rename, type, reject, add"),
        ("merge:\n  - names: [KH]\n", "merge #1: needs 'names', a list of at least two names"),
        ("type:\n  - {name: X, type: Militia}\n", "type #1: unknown type 'Militia'; known: State"),
        ("reject:\n  - {subject: A, relation: backs, object: B}\n", "reject #1: unknown relation 'backs'"),
        ("add:\n  - {subject: A, relation: backedBy}\n", "add #1: needs 'object' (text)"),
    ],
)
def test_bad_files_give_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "curation.yaml"
    path.write_text(content)
    with pytest.raises(CurationError) as info:
        load_curation(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text


def test_bad_file_on_the_command_line(tmp_path):
    path = tmp_path / "curation.yaml"
    path.write_text("merges: []\n")
    result = CliRunner().invoke(main, ["curate", "list", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: {path}: unknown section 'merges'; known: merge, split, rename, type, reject, add"
    )


def test_curate_commands_have_help_with_an_example():
    for command in ("merge", "split", "rename", "type", "reject", "add", "drop", "list"):
        result = CliRunner().invoke(main, ["curate", command, "--help"])
        assert (
            result.exit_code == 0
            and "Example:" in result.output
            and f"kgraph curate {command}" in result.output
        )
    assert "kgraph remove" in CliRunner().invoke(main, ["remove", "--help"]).output


# ---------------------------------------------------------------- builds (real model)

ARTICLES = {
    "kh.txt": "The Iran-backed militia Kataib Hezbollah attacked U.S. forces in Syria on Monday.\n",
    "hz.txt": "Hezbollah, backed by Iran, attacked Israel on Tuesday.\n",
    "jm1.txt": "The Iran-backed militia Jaish al-Mukhtar attacked U.S. forces in Iraq.\n",
    "jm2.txt": "The Iran-backed militia Jaysh al-Mukhtar attacked Saudi Arabia with drones.\n",
}


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    return write_articles(tmp_path_factory.mktemp("articles"), ARTICLES)


@pytest.fixture(scope="module")
def plain(articles, tmp_path_factory) -> Path:
    """The articles built without curation."""
    out = tmp_path_factory.mktemp("plain")
    assert invoke("build", str(articles), "-o", str(out)).exit_code == 0
    return out


def invoke(*args: str):
    result = CliRunner().invoke(main, [*args, "-q"] if args[0] == "build" else list(args))
    assert result.exit_code == 0, result.output
    return result


def graph(out: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(out / "graph.ttl", format="turtle")


def actor_iris(out: Path, *labels: str) -> set[str]:
    g = graph(out)
    return {str(s) for label in labels for s in g.subjects(RDFS.label, rdflib.Literal(label))}


@pytest.fixture
def out(plain, tmp_path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(plain, copy)
    return copy


def rebuild_from_scratch(out: Path, articles: Path) -> None:
    """Delete everything in OUTDIR but the curation file, and build again."""
    for item in out.iterdir():
        if item.name != "curation.yaml":
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    result = invoke("build", str(articles), "-o", str(out))
    assert f"{len(ARTICLES)} documents ({len(ARTICLES)} extracted)" in result.output


@pytest.mark.model
def test_merge(out, articles):
    assert len(actor_iris(out, "Hezbollah", "Kataib Hezbollah")) == 2
    result = invoke("curate", "merge", "Hezbollah", "Kataib Hezbollah", "-o", str(out), "--note", "test")
    assert "merge #1: Hezbollah + Kataib Hezbollah" in result.output
    assert "(0 extracted)" in result.output  # a curation change re-derives, extracts nothing
    merged = {(s, p, o) for s, p, o in triples(out) if s == "Kataib Hezbollah"}
    assert {("Kataib Hezbollah", "attacked", "Israel"), ("Kataib Hezbollah", "backedBy", "Iran")} <= merged
    assert actor_iris(out, "Hezbollah") == set()
    before = (out / "graph.ttl").read_bytes()
    rebuild_from_scratch(out, articles)
    assert (out / "graph.ttl").read_bytes() == before


@pytest.mark.model
def test_split(out, articles):
    joined = actor_iris(out, "Jaish al-Mukhtar", "Jaysh al-Mukhtar", "Jaish al Mukhtar")
    assert len(joined) == 1, "resolution joins the two spellings"
    invoke("curate", "split", "Jaish al-Mukhtar", "Jaysh al-Mukhtar", "-o", str(out))
    assert len(actor_iris(out, "Jaish al-Mukhtar", "Jaysh al-Mukhtar")) == 2
    before = (out / "graph.trig").read_bytes()
    rebuild_from_scratch(out, articles)
    assert (out / "graph.trig").read_bytes() == before


@pytest.mark.model
def test_reject_keeps_the_evidence(out, articles):
    kh, iran = rdflib.URIRef(ID + "kataib_hezbollah"), rdflib.URIRef(ID + "iran")
    assert (kh, KG.backedBy, iran) in graph(out)
    invoke("curate", "reject", "Kataib Hezbollah", "backedBy", "Iran", "-o", str(out), "--note", "misread")
    g = graph(out)
    assert (kh, KG.backedBy, iran) not in g
    (rejection,) = g.subjects(RDF.type, KG.Rejection)
    assert g.value(rejection, RDF.subject) == kh and g.value(rejection, RDF.object) == iran
    assert str(g.value(rejection, KG.note)) == "misread"
    assert g.value(rejection, PROV.wasAttributedTo) == rdflib.URIRef(ID + "curation")
    assert "Iran-backed militia Kataib Hezbollah" in (out / "graph.trig").read_text()
    before = (out / "graph.ttl").read_bytes()
    rebuild_from_scratch(out, articles)
    assert (out / "graph.ttl").read_bytes() == before


@pytest.mark.model
def test_add_rename_type_and_list(out):
    invoke(
        "curate",
        "add",
        "Kataib Hezbollah",
        "partOf",
        "Popular Mobilization Forces",
        "-o",
        str(out),
        "--note",
        "PMF 45th brigade",
    )
    invoke("curate", "rename", "Jaish al-Mukhtar", "Jaish al-Mukhtar (Iraq)", "-o", str(out))
    invoke("curate", "type", "Jaish al-Mukhtar (Iraq)", "Organization", "-o", str(out))
    g = graph(out)
    kh, pmf = rdflib.URIRef(ID + "kataib_hezbollah"), rdflib.URIRef(ID + "popular_mobilization_forces")
    assert (kh, KG.partOf, pmf) in g
    (fact,) = (f for f in g.subjects(RDF.type, KG.Fact) if g.value(f, RDF.predicate) == KG.partOf)
    assert str(g.value(fact, KG.note)) == "PMF 45th brigade"
    assert g.value(fact, PROV.wasAttributedTo) == rdflib.URIRef(ID + "curation")
    (renamed,) = actor_iris(out, "Jaish al-Mukhtar (Iraq)")
    assert g.value(rdflib.URIRef(renamed), RDF.type) == KG.Organization
    listing = invoke("curate", "list", "-o", str(out)).output.splitlines()
    assert listing == [
        "rename #1: Jaish al-Mukhtar -> 'Jaish al-Mukhtar (Iraq)'",
        "type #1: Jaish al-Mukhtar (Iraq): Organization",
        "add #1: Kataib Hezbollah partOf Popular Mobilization Forces  # PMF 45th brigade",
    ]


@pytest.mark.model
def test_curation_file_elsewhere_and_unknown_names(articles, tmp_path):
    path = tmp_path / "analyst.yaml"
    save_curation(Curation(merge=(Group(("Hezbollah", "Kataib Hezbollah")), Group(("Nobody", "Iran")))), path)
    result = CliRunner().invoke(
        main, ["build", str(articles), "-o", str(tmp_path / "o"), "-q", "--curation", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: merge #2: no actor named 'Nobody'; skipped" in result.output
    assert actor_iris(tmp_path / "o", "Hezbollah") == set()


@pytest.mark.model
def test_same_inputs_and_curation_give_identical_files(out, articles, tmp_path):
    invoke("curate", "merge", "Hezbollah", "Kataib Hezbollah", "-o", str(out))
    invoke("curate", "reject", "Kataib Hezbollah", "attacked", "Israel", "-o", str(out))
    other = tmp_path / "other"
    invoke("build", str(articles), "-o", str(other), "--curation", str(out / "curation.yaml"))
    for name in ("graph.ttl", "graph.trig"):
        assert (out / name).read_bytes() == (other / name).read_bytes(), name
