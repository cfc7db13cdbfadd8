"""Incremental builds: a build that reuses the last one (files not read again, document
graphs copied from the old graph.trig, the store changed in place of a reload) gives
byte for byte the files, and the same store, as one fresh build of the same articles."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.pipeline import build, remove
from kgraph.viewer import write_viewer

from .conftest import EXAMPLES

pytestmark = pytest.mark.model

OLD = 1_600_000_000  # a modification time long past, so the build trusts the file's stamp


def copy_examples(dest: Path) -> Path:
    shutil.copytree(EXAMPLES, dest)
    for path in dest.iterdir():
        os.utime(path, (OLD, OLD))
    return dest


def store_quads(out: Path) -> list[str]:
    store = ox.Store.read_only(str(out / "store"))
    return sorted(str(q) for q in store.quads_for_pattern(None, None, None, None))


def assert_same(got: Path, want: Path) -> None:
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (got / name).read_bytes() == (want / name).read_bytes(), name
    assert store_quads(got) == store_quads(want)
    view = got.parent / f"{got.name}-view.html"  # the page of kgraph view, read from the store
    write_viewer(got, view)
    assert view.read_bytes() == (got / "graph.html").read_bytes()


def fresh(articles: Path, tmp: Path, name: str) -> Path:
    out = tmp / name
    build([articles], out, jobs=1)
    return out


def no_reading(*args: object) -> None:
    raise AssertionError("an incremental build read an unchanged file or reloaded the store")


def from_cache(out: Path, dest: Path) -> Path:
    """A full build of the documents of ``out`` from a copy of its cache alone."""
    dest.mkdir()
    shutil.copytree(out / "cache", dest / "cache")
    shutil.rmtree(dest / "cache" / "build")
    shutil.copy(out / "manifest.json", dest / "manifest.json")
    build([], dest, jobs=1)
    return dest


def test_added_changed_and_removed_articles_give_the_graph_of_a_fresh_build(tmp_path, monkeypatch):
    articles = copy_examples(tmp_path / "articles")
    held = tmp_path / "held"
    held.mkdir()
    shutil.move(articles / "red_sea_houthis.txt", held / "red_sea_houthis.txt")
    out = tmp_path / "out"
    build([articles], out, jobs=1)
    assert (out / "cache" / "build" / "record.json").exists()

    shutil.move(held / "red_sea_houthis.txt", articles / "red_sea_houthis.txt")  # one added
    added = build([articles], out, jobs=1)
    assert added.new_documents == 1
    assert_same(out, fresh(articles, tmp_path, "full1"))

    with monkeypatch.context() as patch:  # nothing new: no file read, the store not reloaded
        patch.setattr("kgraph.ingest.read_file", no_reading)
        patch.setattr("kgraph.store.replace_store", no_reading)
        again = build([articles], out, jobs=1)
    assert again.new_documents == 0
    assert_same(out, fresh(articles, tmp_path, "full2"))

    # one changed (with an old stamp of its own): a build keeps the documents of earlier
    # builds, so the graph now has both versions, as a fresh build of both has
    iraq = articles / "iraq_drone_strike.txt"
    iraq.write_text(iraq.read_text(encoding="utf-8") + "\nThe Houthis attacked a tanker.\n", encoding="utf-8")
    os.utime(iraq, (OLD + 10, OLD + 10))
    changed = build([articles], out, jobs=1)
    assert changed.new_documents == 1 and changed.documents == added.documents + 1
    assert_same(out, from_cache(out, tmp_path / "full3"))

    remove(out, [str(articles / "sahel_jnim.md")])
    assert_same(out, from_cache(out, tmp_path / "full4"))


def test_a_lost_cache_entry_makes_the_file_read_again(tmp_path):
    articles = copy_examples(tmp_path / "articles")
    out = tmp_path / "out"
    first = build([articles], out, jobs=1)
    entries = sorted((out / "cache").glob("*.json"))
    victim = entries[0]
    victim.unlink()
    again = build([articles], out, jobs=1)
    assert again.new_documents == 1 and again.documents == first.documents
    assert_same(out, fresh(articles, tmp_path, "full"))


def test_a_damaged_graph_trig_is_written_anew(tmp_path):
    articles = copy_examples(tmp_path / "articles")
    out = tmp_path / "out"
    build([articles], out, jobs=1)
    (out / "graph.trig").write_bytes(b"damaged")
    build([articles], out, jobs=1)
    assert_same(out, fresh(articles, tmp_path, "full"))
