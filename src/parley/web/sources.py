"""The JSON shape of a fact's source, shared by every route that cites one."""

from __future__ import annotations

from pydantic import BaseModel, Field

from parley import lookup


class Source(BaseModel):
    article: str | None = Field(description="IRI of the article (or outside source).")
    quote: str | None = Field(description="The exact words of the article behind the fact.")
    article_label: str | None = Field(None, description="The article's title.")
    claim: str = Field(description="IRI of the claim (a named graph) that carries the fact.")
    rank: str | None = Field(None, description="The claim's rank (parley:NormalRank, ...).")


def source_out(s: lookup.SourceRef) -> Source:
    return Source(
        article=s.article, quote=s.quote, article_label=s.article_label, claim=s.claim, rank=s.rank
    )
