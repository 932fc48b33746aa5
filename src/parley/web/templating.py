"""The Jinja2 environment every HTML page renders with (templates/ extend base.html)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from parley.namespaces import BASE

TEMPLATES_DIR = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=TEMPLATES_DIR)


def local(iri: str | None) -> str:
    """The path this server answers a Parley IRI at; other IRIs are left as they are."""
    if not iri:
        return ""
    return "/" + iri[len(BASE) :] if iri.startswith(BASE) else iri


def short(iri: str | None) -> str:
    """The local name of an IRI (after # or the last /)."""
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


templates.env.filters["local"] = local
templates.env.filters["short"] = short
