"""Score a graph against hand-annotated gold relations (``kgraph eval``).

The gold file lists entities (a key, a label, aliases, a type) and, per article, the
relations an analyst would record, as ``[subject key, relation, object key]``. Scoring
is corpus-level: the gold set is the union of every article's relations, and the
predictions are every triple of the graph whose predicate's local name is a relation.

A graph node is named by its labels (``skos:prefLabel``, ``rdfs:label``, ``schema:name``,
``foaf:name``, ``skos:altLabel``) or, with none, by its IRI's local name; it matches the
gold entity one of whose names is equal after :func:`normalise`. ``struck`` counts as
``attacked``, symmetric relations are compared unordered, inverse names (``backs``,
``ledBy``, ...) are turned round, and a triple whose two sides fold into one entity is
dropped. These are the rules of ``eval/score.py``, so both give the same figures.

Evidence for the false alarms and misses is read from the ``kg:Evidence`` nodes of the
document graphs (``graph.trig`` in an output directory).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kgraph.errors import InputError, StoreError
from kgraph.namespace import RELATIONS as ONTOLOGY_RELATIONS
from kgraph.store import RDF_FORMATS as STORE_FORMATS

Triple = tuple[str, str, str]

#: The relations scored, in the order of the design brief (``struck`` counts as ``attacked``).
RELATIONS: tuple[str, ...] = tuple(r for r in ONTOLOGY_RELATIONS if r != "struck")
SYMMETRIC = frozenset({"alliedWith", "hostileTo"})
SYNONYMS = {"struck": "attacked"}
#: Names read with subject and object swapped: name -> the relation it inverts.
INVERSES = {
    "backs": "backedBy",
    "supports": "backedBy",
    "hasLeader": "leaderOf",
    "ledBy": "leaderOf",
    "hasMember": "memberOf",
    "hasPart": "partOf",
    "hasAffiliate": "affiliateOf",
    "hasSplinter": "splinterOf",
    "designated": "designatedBy",
    "attackedBy": "attacked",
    "struckBy": "attacked",
    "killedBy": "killed",
}
#: Predicates that name a node, most authoritative first.
NAME_PREDICATES: tuple[str, ...] = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://schema.org/name",
    "https://schema.org/name",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2004/02/skos/core#altLabel",
)
#: What the scorer reads: the store's formats, and JSON-LD and RDF/XML under other suffixes.
RDF_FORMATS = {**STORE_FORMATS, ".json": ox.RdfFormat.JSON_LD, ".xml": ox.RdfFormat.RDF_XML}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
KG = "https://w3id.org/kgraph/ontology#"
EVIDENCE_CLASS = KG + "Evidence"
DOCUMENT_NAMES = (KG + "sourcePath", "http://purl.org/dc/terms/title")

_QUOTES = re.compile(r"[’'`ʼ‘.]")
_SEPARATORS = re.compile(r"[-_/,;:()\"]+")
_SPACES = re.compile(r"\s+")


def normalise(name: str) -> str:
    """A name for matching: no accents, case, apostrophes, dots, hyphens or leading 'the'."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    text = _SEPARATORS.sub(" ", _QUOTES.sub("", text))
    text = _SPACES.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def local_name(iri: str) -> str:
    """The part of an IRI after its last '/' or '#' (trailing ones ignored)."""
    stem = iri.rstrip("/#")
    return stem[max(stem.rfind("/"), stem.rfind("#")) + 1 :]


def canonical(relation: str, subject: str, obj: str) -> Triple | None:
    """The triple in scoring form, or None when ``relation`` is not a scored name."""
    relation = SYNONYMS.get(relation, relation)
    if relation in INVERSES:
        relation, subject, obj = INVERSES[relation], obj, subject
    if relation not in RELATIONS:
        return None
    if relation in SYMMETRIC and subject > obj:
        subject, obj = obj, subject
    return (subject, relation, obj)


# --- gold --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gold:
    """A gold file: its name index and its relations in scoring form."""

    path: Path
    names: dict[str, str]  # normalised name -> entity key (the first entity to claim it)
    triples: frozenset[Triple]
    articles: dict[str, frozenset[Triple]]  # article file -> its relations

    def key_for(self, name: str) -> str | None:
        return self.names.get(normalise(name))


def _gold_error(path: Path, problem: str) -> InputError:
    return InputError(f"{path}: not a valid gold file: {problem}")


