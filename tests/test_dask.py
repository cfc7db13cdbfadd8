"""Extraction on a real Dask LocalCluster of two worker processes gives the bytes of a
local build."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.model
distributed = pytest.importorskip(
    "distributed", reason="Dask is not installed (pip install 'dask[distributed]')"
)


def test_a_local_cluster_build_is_byte_identical(tmp_path, built_examples):
    from kgraph.pipeline import build

    out = tmp_path / "dask"
    result = build([EXAMPLES], out, scheduler="local", jobs=2, write_viewer=False)
    assert result.new_documents == 4
    for name in ("graph.ttl", "graph.trig"):
        assert (out / name).read_bytes() == (built_examples / name).read_bytes()


def test_tasks_run_on_the_workers_with_the_model_loaded_once(tmp_path):
    from distributed import LocalCluster

    from kgraph import nlp
    from kgraph.ingest import read_documents
    from kgraph.scaleout import DaskRunner

    docs = sorted(read_documents([EXAMPLES]))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        runner = DaskRunner(nlp.DEFAULT_MODEL, cluster.scheduler_address, jobs=2)
        try:
            batches = list(runner.run([[d] for d in docs]))
            loaded = runner.client.run(lambda: sorted(nlp._PIPELINES))
        finally:
            runner.close()
    assert sorted(ex.document.id for b in batches for ex in b) == [d.id for d in docs]
    assert len(loaded) == 2 and all(models == [nlp.DEFAULT_MODEL] for models in loaded.values())


def test_an_unreachable_scheduler_is_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kgraph import scaleout
    from kgraph.cli import main
    from tests.test_endpoint import free_port

    monkeypatch.setattr(scaleout, "CONNECT_TIMEOUT", "2s")
    address = f"tcp://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(
        main, ["build", str(EXAMPLES), "-o", str(tmp_path / "o"), "--scheduler", address, "-q"]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {address}: cannot connect to the Dask scheduler")
    assert result.output.count("\n") == 1
