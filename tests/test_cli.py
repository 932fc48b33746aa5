"""Every command has --help and says what it does; the CLI is the installed `parley`."""

from __future__ import annotations

import subprocess
import sys

import pytest

COMMANDS = ["load", "serve", "query", "export", "validate", "docs", "settings"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "parley.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_top_level_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


@pytest.mark.parametrize("command", ["query", "export", "validate"])
def test_commands_with_output_have_a_format_option(command: str) -> None:
    assert "--format" in run(command, "--help").stdout


def test_unknown_command_fails() -> None:
    assert run("frobnicate").returncode == 2


def test_settings_lists_environment_variables() -> None:
    result = run("settings")
    assert result.returncode == 0
    assert "PARLEY_QUERY_TIMEOUT" in result.stdout
