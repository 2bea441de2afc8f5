"""The README's promises that can be checked mechanically."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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


# --- examples: every block that starts with "$ remisskoll …" is a real run on the bundled samples -----

EXAMPLE = re.compile(r"^```\n\$ remisskoll (?P<args>[^\n]*)\n(?P<body>.*?)^```$", re.M | re.S)
ELIDED = "…"  # a line of its own: any number of lines left out
WIDTH = "120"  # the terminal width the README's examples are shown at


def _run(args: str) -> str:
    """The command as a user sees it in a 120-column terminal: stdout and stderr in the order written.
    It runs in a POSIX shell, so an example may redirect (`> /dev/full; echo $?`)."""
    bin_dir = str(Path(sys.executable).parent)  # this environment's remisskoll
    env = os.environ | {
        "COLUMNS": WIDTH,
        "PYTHONUNBUFFERED": "1",
        "NO_COLOR": "1",
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
    }
    done = subprocess.run(
        ["sh", "-c", f"remisskoll {args}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )
    return done.stdout


def _lines(text: str) -> list[str]:
    # Trailing spaces are rich's padding; a review date is today's.
    return [re.sub(r"\b20\d\d-\d\d-\d\d\b", "YYYY-MM-DD", line.rstrip()) for line in text.splitlines()]


def _shown_in(shown: list[str], actual: list[str]) -> str | None:
    """None when the README's lines are the run's, "…" lines standing for lines left out; else why not."""
    parts: list[list[str]] = [[]]
    for line in shown:
        if line == ELIDED:
            parts.append([])
        else:
            parts[-1].append(line)
    if actual[: len(parts[0])] != parts[0]:
        return f"the start differs:\n{chr(10).join(actual[: len(parts[0])])}"
    at = len(parts[0])
    for part in parts[1:-1] if len(parts) > 1 else []:
        found = next(
            (i for i in range(at, len(actual) - len(part) + 1) if actual[i : i + len(part)] == part), None
        )
        if found is None:
            return f"not in the run (in this order): {part[0]!r} …"
        at = found + len(part)
    if len(parts) > 1 and parts[-1] and actual[len(actual) - len(parts[-1]) :] != parts[-1]:
        return f"the end differs:\n{chr(10).join(actual[len(actual) - len(parts[-1]) :])}"
    if len(parts) == 1 and len(actual) != len(parts[0]):
        return f"the run has {len(actual) - len(parts[0])} more line(s); end the block with a '…' line"
    return None


def _examples() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text("utf-8")
    return [(m["args"], m["body"]) for m in EXAMPLE.finditer(readme)]


def test_the_readme_has_examples_to_check() -> None:
    commands = [args.split()[0] for args, _ in _examples()]
    assert {"compare", "explain", "evaluate", "summary"} <= set(commands)


@pytest.mark.parametrize(("args", "body"), _examples(), ids=[a for a, _ in _examples()])
def test_readme_examples_are_real_runs_on_the_samples(args: str, body: str) -> None:
    problem = _shown_in(_lines(body), _lines(_run(args)))
    assert problem is None, f"README example `remisskoll {args}`: {problem}"


def test_the_readme_overrides_example_is_the_sample_file() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert (ROOT / "samples" / "granskning.yaml").read_text("utf-8") in readme


def update() -> None:
    """Rewrite the README's examples that have no "…" with a fresh run (those with "…" are edited by hand)."""
    path = ROOT / "README.md"

    def fresh(m: re.Match[str]) -> str:
        if ELIDED in m["body"].splitlines():
            return m.group(0)
        out = "\n".join(line.rstrip() for line in _run(m["args"]).splitlines())
        return f"```\n$ remisskoll {m['args']}\n{out}\n```"

    path.write_text(EXAMPLE.sub(fresh, path.read_text("utf-8")), "utf-8")


if __name__ == "__main__":  # python tests/test_readme.py: regenerate the examples after a change of output
    update()