def _gold_names(path: Path, entities: Any) -> dict[str, str]:
    if not isinstance(entities, dict):
        raise _gold_error(path, "'entities' must be an object of key -> {label, aliases}")
    names: dict[str, str] = {}
    for key, entity in entities.items():
        if not isinstance(entity, dict) or not isinstance(entity.get("label"), str):
            raise _gold_error(path, f"entity {key!r} has no label")
        aliases = entity.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _gold_error(path, f"entity {key!r}: 'aliases' must be a list of names")
        for name in (entity["label"], *aliases):
            names.setdefault(normalise(name), key)
    return names


def _gold_relations(path: Path, article: Any, entities: dict[str, Any]) -> tuple[str, frozenset[Triple]]:
    if not isinstance(article, dict) or not isinstance(article.get("relations"), list):
        raise _gold_error(path, "each article needs a 'relations' list")
    where = article.get("file", "?")
    triples = set()
    for row in article["relations"]:
        if not (isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) for x in row)):
            raise _gold_error(path, f"relation {row!r} in {where} is not [subject, relation, object]")
        subject, relation, obj = row
        for key in (subject, obj):
            if key not in entities:
                raise _gold_error(path, f"unknown entity key {key!r} in {where}")
        triple = canonical(relation, subject, obj)
        if triple is None:
            raise _gold_error(
                path, f"unknown relation {relation!r} in {where}; known: {', '.join(RELATIONS)}"
            )
        triples.add(triple)
    return str(where), frozenset(triples)


def load_gold(path: str | Path) -> Gold:
    """Read and check a gold file; any problem is an ``InputError`` naming the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"{path}: cannot read the gold file: {err.strerror or err}") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise _gold_error(path, f"not JSON ({_one_line(str(err))})") from err
    if not isinstance(data, dict) or "entities" not in data or "articles" not in data:
        raise _gold_error(path, "expected an object with 'entities' and 'articles'")
    names = _gold_names(path, data["entities"])
    if not isinstance(data["articles"], list):
        raise _gold_error(path, "'articles' must be a list")
    articles: dict[str, frozenset[Triple]] = {}
    for article in data["articles"]:
        where, triples = _gold_relations(path, article, data["entities"])
        articles[where] = articles.get(where, frozenset()) | triples
    every = frozenset(t for triples in articles.values() for t in triples)
    return Gold(path=path, names=names, triples=every, articles=articles)


# --- the graph ---------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def read_quads(path: str | Path) -> list[ox.Quad]:
    """Every quad of an RDF file; an unreadable file is a ``StoreError`` naming it."""
    path = Path(path)
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF format {path.suffix!r}; use one of {', '.join(RDF_FORMATS)}")
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except OSError as err:
        raise StoreError(f"{path}: cannot read: {err.strerror or err}") from err
    except (SyntaxError, ValueError) as err:
        raise StoreError(f"{path}: cannot parse as {path.suffix[1:]}: {_one_line(str(err))}") from err


def graph_files(target: str | Path) -> tuple[Path, Path | None]:
    """The file to score and the file holding the evidence, for an OUTDIR or an RDF file."""
    path = Path(target)
    if path.is_dir():
        merged = path / "graph.ttl"
        if not merged.is_file():
            raise StoreError(
                f"{path}: not a kgraph output directory (no graph.ttl); give an RDF file or OUTDIR"
            )
        trig = path / "graph.trig"
        return merged, trig if trig.is_file() else None
    if not path.exists():
        raise StoreError(f"{path}: no such file or directory")
    return path, path


class Namer:
    """Maps graph nodes to gold entity keys, or to ``?name`` when no gold entity matches."""

    def __init__(self, quads: Iterable[ox.Quad], gold: Gold) -> None:
        self.gold = gold
        by_predicate: dict[str, dict[Any, list[str]]] = {p: defaultdict(list) for p in NAME_PREDICATES}
        for quad in quads:
            names = by_predicate.get(quad.predicate.value)
            if names is not None:
                names[quad.subject].append(quad.object.value)  # type: ignore[union-attr]
        self.names: dict[Any, list[str]] = defaultdict(list)
        for predicate in NAME_PREDICATES:
            for node, values in by_predicate[predicate].items():
                self.names[node].extend(values)
        self._cache: dict[Any, str] = {}

    def __call__(self, node: Any) -> str:
        if node not in self._cache:
            self._cache[node] = self._resolve(node)
        return self._cache[node]

    def _resolve(self, node: Any) -> str:
        candidates = self.names.get(node) or [local_name(node.value).replace("_", " ")]
        for name in candidates:
            key = self.gold.key_for(name)
            if key is not None:
                return key
        return "?" + candidates[0]


def fact_confidence(quads: Iterable[ox.Quad]) -> dict[tuple[str, str, str], float]:
    """The accumulated confidence of each fact (its kg:Fact node), by (subject IRI,
    relation name, object IRI); a struck fact also counts for its attacked triple."""
    props = _by_subject(q for q in quads if not isinstance(q.subject, ox.Triple))
    out: dict[tuple[str, str, str], float] = {}
    for p in props.values():
        if KG + "Fact" not in {t.value for t in p.get(RDF + "type", [])}:
            continue
        try:
            confidence = float(_first(p, KG + "confidence") or 0.0)
        except ValueError:
            continue
        s, o = _first(p, RDF + "subject"), _first(p, RDF + "object")
        relation = local_name(_first(p, RDF + "predicate"))
        for name in {relation, "attacked" if relation == "struck" else relation}:
            out[(s, name, o)] = max(out.get((s, name, o), 0.0), confidence)
    return out


def predictions(quads: Iterable[ox.Quad], gold: Gold, min_confidence: float = 0.0) -> set[Triple]:
    """The relation triples of ``quads`` in scoring form, named by gold keys where they match.

    With ``min_confidence``, a triple whose kg:Fact confidence is lower is left out (a
    triple without a kg:Fact node is kept: other tools' graphs have none)."""
    quads = list(quads)
    name = Namer(quads, gold)
    confidence = fact_confidence(quads) if min_confidence > 0 else {}
    found: set[Triple] = set()
    for quad in quads:
        if not isinstance(quad.object, ox.NamedNode) or isinstance(quad.subject, ox.Triple):
            continue
        key = (quad.subject.value, local_name(quad.predicate.value), quad.object.value)
        if confidence.get(key, 1.0) < min_confidence:
            continue
        triple = canonical(local_name(quad.predicate.value), name(quad.subject), name(quad.object))
        if triple is not None and triple[0] != triple[2]:  # a unit folded into its state
            found.add(triple)
    return found


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    """One sentence the graph cites for a statement, with its modality and document."""

    sentence: str
    modality: str
    document: str
    confidence: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "sentence": self.sentence,
            "modality": self.modality,
            "document": self.document,
            "confidence": self.confidence,
        }


