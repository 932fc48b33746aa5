"""Shared fixtures: a store built from the real files, and the real app under uvicorn.

Tests talk to a real server on 127.0.0.1 through real HTTP clients; nothing is mocked.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from parley.build import build_store
from parley.settings import PROJECT_ROOT, Settings, load_settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class LiveServer:
    url: str
    settings: Settings
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]


def start_server(settings: Settings, log: Path, **env_overrides: str) -> LiveServer:
    """Run `parley serve` in its own process and wait until /healthz answers."""
    port = free_port()
    env = {**os.environ, "PARLEY_ROOT": str(settings.root), "PARLEY_LOG_LEVEL": "warning",
           **env_overrides}
    cmd = [sys.executable, "-m", "parley.cli", "serve", "--store", str(settings.store_path),
           "--host", "127.0.0.1", "--port", str(port), "--no-rebuild"]
    handle = log.open("wb")
    process = subprocess.Popen(cmd, env=env, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return LiveServer(url, settings.replace(port=port), process, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')}")


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a store built once per session from the repository's files."""
    store = tmp_path_factory.mktemp("store")
    settings = load_settings(root=PROJECT_ROOT, store=store)
    build_store(settings)
    return settings


@pytest.fixture(scope="session")
def store(built_settings: Settings) -> Iterator[object]:
    from parley.store import open_store

    opened = open_store(built_settings)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def server(
    built_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    live = start_server(built_settings, tmp_path_factory.mktemp("log") / "server.log")
    yield live
    stop_server(live)


@pytest.fixture()
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http
