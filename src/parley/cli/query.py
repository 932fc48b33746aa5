"""`parley query`: one SPARQL query against the store, under the endpoint's guard and limits."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from parley.cli.load import StoreOption
from parley.media import FORMATS, Kind, by_name
from parley.queries import load_query
from parley.settings import Settings, load_settings
from parley.store import open_executor
from parley.store.base import (
    QueryInvalid,
    QueryJob,
    QueryTooLarge,
    StoreError,
    StoreMissing,
)

FORMAT_NAMES = ["table", *(f.name for f in FORMATS)]


def _fail(code: int, message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _read(text: str | None, file: Path | None) -> str:
    if (text is None) == (file is None):
        raise _fail(2, "give the query as an argument or with --file, not both or neither")
    if text == "-":
        raw = sys.stdin.buffer.read()
    elif file is not None:
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise _fail(2, f"cannot read {file}: {error.strerror}") from None
    else:
        return text  # type: ignore[return-value]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _fail(2, f"the query is not UTF-8 ({error.reason} at byte {error.start})") from None


def _table(body: bytes) -> str:
    """SPARQL JSON results as an aligned text table (or the ASK answer)."""
    data = json.loads(body)
    if "boolean" in data:
        return "true" if data["boolean"] else "false"
    names = data["head"]["vars"]
    rows = [[_cell(b.get(n)) for n in names] for b in data["results"]["bindings"]]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _cell(term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    if "xml:lang" in term:
        return f"{term['value']!r}@{term['xml:lang']}"
    return term["value"]


def _graphs(settings: Settings) -> set[str]:
    from parley.store import open_store

    store = open_store(settings)
    try:
        return {str(r["g"]) for r in store.select(load_query("named_graphs"))}
    finally:
        store.close()


def query(
    text: Annotated[str | None, typer.Argument(
        help="The SPARQL query ('-' reads it from standard input).", show_default=False)] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", "-f", help="Read the query from this file (UTF-8).")] = None,
    store: StoreOption = None,
    fmt: Annotated[str, typer.Option(
        "--format", help="table (SELECT/ASK; Turtle for graphs), json, xml, csv, tsv, ttl, nt, "
        "jsonld, rdfxml, nq, trig.")] = "table",
) -> None:
    """Run a SPARQL query against the store, with the same checks and limits as /sparql.

    SERVICE, LOAD, updates and FROM naming anything but a graph of the store are refused; the
    query is stopped after PARLEY_QUERY_TIMEOUT seconds; answers over the row or byte caps are
    refused, never truncated.

    Exit codes: 0 answered; 1 the query failed (syntax error with line and column, refused,
    stopped, too large); 2 bad input or no store.
    """
    from parley.store.embedded import current_snapshot
    from parley.store.guard import check_dataset, inspect

    if fmt not in FORMAT_NAMES and by_name(fmt) is None:
        raise _fail(2, f"unknown format {fmt!r}: use one of {', '.join(FORMAT_NAMES)}")
    settings = load_settings(store=store)
    source = _read(text, file)
    if settings.backend == "embedded" and current_snapshot(settings.store_path) is None:
        raise _fail(2, f"no store at {settings.store_path}: build it with `parley load`")
    try:
        shape = inspect(source, max_bytes=settings.max_query_bytes,
                        max_nesting=settings.max_nesting)
    except (QueryInvalid, QueryTooLarge) as error:
        raise _fail(2, str(error)) from None
    except StoreError as error:
        raise _fail(1, str(error)) from None
    chosen = by_name(fmt)
    if chosen is not None and shape.kind is not None and chosen.kind.value != shape.kind:
        raise _fail(2, f"--format {fmt} does not fit a {shape.form} query")
    wire = chosen.name if chosen else "json" if shape.kind != Kind.GRAPH.value else "ttl"
    pool = None
    try:
        if shape.from_graphs or shape.from_named:
            check_dataset((*shape.from_graphs, *shape.from_named), _graphs(settings))
        pool = open_executor(settings, workers=1)
        answer = pool.run(QueryJob(source, wire))
        body = answer.first + b"".join(answer)
    except StoreMissing as error:
        raise _fail(2, str(error)) from None
    except StoreError as error:
        raise _fail(1, str(error)) from None
    finally:
        if pool is not None:
            pool.close()
    if chosen is None and answer.fmt == "json":
        typer.echo(_table(body))
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
