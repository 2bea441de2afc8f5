"""workbook: the xlsx deliverable read back with openpyxl and LibreOffice, and its review round trip."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from typer.testing import CliRunner

from remisskoll.cli import app
from remisskoll.errors import Failure
from remisskoll.model import (
    Basis,
    Cell,
    Dissent,
    Engine,
    Evidence,
    Matrix,
    OcrMode,
    ReadOptions,
    Remiss,
    Response,
    Stance,
    Status,
)
from remisskoll.overrides import apply_overrides, load_overrides
from remisskoll.report import ORDER, inherited, needs_review
from remisskoll.words import proposition_key, stance_word
from remisskoll.workbook import (
    CITAT_COLUMNS,
    FILLS,
    SHEETS,
    UNREADABLE_FILL,
    WorkbookError,
    overrides_yaml,
    read_reviews,
    run_info,
    to_xlsx,
)

TODAY = dt.date(2026, 11, 20)


def _open(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def sample_xlsx(sample_matrix: Matrix) -> bytes:
    return to_xlsx(sample_matrix, run_info(sample_matrix, ReadOptions(), today=TODAY))


def _hostile(remiss: Remiss) -> Matrix:
    """A respondent, a quote and a dissent that a spreadsheet would run as formulas, and a file not read."""
    # A control character from a PDF's text cannot be stored in a worksheet: it is left out, not fatal.
    evidence = (Evidence(2, '=HYPERLINK("x") tillstyrks.'), Evidence(3, "Bra\x07 förslag."))
    quoted = Cell("avtal", Stance.POSITIVE, Basis.GENERAL, 0.6, evidence)
    cells = (
        *(Cell(pid, Stance.NOT_ADDRESSED, Basis.EXPLICIT, 0.95) for pid in remiss.ids if pid != "avtal"),
        quoted,
    )
    dissent = Dissent(1, "@SUM(A1) avstyrker", ("avtal",), "-Partiet", Stance.NEGATIVE)
    return Matrix(
        remiss,
        (
            Response("a.pdf", "+Kommun", Status.OK, 3, cells, dissents=(dissent,)),
            Response(
                "b.pdf", "B", Status.UNREADABLE, 0, error="no text layer", failure=Failure.NO_TEXT_LAYER
            ),
        ),
    )


def test_matris_sheet_headers_order_and_layout(sample_matrix: Matrix, sample_xlsx: bytes) -> None:
    wb = _open(sample_xlsx)
    assert wb.sheetnames == list(SHEETS)
    ws = wb["Matris"]
    proposals = sample_matrix.remiss.proposals
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == ["Remissinstans", "Typ", "Fil", *(p.label for p in proposals)]
    assert list(rows[1]) == [None, None, None, *(p.id for p in proposals)]
    ordered = sorted(sample_matrix.responses, key=proposition_key)
    assert [row[2] for row in rows[2:]] == [r.file for r in ordered]
    assert rows[2][:2] == ("Statens vårdkvalitetsmyndighet", "Myndigheter")
    assert ws.freeze_panes == "B3"
    assert ws.auto_filter.ref == f"A2:L{2 + len(ordered)}"
    assert ws.column_dimensions["A"].width >= len("Statens vårdkvalitetsmyndighet")
    assert ws.column_dimensions["D"].width >= len("Tillstyrker med förbehåll")


def test_matris_cells_have_word_fill_italics_frame_and_comment(
    sample_matrix: Matrix, sample_xlsx: bytes
) -> None:
    ws = _open(sample_xlsx)["Matris"]
    ids = sample_matrix.remiss.ids
    by_file = {ws.cell(row=i, column=3).value: i for i in range(3, ws.max_row + 1)}
    seen_frame = seen_plain = 0
    for r in sample_matrix.responses:
        if r.status is not Status.OK:
            continue
        for col, pid in enumerate(ids, start=4):
            cell = r.cell(pid)
            assert cell is not None
            target = ws.cell(row=by_file[r.file], column=col)
            assert target.value == stance_word(cell.stance)
            assert target.fill.fgColor.rgb == "00" + FILLS[cell.stance]
            assert bool(target.font.i) is inherited(cell)
            framed = target.border.left.style == "medium"
            assert framed is needs_review(cell)
            seen_frame += framed
            seen_plain += not framed
            for e in cell.evidence:
                assert target.comment is not None
                assert f"s. {e.page}: ”{e.quote}”" in target.comment.text
    assert seen_frame and seen_plain
    hogfjalls = next(r for r in sample_matrix.responses if r.file.endswith("hogfjalls-kommun.pdf"))
    magnet = ws.cell(row=by_file[hogfjalls.file], column=4 + ids.index("magnetmodellen"))
    assert (magnet.value, magnet.fill.fgColor.rgb, magnet.font.i) == ("Avstyrker", "00FFC7CE", False)
    avtal = ws.cell(row=by_file[hogfjalls.file], column=4 + ids.index("avtal"))
    assert avtal.value == "Inga synpunkter" and avtal.font.i
    assert "Ärvd från ett allmänt uttalande" in avtal.comment.text


def test_formula_like_text_stays_text(remiss: Remiss) -> None:
    data = to_xlsx(_hostile(remiss), run_info(_hostile(remiss), ReadOptions(), today=TODAY))
    wb = _open(data)
    matris, citat, dissents = wb["Matris"], wb["Citat"], wb["Reservationer"]
    assert matris["A3"].value == "+Kommun" and matris["A3"].data_type == "s"
    quote = next(row for row in citat.iter_rows(min_row=2) if row[3].value == "avtal")[9]
    assert (quote.value, quote.data_type) == ('=HYPERLINK("x") tillstyrks. | Bra förslag.', "s")
    assert matris["E3"].comment.text.startswith('s. 2: ”=HYPERLINK("x") tillstyrks.”\ns. 3: ”Bra förslag.”\n')
    assert [c.value for c in dissents[2]] == [
        "+Kommun",
        "a.pdf",
        "-Partiet",
        "Avtal",
        "Avstyrker",
        1,
        "@SUM(A1) avstyrker",
    ]
    # No worksheet holds a formula at all.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_unreadable_file_in_matris_and_ej_lasta(remiss: Remiss) -> None:
    matrix = _hostile(remiss)
    wb = _open(to_xlsx(matrix, run_info(matrix, ReadOptions(), today=TODAY)))
    matris = wb["Matris"]
    row = next(r for r in matris.iter_rows(min_row=3) if r[2].value == "b.pdf")
    assert {c.value for c in row[3:]} == {"Kunde inte läsas"}
    assert row[3].fill.fgColor.rgb == "00" + UNREADABLE_FILL
    assert [[c.value for c in r] for r in wb["Ej lästa"].iter_rows()] == [
        ["Fil", "Remissinstans", "Orsak", "Åtgärd"],
        ["b.pdf", "B", "no text layer", Failure.NO_TEXT_LAYER.hint],
    ]
    # Citat has a row per cell of the files that were read, none for the unreadable one.
    assert [c.value for c in wb["Citat"]["B"][1:]] == ["a.pdf"] * len(remiss.ids)


def test_citat_rows_links_and_review_column(sample_matrix: Matrix, sample_xlsx: bytes) -> None:
    ws = _open(sample_xlsx)["Citat"]
    header = [c.value for c in ws[1]]
    assert header == list(CITAT_COLUMNS)
    col = {name: i for i, name in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2))
    ok = [r for r in sample_matrix.responses if r.status is Status.OK]
    assert len(rows) == sum(len(r.cells) for r in ok)
    vastland = next(r for r in ok if r.file.endswith("region-vastland.pdf"))

    def row_of(pid: str) -> tuple[Cell, dict[str, object], str]:
        cell = vastland.cell(pid)
        assert cell is not None
        row = next(
            r for r in rows if r[col["Fil"]].value == vastland.file and r[col["Förslags-id"]].value == pid
        )
        assert row[col["Granskad ställning"]].value is None
        return cell, {name: row[i].value for name, i in col.items()}, row[col["Länk"]].hyperlink.target

    # One quote: its page as a number (the column sorts), the link to that page.
    cell, values, target = row_of("nationell_samordnare")
    (evidence,) = cell.evidence
    assert values["Ställning"] == stance_word(cell.stance)
    assert values["Säkerhet"] == pytest.approx(cell.confidence)
    assert (values["Sida"], values["Citat"], values["Länk"]) == (
        evidence.page,
        evidence.quote,
        f"s. {evidence.page}",
    )
    assert target == f"{vastland.file}#page={evidence.page}"
    # Two quotes on two pages: both in the row, the link to the first.
    cell, values, target = row_of("kommunala_lakare")
    first, second = cell.evidence
    assert values["Sida"] == f"{first.page}, {second.page}"
    assert values["Citat"] == f"{first.quote} | {second.quote}"
    assert target == f"{vastland.file}#page={first.page}"
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == f"A1:N{len(rows) + 1}"
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == f"M2:M{len(rows) + 1}"
    assert validation.formula1 == '"' + ",".join(stance_word(s) for s in ORDER) + '"'


def test_links_are_relative_to_the_workbooks_folder(sample_matrix: Matrix, tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = to_xlsx(sample_matrix, run_info(sample_matrix, ReadOptions(), today=TODAY), out)
    targets = {c.hyperlink.target for c in _open(data)["Citat"]["L"][1:]}
    first = sorted(sample_matrix.responses, key=proposition_key)[0]
    # Followed from the workbook's folder, the link reaches the PDF, on its first page.
    links = [t for t in targets if t.endswith("#page=1") and not t.startswith("/")]
    reached = {(out / t.removesuffix("#page=1")).resolve() for t in links}
    assert Path(first.file).resolve() in reached


def test_other_sheets_count_and_describe_the_run(sample_matrix: Matrix, sample_xlsx: bytes) -> None:
    wb = _open(sample_xlsx)
    dissents = list(wb["Reservationer"].iter_rows(min_row=2, values_only=True))
    assert len(dissents) == sum(len(r.dissents) for r in sample_matrix.responses)
    assert any(
        d[2] == "Per Lindqvist (SD)" and d[3] == "Kom. läkare" and d[4] == "Avstyrker" for d in dissents
    )

    per = list(wb["Per förslag"].iter_rows(values_only=True))
    assert list(per[0]) == [
        "Förslag",
        "Förslags-id",
        "Grupp",
        *(stance_word(s) for s in ORDER),
        "Kunde inte läsas",
        "Totalt",
    ]
    for pid in sample_matrix.remiss.ids:
        tally = Counter(c.stance for r in sample_matrix.responses if (c := r.cell(pid)) is not None)
        (alla,) = [row for row in per if row[1] == pid and row[2] == "Alla"]
        assert list(alla[3:8]) == [tally[s] for s in ORDER]
        assert alla[9] == len(sample_matrix.responses)
        kommuner = next(row for row in per if row[1] == pid and row[2] == "Kommuner")
        assert kommuner[9] == sum(r.respondent_type.value == "kommun" for r in sample_matrix.responses)

    about = dict((k, v) for k, v in wb["Om körningen"].iter_rows(min_row=2, max_col=2, values_only=True) if k)
    bundled = resources.files("remisskoll").joinpath("data", "sou-2024-72.yaml").read_bytes()
    assert about["Förslagsfilens SHA-256"] == hashlib.sha256(bundled).hexdigest()
    assert about["Förslagsfil"] == "remisskoll/data/sou-2024-72.yaml"
    assert (about["Datum"], about["Läsmotor"], about["OCR"]) == ("2026-11-20", "pdfplumber", "auto")
    assert (about["Antal filer"], about["Granskningsfil (overrides)"]) == (16, "ingen")


def test_run_info_hashes_a_given_proposals_file(sample_matrix: Matrix, tmp_path: Path) -> None:
    other = tmp_path / "p.yaml"
    other.write_bytes(b"remiss: x\n")
    options = ReadOptions(engine="pdfium", ocr="never")
    info = run_info(sample_matrix, options, other, tmp_path / "g.yaml", TODAY)
    assert info.proposals_sha256 == hashlib.sha256(b"remiss: x\n").hexdigest()
    assert (info.engine, info.ocr, info.overrides, info.files) == (
        Engine.PDFIUM,
        OcrMode.NEVER,
        str(tmp_path / "g.yaml"),
        16,
    )


def test_libreoffice_reads_the_matris_sheet_as_openpyxl_does(
    sample_xlsx: bytes, tmp_path: Path, libreoffice: Callable[[Path, str], Path]
) -> None:
    path = tmp_path / "matris.xlsx"
    path.write_bytes(sample_xlsx)
    # Filter options: comma, double quote, UTF-8 (76), first line 1, …, sheet 1 (Matris).
    converted = libreoffice(
        path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1"
    )
    seen = list(csv.reader(io.StringIO(converted.read_text("utf-8"))))
    expected = [
        ["" if v is None else str(v) for v in row]
        for row in _open(sample_xlsx)["Matris"].iter_rows(values_only=True)
    ]
    assert seen == expected
    assert seen[2][3] == "Inga synpunkter"


def test_libreoffice_keeps_a_formula_like_quote_as_text(
    remiss: Remiss, tmp_path: Path, libreoffice: Callable[[Path, str], Path]
) -> None:
    matrix = _hostile(remiss)
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(to_xlsx(matrix, run_info(matrix, ReadOptions(), today=TODAY)))
    converted = libreoffice(
        path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2"
    )
    rows = list(csv.reader(io.StringIO(converted.read_text("utf-8"))))
    assert any(row[3] == "avtal" and row[9] == '=HYPERLINK("x") tillstyrks. | Bra förslag.' for row in rows)


# --- the review round trip ---------------------------------------------------------------------


def _fill(data: bytes, path: Path, values: dict[tuple[str, str], str], note: str = "") -> None:
    """Write `data` to `path` with the analyst's stances filled in for (file name, proposal id)."""
    wb = _open(data)
    ws = wb["Citat"]
    for row in ws.iter_rows(min_row=2):
        key = (Path(str(row[1].value)).name, str(row[3].value))
        if key in values:
            row[12].value = values[key]
            row[13].value = note or None
    wb.save(path)


