"""Static checks on a public query's text, before any engine sees it.

pyoxigraph follows SERVICE on its own and recurses while parsing, so what must never run
(SERVICE, LOAD, updates, FROM naming something outside this store) and what could exhaust the
parser (NUL bytes, runaway nesting, huge texts) is refused here. The scan is a small tokenizer,
not a parser: it drops comments, strings and IRIs, then looks at bare keywords, which is enough
because none of these keywords can hide inside a string, an IRI or a comment.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from parley.store.base import QueryInvalid, QueryRefused, QueryTooLarge

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w\-.:%\u00B7]|\\.)*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATES = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class QueryShape:
    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None when the parser must decide
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()

    @property
    def kind(self) -> str | None:
        """'results' (SELECT, ASK) or 'graph' (CONSTRUCT, DESCRIBE), as in `parley.media.Kind`."""
        if self.form is None:
            return None
        return "results" if self.form in ("SELECT", "ASK") else "graph"


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _unescape(iri: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), iri)


def _tokens(text: str) -> Iterable[_Token]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield _Token(kind, match.group(), match.start())


def inspect(text: str, *, max_bytes: int, max_nesting: int) -> QueryShape:
    """Check `text`; raise QueryTooLarge, QueryInvalid or QueryRefused, or describe its shape."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise QueryTooLarge(f"the query is longer than {max_bytes} bytes")
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _position(text, nul)
        raise QueryInvalid(f"NUL character at line {line}, column {column}", line, column)

    tokens = list(_tokens(text))
    depth = 0
    prefixes: dict[str, str] = {}
    base = ""
    form: str | None = None
    from_graphs: list[str] = []
    from_named: list[str] = []
    for i, token in enumerate(tokens):
        if token.kind == "open":
            depth += 1
            if depth > max_nesting:
                line, column = _position(text, token.start)
                raise QueryInvalid(
                    f"brackets nested deeper than {max_nesting} levels "
                    f"(at line {line}, column {column})", line, column)
        elif token.kind == "close":
            depth = max(depth - 1, 0)
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word == "SERVICE":
            line, column = _position(text, token.start)
            raise QueryRefused(
                f"SERVICE (federated query) is not allowed here (line {line}, column {column}): "
                "this endpoint never contacts other servers")
        if word == "LOAD" or (form is None and word in UPDATES):
            raise QueryRefused(
                f"{word} is a SPARQL Update operation: this endpoint only answers queries")
        if form is None and word in FORMS:
            form = word
        elif word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text.rstrip(":").split(":")[0]] = _iri(tokens[i + 2], base)
        elif word == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            base = _iri(tokens[i + 1], base)
        elif word == "FROM":
            named = i + 1 < len(tokens) and tokens[i + 1].text.upper() == "NAMED"
            target = tokens[i + 2] if named else tokens[i + 1] if i + 1 < len(tokens) else None
            if target is None or (named and i + 2 >= len(tokens)):
                continue  # the parser reports the syntax error
            (from_named if named else from_graphs).append(_graph(target, prefixes, base))
    return QueryShape(form, tuple(from_graphs), tuple(from_named))


def _iri(token: _Token, base: str) -> str:
    iri = _unescape(token.text[1:-1])
    return urljoin(base, iri) if base else iri


def _graph(token: _Token, prefixes: dict[str, str], base: str) -> str:
    if token.kind == "iri":
        return _iri(token, base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    raise QueryRefused(f"FROM must name a graph of this store, not {token.text!r}")


def check_dataset(iris: Iterable[str], graphs: Collection[str], where: str = "FROM") -> None:
    """Refuse any graph IRI that is not a named graph of this store: nothing is ever fetched."""
    for iri in iris:
        if iri not in graphs:
            raise QueryRefused(
                f"{where} <{iri}> is not a graph of this store; this endpoint never fetches "
                "remote or local files (see the service description for the graphs it holds)")
