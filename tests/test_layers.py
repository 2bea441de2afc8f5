"""The architecture's promises: layers that import only downwards, one error model with its exit codes,
typed reading options, library use from any script, and nothing Unix-only on the main path."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import remisskoll
from remisskoll import ExitCode, OptionsError, ProposalsError, ReadOptions, UsageError, parse_proposals
from remisskoll.cli import app
from remisskoll.errors import ConfigError
from remisskoll.model import Engine, OcrMode
from remisskoll.runtime.cache import cache_dir

from conftest import ROOT, SAMPLES

PACKAGE = ROOT / "src" / "remisskoll"


def _imports() -> dict[str, set[str]]:
    """Every module of the package → the modules of the package it imports (anywhere in its code)."""
    out: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        here = name.split(".") if is_package else name.split(".")[:-1]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("remisskoll")}
            elif isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                module = ".".join([*base, *(node.module.split(".") if node.module else [])])
                if not module.startswith("remisskoll"):
                    continue
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}  # `from . import lexicon`
        out[name] = found
    return out


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_layers_import_only_downwards() -> None:
    imports = _imports()
    assert {"remisskoll.reading", "remisskoll.analysis", "remisskoll.runtime", "remisskoll.cli"} <= set(
        imports
    )
    rules = {
        # layer → layers (or top-level modules) it must not import
        "analysis": {"reading", "runtime", "cli", "pipeline"},
        "reading": {"analysis", "runtime", "cli", "pipeline"},
        "runtime": {"reading", "analysis", "cli", "pipeline"},
    }
    wrong = []
    for module, found in sorted(imports.items()):
        banned = rules.get(_layer(module), set())
        for target in sorted(found):
            if _layer(target) in banned:
                wrong.append(f"{module} imports {target}")
            if _layer(target) == "cli" and module not in ("remisskoll.__main__", "remisskoll.cli"):
                wrong.append(f"{module} imports the CLI")
    assert wrong == []


def test_the_import_rule_test_sees_a_violation(tmp_path: Path) -> None:
    # The walk above resolves relative imports: check it on the one import every analysis module has.
    assert "remisskoll.model" in _imports()["remisskoll.analysis.match"]
    assert "remisskoll.analysis.lexicon" in _imports()["remisskoll.analysis.classify"]


def test_unix_only_modules_are_imported_only_where_they_are_optional() -> None:
    unix_only = {"resource", "fcntl", "termios", "pwd", "grp", "posix"}
    places = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        top_level = {id(n) for n in tree.body}
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] in unix_only for n in names):
                places.append((path.relative_to(PACKAGE).as_posix(), id(node) in top_level))
    # only inside functions of runtime/limits.py, behind an ImportError check
    assert places and all(p == ("runtime/limits.py", False) for p in places)


def test_no_product_file_points_outside_the_project() -> None:
    for path in PACKAGE.rglob("*"):
        if path.suffix in (".py", ".yaml"):
            text = path.read_text("utf-8")
            assert "../shared" not in text and "issue " not in text.lower(), path


# --- library use -----------------------------------------------------------------------------------

LIBRARY_SCRIPT = """
import remisskoll

matrix = remisskoll.compare([{a!r}, {b!r}])
for response in matrix.responses:
    cell = response.cell("magnetmodellen")
    print(response.respondent, response.status.value, cell and cell.stance.value)