def test_reviews_become_an_overrides_file_that_loads_and_applies(
    sample_matrix: Matrix, sample_xlsx: bytes, tmp_path: Path
) -> None:
    book = tmp_path / "matris.xlsx"
    _fill(
        sample_xlsx,
        book,
        {("region-vastland.pdf", "avtal"): "Avstyrker", ("norrby-kommun.pdf", "vulf"): "no_opinion"},
        note="Se s. 2",
    )
    reviews = read_reviews(book)
    assert sorted((Path(r.file).name, r.proposal, r.stance, r.note) for r in reviews) == [
        ("norrby-kommun.pdf", "vulf", Stance.NO_OPINION, "Se s. 2"),
        ("region-vastland.pdf", "avtal", Stance.NEGATIVE, "Se s. 2"),
    ]
    text = overrides_yaml(reviews, "Anna Analytiker", "2026-11-20", "matris.xlsx")
    assert text.startswith("# Written by remisskoll overrides from-xlsx from matris.xlsx.\n")
    assert yaml.safe_load(text)["overrides"][0]["file"] in {"region-vastland.pdf", "norrby-kommun.pdf"}
    out = tmp_path / "granskning.yaml"
    out.write_text(text, "utf-8")
    loaded = load_overrides(out)
    assert {(o.file, o.proposal, o.stance, o.reviewer, o.date) for o in loaded.cells} == {
        ("region-vastland.pdf", "avtal", Stance.NEGATIVE, "Anna Analytiker", "2026-11-20"),
        ("norrby-kommun.pdf", "vulf", Stance.NO_OPINION, "Anna Analytiker", "2026-11-20"),
    }
    applied, warnings = apply_overrides(sample_matrix, loaded)
    assert warnings == []
    vastland = next(r for r in applied.responses if r.file.endswith("region-vastland.pdf"))
    avtal = vastland.cell("avtal")
    assert avtal is not None and avtal.stance is Stance.NEGATIVE and avtal.review is not None
    assert avtal.review.original is Stance.POSITIVE and avtal.review.note == "Se s. 2"


