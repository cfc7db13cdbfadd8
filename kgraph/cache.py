"""Per-document extraction results on disk, keyed by document id and extractor version,
so a rebuild only extracts documents it has not seen.

A document waiting to be extracted is kept here too, as an entry with its text and no
extraction (:meth:`ExtractionCache.put_pending`): a build reads its articles once, spools
the new ones here, and extracts them in batches, never holding them all in memory."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from kgraph.records import Document, Extraction
from kgraph.store import CACHE_DIR, atomic_write_bytes

PENDING = "pending"  # the version of an entry that holds only the document


class ExtractionCache:
    def __init__(self, outdir: Path, version: str) -> None:
        self.dir = outdir / CACHE_DIR
        self.version = version

    def path(self, doc_id: str) -> Path:
        return self.dir / f"{doc_id}.json"

    def get(self, doc_id: str) -> Extraction | None:
        path = self.path(doc_id)
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, OSError):
            return None  # a damaged entry is re-extracted
        if data.get("version") != self.version:
            return None
        try:
            return Extraction.from_json(data["extraction"])
        except (KeyError, TypeError):
            return None

    def document(self, doc_id: str) -> Document | None:
        """The cached document, whatever version extracted it (to re-extract it)."""
        path = self.path(doc_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Document(**data["extraction"]["document"])
        except (OSError, json.JSONDecodeError, KeyError, TypeError):
            return None

    def has(self, doc_id: str) -> bool:
        """Whether the document is extracted at this version (without building records)."""
        try:
            data = json.loads(self.path(doc_id).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return False
        return data.get("version") == self.version and "relations" in data.get("extraction", {})

    def put_pending(self, document: Document) -> None:
        """Keep ``document`` until it is extracted (:meth:`document` reads it back)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        data = {"version": PENDING, "extraction": {"document": asdict(document)}}
        atomic_write_bytes(self.path(document.id), json.dumps(data, sort_keys=True).encode("utf-8"))

    def put(self, extraction: Extraction) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        data = {"version": self.version, "extraction": extraction.to_json()}
        atomic_write_bytes(
            self.path(extraction.document.id), json.dumps(data, sort_keys=True).encode("utf-8")
        )

    def discard(self, doc_id: str) -> None:
        """Forget a document (removed from the build)."""
        self.path(doc_id).unlink(missing_ok=True)
