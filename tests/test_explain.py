"""explain: parts, passages with voice and cues, the deciding rule, a stanza to paste."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remisskoll import load_proposals
from remisskoll.cli import app
from remisskoll.overrides import load_overrides


def test_explain_one_proposal(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(
        app, ["explain", "samples/norrby-kommun.pdf", "--proposal", "avtal"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "samples/norrby-kommun.pdf — Norrby kommun (kommun), 3 page(s)"
    assert "avtal — Stärkta avtal om läkarmedverkan" in lines
    assert "  positive (explicit, confidence 0.85) — rule: positive cue" in lines
    assert "  evidence p. 3: “Förvaltningen tillstyrker förslaget.”" in lines
    # the inquiry's own words are shown, and shown as not counted
    assert any(
        line.startswith("  p. 2   inquiry    not counted match: term 100 [avtalen om läkarmedverkan;")
        for line in lines
    )
    assert "  p. 3   respondent counted     match: heading 70  cues: tillstyrker (+)" in lines
    assert lines[-6:] == [
        "  - file: norrby-kommun.pdf",
        "    proposal: avtal",
        "    stance: positive   # remisskoll said: positive (explicit, 0.85); change if wrong",
        '    note: ""',
        '    reviewer: ""',
        lines[-1],
    ]
    assert lines[-1].startswith("    date: 20")


def test_explain_shows_negation_and_dissent(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["explain", "samples/region-vastland.pdf", "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ledning = next(p for p in data["proposals"] if p["id"] == "ledningsansvar")
    cues = [c for s in ledning["passages"] for c in s["cues"]]
    assert {"text": "ställer sig inte positiv", "polarity": "negative", "negated": True} in cues
    norrby = json.loads(runner.invoke(app, ["explain", "samples/norrby-kommun.pdf", "-f", "json"]).stdout)
    assert norrby["dissents"][0]["who"] == "Per Lindqvist (SD)"
    assert norrby["dissents"][0]["stance"] == "negative"
    assert [p["part"] for p in norrby["parts"]][-3:] == ["decision", "narrative", "opinion"]


def test_explain_errors(runner: CliRunner, in_root: Path) -> None:
    unknown = runner.invoke(app, ["explain", "samples/norrby-kommun.pdf", "--proposal", "tandvard"])
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "error: unknown proposal 'tandvard' — use an id, a column label or a column number (1–9): dygnet_runt, "
        "avtal, ledningsansvar, kommunala_lakare, nationell_samordnare, ledarskapsutbildning, magnetmodellen, "
        "specialistsjukskoterskor, vulf\n"
    )
    scanned = runner.invoke(app, ["explain", "samples/skarsunds-kommun.pdf", "--ocr", "never"])
    assert scanned.exit_code == 1
    assert scanned.stderr.startswith("samples/skarsunds-kommun.pdf: unreadable: no text layer — scanned?")
    missing = runner.invoke(app, ["explain", "samples/finns-inte.pdf"])
    assert (missing.exit_code, missing.stderr) == (
        2,
        "error: samples/finns-inte.pdf: no such file — check the path\n",
    )


@pytest.mark.parametrize("columns", ["60", "80", "200"])
def test_the_override_stanza_pastes_as_valid_yaml_at_any_width(
    runner: CliRunner, in_root: Path, tmp_path: Path, columns: str
) -> None:
    result = runner.invoke(
        app, ["explain", "samples/norrby-kommun.pdf", "--proposal", "avtal"], env={"COLUMNS": columns}
    )
    assert result.exit_code == 0
    stanza = result.stdout.split("in your overrides file and edit:\n")[1]
    pasted = tmp_path / "granskning.yaml"
    pasted.write_text("overrides:\n" + stanza.replace('reviewer: ""', "reviewer: Anna Analytiker"), "utf-8")
    (override,) = load_overrides(pasted, load_proposals()).cells
    assert (override.file, override.proposal, override.stance.value) == (
        "norrby-kommun.pdf",
        "avtal",
        "positive",
    )


@pytest.mark.parametrize("name", ["avtal", "Avtal", "AVTAL", "2"])
def test_explain_takes_the_id_the_column_label_or_the_column_number(
    runner: CliRunner, in_root: Path, name: str
) -> None:
    result = runner.invoke(app, ["explain", "samples/norrby-kommun.pdf", "--proposal", name, "-f", "json"])
    assert result.exit_code == 0
    assert [p["id"] for p in json.loads(result.stdout)["proposals"]] == ["avtal"]


@pytest.mark.parametrize(
    "name", ["Svar #2: Norrby.pdf", "Norrby: svar.pdf", "[utkast] norrby.pdf", "Åre svar.pdf"]
)
def test_the_override_stanza_quotes_a_file_name_yaml_would_misread(
    runner: CliRunner, in_root: Path, tmp_path: Path, name: str
) -> None:
    import shutil

    pdf = tmp_path / name
    shutil.copy("samples/norrby-kommun.pdf", pdf)
    result = runner.invoke(app, ["explain", str(pdf), "--proposal", "avtal"])
    assert result.exit_code == 0
    stanza = result.stdout.split("in your overrides file and edit:\n")[1]
    pasted = tmp_path / "granskning.yaml"
    pasted.write_text("overrides:\n" + stanza.replace('reviewer: ""', "reviewer: Anna Analytiker"), "utf-8")
    (override,) = load_overrides(pasted, load_proposals()).cells
    assert override.file == name


def test_explain_says_when_the_text_came_from_ocr(runner: CliRunner, in_root: Path) -> None:
    from conftest import ocr_available

    if not ocr_available():
        pytest.skip("Tesseract is not installed")
    text = runner.invoke(app, ["explain", "samples/skarsunds-kommun.pdf"]).stdout.splitlines()
    assert text[1] == "Read by OCR (Tesseract): check every quote against the page image."
    data = json.loads(runner.invoke(app, ["explain", "samples/skarsunds-kommun.pdf", "-f", "json"]).stdout)
    assert data["ocr"] is True
    plain = json.loads(runner.invoke(app, ["explain", "samples/norrby-kommun.pdf", "-f", "json"]).stdout)
    assert plain["ocr"] is False
