"""Read articles from files into cleaned ``Document`` records.

Formats: ``.txt``, ``.md``, ``.html``/``.htm`` (one article per file), ``.jsonl`` and
``.csv`` (one article per record, with a ``text``/``body``/``content`` field and optional
``title``, ``url``, ``published``/``date``). A document's id is the hash of its cleaned
text, so the same article read twice is one document.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from kgraph.clean import clean_text, strip_markdown
from kgraph.errors import InputError
from kgraph.records import Document

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
RECORD_SUFFIXES = (".jsonl", ".csv")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES

TEXT_FIELDS = ("text", "body", "content", "article")
DATE_FIELDS = ("published", "date", "published_at", "publication_date", "pubdate")

ErrorHandler = Callable[[InputError], None]
Stamp = tuple[int, int, int]  # (size, modification time, status change time in ns) of a file


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_id(text: str) -> str:
    """The document id: the first 16 hex digits of the SHA-256 of the cleaned text."""
    return content_hash(text)[:16]


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Article files under ``paths`` (files, or folders searched recursively), sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not _hidden(p, path)
            )
            yield from found
        elif path.is_file():
            yield path
        else:
            raise InputError(f"{path}: no such file or directory")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_documents(paths: Iterable[str | Path], on_error: ErrorHandler | None = None) -> Iterator[Document]:
    """Documents from every article under ``paths``.

    A file that cannot be read is reported to ``on_error`` (one ``InputError`` naming the
    file and the problem) and skipped; without a handler the error is raised.
    """
    for path in iter_paths(paths):
        try:
            yield from read_file(path)
        except InputError as err:
            if on_error is None:
                raise
            on_error(err)


def scan(
    paths: Iterable[str | Path], unchanged: Callable[[Path, Stamp], bool], on_error: ErrorHandler
) -> Iterator[tuple[Path, Stamp | None, list[Document] | None]]:
    """Each article file under ``paths`` with its stamp and its documents; the documents
    are None (the file is not read) when ``unchanged(path, stamp)`` says the file is as
    it was. A file that cannot be read goes to ``on_error`` and is skipped."""
    for path in iter_paths(paths):
        try:
            st = os.stat(path)
            stamp: Stamp | None = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        except OSError:
            stamp = None  # read_file reports the problem
        if stamp is not None and unchanged(path, stamp):
            yield path, stamp, None
            continue
        try:
            docs = read_file(path)
        except InputError as err:
            on_error(err)
            continue
        yield path, stamp, docs


def read_file(path: Path) -> list[Document]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; use one of {', '.join(SUFFIXES)}"
        )
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text (byte {err.start}); convert it to UTF-8") from err
    if "\x00" in text:
        raise InputError(f"{path}: binary data, not an article")
    if suffix in HTML_SUFFIXES:
        docs = [from_html(text, str(path))]
    elif suffix == ".jsonl":
        docs = list(from_jsonl(text, path))
    elif suffix == ".csv":
        docs = list(from_csv(text, path))
    else:
        plain = strip_markdown(text) if suffix in (".md", ".markdown") else text
        docs = [make_document(plain, source=str(path))]
    docs = [d for d in docs if d.text.strip()]
    if not docs:
        raise InputError(f"{path}: no article text found")
    return docs


def make_document(text: str, *, source: str, title: str = "", url: str = "", published: str = "") -> Document:
    cleaned = clean_text(text)
    if not title:
        title = first_line(cleaned)
    if not published:
        published = find_date("\n".join(cleaned.split("\n")[:6]))
    else:
        published = find_date(published) or published
    return Document(
        id=doc_id(cleaned),
        text=cleaned,
        title=title.strip(),
        url=url.strip(),
        published=published,
        source=source,
    )


def first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip().rstrip(".:")[:300]
    return ""


# ---------------------------------------------------------------- dates

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})\b", re.IGNORECASE), ("d", "M", "y")),
    (re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE), ("M", "d", "y")),
)


def find_date(text: str) -> str:
    """The first calendar date in ``text`` as ISO ``YYYY-MM-DD``, or ''."""
    best: tuple[int, str] | None = None
    for pattern, order in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        try:
            month = MONTHS[parts["M"].lower()] if "M" in parts else int(parts["m"])
            iso = date(int(parts["y"]), month, int(parts["d"])).isoformat()
        except (ValueError, KeyError):
            continue
        if best is None or match.start() < best[0]:
            best = (match.start(), iso)
    return best[1] if best else ""


# ---------------------------------------------------------------- HTML

DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "header",
    "aside",
    "figure",
    "figcaption",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
)
BLOCK_SELECTOR = "h1, h2, h3, h4, p, li, blockquote, pre"


def from_html(html: str, source: str) -> Document:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    title = _meta(tree, "og:title") or _text(tree.css_first("title")) or _text(tree.css_first("h1"))
    url = _meta(tree, "og:url") or _attr(tree.css_first("link[rel=canonical]"), "href")
    published = _meta(tree, "article:published_time") or _attr(tree.css_first("time[datetime]"), "datetime")
    for tag in DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css(
        "[class*=caption], [class*=credit], [class*=related], [class*=share], [class*=byline]"
    ):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        raise InputError(f"{source}: HTML has no body")
    blocks = [_text(node) for node in root.css(BLOCK_SELECTOR)]
    body = "\n\n".join(b for b in blocks if b) or _text(root)
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return make_document(body, source=source, title=title, url=url, published=published)


def _text(node: object) -> str:
    if node is None:
        return ""
    text: str = node.text(separator=" ", strip=True)  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", text).strip()


def _attr(node: object, name: str) -> str:
    if node is None:
        return ""
    value = node.attributes.get(name)  # type: ignore[attr-defined]
    return value or ""


def _meta(tree: object, prop: str) -> str:
    node = tree.css_first(f'meta[property="{prop}"]') or tree.css_first(f'meta[name="{prop}"]')  # type: ignore[attr-defined]
    return _attr(node, "content")


# ---------------------------------------------------------------- records


def from_record(record: dict[str, object], source: str) -> Document:
    lowered = {str(k).lower(): v for k, v in record.items()}
    text = next((str(lowered[f]) for f in TEXT_FIELDS if lowered.get(f)), "")
    if not text:
        raise InputError(f"{source}: no text field (one of {', '.join(TEXT_FIELDS)})")
    published = next((str(lowered[f]) for f in DATE_FIELDS if lowered.get(f)), "")
    return make_document(
        text,
        source=source,
        title=str(lowered.get("title") or ""),
        url=str(lowered.get("url") or lowered.get("link") or ""),
        published=published,
    )


def from_jsonl(text: str, path: Path) -> Iterator[Document]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{number}: invalid JSON: {err.msg}") from err
        if not isinstance(record, dict):
            raise InputError(f"{path}:{number}: expected a JSON object per line")
        yield from_record(record, f"{path}:{number}")


def from_csv(text: str, path: Path) -> Iterator[Document]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {f.lower() for f in reader.fieldnames} & set(TEXT_FIELDS):
        raise InputError(f"{path}: CSV needs a column named one of {', '.join(TEXT_FIELDS)}")
    for number, row in enumerate(reader, start=2):
        yield from_record(dict(row), f"{path}:{number}")
