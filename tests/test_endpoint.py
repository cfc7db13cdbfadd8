"""A real Oxigraph server as the store: build writes to it with the Graph Store
Protocol, query/view/stats read from it, and it holds the same dataset as graph.trig."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.model


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the 'oxigraph' server binary is not installed (pip install oxigraph)")
    port = free_port()
    data = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.skip(f"oxigraph serve exited with code {proc.returncode}")
                time.sleep(0.1)
        else:
            pytest.fail(f"oxigraph serve did not answer on {url}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def pushed(server, tmp_path_factory):
    from kgraph.pipeline import build

    out = tmp_path_factory.mktemp("pushed")
    build([EXAMPLES], out, endpoint=server, write_viewer=False)
    return out


def canonical_trig(quads) -> bytes:
    """Quads serialised as kgraph serialises graph.trig (sorted, same prefixes)."""
    import pyoxigraph as ox

    from kgraph.rdf import PREFIXES, sort_key

    return ox.serialize(sorted(quads, key=sort_key), format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""


def server_trig(url: str) -> bytes:
    from kgraph.endpoint import Endpoint

    return canonical_trig(Endpoint(url).fetch())


def stored_trig(path: Path) -> bytes:
    """graph.trig as a store holds it: Oxigraph keeps values, so 0.850 reads back 0.85."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return canonical_trig(store)


def test_the_server_holds_the_dataset_of_a_local_build(server, pushed, built_examples):
    assert (pushed / "graph.trig").read_bytes() == (built_examples / "graph.trig").read_bytes()
    assert server_trig(server) == stored_trig(built_examples / "graph.trig")


def test_query_stats_and_view_read_the_server(server, pushed, tmp_path):
    from kgraph.cli import main

    runner = CliRunner()
    sparql = "SELECT ?s ?o WHERE { ?s kg:attacked ?o } ORDER BY ?s ?o"
    local = runner.invoke(main, ["query", str(pushed), sparql])
    remote = runner.invoke(main, ["query", "--endpoint", server, sparql])
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output and "(0 rows)" not in local.output
    bound = "SELECT ?g ?b WHERE { ?g kg:backedBy ?b }"
    args = ["--bind", "g", "Kataib Hezbollah", "--format", "csv"]
    assert runner.invoke(main, ["query", "--endpoint", server, bound, *args]).output == (
        runner.invoke(main, ["query", str(pushed), bound, *args]).output
    )
    stats = runner.invoke(main, ["stats", "--endpoint", server])
    assert stats.exit_code == 0 and stats.output == runner.invoke(main, ["stats", str(pushed)]).output
    page = tmp_path / "view.html"
    viewed = runner.invoke(main, ["view", "--endpoint", server, "-o", str(page)])
    assert viewed.exit_code == 0, viewed.output
    assert page.read_text(encoding="utf-8").count("Kataib Hezbollah") > 0


def test_a_smaller_build_replaces_the_graphs_on_the_server(server, pushed, tmp_path):
    from kgraph.endpoint import Endpoint
    from kgraph.pipeline import build

    before = Endpoint(server).document_graphs()
    assert len(before) == 4
    out = tmp_path / "one"
    build([EXAMPLES / "iraq_drone_strike.txt"], out, endpoint=server, write_viewer=False)
    assert len(Endpoint(server).document_graphs()) == 1
    assert server_trig(server) == stored_trig(out / "graph.trig")
    build([EXAMPLES], pushed, endpoint=server, write_viewer=False)  # back to the full build
    assert Endpoint(server).document_graphs() == before


def test_an_update_is_refused_and_a_bad_query_is_one_line(server):
    from kgraph.cli import main

    runner = CliRunner()
    refused = runner.invoke(main, ["query", "--endpoint", server, "DELETE WHERE { ?s ?p ?o }"])
    assert refused.exit_code == 1 and "refused: this is a SPARQL UPDATE" in refused.output
    bad = runner.invoke(main, ["query", "--endpoint", server, "SELECT ?s WHERE { ?s"])
    assert bad.exit_code == 1 and bad.output.startswith(f"Error: {server}: the server answered 400")


def test_an_unreachable_endpoint_fails_before_extraction(tmp_path):
    from kgraph.cli import main

    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "-o", str(tmp_path / "o"), "--endpoint", url])
    assert result.exit_code == 1
    assert result.output == f"Error: {url}: cannot reach the SPARQL endpoint (ConnectionError)\n"
    assert not (tmp_path / "o" / "cache").exists()
