"""Search by any label or spelling: an in-memory index of every label, matched across scripts.

Both the query and each label are folded to lower-case ASCII (anyascii transliterates Cyrillic,
Turkish and the rest), then to a looser "key" that merges the usual transliteration variants
(Zelenskyy/Zelensky/Zelenskiy, Umierov/Umerov). Whole-label and whole-word matches rank first;
rapidfuzz scores the rest so small typos still find their node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from anyascii import anyascii
from rapidfuzz import fuzz

from parley.queries import load_query
from parley.store import GraphStore

# The kinds a reader looks for, best first: this order breaks ties between equal scores.
KIND_PRIORITY = (
    "person", "org", "place", "round", "delegation", "exchange", "series", "repatriation",
    "agreement", "proposal", "ultimatum", "statement", "post", "article", "source",
)
# Bookkeeping nodes whose labels only repeat their parts' names ("Umerov as Minister ...").
UNSEARCHED_KINDS = frozenset(
    {"holding", "membership", "claim", "count", "interval", "instant", "term"}
)
GENERIC_TYPES = frozenset({"Agent", "Organisation", "Event", "Place", "Statement"})
MIN_SCORE = 72.0

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Transliteration variants folded together; applied in order to the ASCII form.
_LOOSE = (
    (re.compile(r"(iy|yy|ij|ii|yi)\b"), "y"),
    (re.compile(r"ie|ye|je"), "e"),
    (re.compile(r"iu|yu|ju"), "u"),
    (re.compile(r"ia|ya|ja"), "a"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"j"), "y"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(.)\1+"), r"\1"),
)


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces ("Çırağan" -> "ciragan")."""
    return _NON_WORD.sub(" ", anyascii(text).lower().replace("'", "")).strip()


def loose(folded: str) -> str:
    for pattern, replacement in _LOOSE:
        folded = pattern.sub(replacement, folded)
    return folded


def kind_of(iri: str, base: str) -> str:
    rest = iri[len(base) :] if iri.startswith(base) else ""
    return rest.split("/", 1)[0] if "/" in rest else ""


@dataclass
class Entry:
    iri: str
    id: str
    kind: str
    label: str
    type: str
    variants: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    iri: str
    id: str
    kind: str
    label: str
    type: str
    score: float
    matched: str


def _score(query: str, query_key: str, text: str, key: str) -> float:
    if query == text or query_key == key:
        return 100.0
    words, key_words = text.split(), key.split()
    if query in words or query_key in key_words:
        return 97.0
    padded, padded_key = f" {text} ", f" {key} "
    if f" {query} " in padded or f" {query_key} " in padded_key:
        return 95.0
    if len(query) >= 3 and any(w.startswith(query) for w in words):
        return 90.0
    best = max(fuzz.ratio(query, text), fuzz.ratio(query_key, key))
    for word in key_words:
        best = max(best, fuzz.ratio(query_key, word) * 0.97)
    if len(query_key.split()) > 1:
        best = max(best, fuzz.token_sort_ratio(query_key, key) * 0.97)
    return float(best)


class SearchIndex:
    def __init__(self, entries: Iterable[Entry]):
        self.entries = list(entries)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]], base: str) -> SearchIndex:
        by_node: dict[str, Entry] = {}
        english: dict[str, str] = {}
        types: dict[str, set[str]] = {}
        for row in rows:
            iri = str(row["node"])
            kind = kind_of(iri, base)
            if not kind or kind in UNSEARCHED_KINDS:
                continue
            label = row["label"]
            text = str(label)
            entry = by_node.setdefault(
                iri, Entry(iri=iri, id=iri.rsplit("/", 1)[-1], kind=kind, label=text, type=kind)
            )
            if text not in entry.labels:
                entry.labels.append(text)
            lang = getattr(label, "language", None)
            prop = str(row["prop"])
            if lang == "en" and prop.endswith(("#label", "#prefLabel")):
                english.setdefault(iri, text)
            if row.get("type") is not None:
                name = str(row.get("typeLabel") or str(row["type"]).rsplit("#", 1)[-1])
                types.setdefault(iri, set()).add(name)
        for iri, entry in by_node.items():
            entry.label = english.get(iri, entry.label)
            names = types.get(iri, set())
            specific = sorted(n for n in names if n not in GENERIC_TYPES) or sorted(names)
            entry.type = specific[0] if specific else entry.kind
            # The IRI's own words ("round 2", "person umerov") are a spelling too.
            path_words = fold(f"{entry.kind} {entry.id.replace('-', ' ')}")
            entry.variants = sorted({fold(t) for t in entry.labels} - {""} | {path_words})
            entry.keys = [loose(v) for v in entry.variants]
        return cls(by_node.values())

    @classmethod
    def build(cls, store: GraphStore, base: str) -> SearchIndex:
        return cls.from_rows(store.select(load_query("search_labels")), base)

    def search(self, query: str, limit: int = 20, kinds: Iterable[str] | None = None) -> list[Hit]:
        folded = fold(query)
        if not folded:
            return []
        key = loose(folded)
        wanted = set(kinds) if kinds else None
        hits: list[tuple[float, int, str, Hit]] = []
        for entry in self.entries:
            if wanted and entry.kind not in wanted:
                continue
            best, matched = 0.0, ""
            for text, text_key in zip(entry.variants, entry.keys, strict=True):
                score = _score(folded, key, text, text_key)
                if score > best:
                    best, matched = score, text
            if best >= MIN_SCORE:
                priority = (KIND_PRIORITY.index(entry.kind) if entry.kind in KIND_PRIORITY
                            else len(KIND_PRIORITY))
                hit = Hit(entry.iri, entry.id, entry.kind, entry.label, entry.type,
                          round(best, 1), matched)
                hits.append((-best, priority, entry.label.lower(), hit))
        hits.sort(key=lambda h: h[:3])
        return [h[3] for h in hits[:limit]]

    def __len__(self) -> int:
        return len(self.entries)
