"""Competency questions over the curated store, and integrity checks on data/.

Each tests/competency/NN-name.rq starts with a comment stating the question; its answer is in
NN-name.expected.json as a list of rows (variable -> string value). Rows compare as a multiset
unless the query has ORDER BY.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode

from tests.competency._build import (
    BASE,
    CLAIM_PREFIX,
    DESIGN_DIR,
    PARLEY,
    ROOT,
    SOURCES_DIR,
    build_store,
    data_files,
)

CQ_DIR = Path(__file__).parent / "competency"
QUERIES = sorted(CQ_DIR.glob("*.rq"))
PREFIXES = f"""PREFIX parley: <{PARLEY}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return build_store()


@pytest.fixture(scope="module")
def union() -> ox.Store:
    """Every quad of data/ as written: claim graphs and default graphs."""
    s = ox.Store()
    for path in data_files():
        s.load(path=str(path), format=ox.RdfFormat.TRIG)
    return s


def rows(results: ox.QuerySolutions) -> list[dict[str, str]]:
    names = [v.value for v in results.variables]
    out = []
    for sol in results:
        out.append({n: sol[n].value for n in names if sol[n] is not None})
    return out


def _key(row: dict[str, str]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def test_at_least_fifty_questions() -> None:
    assert len(QUERIES) >= 50


@pytest.mark.parametrize("query_path", QUERIES, ids=lambda p: p.stem)
def test_competency_question(store: ox.Store, query_path: Path) -> None:
    text = query_path.read_text("utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# ") and first.rstrip().endswith("?"), "first line states the question"
    expected = json.loads(query_path.with_suffix(".expected.json").read_text("utf-8"))
    got = rows(store.query(text))
    if re.search(r"\bORDER\s+BY\b", text, re.IGNORECASE):
        assert got == expected
    else:
        assert Counter(map(_key, got)) == Counter(map(_key, expected))


# ---------------------------------------------------------------- integrity of data/


def test_every_file_parses_with_rdflib() -> None:
    for path in data_files():
        rdflib.Dataset().parse(path, format="trig")


def test_no_blank_nodes() -> None:
    for path in data_files():
        ds = rdflib.Dataset()
        ds.parse(path, format="trig")
        for s, p, o, g in ds.quads((None, None, None, None)):
            graph_id = getattr(g, "identifier", g)
            assert not any(isinstance(t, BNode) for t in (s, p, o)), (path.name, s, p, o)
            assert not isinstance(graph_id, BNode) or str(graph_id).startswith("urn:x-rdflib"), (
                path.name,
                graph_id,
            )


def _claims(union: ox.Store) -> list[dict[str, str]]:
    return rows(
        union.query(
            PREFIXES
            + """SELECT ?c ?src ?kind ?file ?citation ?value WHERE {
              ?c a parley:Claim ; prov:wasDerivedFrom ?src .
              ?src a ?kind .
              OPTIONAL { ?src parley:fileName ?file }
              OPTIONAL { ?src dct:bibliographicCitation ?citation }
              OPTIONAL { ?c prov:value ?value }
            }"""
        )
    )


def test_every_quote_is_in_its_article(union: ox.Store) -> None:
    checked = 0
    for row in _claims(union):
        if row["kind"] != PARLEY + "Article":
            continue
        assert "value" in row, f"{row['c']} has no quote"
        text = (SOURCES_DIR / row["file"]).read_text("utf-8")
        assert row["value"] in text, f"{row['c']}: quote not found in {row['file']}"
        checked += 1
    assert checked > 100


def test_claim_number_is_its_article_number(union: ox.Store) -> None:
    for row in _claims(union):
        slug = row["c"].removeprefix(CLAIM_PREFIX)
        if row["kind"] == PARLEY + "Article":
            assert slug[:4] == row["file"][:3] + "-", row["c"]
        else:
            assert slug.startswith("ext-"), row["c"]


def test_external_quotes_are_in_the_cited_notes(union: ox.Store) -> None:
    for row in _claims(union):
        if row["kind"] == PARLEY + "ExternalSource" and "citation" in row:
            notes = (DESIGN_DIR / Path(row["citation"].split(",")[0]).name).read_text("utf-8")
            assert row["value"] in notes, row["c"]


def test_every_claim_has_source_rank_and_reason(union: ox.Store) -> None:
    bad = rows(
        union.query(
            PREFIXES
            + """SELECT ?c ?why WHERE {
              ?c a parley:Claim .
              {
                FILTER NOT EXISTS {
                  ?c prov:wasDerivedFrom ?s .
                  { ?s a parley:Article } UNION { ?s a parley:ExternalSource }
                }
                BIND("no source" AS ?why)
              } UNION {
                { SELECT ?c (COUNT(?r) AS ?n) WHERE {
                    ?c a parley:Claim . OPTIONAL { ?c parley:rank ?r }
                  } GROUP BY ?c }
                FILTER(?n != 1) BIND("not exactly one rank" AS ?why)
              } UNION {
                ?c parley:rank parley:DeprecatedRank .
                FILTER NOT EXISTS { ?c parley:rankReason ?reason }
                BIND("deprecated without reason" AS ?why)
              } UNION {
                ?c parley:rank parley:PreferredRank .
                FILTER NOT EXISTS { ?c parley:rankReason ?reason }
                BIND("preferred without reason" AS ?why)
              } UNION {
                FILTER NOT EXISTS { GRAPH ?c { ?s ?p ?o } }
                BIND("empty claim graph" AS ?why)
              }
            }"""
        )
    )
    assert bad == []


def test_every_named_graph_is_a_recorded_claim(union: ox.Store) -> None:
    graphs = {g.value for g in union.named_graphs()}
    claims = {r["c"] for r in rows(union.query(PREFIXES + "SELECT ?c { ?c a parley:Claim }"))}
    assert graphs <= claims, graphs - claims
    assert all(g.startswith(CLAIM_PREFIX) for g in graphs)
    pattern = re.compile(r"^(\d{3}|ext)-[a-z0-9]+(-[a-z0-9]+)*$")
    assert all(pattern.match(g.removeprefix(CLAIM_PREFIX)) for g in graphs)


def test_conflicts_are_symmetric(union: ox.Store) -> None:
    one_way = rows(
        union.query(
            PREFIXES
            + """SELECT ?a ?b {
              ?a parley:conflictsWith ?b FILTER NOT EXISTS { ?b parley:conflictsWith ?a }
            }"""
        )
    )
    assert one_way == []


def test_every_count_has_qualifier_and_side(union: ox.Store) -> None:
    bad = rows(
        union.query(
            PREFIXES
            + """SELECT DISTINCT ?n ?why WHERE {
              ?n a parley:Count .
              {
                FILTER NOT EXISTS { GRAPH ?g { ?n parley:qualifier ?q } }
                BIND("no qualifier" AS ?why)
              } UNION {
                FILTER NOT EXISTS { GRAPH ?g { ?n parley:perSide ?ps } }
                FILTER NOT EXISTS { GRAPH ?g { ?n parley:fromParty|parley:toParty ?party } }
                BIND("no side" AS ?why)
              } UNION {
                FILTER NOT EXISTS { GRAPH ?g { ?n parley:statedAs ?s } }
                BIND("no verbatim phrase" AS ?why)
              } UNION {
                GRAPH ?g { ?n parley:qualifier parley:Unspecified ; parley:value ?v }
                BIND("a value for an unspecified count is invented" AS ?why)
              } UNION {
                GRAPH ?g { ?n parley:qualifier ?q } FILTER(?q != parley:Unspecified)
                FILTER NOT EXISTS { GRAPH ?g2 { ?n parley:value ?v } }
                BIND("no value" AS ?why)
              }
            }"""
        )
    )
    assert bad == []


def test_every_story_node_is_typed_and_labelled_in_english(union: ox.Store) -> None:
    bad = rows(
        union.query(
            f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT DISTINCT ?n WHERE {{
              {{ GRAPH ?g {{ ?n ?p ?o }} }} UNION {{ GRAPH ?g {{ ?s ?p ?n }} }} UNION {{ ?n ?p ?o }}
              FILTER(isIRI(?n) && STRSTARTS(STR(?n), "{BASE}id/"))
              # A node that only a deprecated claim mentions is typed inside that claim.
              FILTER NOT EXISTS {{ ?n a ?type ; rdfs:label ?l FILTER(LANG(?l) = "en") }}
              FILTER NOT EXISTS {{
                GRAPH ?c {{ ?n a ?type ; rdfs:label ?l FILTER(LANG(?l) = "en") }}
              }}
            }}"""
        )
    )
    assert bad == []


def test_slugs_are_unique_across_kinds(union: ox.Store) -> None:
    iris = {
        r["n"]
        for r in rows(
            union.query(
                f"""SELECT DISTINCT ?n {{ {{ ?n a ?t }} UNION {{ GRAPH ?g {{ ?n a ?t }} }}
                FILTER(STRSTARTS(STR(?n), "{BASE}id/")) }}"""
            )
        )
    }
    slugs = Counter(iri.rsplit("/", 1)[1] for iri in iris)
    assert [s for s, n in slugs.items() if n > 1] == []
    assert all(re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", s) for s in slugs)


def test_wikidata_links_are_only_the_verified_eight(union: ox.Store) -> None:
    links = rows(
        union.query("""SELECT ?q { GRAPH ?g { ?s <http://www.w3.org/2002/07/owl#sameAs> ?q } }""")
    )
    assert sorted(r["q"].rsplit("/", 1)[1] for r in links) == sorted(
        ["Q3874799", "Q7747", "Q22686", "Q212", "Q159", "Q43", "Q406", "Q184"]
    )


def test_people_places_and_bodies_have_uk_and_ru_labels(store: ox.Store) -> None:
    missing = rows(
        store.query(
            f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX parley: <{PARLEY}>
            SELECT ?n ?lang WHERE {{
              VALUES ?lang {{ "uk" "ru" }}
              ?n a ?t .
              VALUES ?t {{ parley:Person parley:State parley:GovernmentBody parley:ArmedForces
                           parley:NewsOutlet parley:City parley:Venue parley:Delegation }}
              FILTER NOT EXISTS {{ ?n rdfs:label ?l FILTER(LANG(?l) = ?lang) }}
            }}"""
        )
    )
    assert missing == []


def test_no_fourth_round(store: ox.Store) -> None:
    got = rows(store.query(PREFIXES + "SELECT ?r { ?r a parley:TalksRound }"))
    assert len(got) == 3


def test_sources_dir_is_present() -> None:
    assert SOURCES_DIR.is_dir(), f"articles expected at {SOURCES_DIR} (../shared from {ROOT})"
