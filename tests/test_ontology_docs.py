"""pyLODE builds the ontology's HTML page, titled by the ontology and listing its classes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parley.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CLASSES = ["TalksRound", "Delegation", "PostHolding", "PrisonerExchange", "Agreement", "Count",
           "Claim", "Article", "Ultimatum", "CeasefireProposal"]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    from parley.ontology_docs import build_ontology_docs

    out = build_ontology_docs(Settings(root=ROOT), tmp_path_factory.mktemp("docs"))
    assert out.name == "index.html"
    return out.read_text("utf-8")


def test_title_is_the_ontology_not_a_scheme(page: str) -> None:
    assert "<title>Parley ontology" in page


@pytest.mark.parametrize("name", CLASSES)
def test_page_lists_class(page: str, name: str) -> None:
    assert name in page


def test_cli_writes_index(tmp_path: Path) -> None:
    exe = shutil.which("parley", path=str(Path(sys.executable).parent)) or "parley"
    run = subprocess.run([exe, "docs", "--out", str(tmp_path)], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "index.html").stat().st_size > 10_000
