"""report: CSV dialects and formula neutralisation, the JSON contract."""

from __future__ import annotations

import csv
import io
import json

from remisskoll.model import Basis, Cell, Evidence, Matrix, Remiss, Response, Stance, Status
from remisskoll.report import CsvDialect, csv_safe, to_csv, to_json


def _matrix(remiss: Remiss) -> Matrix:
    quoted = Cell("avtal", Stance.POSITIVE, Basis.GENERAL, 0.6, (Evidence(2, '=HYPERLINK("x") tillstyrks.'),))
    cells = (
        *(Cell(pid, Stance.NOT_ADDRESSED, Basis.EXPLICIT, 0.8) for pid in remiss.ids if pid != "avtal"),
        quoted,
    )
    return Matrix(
        remiss,
        (
            Response("a.pdf", "+Kommun", Status.OK, 3, cells),
            Response("b.pdf", "B", Status.UNREADABLE, 0, error="no text layer — scanned?"),
        ),
    )


def test_csv_safe_neutralises_formula_starts() -> None:
    assert [csv_safe(v) for v in ["=1+1", "+4670", "-2", "@SUM", "\tx", "\rx", "Norrby"]] == [
        "'=1+1",
        "'+4670",
        "'-2",
        "'@SUM",
        "'\tx",
        "'\rx",
        "Norrby",
    ]


def test_excel_sv_csv_has_bom_semicolons_and_decimal_comma(remiss: Remiss) -> None:
    text = to_csv(_matrix(remiss), CsvDialect.EXCEL_SV, long=True)
    assert text.startswith("\ufefffile;respondent;status;proposal;")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "file",
        "respondent",
        "status",
        "proposal",
        "stance",
        "basis",
        "confidence",
        "page",
        "quote",
        "error",
        "respondent_type",
        "reviewed_by",
        "review_note",
    ]
    avtal = next(r for r in rows if r[3] == "avtal")
    assert avtal == [
        "a.pdf",
        "'+Kommun",
        "ok",
        "avtal",
        "positive",
        "general",
        "0,60",
        "2",
        '\'=HYPERLINK("x") tillstyrks.',
        "",
        "other",
        "",
        "",
    ]


def test_rfc4180_wide_csv(remiss: Remiss) -> None:
    text = to_csv(_matrix(remiss), CsvDialect.RFC4180)
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "file",
        "respondent",
        "status",
        *remiss.ids,
        "error",
        "respondent_type",
        "reviewed",
        "dissent",
        "inherited",
    ]
    # The cell holds the code alone; that it was inherited is said in the last column.
    assert rows[1][:5] == ["a.pdf", "'+Kommun", "ok", "not_addressed", "positive"]
    assert rows[1][-1] == "avtal"
    assert rows[2] == ["b.pdf", "B", "unreadable", *[""] * 9, "no text layer — scanned?", "other", "", "", ""]
    assert text.endswith("\r\n")


def test_wide_csv_counts_inherited_cells_with_the_rest(sample_matrix: Matrix) -> None:
    # An analyst's COUNTIF(column; "positive") must count every positive cell, inherited or not.
    rows = list(csv.DictReader(io.StringIO(to_csv(sample_matrix, CsvDialect.RFC4180))))
    ids = sample_matrix.remiss.ids
    for pid in ids:
        for stance in Stance:
            expected = sum(
                1 for r in sample_matrix.responses if (c := r.cell(pid)) is not None and c.stance is stance
            )
            assert sum(row[pid] == stance.value for row in rows) == expected
    hogfjalls = next(row for row in rows if row["file"].endswith("hogfjalls-kommun.pdf"))
    assert hogfjalls["inherited"] == ", ".join(pid for pid in ids if pid != "magnetmodellen")
    assert hogfjalls["magnetmodellen"] == "negative" and hogfjalls["avtal"] == "no_opinion"


def test_json_contract_keeps_exact_text(remiss: Remiss) -> None:
    data = json.loads(to_json(_matrix(remiss)))
    assert data["schema_version"] == 1
    assert data["remiss"]["id"] == "sou-2024-72"
    assert [p["id"] for p in data["proposals"]] == list(remiss.ids)
    first, second = data["responses"]
    assert set(first) >= {"file", "respondent", "status", "error", "pages", "stances"}
    assert first["respondent"] == "+Kommun"
    assert first["stances"]["avtal"] == {
        "stance": "positive",
        "basis": "general",
        "confidence": 0.6,
        "evidence": [{"page": 2, "quote": '=HYPERLINK("x") tillstyrks.'}],
    }
    assert second["status"] == "unreadable" and second["stances"] == {} and second["error"]


def test_a_path_to_copy_into_a_command_is_quoted_when_it_must_be() -> None:
    from remisskoll.report import command_arg

    assert command_arg("svar/norrby-kommun.pdf") == "svar/norrby-kommun.pdf"
    assert command_arg("svar/Region Västland.pdf") == '"svar/Region Västland.pdf"'
    assert command_arg("svar/a&b.pdf") == '"svar/a&b.pdf"'
