"""The example queries offered in the query UI: `.rq` files in queries/examples/.

Each file starts with `# title: ...` and may follow it with `# description: ...`; the rest is
the query as the user sees it in the editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from parley.queries import load_query, query_names

FOLDER = "examples"


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    query: str


def _header(text: str, key: str) -> str:
    prefix = f"# {key}:"
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    return ""


@cache
def examples() -> tuple[Example, ...]:
    found = []
    for name in query_names(FOLDER):
        text = load_query(name)
        title = _header(text, "title")
        if not title:
            raise ValueError(f"{name}.rq has no '# title:' first line")
        found.append(Example(name.split("/")[-1], title, _header(text, "description"), text))
    return tuple(found)
