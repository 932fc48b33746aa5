"""One `build_store` in a fresh process: `python -m bench.load_one ROOT STORE` prints JSON.

A process of its own, so peak RSS (`ru_maxrss`) is this load's and nothing else's.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(root: Path, store: Path) -> dict[str, object]:
    from parley.build import build_store
    from parley.settings import load_settings
    from parley.store.embedded import current_snapshot

    settings = load_settings(root=root, store=store)
    before = current_snapshot(store)
    before_mtime = before.stat().st_mtime_ns if before else None
    started = time.perf_counter()
    snapshot = build_store(settings)
    seconds = time.perf_counter() - started
    after = current_snapshot(store)
    assert after is not None
    return {
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "snapshot": snapshot,
        # A no-op leaves the very same snapshot folder in place, untouched.
        "store_unchanged": before is not None and before == after
        and before_mtime == after.stat().st_mtime_ns,
        "store_mb": round(sum(p.stat().st_size for p in after.rglob("*") if p.is_file()) / 2**20,
                          1),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
