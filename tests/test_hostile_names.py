"""Names chosen by others (attachment file names, letterheads) never act on what people and CI read:
no traceback for a name that is not UTF-8, no markup, no control character reaching a terminal, no
Markdown that shifts a table. JSON keeps the exact name."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remisskoll.check import markdown_matrix
from remisskoll.cli import app
from remisskoll.display import json_text, markdown, shown
from remisskoll.model import Matrix, RespondentType, Response, Status
from remisskoll.summary import summarise, to_markdown

from conftest import SAMPLES

RAW = ("\x1b", "\x07", "\u202e", "\x9b")  # ESC, BEL, a bidi override, the C1 CSI


def test_shown_escapes_controls_bidi_and_undecodable_bytes() -> None:
    assert shown("a\x1b[2Jb\x07c\u202ed\x9be\tf\ng") == "a\\x1b[2Jb\\x07c\\u202ed\\x9be\\x09f\\x0ag"
    assert shown(os.fsdecode(b"Lillasj\xf6.pdf")) == "Lillasj\\xf6.pdf"  # Latin-1 ö, as the byte it was
    assert shown("Åre kommun – yttrande (2).pdf") == "Åre kommun – yttrande (2).pdf"  # Swedish stays


def test_json_keeps_the_exact_name_as_valid_utf8() -> None:
    name = os.fsdecode(b"Lillasj\xf6 \x1b[2J.pdf")
    text = json_text({"file": name})
    text.encode("utf-8")  # no lone surrogate left in the text
    assert json.loads(text)["file"] == name


def test_markdown_escapes_what_would_become_markup() -> None:
    assert markdown("A | B *x* [l](http://e) <img>") == "A \\| B \\*x\\* \\[l\\](http://e) \\<img\\>"


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "svar"
    folder.mkdir()
    names = [
        b"Lillasj\xf6.pdf",
        b"a\x1b[2Jb\x07c\xe2\x80\xaed.pdf",
        b"[link=https:evil]x.pdf",
        b"[i]y[-].pdf",
    ]
    for raw in names:
        try:
            shutil.copy(SAMPLES / "norrby-kommun.pdf", os.path.join(os.fsencode(folder), raw))
        except (OSError, UnicodeError):  # pragma: no cover - a file system that refuses such names
            pytest.skip("this file system refuses such names")
    return folder


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["-f", "csv"],
        ["-f", "csv", "--long"],
        ["--review"],
    ],
)
def test_compare_shows_hostile_names_escaped(runner: CliRunner, hostile_dir: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["compare", str(hostile_dir), *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout + result.stderr
    assert not any(ch in out for ch in RAW)
    assert "Lillasj\\xf6.pdf" in out and "a\\x1b[2Jb\\x07c\\u202ed.pdf" in out
    out.encode("utf-8")  # no undecodable byte written back raw


def test_markup_in_a_name_is_shown_as_written(runner: CliRunner, hostile_dir: Path) -> None:
    result = runner.invoke(app, ["compare", str(hostile_dir)], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.split())
    assert "[link=https:evil]x.pdf" in text and "[i]y[-].pdf" in text
    assert "\x1b]8;" not in result.stdout  # no terminal hyperlink


def test_json_keeps_hostile_names_exact(runner: CliRunner, hostile_dir: Path) -> None:
    result = runner.invoke(app, ["compare", str(hostile_dir), "-f", "json"])
    assert result.exit_code == 0
    files = {Path(r["file"]).name for r in json.loads(result.stdout)["responses"]}
    assert os.fsdecode(b"Lillasj\xf6.pdf") in files
    assert "a\x1b[2Jb\x07c\u202ed.pdf" in files


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "json"])
def test_check_shows_hostile_names_escaped(runner: CliRunner, hostile_dir: Path, fmt: str) -> None:
    result = runner.invoke(app, ["check", str(hostile_dir), "--format", fmt, "--fail-on", "new-response"])
    assert result.exit_code in (0, 1), result.output
    result.stdout.encode("utf-8")
    if fmt != "json":
        assert not any(ch in result.stdout for ch in RAW)


def test_summary_shows_hostile_names_escaped(runner: CliRunner, hostile_dir: Path) -> None:
    for fmt in ("text", "markdown"):
        result = runner.invoke(app, ["summary", str(hostile_dir), "--format", fmt], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert not any(ch in result.stdout for ch in RAW)


def test_an_error_naming_a_path_with_markup_names_it_as_written(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "[bold]granskning[/].yaml"
    result = runner.invoke(app, ["compare", str(SAMPLES / "norrby-kommun.pdf"), "--overrides", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: file not found — check the --overrides path\n"


def _matrix(remiss, name: str, status: Status = Status.OK) -> Matrix:  # type: ignore[no-untyped-def]
    r = Response(
        file="x.pdf",
        respondent=name,
        status=status,
        pages=1,
        respondent_type=RespondentType.KOMMUN,
        error="x",
    )
    return Matrix(remiss=remiss, responses=(r,))


def test_a_pipe_in_a_respondent_name_cannot_shift_the_job_summary_table(remiss) -> None:  # type: ignore[no-untyped-def]
    md = markdown_matrix(_matrix(remiss, "Evil | + | + | <b>kommun</b>"))
    row = next(line for line in md.splitlines() if line.startswith("| Evil"))
    unescaped = row.replace("\\|", "")
    assert unescaped.count("|") == len(remiss.ids) + 2  # the row's own separators only
    assert "<b>" not in row


def test_markdown_in_a_respondent_name_stays_text_in_the_summary(remiss) -> None:  # type: ignore[no-untyped-def]
    text = to_markdown(summarise(_matrix(remiss, "[klicka](http://e.example) *kommun*", Status.ERROR)))
    assert "[klicka](http://e.example)" not in text and "\\[klicka\\]" in text
