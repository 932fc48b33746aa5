"""Operations: health and Prometheus metrics."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import defaultdict

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import PlainTextResponse

from parley.queries import load_query
from parley.web.deps import StoreDep

router = APIRouter(tags=["operations"])

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    """Query counts by outcome and a latency histogram, in the Prometheus text format.

    Hand-written (a dozen lines) rather than a client library: one less dependency to audit.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._outcomes: dict[str, int] = defaultdict(int)
        self._buckets = [0] * (len(BUCKETS) + 1)
        self._sum = 0.0
        self._count = 0

    def observe(self, outcome: str, seconds: float) -> None:
        with self._lock:
            self._outcomes[outcome] += 1
            self._buckets[bisect_left(BUCKETS, seconds)] += 1
            self._sum += seconds
            self._count += 1

    def render(self, workers: dict[str, float] | None = None) -> str:
        with self._lock:
            lines = [
                "# HELP parley_sparql_queries_total SPARQL requests answered, by outcome.",
                "# TYPE parley_sparql_queries_total counter",
            ]
            for outcome, count in sorted(self._outcomes.items()):
                lines.append(f'parley_sparql_queries_total{{outcome="{outcome}"}} {count}')
            lines += [
                "# HELP parley_sparql_query_duration_seconds Time to answer a SPARQL request "
                "(until the first byte).",
                "# TYPE parley_sparql_query_duration_seconds histogram",
            ]
            cumulative = 0
            for bound, count in zip((*BUCKETS, float("inf")), self._buckets, strict=True):
                cumulative += count
                le = "+Inf" if bound == float("inf") else repr(bound)
                lines.append(f'parley_sparql_query_duration_seconds_bucket{{le="{le}"}} '
                             f"{cumulative}")
            lines.append(f"parley_sparql_query_duration_seconds_sum {self._sum:.6f}")
            lines.append(f"parley_sparql_query_duration_seconds_count {self._count}")
        if workers:
            lines += [
                "# HELP parley_sparql_workers Query worker processes, by state.",
                "# TYPE parley_sparql_workers gauge",
                f'parley_sparql_workers{{state="idle"}} {workers.get("idle", 0):g}',
                f'parley_sparql_workers{{state="busy"}} {workers.get("busy", 0):g}',
                "# HELP parley_sparql_worker_restarts_total Workers killed (deadline, "
                "abandoned answer, crash) and replaced.",
                "# TYPE parley_sparql_worker_restarts_total counter",
                f'parley_sparql_worker_restarts_total {workers.get("restarts", 0):g}',
                "# HELP parley_sparql_worker_network_isolated 1 when query workers run in an "
                "empty network namespace (root), 0 when only the query guard stops SERVICE.",
                "# TYPE parley_sparql_worker_network_isolated gauge",
                "parley_sparql_worker_network_isolated "
                f'{workers.get("network_isolated", 0):g}',
            ]
        return "\n".join(lines) + "\n"


def startup(app: FastAPI) -> None:
    app.state.metrics = Metrics()


@router.get("/healthz")
def healthz(store: StoreDep) -> dict[str, object]:
    """Liveness and readiness: answers 200 when the store answers a trivial query."""
    return {"status": "ok", "store": store.ask(load_query("health"))}


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> PlainTextResponse:
    """Prometheus text exposition (format 0.0.4)."""
    executor = getattr(request.app.state, "query_executor", None)
    workers = executor.stats() if executor is not None else None
    body = request.app.state.metrics.render(workers)
    return PlainTextResponse(body, media_type="text/plain; version=0.0.4; charset=utf-8")
