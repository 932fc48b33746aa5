"""A pool of killable worker processes that evaluate public SPARQL queries.

pyoxigraph has no timeout and cannot be interrupted from another thread, so a query that must be
stopped can only be stopped by ending the process running it. Each worker:

* is a fresh interpreter (`python -m parley.store.workers FD`): nothing of the web server's
  threads, sockets or state is inherited, and starting one takes about a quarter of a second;
* caps its address space (RLIMIT_AS = `worker_memory_mb`) and, when it runs as root, moves into
  an empty network namespace, so even a SERVICE that slipped past the guard cannot connect
  anywhere (otherwise the guard alone protects; `network_isolation` says which applies);
* opens the current snapshot read-only and reopens it when `current` moves;
* evaluates one query at a time and serializes the whole answer into a spool (memory, then a
  temporary file) while counting rows and bytes, so the row and byte caps and any evaluation
  error are known before the HTTP status is; then streams the spool back in chunks.

The parent waits at most `query_timeout` for the first chunk, then kills the worker and
forks a replacement. A monitor thread reaps workers whose answer was never collected (a client
that went away mid-stream) once `stream_timeout` passes.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from parley.store.base import (
    Overloaded,
    QueryInvalid,
    QueryJob,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
    StoreMissing,
    WorkerFailed,
)

log = logging.getLogger("parley.workers")

CHUNK = 64 * 1024
_CLONE_NEWNET = 0x40000000


@dataclass(frozen=True)
class PoolConfig:
    store_dir: Path
    size: int
    query_timeout: float
    queue_timeout: float
    max_rows: int
    max_bytes: int
    memory_mb: int
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def stream_timeout(self) -> float:
        # Long enough for a slow link to fetch a capped answer, short enough to free the worker.
        return max(4 * self.query_timeout, 60.0)


# --- the worker process ---------------------------------------------------------------------------


def _sandbox(memory_mb: int) -> str:
    """Cap memory and cut the network; return how the network is cut ('namespace' or 'none')."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    libc = ctypes.CDLL(None, use_errno=True)
    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if os.geteuid() == 0 and libc.unshare(_CLONE_NEWNET) == 0:
        return "namespace"
    return "none"


def _current(store_dir: Path) -> Path | None:
    link = store_dir / "current"
    target = link.resolve()
    return target if link.is_symlink() and target.is_dir() else None


class _Spool:
    """Where a worker writes an answer: counts bytes and refuses past the cap."""

    def __init__(self, max_bytes: int):
        self.file = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
        self.size = 0
        self.max_bytes = max_bytes

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise _TooManyBytes
        return self.file.write(data)

    def flush(self) -> None:
        pass


class _TooManyBytes(Exception):
    pass


def _graph_format(name: str) -> Any:
    return getattr(ox.RdfFormat, name)


def _answer(
    store: ox.Store, job: QueryJob, config: dict[str, Any], spool: _Spool
) -> tuple[str, int]:
    """Evaluate `job` into `spool`; return (format name, rows)."""
    from parley.media import Kind, by_name, formats
    from parley.store.results import write_select

    options: dict[str, Any] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    result = store.query(job.query, **options)
    wanted = by_name(job.fmt)
    if isinstance(result, ox.QueryTriples):
        fmt = wanted if wanted and wanted.kind is Kind.GRAPH else formats(Kind.GRAPH)[0]
        rows = 0

        def counted() -> Iterator[Any]:
            nonlocal rows
            quads = fmt.engine in ("N_QUADS", "TRIG")
            for triple in result:
                rows += 1
                if rows > config["max_rows"]:
                    raise _TooManyRowsInGraph
                yield ox.Quad(*triple, ox.DefaultGraph()) if quads else triple

        prefixes = config["prefixes"] if fmt.engine in ("TURTLE", "TRIG") else None
        ox.serialize(counted(), spool, _graph_format(fmt.engine), prefixes=prefixes)
        return fmt.name, rows
    fmt = wanted if wanted and wanted.kind is Kind.RESULTS else formats(Kind.RESULTS)[0]
    if isinstance(result, ox.QueryBoolean):
        spool.write(result.serialize(format=getattr(ox.QueryResultsFormat, fmt.engine)))
        return fmt.name, 1
    variables = [v.value for v in result.variables]
    return fmt.name, write_select(spool, fmt.name, variables, result, config["max_rows"])


class _TooManyRowsInGraph(Exception):
    pass


def _error(kind: str, message: str, line: int | None = None, column: int | None = None) -> tuple:
    return ("error", kind, message, line, column)


