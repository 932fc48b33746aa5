"""Use cases for people, organisations and events: plain dataclasses over named queries.

"Held on date D" (docs/linked-data.md): a post holding counts as held on D when one of its
intervals contains D (both ends inclusive; a missing end is open) or an article attests it on D.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from parley.namespaces import ID, PARLEY
from parley.queries import load_query
from parley.store import GraphStore

ACTOR_KINDS = ("person", "org")
TIMELINE_KINDS = ("round", "exchange", "repatriation", "proposal", "ultimatum", "statement")
_ROLE_NAMES = {
    str(PARLEY.HeadOfDelegation): "head",
    str(PARLEY.DelegationMember): "member",
    str(PARLEY.representsParty): "party",
    str(PARLEY.includesRepresentativeOf): "represented",
}


def parse_date(text: str) -> dt.date:
    """A calendar date written YYYY-MM-DD; ValueError says what is wrong."""
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date written YYYY-MM-DD") from None


def _date(node: Node | None) -> dt.date | None:
    if node is None:
        return None
    try:
        return dt.date.fromisoformat(str(node)[:10])
    except ValueError:
        return None


def _str(node: Node | None) -> str | None:
    return None if node is None else str(node)


def slug_of(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def kind_of(iri: str) -> str:
    rest = iri[len(str(ID)) :] if iri.startswith(str(ID)) else ""
    return rest.split("/", 1)[0] if "/" in rest else ""


@dataclass(frozen=True)
class SourceRef:
    """One claim behind a fact: the article (or outside source), its quote, and the claim's rank."""

    article: str | None
    article_label: str | None
    quote: str | None
    claim: str
    rank: str | None

    @property
    def deprecated(self) -> bool:
        return self.rank == str(PARLEY.DeprecatedRank)


@dataclass(frozen=True)
class ActorSummary:
    iri: str
    id: str
    kind: str
    label: str
    types: tuple[str, ...]


@dataclass
class Role:
    """One post holding: over an interval, or attested on dates, or both."""

    holding: str
    post: str
    post_label: str | None
    organisation: str | None
    organisation_label: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    has_interval: bool = False
    attested: list[dt.date] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)

    def held_on(self, day: dt.date) -> bool:
        in_interval = self.has_interval and (self.start is None or self.start <= day) and (
            self.end is None or day <= self.end
        )
        return in_interval or day in self.attested


@dataclass
class Attendance:
    """A delegation the actor belonged to, led or sent, and the round it attended."""

    delegation: str
    delegation_label: str | None
    role: str | None
    role_label: str | None
    round: str | None
    round_label: str | None
    date: dt.date | None
    ordinal: int | None
    party: str | None
    party_label: str | None
    sources: list[SourceRef] = field(default_factory=list)

    @property
    def role_name(self) -> str:
        return _ROLE_NAMES.get(self.role or "", self.role_label or "member")


@dataclass
class Utterance:
    """A statement, ultimatum or proposal the actor took part in (as speaker, proposer...)."""

    item: str
    kind: str
    label: str | None
    role: str
    date: dt.date | None
    quote: str | None
    sources: list[SourceRef] = field(default_factory=list)


@dataclass
class AttributedClaim:
    claim: str
    label: str | None
    source: SourceRef


@dataclass
class ActorProfile:
    actor: ActorSummary
    labels: list[tuple[str, str]]
    alt_labels: list[tuple[str, str]]
    same_as: list[str]
    roles: list[Role]
    delegations: list[Attendance]
    statements: list[Utterance]
    claims: list[AttributedClaim]

    def roles_on(self, day: dt.date) -> list[Role]:
        return [role for role in self.roles if role.held_on(day)]


# ------------------------------------------------------------------------------------- actors


def _types(joined: Node | None) -> tuple[str, ...]:
    return tuple(sorted(t for t in str(joined or "").split("|") if t))


