"""Synthetic scale-ups of the real graph: the data files replicated with renamed IRIs.

Copy k (k >= 1) of every file under data/ has each `https://w3id.org/parley/id/<kind>/` prefix
rewritten to `.../<kind>/r<k>-`, so every person, claim graph, exchange... exists once more under a
new IRI while the ontology terms stay shared. Copy 0 is the real data, so /id/person/umerov and
every real lookup still answer. The ontology and shapes are copied once, as in the real store.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from parley.settings import PROJECT_ROOT

ID_PREFIX = re.compile(r"<https://w3id\.org/parley/id/([a-z]+)/>")
BASE_QUADS = 6880  # quads of the real store (ontology twice, shapes once, data as loaded)
QUADS_PER_COPY = 3843  # quads one more copy of data/ adds


def copies_for(target_quads: int) -> int:
    """How many copies of data/ (the real one included) give about `target_quads` quads."""
    return max(1, round((target_quads - BASE_QUADS) / QUADS_PER_COPY) + 1)


def renamed(text: str, copy: int) -> str:
    return ID_PREFIX.sub(lambda m: f"<https://w3id.org/parley/id/{m.group(1)}/r{copy}->", text)


def scaled_root(work: Path, label: str, copies: int, source: Path = PROJECT_ROOT) -> Path:
    """A PARLEY_ROOT with `copies` copies of data/; reused when already generated alike."""
    root = work / "roots" / label
    marker = root / "scale.json"
    wanted = {"copies": copies, "source_digest": _digest(source)}
    if marker.is_file() and json.loads(marker.read_text()) == wanted:
        return root
    shutil.rmtree(root, ignore_errors=True)
    for folder in ("ontology", "shapes"):
        shutil.copytree(source / folder, root / folder)
    files = sorted((source / "data").glob("*.trig"))
    for copy in range(copies):
        target = root / "data" / f"r{copy:04d}"
        target.mkdir(parents=True)
        for path in files:
            text = path.read_text("utf-8")
            (target / path.name).write_text(text if copy == 0 else renamed(text, copy), "utf-8")
    marker.write_text(json.dumps(wanted))
    return root


def _digest(source: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for folder in ("ontology", "shapes", "data"):
        for path in sorted((source / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(source)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