def _orphan_watch(parent: int) -> None:
    # PR_SET_PDEATHSIG follows the parent *thread*, which may be a short-lived one; poll instead,
    # so a runaway query never outlives the server.
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def worker_main(fd: int) -> None:
    """Entry point of a worker process: sandbox, open the store, answer jobs until EOF."""
    from parley.store.embedded import syntax_error
    from parley.store.results import TooManyRows

    conn = Connection(fd)
    config: dict[str, Any] = conn.recv()
    threading.Thread(target=_orphan_watch, args=(config["parent"],), daemon=True).start()
    network = _sandbox(config["memory_mb"])
    store_dir = Path(config["store_dir"])
    opened: Path | None = None
    store: ox.Store | None = None
    conn.send(("ready", os.getpid(), network))
    while True:
        try:
            job: QueryJob = conn.recv()
        except (EOFError, OSError):
            return
        snapshot = _current(store_dir)
        if snapshot is None:
            conn.send(_error("missing", f"no store at {store_dir}: build it with `parley load`"))
            continue
        if snapshot != opened:
            store, opened = ox.Store.read_only(str(snapshot)), snapshot
        spool = _Spool(config["max_bytes"])
        try:
            fmt, rows = _answer(store, job, config, spool)  # type: ignore[arg-type]
        except SyntaxError as error:
            parsed = syntax_error(error)
            conn.send(_error("syntax", str(parsed), parsed.line, parsed.column))
            continue
        except (TooManyRows, _TooManyRowsInGraph):
            conn.send(_error("rows", f"the answer has more than {config['max_rows']} rows"))
            continue
        except _TooManyBytes:
            conn.send(_error("bytes", f"the answer is larger than {config['max_bytes']} bytes"))
            continue
        except MemoryError:
            conn.send(_error("memory", "the query needed more memory than a worker may use"))
            continue
        except Exception as error:  # reported to the parent, which logs it
            conn.send(_error("internal", f"{type(error).__name__}: {error}"))
            continue
        spool.file.seek(0)
        first = spool.file.read(CHUNK)
        more = spool.size > len(first)
        conn.send(("data", fmt, first, more, rows, spool.size))
        while more:
            chunk = spool.file.read(CHUNK)
            if not chunk:
                break
            conn.send(("chunk", chunk))
        if more:
            conn.send(("end",))
        spool.file.close()


# --- the parent side ------------------------------------------------------------------------------


class _Worker:
    def __init__(self, process: subprocess.Popen[bytes], conn: Connection, pid: int,
                 network: str):
        self.process = process
        self.conn = conn
        self.pid = pid
        self.network = network
        self.lease_deadline: float | None = None

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)
        with contextlib.suppress(Exception):
            self.conn.close()


def _raise(message: tuple, config: PoolConfig) -> None:
    _, kind, text, line, column = message
    if kind == "syntax":
        raise QuerySyntaxError(text, line, column)
    if kind == "rows":
        raise ResultTooLarge(f"{text} (the cap is {config.max_rows})")
    if kind == "bytes":
        raise ResultTooLarge(f"{text} (the cap is {config.max_bytes} bytes)")
    if kind == "missing":
        raise StoreMissing(text)
    if kind == "memory":
        raise QueryRefused(f"{text} ({config.memory_mb} MiB)")
    log.error("query worker failed: %s", text)
    raise WorkerFailed("the query could not be evaluated because of a server fault")


class Answer:
    """A streamed answer holding its worker until exhausted or closed."""

    def __init__(self, pool: WorkerPool, worker: _Worker, fmt: str, first: bytes, more: bool,
                 rows: int, size: int):
        self._pool = pool
        self._worker: _Worker | None = worker
        self.fmt = fmt
        self.first = first
        self.rows = rows
        self.size = size
        self._more = more
        if not more:
            self._release(clean=True)

    def __iter__(self) -> Iterator[bytes]:
        try:
            while self._more and self._worker is not None:
                remaining = (self._worker.lease_deadline or 0) - time.monotonic()
                if remaining <= 0 or not self._worker.conn.poll(remaining):
                    raise QueryTimeout("the answer took too long to transfer")
                message = self._worker.conn.recv()
                if message[0] == "end":
                    self._more = False
                    self._release(clean=True)
                    return
                yield message[1]
        except (EOFError, OSError) as error:
            log.error("query worker died while streaming: %s", error)
            raise WorkerFailed("the answer was cut short by a server fault") from None
        finally:
            self.close()

    def close(self) -> None:
        self._release(clean=not self._more)

    def _release(self, clean: bool) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            self._pool._release(worker, clean)


