"""Parley's benchmark suite: load, SPARQL over HTTP, lookups, in-process floor, remote backend.

    .venv/bin/python bench/run.py                      # full: real, ~100k, ~1M quads (~5 min)
    .venv/bin/python bench/run.py --quick              # ~1 minute: real, and ~100k without the app
    .venv/bin/python bench/run.py --sizes real --repeat 50 --out /tmp/b.json

Writes the JSON (every sample, the machine, the command) and then `latest.md` beside it
(bench/report.py). Every process it starts listens on 127.0.0.1 and is stopped at the end;
every loop is bounded by a count and a time budget. Scratch goes to bench/work/ (git-ignored).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `parley` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from rdflib import Graph, URIRef

from bench import report
from bench.common import (
    Stats,
    app_server,
    children,
    interleaved,
    machine,
    memory_mb,
    oxigraph_binary,
    oxigraph_server,
    summary,
    timed,
)
from bench.scale import copies_for, scaled_root
from parley.queries import load_query
from parley.settings import PROJECT_ROOT, Settings, load_settings
from parley.store.remote import with_bindings

BENCH = Path(__file__).resolve().parent
SIZES = {"real": 0, "100k": 100_000, "1m": 1_000_000}
UMEROV = URIRef("https://w3id.org/parley/id/person/umerov")
DEADLINE_S = 2  # PARLEY_QUERY_TIMEOUT of the benchmarked server, for the runaway query

ASK = "ASK {}"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?class }"  # typed nodes of the default graph
# 10,000 rows at every size: the named-graph quads, three times over, cut at 10k.
SELECT_10K = ("SELECT ?copy ?g ?s ?p ?o WHERE { VALUES ?copy { 1 2 3 } GRAPH ?g { ?s ?p ?o } }"
              " LIMIT 10000")
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 10000"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LOOKUPS = {
    "roles": "/api/actors/umerov/roles?at=2025-06-02",
    "search": "/api/search?q=Мединский",
    "timeline": "/api/timeline",
    "person_ttl": "/id/person/umerov.ttl",
    "healthz": "/healthz",
}
JSON_RESULTS = "application/sparql-results+json"
LOOKUP_TIMEOUT_S = 60


class Plan:
    def __init__(self, repeat: int, quick: bool):
        self.repeat = repeat
        self.heavy = max(3, repeat // 10)  # samples of the 10k-row answers
        self.warmup = 2 if quick else 5
        self.budget = 4.0 if quick else 10.0  # seconds per measured item, at most
        self.burst = 200
        self.downloads_wait = 30.0 if quick else 90.0  # seconds, for the dumps built at start


def say(label: str, what: str, started: float) -> None:
    print(f"[{label} +{time.monotonic() - started:.0f} s] {what}", file=sys.stderr, flush=True)


def role_query() -> str:
    return with_bindings(load_query("actor_holdings"), {"actor": UMEROV})


# --- 1. load ---------------------------------------------------------------------------------


def load_once(root: Path, store: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "bench.load_one", str(root), str(store)],
                          cwd=BENCH.parent, capture_output=True, text=True, timeout=900,
                          check=False)
    if done.returncode:
        raise RuntimeError(f"load failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench_load(root: Path, store: Path) -> dict[str, object]:
    shutil.rmtree(store, ignore_errors=True)
    first = load_once(root, store)
    again = load_once(root, store)
    return {"load": first, "reload": again}


# --- 2. SPARQL over HTTP -------------------------------------------------------------------------


def sparql(client: httpx.Client, query: str, accept: str = JSON_RESULTS) -> httpx.Response:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    if response.status_code != 200:
        raise RuntimeError(f"/sparql answered {response.status_code}: {response.text[:300]}")
    return response


def throughput(client: httpx.Client, query: str, accept: str, plan: Plan,
               count: Callable[[bytes], int]) -> Stats:
    """Latency of a big answer, its size, and rows (or triples) per second at the median."""
    body = sparql(client, query, accept).content
    rows = count(body)
    samples = interleaved({"q": lambda: sparql(client, query, accept).content}, plan.heavy,
                          1, plan.budget)["q"]
    stats = summary(samples, {"rows": rows, "bytes": len(body)})
    seconds = float(stats["p50"]) / 1000  # type: ignore[arg-type]
    stats["rows_per_s"] = round(rows / seconds)
    stats["mb_per_s"] = round(len(body) / 2**20 / seconds, 1)
    return stats


async def _burst(url: str, n: int) -> dict[str, object]:
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:

        async def one() -> tuple[float, int]:
            started = time.perf_counter()
            try:
                response = await client.post("/sparql", data={"query": ASK},
                                             headers={"Accept": JSON_RESULTS})
                code = response.status_code
            except httpx.HTTPError:
                code = 0  # no answer at all
            return (time.perf_counter() - started) * 1000, code

        started = time.perf_counter()
        done = await asyncio.gather(*(one() for _ in range(n)))
        wall = (time.perf_counter() - started) * 1000
    codes = Counter(str(code) for _, code in done)
    return summary([ms for ms, _ in done], {"concurrency": n, "wall_ms": round(wall, 1),
                                            "status": dict(sorted(codes.items()))})


def wait_for_downloads(url: str, plan: Plan) -> dict[str, object]:
    """The app builds its dumps in a thread at start, competing for the GIL with requests: wait
    for them (GET /downloads blocks until built), but not past `plan.downloads_wait`."""
    started = time.monotonic()
    try:
        ready = httpx.get(f"{url}/downloads", timeout=plan.downloads_wait).status_code == 200
    except httpx.TimeoutException:
        ready = False
    return {"downloads_ready": ready,
            "downloads_wait_s": round(time.monotonic() - started, 2)}


def runaway(client: httpx.Client) -> dict[str, object]:
    """A cartesian product that never ends: how long until the 503, and the next ASK after it."""
    stop_ms, response = timed(lambda: client.post("/sparql", data={"query": RUNAWAY},
                                                  headers={"Accept": JSON_RESULTS}))
    next_ms, after = timed(lambda: client.post("/sparql", data={"query": ASK}))
    later = [timed(lambda: client.post("/sparql", data={"query": ASK}))[0] for _ in range(10)]
    return {
        "deadline_s": DEADLINE_S, "status": response.status_code,  # type: ignore[attr-defined]
        "stopped_after_ms": round(stop_ms, 1), "next_ask_ms": round(next_ms, 2),
        "next_ask_status": after.status_code,  # type: ignore[attr-defined]
        "following_10_ask_max_ms": round(max(later), 2),
    }


def csv_rows(body: bytes) -> int:
    return body.count(b"\n") - 1


def json_rows(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def turtle_triples(body: bytes) -> int:
    return len(Graph().parse(data=body, format="turtle"))


# --- one size -------------------------------------------------------------------------------


def load_remote(settings: Settings, snapshot: Path, location: Path, quads: int,
                work: Path) -> dict[str, object]:
    """Fill the Oxigraph server's database: by the project's own load path while that is quick
    (SPARQL Update, through RemoteStore), else by `oxigraph load` of an N-Quads dump."""
    if quads <= 150_000:
        return {"method": "build_store (SPARQL Update)", "seconds": None}
    import pyoxigraph as ox

    dump = work / "dump.nq"
    ox.Store.read_only(str(snapshot)).dump(str(dump), ox.RdfFormat.N_QUADS)
    seconds, _ = timed(lambda: subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(dump)],
        check=True, capture_output=True, timeout=900))
    dump.unlink()
    return {"method": "oxigraph load (N-Quads dump)", "seconds": round(seconds / 1000, 2)}


def bench_size(label: str, plan: Plan, work: Path, app: bool) -> dict[str, object]:
    """Every section at one size; with `app` False, no Parley server (sections 2 and 3)."""
    from parley.build import build_store
    from parley.store.embedded import EmbeddedStore, current_snapshot
    from parley.store.remote import RemoteStore

    started = time.monotonic()
    scratch = work / "runs" / label
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    copies = copies_for(SIZES[label]) if SIZES[label] else 1
    root = PROJECT_ROOT if label == "real" else scaled_root(work, label, copies)
    store = scratch / "store"
    say(label, "load", started)
    out: dict[str, object] = {"copies_of_data": copies, "load": bench_load(root, store)}

    settings = load_settings(root=root, store=store)
    embedded = EmbeddedStore.open(settings)
    info = embedded.info()
    out["data"] = {"quads": info.quads, "named_graphs": info.named_graphs,
                   "default_graph_triples": info.default_graph_triples}
    location = scratch / "oxigraph"
    remote_load = load_remote(settings, current_snapshot(store),  # type: ignore[arg-type]
                              location, info.quads, scratch)
    role = role_query()
    holdings = load_query("actor_holdings")

    say(label, "starting servers", started)
    with ExitStack() as stack:
        oxigraph = stack.enter_context(oxigraph_server(location, scratch / "oxigraph.log"))
        remote_settings = settings.replace(backend="remote", remote_query_url=f"{oxigraph}/query",
                                           remote_update_url=f"{oxigraph}/update")
        remote = RemoteStore(remote_settings)
        client: httpx.Client | None = None
        if app:
            url, pid, startup = stack.enter_context(app_server(
                store, root, scratch / "server.log", PARLEY_QUERY_TIMEOUT=str(DEADLINE_S)))
            client = stack.enter_context(httpx.Client(base_url=url, timeout=300))
            out["server"] = {"startup_s": round(startup, 2), **wait_for_downloads(url, plan)}
        if remote_load["seconds"] is None:
            seconds, _ = timed(lambda: build_store(remote_settings))
            remote_load["seconds"] = round(seconds / 1000, 2)
        remote_load["quads"] = remote.info().quads

        # Same answers everywhere before any timing.
        rows = len(embedded.select(holdings, {"actor": UMEROV}))
        assert len(remote.select(role)) == rows
        count = int(embedded.select(COUNT)[0]["n"])
        assert int(remote.select(COUNT)[0]["n"]) == count
        three: dict[str, dict[str, Callable[[], object]]] = {
            "role_lookup": {"inprocess": lambda: embedded.select(holdings, {"actor": UMEROV}),
                            "remote": lambda: remote.select(role)},
            "count": {"inprocess": lambda: embedded.select(COUNT),
                      "remote": lambda: remote.select(COUNT)},
            "ask": {"inprocess": lambda: embedded.ask(ASK), "remote": lambda: remote.ask(ASK)},
        }
        if client is not None:
            assert json_rows(sparql(client, role).content) == rows
            http = client
            three["role_lookup"]["http"] = lambda: sparql(http, role).content
            three["count"]["http"] = lambda: sparql(http, COUNT).content
            three["ask"]["http"] = lambda: sparql(http, ASK).content
        say(label, "in-process, remote" + (", HTTP" if app else ""), started)
        ms = {name: interleaved(fns, plan.heavy if name == "count" else plan.repeat,
                                1 if name == "count" else plan.warmup, plan.budget)
              for name, fns in three.items()}
        select_ms = interleaved({"q": lambda: embedded.select(SELECT_10K)}, plan.heavy, 1,
                                plan.budget)["q"]
        values = {"role_lookup": {"rows": rows}, "count": {"value": count}, "ask": {}}
        out["inprocess"] = {name: summary(ms[name]["inprocess"], values[name]) for name in ms}
        out["inprocess"]["select_10k"] = summary(select_ms, {"rows": 10_000})  # type: ignore[index]
        out["remote"] = {"load": remote_load,
                         **{name: summary(ms[name]["remote"], values[name]) for name in ms}}
        if client is not None:
            measured = bench_app(label, client, url, pid, plan, ms, values, started)
            out["server"].update(measured.pop("server"))  # type: ignore[attr-defined]
            out.update(measured)
    embedded.close()
    shutil.rmtree(scratch, ignore_errors=True)
    out["elapsed_s"] = round(time.monotonic() - started, 1)
    return out


def bench_app(label: str, client: httpx.Client, url: str, pid: int, plan: Plan,
              ms: dict[str, dict[str, list[float]]], values: dict[str, dict[str, object]],
              started: float) -> dict[str, dict[str, object]]:
    """Sections 2 and 3 on the running app: /sparql, lookups, burst, runaway, memory."""
    sparql_http: dict[str, object] = {name: summary(ms[name]["http"], values[name])
                                      for name in ms}
    sparql_http["select_10k_json"] = throughput(client, SELECT_10K, JSON_RESULTS, plan,
                                                json_rows)
    sparql_http["select_10k_csv"] = throughput(client, SELECT_10K, "text/csv", plan, csv_rows)
    sparql_http["construct_turtle"] = throughput(client, CONSTRUCT, "text/turtle", plan,
                                                 turtle_triples)
    say(label, "lookups", started)
    lookups: dict[str, object] = {}
    for name, path in LOOKUPS.items():
        try:
            first = client.get(path, timeout=LOOKUP_TIMEOUT_S)
        except httpx.TimeoutException:
            lookups[name] = {"path": path, "error": f"no answer in {LOOKUP_TIMEOUT_S} s"}
            continue
        assert first.status_code == 200, (path, first.status_code)
        samples = interleaved({name: lambda p=path: client.get(p).content}, plan.repeat,
                              plan.warmup, plan.budget)[name]
        lookups[name] = summary(samples, {"path": path, "bytes": len(first.content)})
    say(label, "burst", started)
    sparql_http["burst"] = asyncio.run(_burst(url, plan.burst))
    workers = children(pid)
    server = {"peak_rss_mb": memory_mb(pid), "workers": len(workers),
              "worker_peak_rss_mb": max((memory_mb(w) or 0 for w in workers), default=None)}
    say(label, "runaway", started)
    sparql_http["runaway"] = runaway(client)
    return {"sparql_http": sparql_http, "lookups": lookups, "server": server}


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated, from: " + ", ".join(SIZES)
                        + " (default: all; --quick: real,100k)")
    parser.add_argument("--repeat", type=int, help="timed requests per latency item "
                        "(default 100; --quick 20); 10k-row answers get a tenth")
    parser.add_argument("--out", type=Path, help="JSON to write "
                        "(default bench/results/<date>.json)")
    parser.add_argument("--app-sizes", help="sizes at which the Parley server is started and "
                        "measured (sections 2, 3; default: all sizes but 1m, whose server takes "
                        "minutes to start; --quick: real)")
    parser.add_argument("--quick", action="store_true", help="about a minute: fewer samples")
    parser.add_argument("--work", type=Path, default=BENCH / "work", help="scratch folder")
    args = parser.parse_args(argv)
    sizes = (args.sizes or ("real,100k" if args.quick else ",".join(SIZES))).split(",")
    app_sizes = (args.app_sizes.split(",") if args.app_sizes
                 else ["real"] if args.quick else [label for label in sizes if label != "1m"])
    unknown = (set(sizes) | set(app_sizes)) - set(SIZES)
    if unknown:
        parser.error(f"unknown size(s): {', '.join(sorted(unknown))}")
    plan = Plan(args.repeat or (20 if args.quick else 100), args.quick)
    out = args.out or BENCH / "results" / f"{dt.date.today().isoformat()}.json"
    started = time.monotonic()
    result: dict[str, object] = {
        "meta": {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": " ".join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
            "sizes": sizes, "app_sizes": app_sizes, "repeat": plan.repeat, "quick": args.quick,
            "query_timeout_s": DEADLINE_S, "machine": machine(),
        },
        "sizes": {label: bench_size(label, plan, args.work, label in app_sizes)
                  for label in sizes},
    }
    result["meta"]["elapsed_s"] = round(time.monotonic() - started, 1)  # type: ignore[index]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    markdown = report.write(out, out.parent / "latest.md")
    print(f"wrote {out} and {markdown}", file=sys.stderr)
    return out


if __name__ == "__main__":
    main()
