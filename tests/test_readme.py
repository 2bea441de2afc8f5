"""The README's promises that can be checked mechanically."""

from __future__ import annotations

import re

from conftest import ROOT


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    commands = re.findall(r"^    (python3 -m venv .*)$", readme, flags=re.MULTILINE)
    assert len(commands) == 2  # install + run on the samples; install + tests
    assert commands[0].endswith("remisskoll compare samples/")
    assert commands[1].endswith("pytest")
    assert commands[1] in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_readme_documents_every_exit_code_and_stance() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in readme
    for stance in ("positive", "conditional", "negative", "no_opinion", "not_addressed"):
        assert f"| `{stance}` |" in readme