def test_an_unknown_word_names_the_sheet_cell(sample_xlsx: bytes, tmp_path: Path) -> None:
    book = tmp_path / "matris.xlsx"
    _fill(sample_xlsx, book, {("region-vastland.pdf", "avtal"): "Kanske"})
    row = next(
        i
        for i, r in enumerate(
            _open(book.read_bytes())["Citat"].iter_rows(min_row=1, values_only=True), start=1
        )
        if r[12] == "Kanske"
    )
    with pytest.raises(WorkbookError) as caught:
        read_reviews(book)
    assert str(caught.value) == (
        f"{book}: Citat!M{row}: unknown stance 'Kanske' — use one of: Tillstyrker, Tillstyrker med förbehåll, "
        "Avstyrker, Inga synpunkter, Yttrar sig inte (or positive, conditional, negative, no_opinion, not_addressed)"
    )


def test_two_different_stances_for_one_cell_are_refused(sample_xlsx: bytes, tmp_path: Path) -> None:
    wb = _open(sample_xlsx)
    ws = wb["Citat"]
    ws.append([c.value for c in ws[2]])  # the analyst copied a row …
    ws.cell(row=2, column=13).value = "Tillstyrker"
    ws.cell(row=ws.max_row, column=13).value = "avstyrker"  # … and answered differently (any case)
    book = tmp_path / "matris.xlsx"
    wb.save(book)
    with pytest.raises(WorkbookError, match=rf"Citat!M{ws.max_row}: .* is already positive in Citat!M2"):
        read_reviews(book)


