"""One settings object, read from the environment, a TOML file and defaults, in that order."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.settings import Settings, describe, load_settings


def test_defaults() -> None:
    settings = load_settings(environ={}, config=Path("/nonexistent.toml"))
    assert settings.query_timeout == 30.0
    assert settings.base_iri == "https://w3id.org/parley/"
    assert settings.backend == "embedded"


def test_environment_beats_config_file_beats_default(tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text('[parley]\nquery_timeout = 5\nport = 9000\n', "utf-8")
    settings = load_settings(environ={"PARLEY_QUERY_TIMEOUT": "7.5"}, config=config)
    assert settings.query_timeout == 7.5
    assert settings.port == 9000


def test_config_file_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "other.toml"
    config.write_text('[parley]\nmax_result_rows = 10\n', "utf-8")
    settings = load_settings(environ={"PARLEY_CONFIG": str(config)})
    assert settings.max_result_rows == 10


def test_unknown_setting_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text('[parley]\nquery_timout = 5\n', "utf-8")
    with pytest.raises(ValueError, match="query_timout"):
        load_settings(environ={}, config=config)


def test_relative_store_is_under_root(tmp_path: Path) -> None:
    settings = load_settings(environ={"PARLEY_ROOT": str(tmp_path)}, config=tmp_path / "x.toml")
    assert settings.store_path == tmp_path / "var" / "store"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    missing = [env for env, _, _ in describe() if env not in readme]
    assert missing == []
    assert all(help_ for _, _, help_ in describe())


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().port = 1  # type: ignore[misc]
