"""/query and /docs: served entirely from Parley's own static files, with the example menu."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import httpx

from parley.examples import examples

EXTERNAL = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', re.I)


class Assets(HTMLParser):
    """The same-origin URLs a page loads: script src and stylesheet href."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.options: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(found["src"] or "")
        if tag == "link" and found.get("rel") == "stylesheet":
            self.urls.append(found.get("href") or "")
        if tag == "option" and found.get("value"):
            self.options.append(found["value"] or "")


def assets(page: str) -> Assets:
    parser = Assets()
    parser.feed(page)
    return parser


def test_query_page_loads_yasgui_from_our_static_files(client: httpx.Client) -> None:
    response = client.get("/query")
    assert response.status_code == 200
    page = response.text
    assert not EXTERNAL.search(page)
    found = assets(page)
    assert "/static/vendor/yasgui/yasgui.min.js" in found.urls
    assert "/static/vendor/yasgui/yasgui.min.css" in found.urls
    for url in found.urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 0
    assert 'data-endpoint="/sparql"' in page


def test_query_page_offers_every_example(client: httpx.Client) -> None:
    page = client.get("/query").text
    names = [e.name for e in examples()]
    assert assets(page).options == names
    embedded = re.search(
        r'<script type="application/json" id="example-queries">(.*?)</script>', page, re.S)
    assert embedded is not None
    loaded = json.loads(embedded.group(1))
    assert [e["query"] for e in loaded] == [e.query for e in examples()]


def test_example_parameter_preselects_it(client: httpx.Client) -> None:
    name = examples()[3].name
    page = client.get("/query", params={"example": name}).text
    assert f'<option value="{name}" selected>' in page


def test_examples_json(client: httpx.Client) -> None:
    loaded = client.get("/query/examples.json").json()
    assert len(loaded) >= 12
    assert all(e["title"] and e["query"].lstrip().startswith("# title:") for e in loaded)


def test_query_script_turns_off_remote_completers(client: httpx.Client) -> None:
    script = client.get("/static/query.js").text
    assert 'autocompleters = ["prefixes", "variables"]' in script
    assert "http://" not in script and "https://" not in script
    bundle = client.get("/static/vendor/yasgui/yasgui.min.js").text
    # The bundled default: no prefix.cc look-up at load.
    assert "prefixCcApi:null" in bundle


def test_docs_are_served_offline(client: httpx.Client) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    page = response.text
    assert "cdn.jsdelivr.net" not in page and "fastapi.tiangolo.com" not in page
    assert not EXTERNAL.search(page)
    found = assets(page)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in found.urls
    for url in found.urls:
        assert client.get(url).status_code == 200, url
    assert client.get("/openapi.json").json()["info"]["title"] == "Parley"