def test_not_a_workbook_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "matris.xlsx"
    bad.write_text("file,respondent\n", "utf-8")
    with pytest.raises(
        WorkbookError, match=r"^.*matris\.xlsx: not an Excel workbook \(\w+\) — give the \.xlsx"
    ):
        read_reviews(bad)


# --- the command line --------------------------------------------------------------------------

FILES = ["samples/region-vastland.pdf", "samples/lillasjo-kommun.pdf"]


def test_xlsx_needs_an_output_file(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", *FILES, "-f", "xlsx"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: --format xlsx writes a binary file: give -o FILE.xlsx\n"


def test_compare_xlsx_and_back_through_the_cli(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    book = tmp_path / "matris.xlsx"
    result = runner.invoke(app, ["compare", *FILES, "-f", "xlsx", "-o", str(book), "--lang", "sv"])
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "remisskoll: 2 file(s), 2 read, 0 not read\n")
    wb = load_workbook(book)
    assert [c.value for c in wb["Matris"]["A"][2:]] == ["Region Västland", "Lillasjö kommun"]
    assert wb["Matris"]["E3"].value == "Tillstyrker"  # Region Västland, avtal
    _fill(book.read_bytes(), book, {("region-vastland.pdf", "avtal"): "Tillstyrker med förbehåll"})

    yaml_path = tmp_path / "granskning.yaml"
    result = runner.invoke(
        app,
        [
            "overrides",
            "from-xlsx",
            str(book),
            "-o",
            str(yaml_path),
            "--reviewer",
            "Anna",
            "--date",
            "2026-11-20",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"remisskoll: 1 reviewed cell(s) from {book}\n"
    assert [(o.file, o.proposal, o.stance) for o in load_overrides(yaml_path).cells] == [
        ("region-vastland.pdf", "avtal", Stance.CONDITIONAL)
    ]

    result = runner.invoke(
        app, ["compare", *FILES, "-f", "xlsx", "-o", str(book), "--overrides", str(yaml_path), "--lang", "sv"]
    )
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(book)
    cell = wb["Matris"]["E3"]
    assert cell.value == "Tillstyrker med förbehåll" and "Granskad av Anna 2026-11-20" in cell.comment.text
    about = dict((k, v) for k, v in wb["Om körningen"].iter_rows(min_row=2, max_col=2, values_only=True) if k)
    assert about["Granskningsfil (overrides)"] == str(yaml_path)


def test_from_xlsx_refuses_an_unknown_word_and_a_bad_date(
    runner: CliRunner, sample_xlsx: bytes, tmp_path: Path
) -> None:
    book = tmp_path / "matris.xlsx"
    _fill(sample_xlsx, book, {("region-vastland.pdf", "avtal"): "Ja"})
    out = tmp_path / "g.yaml"
    result = runner.invoke(
        app, ["overrides", "from-xlsx", str(book), "-o", str(out), "--reviewer", "A", "--date", "2026-11-20"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {book}: Citat!M") and "unknown stance 'Ja'" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not out.exists()
    result = runner.invoke(app, ["overrides", "from-xlsx", str(book), "--reviewer", "A", "--date", "20 nov"])
    assert result.exit_code == 2 and "'20 nov' is not a date — write it as YYYY-MM-DD" in result.stderr
    result = runner.invoke(
        app, ["overrides", "from-xlsx", str(book), "--reviewer", " ", "--date", "2026-11-20"]
    )
    assert result.exit_code == 2 and "give the reviewer's name" in result.stderr
    # an audit trail: the date of the review is never filled in with today's
    result = runner.invoke(app, ["overrides", "from-xlsx", str(book), "--reviewer", "A"])
    assert result.exit_code == 2 and "Missing option '--date'" in result.stderr


def test_from_xlsx_never_replaces_an_overrides_file_nor_writes_an_empty_one(
    runner: CliRunner, sample_xlsx: bytes, tmp_path: Path
) -> None:
    book = tmp_path / "matris.xlsx"
    _fill(sample_xlsx, book, {("region-vastland.pdf", "avtal"): "Avstyrker"})
    earlier = tmp_path / "granskning.yaml"
    earlier.write_text("overrides: []\n", "utf-8")
    args = ["overrides", "from-xlsx", str(book), "--reviewer", "Bo", "--date", "2026-11-21"]
    result = runner.invoke(app, [*args, "-o", str(earlier)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {earlier} exists — write this round to a new file")
    assert earlier.read_text("utf-8") == "overrides: []\n"  # an earlier round stays as it was
    empty = tmp_path / "tom.xlsx"
    empty.write_bytes(sample_xlsx)
    result = runner.invoke(
        app, ["overrides", "from-xlsx", str(empty), "--reviewer", "Bo", "--date", "2026-11-21"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {empty}: no 'Granskad ställning' is filled in on the Citat sheet — nothing written\n"
    )
