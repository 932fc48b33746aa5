"""Named SPARQL queries: the only place SPARQL text lives is the `.rq` files beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


@cache
def load_query(name: str) -> str:
    """The text of `<name>.rq` (a name may contain a sub-folder, e.g. `examples/roles-at-date`)."""
    path = (HERE / f"{name}.rq").resolve()
    if HERE not in path.parents:
        raise ValueError(f"no query named {name!r}")
    return path.read_text("utf-8")


def query_names(folder: str = "") -> list[str]:
    base = HERE / folder
    return sorted(str(p.relative_to(HERE).with_suffix("")) for p in base.glob("*.rq"))
