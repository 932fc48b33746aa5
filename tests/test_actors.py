"""Who held which post when: the held-on-date rule, the JSON API and the HTML pages."""

from __future__ import annotations

import datetime as dt

import pytest

from parley import lookup

NSDC = "Secretary of the National Security and Defense Council"
DEFENCE = "Minister of Defence"


def role(start=None, end=None, interval=True, attested=()) -> lookup.Role:
    return lookup.Role("h", "p", None, None, None, start=start, end=end, has_interval=interval,
                       attested=list(attested))


def test_held_on_rule() -> None:
    day = dt.date(2025, 6, 2)
    assert role(dt.date(2025, 1, 1), dt.date(2025, 6, 2)).held_on(day), "ends are inclusive"
    assert role(dt.date(2025, 6, 2), None).held_on(day), "starts are inclusive, open end"
    assert role(None, dt.date(2025, 7, 1)).held_on(day), "open start"
    assert not role(dt.date(2025, 6, 3), None).held_on(day)
    assert not role(None, dt.date(2025, 6, 1)).held_on(day)
    assert role(interval=False, attested=[day]).held_on(day), "an attestation on the day"
    assert not role(interval=False, attested=[dt.date(2025, 6, 3)]).held_on(day)


@pytest.mark.parametrize("text", ["2025-13-01", "2025-02-30", "02-06-2025", "yesterday", "",
                                  "2025-6-2", "2025-06-02T00:00"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        lookup.parse_date(text)


def test_umerov_roles_by_date_use_case(store) -> None:
    profile = lookup.actor_profile(store, "umerov")
    assert profile is not None
    june = [r.post_label for r in profile.roles_on(dt.date(2025, 6, 2))]
    july = [r.post_label for r in profile.roles_on(dt.date(2025, 7, 23))]
    assert len(june) == 1 and DEFENCE in june[0]
    assert len(july) == 1 and NSDC in july[0]
    assert all(r.sources for r in profile.roles)


def test_api_actor_list(client) -> None:
    actors = client.get("/api/actors").json()["actors"]
    ids = {a["id"]: a for a in actors}
    assert {"umerov", "medinsky", "zelensky"} <= set(ids)
    assert {a["kind"] for a in actors} == {"person", "org"}


@pytest.mark.parametrize(("at", "post"), [("2025-06-02", DEFENCE), ("2025-07-23", NSDC)])
def test_api_roles_at(client, at: str, post: str) -> None:
    response = client.get("/api/actors/umerov/roles", params={"at": at})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"actor", "roles"}
    assert body["actor"]["id"] == "umerov"
    assert len(body["roles"]) == 1
    held = body["roles"][0]
    assert set(held) >= {"post", "organisation", "start", "end", "attested", "sources"}
    assert post in held["post_label"]
    assert held["post"].startswith("https://w3id.org/parley/id/post/")
    assert held["sources"] and set(held["sources"][0]) >= {"article", "quote"}
    assert all(s["quote"] for s in held["sources"])


def test_api_roles_without_date_lists_all_posts(client) -> None:
    roles = client.get("/api/actors/umerov/roles").json()["roles"]
    labels = " | ".join(r["post_label"] for r in roles)
    assert DEFENCE in labels and NSDC in labels
    nsdc = next(r for r in roles if NSDC in r["post_label"])
    assert nsdc["start"] == "2025-07-18" and nsdc["end"] is None
    assert "2025-07-23" in nsdc["attested"]


@pytest.mark.parametrize("at", ["2025-13-01", "not-a-date", "2025-6-2"])
def test_api_bad_date_is_problem_json(client, at: str) -> None:
    response = client.get("/api/actors/umerov/roles", params={"at": at})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 422
    assert problem["invalid_params"][0]["name"] == "at"
    assert "YYYY-MM-DD" in problem["invalid_params"][0]["reason"]


@pytest.mark.parametrize("path", ["/api/actors/nobody", "/api/actors/nobody/roles"])
def test_api_unknown_actor_404(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_actor_profile(client) -> None:
    body = client.get("/api/actors/umerov").json()
    assert body["labels"]["uk"] == ["Рустем Умєров"]
    assert {d["role"] for d in body["delegations"]} >= {"head"}
    assert {d["date"] for d in body["delegations"]} >= {"2025-06-02", "2025-07-23"}
    assert all(d["sources"] for d in body["delegations"])
    assert body["claims"], "words the articles attribute to Umerov"


def test_openapi_documents_the_actor_routes(client) -> None:
    spec = client.get("/openapi.json").json()
    roles = spec["paths"]["/api/actors/{actor_id}/roles"]["get"]
    assert {"404", "422"} <= set(roles["responses"])
    schema = spec["components"]["schemas"]["RoleOut"]
    assert schema["properties"]["end"]["description"]


def test_actors_page(client) -> None:
    page = client.get("/actors").text
    assert 'href="/actors/umerov"' in page and "Organisations" in page


@pytest.mark.parametrize(("at", "post"), [("2025-06-02", DEFENCE), ("2025-07-23", NSDC)])
def test_actor_page_at_date(client, at: str, post: str) -> None:
    page = client.get("/actors/umerov", params={"at": at}).text
    held = page.split('id="held"', 1)[1].split("</section>", 1)[0]
    assert post in held
    other = NSDC if post == DEFENCE else DEFENCE
    assert other not in held


def test_actor_page_full(client) -> None:
    page = client.get("/actors/umerov").text
    assert DEFENCE in page and NSDC in page
    assert "Delegations and rounds" in page and "<blockquote" in page


def test_actor_page_bad_date_and_unknown(client) -> None:
    response = client.get("/actors/umerov", params={"at": "2025-02-30"})
    assert response.status_code == 400 and 'role="alert"' in response.text
    assert client.get("/actors/nobody").status_code == 404