def _by_subject(quads: Iterable[ox.Quad]) -> dict[Any, dict[str, list[Any]]]:
    props: dict[Any, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for quad in quads:
        props[quad.subject][quad.predicate.value].append(quad.object)
    return props


def evidence_index(quads: list[ox.Quad], gold: Gold) -> dict[Triple, list[EvidenceLine]]:
    """The ``kg:Evidence`` nodes of ``quads``, keyed by the triple they state in scoring form."""
    name = Namer(quads, gold)
    props = _by_subject(quads)
    index: dict[Triple, list[EvidenceLine]] = defaultdict(list)
    for p in props.values():
        if not any(t.value == EVIDENCE_CLASS for t in p.get(RDF + "type", [])):
            continue
        parts = [p.get(RDF + x, [None])[0] for x in ("subject", "predicate", "object")]
        if any(x is None for x in parts):
            continue
        triple = canonical(local_name(parts[1].value), name(parts[0]), name(parts[2]))
        if triple is None:
            continue
        index[triple].append(_evidence_line(p, props))
    for lines in index.values():
        lines.sort(key=lambda e: (e.document, e.sentence, e.modality))
    return dict(index)


def _first(props: dict[str, list[Any]], predicate: str) -> str:
    values = props.get(predicate)
    return values[0].value if values else ""


def _evidence_line(p: dict[str, list[Any]], props: dict[Any, dict[str, list[Any]]]) -> EvidenceLine:
    docs = p.get("http://www.w3.org/ns/prov#wasDerivedFrom", [])
    document = ""
    if docs:
        about = props.get(docs[0], {})
        document = next((_first(about, d) for d in DOCUMENT_NAMES if _first(about, d)), docs[0].value)
    return EvidenceLine(
        sentence=_first(p, KG + "sentence"),
        modality=local_name(_first(p, KG + "modality")) or "asserted",
        document=document,
        confidence=_first(p, KG + "confidence"),
    )


# --- scores ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 from counts of true positives, false alarms and misses."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _order(triples: Iterable[Triple]) -> list[Triple]:
    return sorted(triples, key=lambda t: (t[1], t[0], t[2]))


@dataclass
class Report:
    """The outcome of :func:`evaluate`."""

    gold_path: Path
    target: Path
    overall: Scores
    per_relation: dict[str, Scores]  # relations with any tp, fp or fn, alphabetically
    gold: int
    predicted: int
    missed: list[Triple] = field(default_factory=list)
    false_alarms: list[Triple] = field(default_factory=list)
    evidence: dict[Triple, list[EvidenceLine]] = field(default_factory=dict)

    def unknown_names(self) -> Counter[str]:
        """Names in false alarms that match no gold entity, with how often."""
        return Counter(n[1:] for t in self.false_alarms for n in (t[0], t[2]) if n.startswith("?"))

    def to_dict(self, verbose: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            **self.overall.to_dict(),
            "gold": self.gold,
            "predicted": self.predicted,
            "per_relation": {rel: s.to_dict() for rel, s in self.per_relation.items()},
        }
        if verbose:
            for name, rows in (("missed", self.missed), ("false_alarms", self.false_alarms)):
                data[name] = [
                    {"triple": list(t), "evidence": [e.to_dict() for e in self.evidence.get(t, [])]}
                    for t in rows
                ]
        return data

    def table(self) -> list[str]:
        """The per-relation table and the overall line."""
        lines = [f"{'relation':<14} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
        for rel, s in self.per_relation.items():
            lines.append(
                f"{rel:<14} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f} {s.tp:4} {s.fp:4} {s.fn:4}"
            )
        lines.append(self.overall_line())
        return lines

    def overall_line(self) -> str:
        s = self.overall
        return (
            f"overall precision {s.precision:.3f} recall {s.recall:.3f} f1 {s.f1:.3f} "
            f"(tp {s.tp}, fp {s.fp}, fn {s.fn}, gold {self.gold})"
        )

    def details(self) -> Iterator[str]:
        """Misses and false alarms, each with the evidence the graph holds for it."""
        for label, rows in (("missed", self.missed), ("false alarm", self.false_alarms)):
            for triple in rows:
                yield f"{label}: {' '.join(triple)}"
                for e in self.evidence.get(triple, []):
                    yield f"    [{e.modality}] {e.document}: {e.sentence}"
        unknown = self.unknown_names()
        if unknown:
            listed = ", ".join(f"{n} ({c})" for n, c in unknown.most_common(30))
            yield f"names matching no gold entity: {listed}"

    def lines(self, verbose: bool = False) -> list[str]:
        body = self.table()
        return body[:-1] + list(self.details()) + body[-1:] if verbose else body


def score(gold: Gold, predicted: set[Triple]) -> tuple[Scores, dict[str, Scores]]:
    """Overall and per-relation scores of ``predicted`` against ``gold``."""
    hits, false, missed = predicted & gold.triples, predicted - gold.triples, gold.triples - predicted
    per: dict[str, Scores] = {}
    for rel in sorted(RELATIONS):
        s = Scores(*(sum(1 for t in rows if t[1] == rel) for rows in (hits, false, missed)))
        if s.tp or s.fp or s.fn:
            per[rel] = s
    return Scores(len(hits), len(false), len(missed)), per


def evaluate(gold_path: str | Path, target: str | Path, min_confidence: float = 0.0) -> Report:
    """Score the graph in ``target`` (an OUTDIR or an RDF file) against a gold file,
    counting only facts whose accumulated confidence is at least ``min_confidence``."""
    gold = load_gold(gold_path)
    scored, evidence_file = graph_files(target)
    quads = read_quads(scored)
    predicted = predictions(quads, gold, min_confidence)
    overall, per = score(gold, predicted)
    if evidence_file is None:
        evidence: dict[Triple, list[EvidenceLine]] = {}
    else:
        evidence = evidence_index(quads if evidence_file == scored else read_quads(evidence_file), gold)
    return Report(
        gold_path=gold.path,
        target=Path(target),
        overall=overall,
        per_relation=per,
        gold=len(gold.triples),
        predicted=len(predicted),
        missed=_order(gold.triples - predicted),
        false_alarms=_order(predicted - gold.triples),
        evidence=evidence,
    )
