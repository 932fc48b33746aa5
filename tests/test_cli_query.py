"""`parley query`: the same guard and limits as /sparql, with exit codes 0, 1 and 2."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from parley.settings import Settings


def run(settings: Settings, *args: str, stdin: bytes | None = None,
        **env: str) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "PARLEY_ROOT": str(settings.root),
               "PARLEY_STORE": str(settings.store_path), **env}
    return subprocess.run([sys.executable, "-m", "parley.cli", "query", *args], input=stdin,
                          capture_output=True, env=environ, timeout=60, check=False)


def test_help(built_settings: Settings) -> None:
    done = run(built_settings, "--help")
    assert done.returncode == 0
    assert b"--format" in done.stdout and b"Exit codes" in done.stdout


def test_table_with_cyrillic(built_settings: Settings) -> None:
    done = run(built_settings, 'SELECT ?name WHERE { VALUES ?name { "Умєров"@uk "Мединский" } }')
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert "Умєров" in text and "Мединский" in text and "(2 rows)" in text


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_results_formats(built_settings: Settings, fmt: str) -> None:
    done = run(built_settings, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", fmt)
    assert done.returncode == 0, done.stderr
    if fmt == "json":
        assert int(json.loads(done.stdout)["results"]["bindings"][0]["n"]["value"]) > 0
    elif fmt == "csv":
        assert int(list(csv.reader(io.StringIO(done.stdout.decode())))[1][0]) > 0



@pytest.mark.parametrize(("fmt", "rdflib_format"), [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_graph_formats_from_a_file(built_settings: Settings, tmp_path: Path, fmt: str,
                                   rdflib_format: str) -> None:
    query = tmp_path / "q.rq"
    query.write_text("CONSTRUCT WHERE { ?s a ?o } LIMIT 3", "utf-8")
    done = run(built_settings, "--file", str(query), "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert len(Graph().parse(data=done.stdout.decode(), format=rdflib_format)) == 3


def test_query_from_stdin(built_settings: Settings) -> None:
    done = run(built_settings, "-", stdin=b"ASK {}")
    assert done.returncode == 0 and done.stdout.strip() == b"true"


def test_syntax_error_exits_1_with_position(built_settings: Settings) -> None:
    done = run(built_settings, "SELECT * WHERE {\n ?s ?p }")
    assert done.returncode == 1
    assert b"2:" in done.stderr


def test_service_is_refused_with_exit_1(built_settings: Settings) -> None:
    done = run(built_settings, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert done.returncode == 1 and b"SERVICE" in done.stderr


def test_deadline_applies(built_settings: Settings) -> None:
    done = run(built_settings, "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
               "?j ?k ?l }", PARLEY_QUERY_TIMEOUT="1")
    assert done.returncode == 1 and b"stopped" in done.stderr


@pytest.mark.parametrize("args", [
    ("ASK {}", "--file", "x.rq"),  # both a query and a file
    ("--file", "/nonexistent/q.rq"),
    ("ASK {}", "--format", "ttl"),  # a graph format for ASK
    ("SELECT " + "{" * 100,),  # nested past the cap
])
def test_bad_input_exits_2(built_settings: Settings, args: tuple[str, ...]) -> None:
    done = run(built_settings, *args)
    assert done.returncode == 2, done.stderr
    assert b"error" in done.stderr.lower() or b"usage" in done.stderr.lower()


def test_missing_store_exits_2(built_settings: Settings, tmp_path: Path) -> None:
    done = run(built_settings, "ASK {}", "--store", str(tmp_path / "none"))
    assert done.returncode == 2 and b"parley load" in done.stderr
