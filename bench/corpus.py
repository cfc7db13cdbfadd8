"""Benchmark corpora made from the dev articles: each copy of an article gets a line of
its own, so every copy is a distinct document (another content hash) with the same
language, names and relations as the original."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = Path(os.environ.get("KGRAPH_SHARED", ROOT.parent / "shared")) / "eval" / "dev" / "articles"


def dev_texts() -> list[tuple[str, str]]:
    """(name, text) of the dev articles, as kgraph reads them (cleaned)."""
    from kgraph.ingest import read_documents

    if not DEV.is_dir():
        raise SystemExit(f"dev articles not found at {DEV} (set KGRAPH_SHARED)")
    return [(Path(d.source).stem, d.text) for d in sorted(read_documents([DEV]), key=lambda d: d.source)]


def articles(offset: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, text) of endless distinct copies of the dev articles."""
    texts = dev_texts()
    for copy in itertools.count(offset):
        for name, text in texts:
            yield f"{name}_{copy:05d}.txt", f"{text}\n\nArchive copy {copy}.\n"


def write_corpus(
    dest: Path, *, count: int | None = None, megabytes: float | None = None, offset: int = 0
) -> int:
    """Write ``count`` articles (or enough for ``megabytes`` of text) as .txt files
    under ``dest``; returns how many were written."""
    dest.mkdir(parents=True, exist_ok=True)
    size = n = 0
    for name, body in articles(offset):
        if (count is not None and n >= count) or (megabytes is not None and size >= megabytes * 1e6):
            break
        (dest / name).write_text(body, encoding="utf-8")
        size += len(body.encode("utf-8"))
        n += 1
    return n


def words(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))
