"""The analyst's curation file: corrections that every build applies on top of extraction.

A YAML file (by default ``OUTDIR/curation.yaml``) with up to six lists; names are
actor names as shown in the graph (label or alias) or actor keys::

    merge:                       # these names are one actor (the last one is kept)
      - names: [KH, Kataib Hezbollah]
    split:                       # these names are never the same actor
      - names: [Hezbollah, Hezbollah al-Nujaba]
    rename:                      # new label; the old one stays as an alias
      - name: Kataib Hezbollah
        label: Kata'ib Hizballah
    type:                        # State, StateForce, ArmedGroup, Organization, Person, Place
      - name: Estado Mayor Central
        type: ArmedGroup
    reject:                      # never assert this relation (its evidence stays)
      - {subject: Kataib Hezbollah, relation: backedBy, object: Russia, note: misread}
    add:                         # assert this relation, with the analyst's note
      - {subject: Kataib Hezbollah, relation: partOf, object: Popular Mobilization Forces, note: PMF 45th brigade}

``kgraph curate`` edits it; the file can also be edited by hand. A malformed file gives
one error naming the file and the entry.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from kgraph.errors import CurationError
from kgraph.namespace import ACTOR_TYPES, check_relation

CURATION_FILE = "curation.yaml"
KINDS = ("merge", "split", "rename", "type", "reject", "add")
HEADER = (
    "# kgraph curation: applied on every build of this output directory.\n"
    "# Edit with 'kgraph curate' or by hand; see the README (Curation).\n"
)


@dataclass(frozen=True, slots=True)
class Group:
    """merge / split: names of actors that are (or are never) one actor."""

    names: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Rename:
    name: str
    label: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class SetType:
    name: str
    type: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    """reject / add: one relation between two actors, named by their names."""

    subject: str
    relation: str
    object: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Curation:
    merge: tuple[Group, ...] = ()
    split: tuple[Group, ...] = ()
    rename: tuple[Rename, ...] = ()
    type: tuple[SetType, ...] = ()
    reject: tuple[Statement, ...] = ()
    add: tuple[Statement, ...] = ()
    source: str = field(default="", compare=False)

    def __bool__(self) -> bool:
        return any(getattr(self, kind) for kind in KINDS)

    def entries(self) -> list[tuple[str, int, Any]]:
        """(kind, number from 1, entry) of every entry, in file order per kind."""
        return [(kind, i, e) for kind in KINDS for i, e in enumerate(getattr(self, kind), start=1)]

    def to_yaml(self) -> str:
        import yaml

        data = {kind: [_plain(e) for e in getattr(self, kind)] for kind in KINDS if getattr(self, kind)}
        body = (
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
            if data
            else "{}\n"
        )
        return HEADER + body


def _plain(entry: Any) -> dict[str, Any]:
    out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(entry).items()}
    if not out.get("note"):
        out.pop("note", None)
    return out


def default_path(outdir: str | Path) -> Path:
    return Path(outdir) / CURATION_FILE


# ---------------------------------------------------------------- reading


def load_curation(path: str | Path | None) -> Curation:
    """The curation in ``path``; an empty curation when there is no such file."""
    if path is None:
        return Curation()
    path = Path(path)
    if not path.exists():
        return Curation()
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise CurationError(f"{path}: cannot read the curation file: {err}") from err
    except yaml.YAMLError as err:
        first = str(err).splitlines()[0] if str(err) else "syntax error"
        raise CurationError(f"{path}: invalid YAML: {first}") from err
    return parse_curation(data, str(path))


def parse_curation(data: Any, source: str) -> Curation:
    if data is None:
        return Curation(source=source)
    if not isinstance(data, dict):
        raise CurationError(f"{source}: expected a mapping with lists {', '.join(KINDS)}")
    unknown = sorted(str(k) for k in data if k not in KINDS)
    if unknown:
        raise CurationError(f"{source}: unknown section {unknown[0]!r}; known: {', '.join(KINDS)}")
    parsed: dict[str, tuple[Any, ...]] = {}
    for kind in KINDS:
        raw = data.get(kind) or []
        if not isinstance(raw, list):
            raise CurationError(f"{source}: '{kind}' must be a list")
        parsed[kind] = tuple(_entry(kind, item, f"{source}: {kind} #{i}") for i, item in enumerate(raw, 1))
    return Curation(source=source, **parsed)


def _text(item: dict[str, Any], name: str, where: str) -> str:
    value = item.get(name)
    if not isinstance(value, (str, int, float)) or not str(value).strip():
        raise CurationError(f"{where}: needs '{name}' (text)")
    return str(value).strip()


def _entry(kind: str, item: Any, where: str) -> Any:
    if not isinstance(item, dict):
        raise CurationError(f"{where}: expected a mapping, got {item!r}")
    note = str(item.get("note") or "").strip()
    if kind in ("merge", "split"):
        names = item.get("names")
        if not isinstance(names, list) or len(names) < 2 or not all(str(n).strip() for n in names):
            raise CurationError(f"{where}: needs 'names', a list of at least two names")
        return Group(tuple(str(n).strip() for n in names), note)
    if kind == "rename":
        return Rename(_text(item, "name", where), _text(item, "label", where), note)
    if kind == "type":
        kind_name = _text(item, "type", where)
        if kind_name not in ACTOR_TYPES:
            raise CurationError(f"{where}: unknown type {kind_name!r}; known: {', '.join(ACTOR_TYPES)}")
        return SetType(_text(item, "name", where), kind_name, note)
    relation = _text(item, "relation", where)
    try:
        check_relation(relation)
    except ValueError as err:
        raise CurationError(f"{where}: {err}") from err
    return Statement(_text(item, "subject", where), relation, _text(item, "object", where), note)


# ---------------------------------------------------------------- editing


def make_entry(kind: str, **fields: Any) -> Any:
    """A validated entry of ``kind`` (raises CurationError with a readable message)."""
    if kind not in KINDS:
        raise CurationError(f"unknown curation kind {kind!r}; known: {', '.join(KINDS)}")
    return _entry(kind, {k: v for k, v in fields.items() if v is not None}, f"curate {kind}")


def add_entry(path: str | Path, kind: str, entry: Any) -> tuple[Curation, int]:
    """Append ``entry`` to the file (unless already there); returns the curation and its number."""
    path = Path(path)
    current = load_curation(path)
    entries = getattr(current, kind)
    if entry in entries:
        return current, entries.index(entry) + 1
    updated = _with(current, kind, (*entries, entry))
    save_curation(updated, path)
    return updated, len(entries) + 1


def drop_entry(path: str | Path, kind: str, number: int) -> tuple[Curation, Any]:
    """Remove entry ``number`` (from 1) of ``kind``; returns the curation and the entry."""
    path = Path(path)
    current = load_curation(path)
    if kind not in KINDS:
        raise CurationError(f"unknown curation kind {kind!r}; known: {', '.join(KINDS)}")
    entries = getattr(current, kind)
    if not 1 <= number <= len(entries):
        raise CurationError(f"{path}: there is no {kind} #{number} ({len(entries)} {kind} entries)")
    removed = entries[number - 1]
    updated = _with(current, kind, entries[: number - 1] + entries[number:])
    save_curation(updated, path)
    return updated, removed


def _with(curation: Curation, kind: str, entries: tuple[Any, ...]) -> Curation:
    changes: dict[str, Any] = {kind: entries}
    return replace(curation, **changes)


def save_curation(curation: Curation, path: str | Path) -> None:
    from kgraph.store import atomic_write_bytes

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, curation.to_yaml().encode("utf-8"))


def describe(kind: str, entry: Any) -> str:
    """One line for ``kgraph curate list``."""
    note = f"  # {entry.note}" if entry.note else ""
    if isinstance(entry, Group):
        joiner = " + " if kind == "merge" else " != "
        return joiner.join(entry.names) + note
    if isinstance(entry, Rename):
        return f"{entry.name} -> {entry.label!r}{note}"
    if isinstance(entry, SetType):
        return f"{entry.name}: {entry.type}{note}"
    return f"{entry.subject} {entry.relation} {entry.object}{note}"
