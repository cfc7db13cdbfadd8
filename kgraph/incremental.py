"""What the last build of an output directory wrote, so the next build redoes only what
changed: which article files it read (by size and modification time), and for each
document graph a key of its content and where its bytes are in ``graph.trig``.

The record is ``cache/build/record.json``. It is deleted before a build changes any file and
written again once every file is in place, so a build that was interrupted leaves no
record, and the next build writes everything anew. A record is only trusted if
``graph.trig`` is still the file it describes and the store is there.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.ingest import Stamp
from kgraph.store import CACHE_DIR, STORE_DIR, Span, atomic_write_bytes

RECORD = "record.json"
FORMAT = 1  # bump when the layout of the record, of graph.trig or of the store changes
SETTLE_NS = 2_000_000_000  # a file changed this recently may change again within its mtime tick


@dataclass
class BuildRecord:
    version: str  # the kgraph and extractor versions
    files: dict[str, tuple[Stamp, list[str]]] = field(default_factory=dict)  # path -> stamp, doc ids
    graphs: dict[str, Span] = field(default_factory=dict)  # doc id -> its graph in graph.trig
    trig: Stamp | None = None  # graph.trig as this build wrote it

    def unchanged(self, path: str | Path, stamp: Stamp) -> bool:
        entry = self.files.get(os.path.abspath(path))
        return entry is not None and entry[0] == stamp

    def documents(self, path: str | Path) -> list[str]:
        """The ids of the documents read from ``path`` (a file :meth:`unchanged` knows)."""
        return self.files[os.path.abspath(path)][1]

    def remember(self, path: str | Path, stamp: Stamp | None, ids: list[str], now_ns: int) -> None:
        """Record a file read in this build, unless it was modified too recently to trust
        its modification time (a change within the same clock tick would go unseen)."""
        key = os.path.abspath(path)
        if stamp is not None and now_ns - stamp[1] >= SETTLE_NS:
            self.files[key] = (stamp, ids)
        else:
            self.files.pop(key, None)


def _path(outdir: Path) -> Path:
    return outdir / CACHE_DIR / "build" / RECORD


def stamp_of(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def load(outdir: Path, version: str) -> BuildRecord:
    """The record of the last build, or an empty one (for this ``version``) if there is
    none or it cannot be trusted."""
    fresh = BuildRecord(version)
    try:
        data = json.loads(_path(outdir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return fresh
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != version:
        return fresh
    try:
        files = {p: (_stamp(s), list(ids)) for p, (s, ids) in data["files"].items()}
        record = BuildRecord(version, files=files)
        trig = data.get("trig")
        if (
            trig is not None
            and stamp_of(outdir / "graph.trig") == tuple(trig)
            and (outdir / STORE_DIR).is_dir()
        ):
            record.trig = _stamp(trig)
            record.graphs = {d: Span(str(k), int(o), int(n)) for d, (k, o, n) in data["graphs"].items()}
    except (KeyError, TypeError, ValueError):
        return fresh
    return record


def _stamp(values: list[int]) -> Stamp:
    size, mtime, ctime = values
    return (int(size), int(mtime), int(ctime))


def forget(outdir: Path) -> None:
    """Delete the record before the outputs change."""
    _path(outdir).unlink(missing_ok=True)


def save(outdir: Path, record: BuildRecord, documents: set[str]) -> None:
    """Write the record; files whose documents are no longer all in the build are dropped."""
    files = {p: e for p, e in record.files.items() if set(e[1]) <= documents}
    data = {
        "format": FORMAT,
        "version": record.version,
        "files": {p: [list(s), ids] for p, (s, ids) in sorted(files.items())},
        "trig": list(record.trig) if record.trig else None,
        "graphs": {d: [g.key, g.offset, g.length] for d, g in sorted(record.graphs.items())},
    }
    _path(outdir).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(_path(outdir), json.dumps(data, separators=(",", ":")).encode("utf-8"))


def now_ns() -> int:
    return time.time_ns()
