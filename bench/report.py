"""Markdown tables from a bench JSON: `python bench/report.py [RESULT.json] [--md OUT.md]`.

Without arguments: the newest bench/results/*.json, written to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _ms(value: Any) -> str:
    if value is None:
        return "–"
    value = float(value)
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _pp(stats: dict[str, Any], keys: tuple[str, ...] = ("p50", "p95")) -> str:
    return " / ".join(_ms(stats[k]) for k in keys)


def _lookup(stats: dict[str, Any]) -> str:
    if "error" in stats:
        return f"**{stats['error']}**"
    return f"{_pp(stats)} ({stats['bytes']:,} B)"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows), ""]


def render(result: dict[str, Any]) -> str:
    meta, sizes = result["meta"], result["sizes"]
    served = {label: s for label, s in sizes.items() if "sparql_http" in s}
    unserved = ", ".join(label for label in sizes if label not in served)
    box = meta["machine"]
    pk = box["packages"]
    lines = [
        f"# Parley benchmark — {meta['date']}", "",
        f"Command: `{meta['command']}` (repeat {meta['repeat']}, "
        f"{'quick' if meta['quick'] else 'full'}, {meta.get('elapsed_s', '?')} s in all; "
        f"commit {box['git_commit'] or '?'}).  ",
        f"Machine: {box['nproc']} CPU ({box['cpu']}), {box['memory_gb']} GB RAM, {box['os']}; "
        f"Python {box['python']}, pyoxigraph {pk['pyoxigraph']}, rdflib {pk['rdflib']}, "
        f"FastAPI {pk['fastapi']}, uvicorn {pk['uvicorn']}, httpx {pk['httpx']}, "
        f"SPARQLWrapper {pk['SPARQLWrapper']}, {box['oxigraph_cli'] or 'no oxigraph CLI'}.",
        "",
        "Times in ms (p50 / p95 unless marked); one client on the same cores as the server.",
        "",
        "## 1. Load (`build_store`, fresh process each)", "",
    ]
    rows = []
    for label, s in sizes.items():
        load, again, data = s["load"]["load"], s["load"]["reload"], s["data"]
        rows.append([label, f"{data['quads']:,}", f"{data['named_graphs']:,}",
                     f"{load['seconds']:.2f}", f"{load['peak_rss_mb']:,.0f}",
                     f"{load['store_mb']:.1f}", f"{again['seconds']:.2f}",
                     f"{again['peak_rss_mb']:,.0f}", "yes" if again["store_unchanged"] else "NO"])
    lines += _table(["size", "quads", "graphs", "load s", "peak RSS MB", "store MB",
                     "re-load s", "re-load RSS MB", "re-load left store untouched"], rows)

    lines += ["## 2. SPARQL over HTTP (`/sparql`, uvicorn, worker pool)", ""]
    if unserved:
        lines += [f"Not measured at {unserved} (the app was not started there: `--app-sizes`).",
                  ""]
    rows = []
    for label, s in served.items():
        h = s["sparql_http"]
        rows.append([label, _pp(h["ask"], ("p50", "p95", "p99")), _pp(h["role_lookup"]),
                     _pp(h["count"]),
                     *(f"{_ms(h[k]['p50'])} ({h[k]['rows_per_s']:,} rows/s, "
                       f"{h[k]['mb_per_s']} MB/s)"
                       for k in ("select_10k_json", "select_10k_csv", "construct_turtle"))])
    lines += _table(["size", "ASK p50/p95/p99", "role lookup", "COUNT typed nodes",
                     "10k rows JSON p50", "10k rows CSV p50", "CONSTRUCT Turtle p50"], rows)
    floor = ", ".join(f"{label} {_ms(s['inprocess']['select_10k']['p50'])} ms"
                      for label, s in sizes.items())
    lines += [f"The same 10k-row SELECT in-process (`EmbeddedStore.select`, rdflib terms, "
              f"no serialization), p50: {floor}.", ""]
    rows = []
    for label, s in served.items():
        b, r = s["sparql_http"]["burst"], s["sparql_http"]["runaway"]
        codes = ", ".join(f"{k}×{v}" for k, v in b["status"].items())
        rows.append([label, f"{b['concurrency']}", _ms(b["wall_ms"]), _ms(b["p50"]),
                     _ms(b["max"]), codes, f"{r['status']} after {_ms(r['stopped_after_ms'])}",
                     f"{_ms(r['next_ask_ms'])} ({r['next_ask_status']})",
                     _ms(r["following_10_ask_max_ms"])])
    lines += _table(["size", "burst of ASK", "all done", "p50", "max", "status",
                     f"runaway at {meta['query_timeout_s']} s deadline", "next ASK",
                     "next 10 ASK max"], rows)
    rows = []
    for label, s in served.items():
        v = s["server"]
        dumps = (f"after {v['downloads_wait_s']:.1f} s more" if v["downloads_ready"] else
                 f"**not after {v['downloads_wait_s']:.0f} s more: measured while they build**")
        rows.append([label, f"{v['startup_s']:.1f}", dumps,
                     f"{v['peak_rss_mb']} / {v['worker_peak_rss_mb']} (×{v['workers']})"])
    lines += _table(["size", "server start to /healthz s", "dumps (/downloads) ready",
                     "server / worker peak RSS MB"], rows)

    lines += ["## 3. Lookups (HTTP, p50 / p95)", ""]
    if served:
        first = next(iter(served.values()))["lookups"]
        rows = [[label, *(_lookup(s["lookups"][n]) for n in first)]
                for label, s in served.items()]
        lines += _table(["size", *(f"`{first[n]['path']}`" for n in first)], rows)

    lines += ["## 4–5. The same query three ways: in-process, HTTP `/sparql`, remote backend",
              "",
              "In-process: `EmbeddedStore.select` (no HTTP). Remote: `RemoteStore` (SPARQLWrapper, "
              "a new connection per query) against `oxigraph serve` on the same data. "
              "Measured interleaved, round by round.", ""]
    rows = []
    for label, s in sizes.items():
        for query, key in (("ASK {}", "ask"), ("role lookup", "role_lookup"),
                           ("COUNT typed nodes", "count")):
            inproc, remote = s["inprocess"][key], s["remote"][key]
            http = s.get("sparql_http", {}).get(key)
            base = float(inproc["p50"])
            overhead = (f"+{_ms(float(http['p50']) - base)} ({float(http['p50']) / base:.1f}×)"
                        if http else "–")
            rows.append([label, query, _pp(inproc), _pp(http) if http else "–", _pp(remote),
                         overhead, f"{float(remote['p50']) / base:.1f}×"])
    lines += _table(["size", "query", "in-process", "HTTP /sparql", "remote (Oxigraph server)",
                     "HTTP overhead p50", "remote ÷ in-process"], rows)
    rows = [[label, s["remote"]["load"]["method"], f"{s['remote']['load']['seconds']}",
             f"{s['remote']['load']['quads']:,}"] for label, s in sizes.items()]
    lines += _table(["size", "remote load", "s", "quads on the server"], rows)
    return "\n".join(lines)


def write(source: Path, target: Path) -> Path:
    target.write_text(render(json.loads(source.read_text("utf-8"))), "utf-8")
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("result", type=Path, nargs="?", help="default: newest results/*.json")
    parser.add_argument("--md", type=Path, default=RESULTS / "latest.md")
    args = parser.parse_args(argv)
    source = args.result or max(RESULTS.glob("*.json"), key=lambda p: p.stat().st_mtime)
    print(write(source, args.md))


if __name__ == "__main__":
    main()
