"""What a user installing the package gets: the license, one version, shell completion."""

from __future__ import annotations

import tomllib
from importlib.metadata import metadata

from typer.testing import CliRunner

import remisskoll
from remisskoll.cli import app

from conftest import ROOT


def _project() -> dict[str, object]:
    return dict(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"])


def test_the_license_is_an_spdx_expression_with_its_file() -> None:
    project = _project()
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License\n")
    assert metadata("remisskoll")["License-Expression"] == "MIT"


def test_the_version_is_written_in_one_place() -> None:
    assert remisskoll.__version__ == _project()["version"] == metadata("remisskoll")["Version"]
    source = (ROOT / "src" / "remisskoll" / "__init__.py").read_text("utf-8")
    assert f'"{remisskoll.__version__}"' not in source


def test_shell_completion_can_be_installed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
