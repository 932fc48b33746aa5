"""Every example query of the query UI runs on the real store and answers at least one row."""

from __future__ import annotations

import pytest

from parley.examples import examples
from parley.store import GraphStore

EXAMPLES = examples()


def test_there_are_enough_examples_each_with_a_title() -> None:
    assert len(EXAMPLES) >= 12
    assert all(e.title and e.query.startswith("# title: ") for e in EXAMPLES)
    assert len({e.title for e in EXAMPLES}) == len(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_returns_rows(store: GraphStore, example: object) -> None:
    rows = store.select(example.query)  # type: ignore[attr-defined]
    assert len(rows) >= 1, f"{example.name} returned no rows"  # type: ignore[attr-defined]
    assert any(row for row in rows), "every row is empty"