def list_actors(store: GraphStore) -> list[ActorSummary]:
    actors = [
        ActorSummary(
            iri=str(row["actor"]),
            id=slug_of(str(row["actor"])),
            kind=kind_of(str(row["actor"])),
            label=_str(row.get("label")) or slug_of(str(row["actor"])),
            types=_types(row.get("types")),
        )
        for row in store.select(load_query("actor_list"))
    ]
    return sorted(actors, key=lambda a: (a.kind != "person", a.label.lower()))


def actor_iri(store: GraphStore, slug: str) -> URIRef | None:
    """The person or organisation whose slug is `slug` (slugs are unique dataset-wide)."""
    for kind in ACTOR_KINDS:
        try:
            iri = URIRef(f"{ID}{kind}/{slug}")
            if store.select(load_query("actor_get"), {"actor": iri}):
                return iri
        except ValueError:  # not a valid IRI: no such actor
            return None
    return None


def _sources(store: GraphStore, node: Node) -> list[SourceRef]:
    found: dict[str, SourceRef] = {}
    for row in store.select(load_query("actor_node_sources"), {"node": node}):
        claim = str(row["claim"])
        found.setdefault(claim, SourceRef(_str(row.get("source")), _str(row.get("sourceLabel")),
                                          _str(row.get("quote")), claim, _str(row.get("rank"))))
    return sorted(found.values(), key=lambda s: (s.deprecated, s.article or "", s.claim))


def _roles(store: GraphStore, actor: URIRef) -> list[Role]:
    roles: dict[tuple[str, str | None], Role] = {}
    for row in store.select(load_query("actor_holdings"), {"actor": actor}):
        interval = _str(row.get("interval"))
        key = (str(row["holding"]), interval)
        role = roles.get(key)
        if role is None:
            role = roles[key] = Role(
                holding=str(row["holding"]),
                post=str(row["post"]),
                post_label=_str(row.get("postLabel")),
                organisation=_str(row.get("org")),
                organisation_label=_str(row.get("orgLabel")),
                has_interval=interval is not None,
            )
        role.start = role.start or _date(row.get("start"))
        role.end = role.end or _date(row.get("end"))
        attested = _date(row.get("attested"))
        if attested and attested not in role.attested:
            role.attested.append(attested)
    # A holding with an interval and attestations appears once per interval; attestations belong
    # to the holding, so every entry of it carries them all.
    for role in roles.values():
        role.attested.sort()
        sources = {s.claim: s for s in _sources(store, URIRef(role.holding))}
        for (holding, interval), _ in roles.items():
            if holding == role.holding and interval:
                sources.update({s.claim: s for s in _sources(store, URIRef(interval))})
        role.sources = sorted(sources.values(), key=lambda s: (s.deprecated, s.claim))
    ordered = list(roles.values())
    ordered.sort(key=lambda r: (r.start or (r.attested[0] if r.attested else dt.date.max),
                                r.post_label or r.post))
    return ordered


def _delegations(store: GraphStore, actor: URIRef) -> list[Attendance]:
    found: dict[tuple[str, str | None], Attendance] = {}
    links: dict[tuple[str, str | None], set[str]] = {}
    for row in store.select(load_query("actor_delegations"), {"actor": actor}):
        role = _str(row.get("role"))
        # headedBy and a head membership say the same thing: keep one entry per (delegation, role).
        key = (str(row["delegation"]), role)
        links.setdefault(key, set()).add(str(row["link"]))
        if key in found:
            continue
        ordinal = row.get("ordinal")
        found[key] = Attendance(
            delegation=str(row["delegation"]),
            delegation_label=_str(row.get("delegationLabel")),
            role=role,
            role_label=_str(row.get("roleLabel")),
            round=_str(row.get("round")),
            round_label=_str(row.get("roundLabel")),
            date=_date(row.get("date")),
            ordinal=int(ordinal.toPython()) if ordinal is not None else None,
            party=_str(row.get("party")),
            party_label=_str(row.get("partyLabel")),
        )
    for key, attendance in found.items():
        sources: dict[str, SourceRef] = {}
        for link in links[key]:
            node = URIRef(link) if kind_of(link) == "membership" else URIRef(key[0])
            sources.update({s.claim: s for s in _sources(store, node)})
        attendance.sources = sorted(sources.values(), key=lambda s: (s.deprecated, s.claim))
    return sorted(found.values(), key=lambda a: (a.date or dt.date.max, a.delegation))


