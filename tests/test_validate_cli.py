"""`parley validate` as a user runs it: exit codes, file and line on errors, three formats."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
VALID = FIXTURES / "valid" / "mini.trig"
INVALID = FIXTURES / "invalid" / "count-without-side.trig"


def parley(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("parley", path=str(Path(sys.executable).parent)) or "parley"
    return subprocess.run([exe, "validate", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_valid_file_exits_0() -> None:
    run = parley(str(VALID))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "conforms" in run.stdout


def test_invalid_file_exits_1_and_says_where() -> None:
    run = parley(str(INVALID))
    assert run.returncode == 1
    assert "count-without-side.trig" in run.stdout
    assert "https://w3id.org/parley/id/count/x" in run.stdout
    assert "Say which side a count is for" in run.stdout


def test_broken_file_exits_2_with_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.trig"
    broken.write_text('PREFIX ex: <http://example.org/>\n\nex:a ex:b ex:c .\nex:d ex:e "open .\n',
                      encoding="utf-8")
    run = parley(str(broken))
    assert run.returncode == 2
    assert "broken.trig" in run.stderr
    assert "line 4" in run.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    assert parley(str(tmp_path / "nothing.trig")).returncode == 2


def test_json_format() -> None:
    run = parley("--format", "json", str(INVALID))
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["conforms"] is False
    result = report["results"][0]
    assert result["source_file"].endswith("count-without-side.trig")
    assert result["source_shape"] == "https://w3id.org/parley/shapes#CountSideShape"
    assert {"focus_node", "path", "message", "severity", "value"} <= result.keys()


def test_turtle_format_is_a_shacl_report() -> None:
    run = parley("--format", "turtle", str(INVALID))
    assert run.returncode == 1
    report = Graph().parse(data=run.stdout, format="turtle")
    assert (None, SH.conforms, None) in report
    assert len(list(report.subjects(None, SH.ValidationResult))) >= 1
