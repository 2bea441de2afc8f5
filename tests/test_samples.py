"""The bundled samples against their hand labels (samples/gold.yaml) and golden output files.

gold.yaml is what a human reader decided; the golden files under tests/golden/ are snapshots of the
exact output, so that any change in what users see is a deliberate one. To accept a deliberate change:
REMISSKOLL_UPDATE_GOLDEN=1 pytest tests/test_samples.py, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from remisskoll.cli import app
from remisskoll.model import Matrix, Status

GOLDEN = Path(__file__).resolve().parent / "golden"


def _by_name(matrix: Matrix) -> dict[str, Any]:
    return {Path(r.file).name: r for r in matrix.responses}


def test_every_sample_has_gold_labels(sample_matrix: Matrix, gold: dict[str, Any], needs_ocr: None) -> None:
    assert sorted(_by_name(sample_matrix)) == sorted(gold)
    assert len(gold) >= 10


def test_status_and_respondent(sample_matrix: Matrix, gold: dict[str, Any], needs_ocr: None) -> None:
    got = {name: r.status.value for name, r in _by_name(sample_matrix).items()}
    assert got == {name: g["status"] for name, g in gold.items()}
    for name, r in _by_name(sample_matrix).items():
        if r.status is Status.OK:
            assert r.respondent == gold[name]["respondent"], name


def test_every_cell_matches_gold(sample_matrix: Matrix, gold: dict[str, Any], needs_ocr: None) -> None:
    wrong = []
    for name, r in _by_name(sample_matrix).items():
        for pid, want in gold[name]["stances"].items():
            cell = r.cell(pid)
            got = (cell.stance.value, cell.basis.value) if cell else None
            expected = (want["stance"], want.get("basis", "explicit"))
            if got != expected:
                wrong.append(f"{name} {pid}: got {got}, gold {expected}")
    assert wrong == []


def test_every_stated_cell_cites_evidence_on_the_right_page(
    sample_matrix: Matrix, gold: dict[str, Any]
) -> None:
    wrong = []
    for name, r in _by_name(sample_matrix).items():
        for pid, want in gold[name]["stances"].items():
            cell = r.cell(pid)
            assert cell is not None
            if want["stance"] == "not_addressed":
                assert cell.evidence == (), f"{name} {pid}"
                continue
            pages = [e.page for e in cell.evidence]
            if not pages or not set(pages) <= set(want["pages"]):
                wrong.append(f"{name} {pid}: evidence on {pages}, gold {want['pages']}")
    assert wrong == []


def test_evidence_quotes_are_verbatim_sentences_of_the_document(
    sample_matrix: Matrix, needs_ocr: None
) -> None:
    from conftest import extract

    for r in sample_matrix.responses:
        if r.status is not Status.OK:
            continue
        doc = extract(r.file, ocr="auto")
        text = " ".join(" ".join(p.text.split()) for p in doc.pages)
        for cell in r.cells:
            for e in cell.evidence:
                assert " ".join(e.quote.split()) in text, (r.file, cell.proposal, e.quote)


def test_dissent_is_reported_apart(sample_matrix: Matrix, needs_ocr: None) -> None:
    norrby = _by_name(sample_matrix)["norrby-kommun.pdf"]
    assert [d.page for d in norrby.dissents][:1] == [1]
    assert "Sverigedemokraterna avstyrker" in " ".join(d.quote for d in norrby.dissents)
    mellanby = _by_name(sample_matrix)["mellanby-kommun.pdf"]
    assert any("magnetmodellen" in d.proposals for d in mellanby.dissents)


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("REMISSKOLL_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))  # bytes: CSV keeps its CRLF line ends
    assert actual == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["--format", "json"], "samples.json"),
        (["--format", "csv", "--csv-dialect", "rfc4180"], "samples.csv"),
        (["--format", "csv", "--csv-dialect", "rfc4180", "--long"], "samples-long.csv"),
        ([], "samples-table.txt"),
    ],
)
def test_golden_outputs(runner: CliRunner, in_root: Path, args: list[str], golden: str) -> None:
    # without OCR, so that the snapshots do not depend on the Tesseract version installed
    result = runner.invoke(app, ["compare", "samples", "--ocr", "never", *args])
    assert result.exit_code == 1  # the scanned sample cannot be read without OCR
    _golden(golden, result.stdout)