def _statements(store: GraphStore, actor: URIRef) -> list[Utterance]:
    found: dict[tuple[str, str], Utterance] = {}
    for row in store.select(load_query("actor_statements"), {"actor": actor}):
        item, role = str(row["item"]), str(row["role"]).rsplit("#", 1)[-1]
        if (item, role) not in found:
            found[(item, role)] = Utterance(
                item=item, kind=kind_of(item), label=_str(row.get("label")), role=role,
                date=_date(row.get("date")), quote=_str(row.get("quote")),
                sources=_sources(store, URIRef(item)),
            )
    return sorted(found.values(), key=lambda u: (u.date or dt.date.max, u.item))


def _claims(store: GraphStore, actor: URIRef) -> list[AttributedClaim]:
    found: dict[str, AttributedClaim] = {}
    for row in store.select(load_query("actor_claims"), {"actor": actor}):
        claim = str(row["claim"])
        found.setdefault(claim, AttributedClaim(
            claim=claim, label=_str(row.get("label")),
            source=SourceRef(_str(row.get("source")), _str(row.get("sourceLabel")),
                             _str(row.get("quote")), claim, _str(row.get("rank"))),
        ))
    return sorted(found.values(), key=lambda c: c.claim)


def _summary(iri: URIRef, rows: Iterable[Mapping[str, Node]]) -> tuple[ActorSummary, dict]:
    labels, alt, same_as, types = [], [], [], []
    for row in rows:
        p, o = row["p"], row["o"]
        if p == RDFS.label:
            labels.append((getattr(o, "language", None) or "", str(o)))
        elif p == SKOS.altLabel:
            alt.append((getattr(o, "language", None) or "", str(o)))
        elif p == OWL.sameAs:
            same_as.append(str(o))
        elif p == RDF.type and str(o).startswith(str(PARLEY)):
            types.append(str(o).rsplit("#", 1)[-1])
    order = {"en": 0, "uk": 1, "ru": 2}
    labels.sort(key=lambda pair: (order.get(pair[0], 9), pair))
    alt.sort(key=lambda pair: (order.get(pair[0], 9), pair))
    english = next((text for lang, text in labels if lang == "en"), None)
    label = english or (labels[0][1] if labels else slug_of(str(iri)))
    summary = ActorSummary(str(iri), slug_of(str(iri)), kind_of(str(iri)), label,
                           tuple(sorted(set(types))))
    return summary, {"labels": labels, "alt_labels": alt, "same_as": sorted(same_as)}


def actor_summary(store: GraphStore, slug: str) -> ActorSummary | None:
    iri = actor_iri(store, slug)
    if iri is None:
        return None
    return _summary(iri, store.select(load_query("actor_get"), {"actor": iri}))[0]


def actor_profile(store: GraphStore, slug: str) -> ActorProfile | None:
    iri = actor_iri(store, slug)
    if iri is None:
        return None
    summary, names = _summary(iri, store.select(load_query("actor_get"), {"actor": iri}))
    return ActorProfile(
        actor=summary,
        roles=_roles(store, iri),
        delegations=_delegations(store, iri),
        statements=_statements(store, iri),
        claims=_claims(store, iri),
        **names,
    )


def actor_roles(store: GraphStore, slug: str) -> tuple[ActorSummary, list[Role]] | None:
    iri = actor_iri(store, slug)
    if iri is None:
        return None
    summary = _summary(iri, store.select(load_query("actor_get"), {"actor": iri}))[0]
    return summary, _roles(store, iri)


