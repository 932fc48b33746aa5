"""The benchmark suite still runs end to end and reports every section (nothing about speed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parley.settings import PROJECT_ROOT

pytestmark = pytest.mark.external  # starts `oxigraph serve` beside the app

SECTIONS = {"load", "data", "sparql_http", "lookups", "inprocess", "remote", "server"}
HTTP = {"ask", "role_lookup", "count", "select_10k_json", "select_10k_csv", "construct_turtle",
        "burst", "runaway"}
LOOKUPS = {"roles", "search", "timeline", "person_ttl"}


@pytest.mark.timeout(90)
def test_quick_bench_reports_every_section(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--sizes", "real", "--repeat", "5",
         "--out", str(out), "--work", str(tmp_path / "work")],
        cwd=PROJECT_ROOT, check=True, timeout=80, capture_output=True)
    result = json.loads(out.read_text("utf-8"))
    machine = result["meta"]["machine"]
    assert machine["nproc"] and machine["python"] and machine["packages"]["pyoxigraph"]
    real = result["sizes"]["real"]
    assert set(real) >= SECTIONS
    assert {"load", "reload"} <= set(real["load"])
    assert real["load"]["reload"]["store_unchanged"]
    assert set(real["sparql_http"]) >= HTTP
    assert set(real["lookups"]) >= LOOKUPS
    assert {"role_lookup", "count"} <= set(real["inprocess"]) & set(real["remote"])
    assert real["sparql_http"]["select_10k_json"]["rows"] == 10_000
    assert real["sparql_http"]["runaway"]["status"] == 503
    assert (tmp_path / "latest.md").read_text("utf-8").startswith("# Parley benchmark")
