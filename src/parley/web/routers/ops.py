"""Operations: health."""

from __future__ import annotations

from fastapi import APIRouter

from parley.web.deps import StoreDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz(store: StoreDep) -> dict[str, object]:
    """Liveness and readiness: answers 200 when the store answers a trivial query."""
    return {"status": "ok", "store": store.ask("ASK {}")}