class WorkerPool:
    """The embedded backend's `QueryExecutor`."""

    def __init__(self, config: PoolConfig):
        self.config = config
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self.restarts = 0
        self.network_isolation = "none"
        self._worker_config = {
            "store_dir": str(config.store_dir), "memory_mb": config.memory_mb,
            "max_rows": config.max_rows, "max_bytes": config.max_bytes,
            "prefixes": config.prefixes, "parent": os.getpid(),
        }
        starters = [threading.Thread(target=self._add) for _ in range(config.size)]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()
        if not self._workers:
            raise WorkerFailed("no query worker could be started")
        self._monitor = threading.Thread(target=self._reap, name="parley-reaper", daemon=True)
        self._monitor.start()

    # -- lifecycle --

    def _spawn(self) -> _Worker:
        ours, theirs = socket.socketpair()
        with ours, theirs:
            process = subprocess.Popen(
                [sys.executable, "-m", "parley.store.workers", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, close_fds=True)
            parent = Connection(ours.detach())
        parent.send(self._worker_config)
        if not parent.poll(30):
            process.kill()
            raise WorkerFailed("a query worker did not start within 30 s")
        try:
            _, pid, network = parent.recv()
        except EOFError:
            process.kill()
            raise WorkerFailed(f"a query worker exited at start ({process.wait()})") from None
        return _Worker(process, parent, pid, network)

    def _add(self) -> None:
        if self._closed.is_set():
            return
        try:
            worker = self._spawn()
        except Exception:  # a pool one worker short still serves
            log.exception("could not start a query worker")
            return
        with self._lock:
            if self._closed.is_set():
                worker.kill()
                return
            self._workers.add(worker)
            self.network_isolation = worker.network
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` now and fork its replacement in the background."""
        with self._lock:
            self._workers.discard(worker)
            self.restarts += 1
        worker.kill()
        threading.Thread(target=self._add, daemon=True).start()

    def _release(self, worker: _Worker, clean: bool) -> None:
        if clean and worker.process.poll() is None:
            worker.lease_deadline = None
            self._idle.put(worker)
        else:
            self._replace(worker)

    def _reap(self) -> None:
        while not self._closed.wait(0.5):
            now = time.monotonic()
            with self._lock:
                stale = [w for w in self._workers
                         if w.lease_deadline is not None and w.lease_deadline < now]
            for worker in stale:
                log.warning("reaping query worker %s: its answer was never collected", worker.pid)
                worker.lease_deadline = None
                self._replace(worker)

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()

    # -- queries --

    def stats(self) -> dict[str, float]:
        with self._lock:
            total = len(self._workers)
        idle = self._idle.qsize()
        return {"workers": total, "idle": idle, "busy": max(total - idle, 0),
                "restarts": self.restarts,
                "network_isolated": 1 if self.network_isolation == "namespace" else 0}

    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._workers]

    def run(self, job: QueryJob, cancelled: threading.Event | None = None) -> Answer:
        started = time.monotonic()
        while True:
            try:
                worker = self._idle.get(
                    timeout=max(started + self.config.queue_timeout - time.monotonic(), 0.001))
            except queue.Empty:
                raise Overloaded(
                    f"all {self.config.size} query workers stayed busy for "
                    f"{self.config.queue_timeout:g} s", retry_after=max(1, round(
                        self.config.queue_timeout))) from None
            if worker.process.poll() is None:
                break
            log.warning("query worker %s had died while idle; replacing it", worker.pid)
            self._replace(worker)
        deadline = started + self.config.query_timeout
        worker.lease_deadline = started + self.config.stream_timeout
        try:
            worker.conn.send(job)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._replace(worker)
                    raise QueryTimeout(
                        f"the query ran longer than {self.config.query_timeout:g} s and was "
                        "stopped")
                if cancelled is not None and cancelled.is_set():
                    self._replace(worker)
                    raise QueryTimeout("the client went away; the query was stopped")
                if worker.conn.poll(min(remaining, 0.1)):
                    break
            message = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            code = None
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = worker.process.wait(timeout=2)
            self._replace(worker)
            log.error("query worker %s died (exit code %s)", worker.pid, code)
            if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL):
                raise QueryRefused(
                    "the query exhausted the resources of its worker (memory cap "
                    f"{self.config.memory_mb} MiB) and was stopped") from None
            raise WorkerFailed("the query could not be evaluated because of a server fault"
                               ) from None
        if message[0] == "error":
            worker.lease_deadline = None
            self._idle.put(worker)
            _raise(message, self.config)
        _, fmt, first, more, rows, size = message
        return Answer(self, worker, fmt, first, more, rows, size)


def pool_config(settings: Any, size: int | None = None) -> PoolConfig:
    from parley.namespaces import PREFIXES

    return PoolConfig(
        store_dir=settings.store_path,
        size=size or settings.max_concurrent_queries,
        query_timeout=settings.query_timeout,
        queue_timeout=settings.queue_timeout,
        max_rows=settings.max_result_rows,
        max_bytes=settings.max_result_bytes,
        memory_mb=settings.worker_memory_mb,
        prefixes=dict(PREFIXES),
    )


if __name__ == "__main__":
    worker_main(int(sys.argv[1]))


__all__ = ["Answer", "PoolConfig", "QueryInvalid", "StoreError", "WorkerPool", "pool_config"]