"""


@pytest.mark.parametrize("how", ["script", "stdin"])
def test_library_use_without_a_main_guard(tmp_path: Path, how: str) -> None:
    code = LIBRARY_SCRIPT.format(a=str(SAMPLES / "hogfjalls-kommun.pdf"), b=str(SAMPLES / "vardkraft.pdf"))
    env = {**os.environ, "REMISSKOLL_CACHE_DIR": str(tmp_path / "cold-cache")}
    if how == "script":
        script = tmp_path / "mitt_skript.py"
        script.write_text(code, "utf-8")
        args, stdin = [sys.executable, str(script)], None
    else:
        args, stdin = [sys.executable, "-"], code
    done = subprocess.run(
        args, input=stdin, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Högfjälls kommun ok negative",
        "Fackförbundet Vårdkraft ok positive",
    ]
    assert "Traceback" not in done.stderr


def test_the_public_names_of_the_last_release_still_work() -> None:
    assert remisskoll.Options is remisskoll.ReadOptions  # renamed; kept for one release
    assert remisskoll.InputError.__mro__[1] is UsageError


# --- typed options -------------------------------------------------------------------------------


def test_reading_options_are_validated_where_they_are_made() -> None:
    assert ReadOptions("pdfium", "never") == ReadOptions(Engine.PDFIUM, OcrMode.NEVER)
    with pytest.raises(OptionsError, match=r"unknown engine 'pdfminer' — use one of: pdfplumber, pdfium"):
        ReadOptions(engine="pdfminer")
    with pytest.raises(OptionsError, match=r"unknown ocr 'sometimes' — use one of: auto, always, never"):
        ReadOptions(ocr="sometimes")
    for bad in ({"jobs": -1}, {"timeout": 0}, {"memory_mb": 1.5}, {"jobs": True}):
        with pytest.raises(OptionsError):
            ReadOptions(**bad)  # type: ignore[arg-type]
    assert isinstance(OptionsError("x"), ValueError)  # a bad value, as Python code expects


def test_a_bad_option_never_reaches_a_file() -> None:
    with pytest.raises(OptionsError):
        remisskoll.compare([SAMPLES / "lillasjo-kommun.pdf"], options=ReadOptions(engine="pdfminer"))


# --- one error model -------------------------------------------------------------------------------


def test_an_unexpected_exception_is_exit_70_with_one_line_to_report(
    runner: CliRunner, in_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr("remisskoll.cli.to_json", boom)
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "-f", "json"])
    assert result.exit_code == ExitCode.INTERNAL == 70
    assert result.stderr.splitlines()[-1] == (
        f"internal error: RuntimeError: boom — this is a bug in remisskoll {remisskoll.__version__}; "
        "please report it with the command you ran"
    )


def test_ctrl_c_is_exit_130(runner: CliRunner, in_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("remisskoll.cli.compare_files", interrupted)
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf"])
    assert (result.exit_code, result.stderr) == (130, "remisskoll: interrupted\n")


def test_user_text_is_never_read_as_markup(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "svar[" / "utkast].pdf"
    result = runner.invoke(app, ["compare", str(missing)])
    assert result.exit_code == 2
    assert f"{missing}: no such file" in result.stderr
    (tmp_path / "svar[").mkdir()
    odd = tmp_path / "svar[" / "utkast].pdf"  # "[/utkast]" would close a markup tag that was never opened
    odd.write_text("inte en pdf", "utf-8")
    result = runner.invoke(app, ["compare", str(odd), "-f", "json"])
    assert result.exit_code == 1
    assert f"{odd}: error: not a PDF (no %PDF header) — convert it to PDF" in result.stderr


def test_every_problem_of_a_proposals_file_is_reported_at_once() -> None:
    text = (
        "remiss:\n  id: x\n  title: X\n  ministri: fel\n"
        "proposals:\n  - id: Ett\n    title: A\n    summary: A\n    area: a\n    terms: []\n"
    )
    with pytest.raises(ProposalsError) as err:
        parse_proposals(text, "annan.yaml")
    assert isinstance(err.value, ConfigError) and err.value.exit_code == ExitCode.USAGE
    assert str(err.value).splitlines() == [
        "annan.yaml:4: remiss.ministri: unknown field (known: id, title, ministry, dnr)",
        "annan.yaml:2: remiss.ministry: missing required field",
        "annan.yaml:6: proposals[0].id: 'Ett' must be lower-case letters, digits, _",
        "annan.yaml:10: proposals[0].terms: must list at least one term",
    ]


def test_a_bad_remiss_block_is_a_proposals_error() -> None:
    with pytest.raises(ProposalsError, match=r"x.yaml:2: remiss: must be a mapping of fields"):
        parse_proposals("remiss:\n  - fel\nproposals: []\n", "x.yaml")


def test_usage_errors_print_every_line_with_the_prefix(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "annan.yaml"
    bad.write_text("remiss:\n  id: x\nproposals: []\n", "utf-8")
    result = runner.invoke(app, ["proposals", "--proposals", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {bad}:2: remiss.title: missing required field",
        f"error: {bad}:2: remiss.ministry: missing required field",
        f"error: {bad}:3: proposals: must be a non-empty list of proposals",
    ]


# --- explain reads like every other command -----------------------------------------------------


def test_explain_reads_in_a_worker_with_the_time_limit(runner: CliRunner, tmp_path: Path) -> None:
    from test_hostile import _bomb

    bomb = _bomb(tmp_path / "seg.pdf", 300)
    result = runner.invoke(app, ["explain", str(bomb), "--timeout", "1", "--max-memory", "0", "--no-cache"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{bomb}: error: stopped after 1 s — the PDF may be malformed; raise --timeout to try longer"
        " — check the file\n"
    )


def test_explain_takes_one_pdf_not_a_directory(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["explain", "samples"])
    assert (result.exit_code, result.stderr) == (2, "error: samples: a directory — give one PDF file\n")


# --- the cache's place ---------------------------------------------------------------------------


def test_the_cache_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REMISSKOLL_CACHE_DIR", str(tmp_path / "own"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "own"
    monkeypatch.delenv("REMISSKOLL_CACHE_DIR")
    assert cache_dir() == tmp_path / "xdg" / "remisskoll"
    monkeypatch.delenv("XDG_CACHE_HOME")
    import platformdirs

    assert cache_dir() == Path(platformdirs.user_cache_dir("remisskoll", appauthor=False))


def test_a_memory_limit_that_cannot_be_enforced_is_said_once(
    runner: CliRunner, in_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "resource", None)  # a platform without it, as Windows
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "-f", "json"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "note: --max-memory is not enforced on this platform; --timeout still applies"
    )
    assert result.stderr.count("--max-memory") == 1
    quiet = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "-f", "json", "--max-memory", "0"])
    assert "note:" not in quiet.stderr
    assert json.loads(quiet.stdout)["responses"][0]["status"] == "ok"
