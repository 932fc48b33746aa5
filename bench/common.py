"""Timing loops, percentiles, machine facts and the processes the bench starts (127.0.0.1 only)."""

from __future__ import annotations

import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

import httpx

HOST = "127.0.0.1"
Stats = dict[str, object]


def summary(samples_ms: list[float], extra: dict[str, object] | None = None) -> Stats:
    """Percentiles of `samples_ms` (milliseconds), the samples themselves, and `extra`."""
    ordered = sorted(samples_ms)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else (
        ordered * 99)
    out: Stats = {
        "n": len(ordered), "p50": round(statistics.median(ordered), 3),
        "p95": round(cuts[94], 3), "p99": round(cuts[98], 3),
        "min": round(ordered[0], 3), "max": round(ordered[-1], 3),
        "mean": round(statistics.fmean(ordered), 3),
        "samples": [round(s, 3) for s in samples_ms],
    }
    out.update(extra or {})
    return out


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def interleaved(fns: dict[str, Callable[[], object]], n: int, warmup: int,
                budget_s: float) -> dict[str, list[float]]:
    """Run every fn once per round, order rotated each round, so background noise hits all alike.

    Warm-up stops after `budget_s / 2`; timing stops after `n` rounds, after `budget_s` seconds
    once 3 rounds are done, or after `3 * budget_s` seconds once 1 round is done.
    """
    names = list(fns)
    started = time.monotonic()
    for _ in range(warmup):
        for name in names:
            fns[name]()
        if time.monotonic() - started > budget_s / 2:
            break
    samples: dict[str, list[float]] = {name: [] for name in names}
    started = time.monotonic()
    for round_ in range(n):
        spent = time.monotonic() - started
        if (round_ >= 3 and spent > budget_s) or (round_ >= 1 and spent > 3 * budget_s):
            break
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(timed(fns[name])[0])
    return samples


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_until(ok: Callable[[], bool], process: subprocess.Popen[bytes], what: str,
               timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited early ({process.returncode})")
        try:
            if ok():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{what} did not start within {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def app_server(store: Path, root: Path, log: Path,
               **env: str) -> Iterator[tuple[str, int, float]]:
    """`parley serve --no-rebuild` on a free loopback port; yields (base URL, pid, seconds it
    took to answer /healthz)."""
    port = free_port()
    environment = {**os.environ, "PARLEY_ROOT": str(root), "PARLEY_LOG_LEVEL": "warning", **env}
    cmd = [sys.executable, "-m", "parley.cli", "serve", "--store", str(store),
           "--host", HOST, "--port", str(port), "--no-rebuild"]
    url = f"http://{HOST}:{port}"
    with log.open("wb") as handle:
        started = time.monotonic()
        process = subprocess.Popen(cmd, env=environment, stdout=handle, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: httpx.get(f"{url}/healthz", timeout=2).status_code == 200,
                       process, "the Parley server", timeout=600)
            yield url, process.pid, time.monotonic() - started
        finally:
            stop(process)


def oxigraph_binary() -> str:
    return shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


@contextmanager
def oxigraph_server(location: Path, log: Path) -> Iterator[str]:
    """`oxigraph serve` on an existing database folder; yields the base URL."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"{HOST}:{port}"],
            stdout=handle, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: httpx.get(f"{url}/query", params={"query": "ASK {}"},
                                         timeout=2).status_code == 200,
                       process, "the Oxigraph server")
            yield url
        finally:
            stop(process)


def memory_mb(pid: int, field: str = "VmHWM") -> float | None:
    """A /proc/<pid>/status memory figure (VmHWM: peak RSS) in MB, None when unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def machine() -> dict[str, object]:
    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    try:
        oxigraph_cli = subprocess.run([oxigraph_binary(), "--version"], capture_output=True,
                                      text=True, timeout=10).stdout.strip()
    except OSError:
        oxigraph_cli = None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10, cwd=Path(__file__).parent).stdout.strip()
    except OSError:
        commit = ""
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(memory / 2**20, 1),
        "os": platform.platform(), "python": platform.python_version(),
        "packages": {name: version(name) for name in (
            "pyoxigraph", "rdflib", "fastapi", "uvicorn", "starlette", "httpx", "SPARQLWrapper",
            "oxigraph")},
        "oxigraph_cli": oxigraph_cli, "git_commit": commit,
    }
