"""All of Parley's settings, in one place.

Each setting is read, in order of precedence, from the environment (``PARLEY_<NAME>``),
from a TOML config file (``PARLEY_CONFIG`` or ``./parley.toml``, table ``[parley]``), then
from the default below. ``parley settings`` prints the effective values.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_root() -> Path:
    # An installed package has no data beside it; the working directory is the next best guess.
    if (PROJECT_ROOT / "ontology").is_dir():
        return PROJECT_ROOT
    return Path.cwd()


@dataclass(frozen=True)
class Settings:
    root: Path = field(
        default_factory=_default_root,
        metadata={"help": "Folder holding ontology/, shapes/ and data/."},
    )
    store: Path = field(
        default=Path("var/store"),
        metadata={"help": "Embedded Oxigraph store folder (relative paths are under root)."},
    )
    backend: str = field(
        default="embedded",
        metadata={"help": "'embedded' (on-disk Oxigraph) or 'remote' (any SPARQL 1.1 server)."},
    )
    remote_query_url: str = field(
        default="", metadata={"help": "Query endpoint of the remote backend."}
    )
    remote_update_url: str = field(
        default="", metadata={"help": "Update endpoint of the remote backend."}
    )
    remote_user: str = field(default="", metadata={"help": "User for the remote backend."})
    remote_password: str = field(
        default="", metadata={"help": "Password for the remote backend."}
    )
    base_iri: str = field(
        default="https://w3id.org/parley/",
        metadata={"help": "Base of every Parley IRI; served under the same paths."},
    )
    public_url: str = field(
        default="",
        metadata={"help": "Public URL of this server, for links in dumps and descriptions."},
    )
    host: str = field(default="127.0.0.1", metadata={"help": "Address `parley serve` binds."})
    port: int = field(default=8000, metadata={"help": "Port `parley serve` binds."})
    query_timeout: float = field(
        default=30.0, metadata={"help": "Seconds a SPARQL query may run before it is stopped."}
    )
    max_concurrent_queries: int = field(
        default=4, metadata={"help": "SPARQL queries evaluated at once; more wait, then get 503."}
    )
    queue_timeout: float = field(
        default=2.0,
        metadata={"help": "Seconds a query waits for a free worker before a 503 Retry-After."},
    )
    max_result_rows: int = field(
        default=100_000,
        metadata={"help": "Most rows (or triples) one response carries; more is refused."},
    )
    max_result_bytes: int = field(
        default=64 * 1024 * 1024,
        metadata={"help": "Most bytes one response carries; more is refused."},
    )
    max_query_bytes: int = field(
        default=64 * 1024, metadata={"help": "Largest SPARQL query text accepted."}
    )
    max_body_bytes: int = field(
        default=256 * 1024, metadata={"help": "Largest request body accepted."}
    )
    max_nesting: int = field(
        default=64, metadata={"help": "Deepest bracket nesting accepted in a query."}
    )
    worker_memory_mb: int = field(
        default=2048, metadata={"help": "Address-space cap of each query worker process (MiB)."}
    )
    log_level: str = field(default="info", metadata={"help": "Log level of the server."})
    remote_default_graph: str = field(
        default="",
        metadata={"help": "Remote backend: named graph holding the curated default graph, for "
                  "servers whose default graph is the union of all graphs (Virtuoso); empty = "
                  "the server's real default graph."},
    )

    def path(self, value: Path) -> Path:
        return value if value.is_absolute() else self.root / value

    @property
    def store_path(self) -> Path:
        return self.path(self.store)

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _coerce(value: Any, kind: Any) -> Any:
    kind = kind if isinstance(kind, type) else {"Path": Path, "int": int, "float": float,
                                                   "str": str, "bool": bool}[str(kind)]
    if kind is bool and isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return kind(value)


def load_settings(
    environ: dict[str, str] | None = None, config: Path | None = None, **overrides: Any
) -> Settings:
    """Build Settings from a config file, the environment and explicit overrides."""
    env = dict(os.environ if environ is None else environ)
    cfg_path = config or Path(env.get("PARLEY_CONFIG", "parley.toml"))
    values: dict[str, Any] = {}
    if cfg_path.is_file():
        values.update(tomllib.loads(cfg_path.read_text("utf-8")).get("parley", {}))
    for f in dataclasses.fields(Settings):
        raw = env.get(f"PARLEY_{f.name.upper()}")
        if raw is not None:
            values[f.name] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name: f for f in dataclasses.fields(Settings)}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    return Settings(**{k: _coerce(v, known[k].type) for k, v in values.items()})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, for docs and `--help`."""
    defaults = Settings()
    return [
        (f"PARLEY_{f.name.upper()}", str(getattr(defaults, f.name)), f.metadata.get("help", ""))
        for f in dataclasses.fields(Settings)
    ]