# ----------------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class CountValue:
    value: int | None
    qualifier: str | None
    qualifier_label: str | None
    stated_as: str | None
    per_side: bool | None
    category: str | None
    category_label: str | None
    from_party: str | None
    to_party: str | None
    as_of: dt.date | None
    via: str
    count: str

    @property
    def text(self) -> str:
        if self.stated_as:
            return self.stated_as
        words = [self.qualifier_label or "", f"{self.value:,}" if self.value is not None else "?"]
        if self.per_side:
            words.append("per side")
        return " ".join(w for w in words if w)


@dataclass(frozen=True)
class Participant:
    iri: str
    id: str
    label: str
    role: str


@dataclass
class TimelineItem:
    iri: str
    id: str
    kind: str
    label: str
    date: dt.date
    quote: str | None = None
    counts: list[CountValue] = field(default_factory=list)
    actors: list[Participant] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)


def _count(row: Mapping[str, Node]) -> CountValue:
    value, per_side = row.get("value"), row.get("perSide")
    return CountValue(
        value=int(value.toPython()) if value is not None else None,
        qualifier=_str(row.get("qualifier")),
        qualifier_label=_str(row.get("qualifierLabel")),
        stated_as=_str(row.get("statedAs")),
        per_side=bool(per_side.toPython()) if per_side is not None else None,
        category=_str(row.get("category")),
        category_label=_str(row.get("categoryLabel")),
        from_party=_str(row.get("from")),
        to_party=_str(row.get("to")),
        as_of=_date(row.get("asOf")),
        via=str(row.get("via") or "event"),
        count=str(row["count"]),
    )


def timeline(store: GraphStore, actor: str | None = None,
             kinds: Iterable[str] | None = None) -> list[TimelineItem]:
    """The dated events in date order; `actor` is a slug, `kinds` a subset of TIMELINE_KINDS.
    Undated events are left out (a timeline needs a date)."""
    wanted = set(kinds or TIMELINE_KINDS)
    items: dict[str, TimelineItem] = {}
    for row in store.select(load_query("timeline_items")):
        iri = str(row["item"])
        kind = kind_of(iri)
        day = _date(row.get("date")) or _date(row.get("roundDate"))
        if kind not in wanted or day is None:
            continue
        items[iri] = TimelineItem(iri=iri, id=slug_of(iri), kind=kind,
                                  label=_str(row.get("label")) or slug_of(iri), date=day,
                                  quote=_str(row.get("quote")))
    seen_counts: set[tuple[str, str]] = set()
    for row in store.select(load_query("timeline_counts")):
        item = items.get(str(row["item"]))
        if item and (item.iri, str(row["count"])) not in seen_counts:
            seen_counts.add((item.iri, str(row["count"])))
            item.counts.append(_count(row))
    seen_actors: set[tuple[str, str]] = set()
    for row in store.select(load_query("timeline_actors")):
        item = items.get(str(row["item"]))
        who = str(row["actor"])
        if item and (item.iri, who) not in seen_actors and kind_of(who) in ACTOR_KINDS:
            seen_actors.add((item.iri, who))
            item.actors.append(Participant(who, slug_of(who), _str(row.get("actorLabel"))
                                           or slug_of(who), str(row["role"]).rsplit("#", 1)[-1]))
    seen_sources: set[tuple[str, str]] = set()
    for row in store.select(load_query("timeline_sources")):
        item = items.get(str(row["item"]))
        claim = str(row["claim"])
        if item and (item.iri, claim) not in seen_sources:
            seen_sources.add((item.iri, claim))
            item.sources.append(SourceRef(_str(row.get("source")), _str(row.get("sourceLabel")),
                                          _str(row.get("quote")), claim, _str(row.get("rank"))))
    result = list(items.values())
    if actor:
        result = [i for i in result if any(p.id == actor for p in i.actors)]
    for item in result:
        item.counts.sort(key=lambda c: (c.via, c.value or 0, c.count))
        item.actors.sort(key=lambda p: (p.label.lower(), p.role))
        item.sources.sort(key=lambda s: (s.deprecated, s.article or "", s.claim))
    return sorted(result, key=lambda i: (i.date, TIMELINE_KINDS.index(i.kind), i.label))
