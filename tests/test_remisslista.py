"""The remisslista: who was invited, matched to who answered; counts and rows in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from remisskoll.cli import app
from remisskoll.model import Invitee, Matrix, RespondentType, Response, RollAnswer, Status
from remisskoll.remisslista import Remisslista, RemisslistaError, load_remisslista, match_remisslista

from conftest import SAMPLES

LISTA = SAMPLES / "remissinstanser.txt"


def _invitees(*names: str) -> Remisslista:
    from remisskoll.analysis.respondent import respondent_type

    return Remisslista(
        "l.txt", tuple(Invitee(n, respondent_type(n), i) for i, n in enumerate(names, start=1))
    )


def _matrix(remiss, *names: str) -> Matrix:  # type: ignore[no-untyped-def]
    from remisskoll.analysis.respondent import respondent_type

    responses = tuple(
        Response(file=f"{i}.pdf", respondent=n, status=Status.OK, pages=1, respondent_type=respondent_type(n))
        for i, n in enumerate(names)
    )
    return Matrix(remiss=remiss, responses=responses)


def _answers(matrix: Matrix) -> dict[str, str]:
    return {e.name: e.answer.value for e in matrix.roll}


def test_a_committee_of_a_municipality_is_that_municipality(remiss) -> None:  # type: ignore[no-untyped-def]
    matched, warnings = match_remisslista(
        _matrix(remiss, "Socialnämnden, Lindviks kommun"), _invitees("Lindviks kommun", "Lillviks kommun")
    )
    assert warnings == []
    assert _answers(matched) == {"Lindviks kommun": "answered", "Lillviks kommun": "no_answer"}
    assert matched.responses[0].respondent == "Lindviks kommun"  # the list's canonical name


def test_alike_words_of_another_kind_of_body_are_no_match(remiss) -> None:  # type: ignore[no-untyped-def]
    matched, _ = match_remisslista(_matrix(remiss, "Region Västland"), _invitees("Västlands kommun"))
    assert _answers(matched) == {"Region Västland": "unsolicited", "Västlands kommun": "no_answer"}


def test_the_exact_name_wins_over_a_longer_one(remiss) -> None:  # type: ignore[no-untyped-def]
    matched, warnings = match_remisslista(
        _matrix(remiss, "Norrby kommun"), _invitees("Norrby kommuns pensionärsråd", "Norrby kommun")
    )
    assert warnings == [] and _answers(matched)["Norrby kommun"] == "answered"


def test_an_ambiguous_name_is_reported_never_assigned(remiss) -> None:  # type: ignore[no-untyped-def]
    matched, warnings = match_remisslista(
        _matrix(remiss, "Fackförbundet Vårdkraft"),
        _invitees("Fackförbundet Vårdkraft Norr", "Fackförbundet Vårdkraft Syd"),
    )
    assert warnings == [
        "0.pdf: 'Fackförbundet Vårdkraft' could be 'Fackförbundet Vårdkraft Norr' or 'Fackförbundet Vårdkraft "
        "Syd' — not assigned; name the body in a respondents: entry of an overrides file, or make the list's "
        "names tell them apart"
    ]
    assert _answers(matched) == {
        "Fackförbundet Vårdkraft Norr": "no_answer",
        "Fackförbundet Vårdkraft Syd": "no_answer",
        "Fackförbundet Vårdkraft": "ambiguous",
    }
    assert matched.responses[0].respondent == "Fackförbundet Vårdkraft"


def test_two_files_from_one_body_count_one_body_and_warn(remiss) -> None:  # type: ignore[no-untyped-def]
    matched, warnings = match_remisslista(
        _matrix(remiss, "Norrby kommun", "Norrby kommun"), _invitees("Norrby kommun")
    )
    assert warnings == [
        "1.pdf: 'Norrby kommun' already answered in 0.pdf — both are counted; check whether one is a copy"
    ]
    assert matched.roll_counts()["invited"] == 1 and matched.roll_counts()["answered"] == 1


def test_a_text_list_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "l.txt"
    path.write_text("\ufeff# inbjudna\n\nRegion Kronsjö\n  Lindviks   kommun \nSocialstyrelsen\n", "utf-8")
    lista = load_remisslista(path)
    assert [(b.name, b.type, b.order, b.line) for b in lista.bodies] == [
        ("Region Kronsjö", RespondentType.REGION, 1, 3),
        ("Lindviks kommun", RespondentType.KOMMUN, 2, 4),
        ("Socialstyrelsen", RespondentType.MYNDIGHET, 3, 5),
    ]


def test_a_yaml_list_takes_type_and_order(tmp_path: Path) -> None:
    path = tmp_path / "l.yaml"
    path.write_text("- Lindviks kommun\n- name: Vårdförbundet\n  type: organisation\n  order: 0\n", "utf-8")
    with pytest.raises(RemisslistaError) as err:
        load_remisslista(path)
    assert str(err.value) == f"{path}:4: [1].order: '0' is not a position in the list (a whole number from 1)"
    path.write_text(
        "- name: Lindviks kommun\n  order: 2\n- name: Vårdförbundet\n  type: organisation\n  order: 1\n",
        "utf-8",
    )
    assert [(b.name, b.type) for b in load_remisslista(path).bodies] == [
        ("Vårdförbundet", RespondentType.ORGANISATION),
        ("Lindviks kommun", RespondentType.KOMMUN),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Lindviks kommun\nlindviks kommun\n",
            "l.txt:2: 'lindviks kommun' is listed twice (first on line 1)",
        ),
        ("# nobody\n", "l.txt: no bodies listed"),
    ],
)
def test_a_bad_text_list_says_what_and_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "l.txt"
    path.write_text(text, "utf-8")
    with pytest.raises(RemisslistaError) as err:
        load_remisslista(path)
    assert str(err.value) == f"{tmp_path}/{message}"


def test_a_missing_list_is_a_usage_error(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "--invited", "inbjudna.txt"])
    assert result.exit_code == 2
    assert result.stderr == "error: inbjudna.txt: file not found — check the --invited path\n"


# --- on the samples: no answer, declining, unsolicited and ambiguous ----------------------------------

ARGS = ["samples/", "--invited", "samples/remissinstanser.txt", "--ocr", "never"]


def test_the_table_has_every_listed_body_and_the_counts(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", *ARGS], env={"COLUMNS": "200"})
    assert result.exit_code == 1  # the scanned sample, without OCR
    matrix_part = result.stdout.split("└")[0]  # the matrix, not the count table below it
    rows = [line.split("│")[1].strip() for line in matrix_part.splitlines() if line.startswith("│")]
    assert rows[:2] == ["Statens vårdkvalitetsmyndighet (declines)", "Region Kronsjö"]
    assert (
        rows.index("Lillasjö kommun *")
        < rows.index("Lindviks kommun (no answer)")
        < rows.index("Ljungvika kommun")
    )
    assert rows[-2:] == ["Fackförbundet Vårdkraft (which body?)", "Seniorförbundet Silverbron (not invited)"]
    assert (
        "Remisslista samples/remissinstanser.txt: 17 invited, 14 answered (1 declining), 3 did not answer, "
        "1 not invited, 1 not assigned (two invited bodies fit the name)"
    ) in result.stdout
    assert "warning: samples/vardkraft.pdf: 'Fackförbundet Vårdkraft' could be" in result.stderr


def test_csv_and_json_carry_the_roll_call(runner: CliRunner, in_root: Path) -> None:
    wide = runner.invoke(app, ["compare", *ARGS, "-f", "csv", "--csv-dialect", "rfc4180"])
    rows = list(csv.DictReader(io.StringIO(wide.stdout)))
    assert len(rows) == 19  # 16 files and 3 bodies that did not answer
    missing = [r for r in rows if r["answer"] == "no_answer"]
    assert [(r["file"], r["respondent"], r["status"], r["avtal"]) for r in missing] == [
        ("", "Lindviks kommun", "", ""),
        ("", "Fackförbundet Vårdkraft Norr", "", ""),
        ("", "Fackförbundet Vårdkraft Syd", "", ""),
    ]
    assert {r["answer"] for r in rows} == {"answered", "declined", "no_answer", "unsolicited", "ambiguous"}
    data = json.loads(runner.invoke(app, ["compare", *ARGS, "-f", "json"]).stdout)
    assert data["remisslista"]["counts"] == {
        "invited": 17,
        "answered": 14,
        "declined": 1,
        "no_answer": 3,
        "unsolicited": 1,
        "ambiguous": 1,
    }
    assert len(data["responses"]) == 16  # responses stay the files; the roll call is beside them
    without = json.loads(runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "-f", "json"]).stdout)
    assert "remisslista" not in without


def test_the_summary_and_the_workbook_carry_the_roll_call(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:
    md = runner.invoke(app, ["summary", *ARGS, "-f", "markdown"]).stdout
    assert (
        "17 remissinstanser har bjudits in att svara. 14 har svarat, varav 1 avstår från att lämna "
        "synpunkter, och 3 har inte svarat. Därutöver har 1 svar kommit in från andra än remissinstanserna. "
        "1 svar kunde inte föras till en remissinstans (se nedan)."
    ) in md
    section = md.split("## Remissinstanser som inte har svarat\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "- Lindviks kommun",
        "- Fackförbundet Vårdkraft Norr",
        "- Fackförbundet Vårdkraft Syd",
    ]
    assert "## Svar från andra än remissinstanserna (ej remissinstans)\n\n- Seniorförbundet Silverbron" in md
    book = tmp_path / "m.xlsx"
    result = runner.invoke(app, ["compare", *ARGS, "-f", "xlsx", "-o", str(book), "--lang", "sv"])
    assert result.exit_code == 1
    wb = openpyxl.load_workbook(book)
    names = [row[0] for row in wb["Matris"].iter_rows(min_row=3, max_col=1, values_only=True)]
    assert (
        "Lindviks kommun (inget svar)" in names and "Seniorförbundet Silverbron (ej remissinstans)" in names
    )
    about = dict(wb["Om körningen"].iter_rows(min_row=2, max_col=2, values_only=True))
    assert (about["Remissinstanser"], about["Har svarat"], about["Har inte svarat"]) == (17, 14, 3)


def test_without_a_list_nothing_changes(runner: CliRunner, in_root: Path) -> None:
    plain = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "-f", "csv"]).stdout
    assert "answer" not in plain.splitlines()[0]
    assert RollAnswer.NO_ANSWER.value == "no_answer"


def test_the_roll_call_speaks_swedish_with_lang_sv(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", *ARGS, "--lang", "sv"], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.split())
    assert "Lindviks kommun (inget svar)" in text and "Seniorförbundet Silverbron (ej remissinstans)" in text
    assert (
        "Remisslista samples/remissinstanser.txt: 17 inbjudna, 14 har svarat (varav 1 avstår), 3 har inte "
        "svarat, 1 ej remissinstans, 1 kunde inte föras till en remissinstans (två passar namnet)"
    ) in text


@pytest.mark.parametrize("columns", [70, 80, 100, 120, 160])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_column_or_mark_is_lost_at_any_width(
    runner: CliRunner, in_root: Path, columns: int, lang: str
) -> None:
    # Marked names ("… (inget svar)") are long: they wrap, while every proposal column and mark stays.
    result = runner.invoke(app, ["compare", *ARGS, "--lang", lang], env={"COLUMNS": str(columns)})
    matrix_part = result.stdout.split("└")[0]
    lines = [line for line in matrix_part.splitlines() if line.startswith("│")]
    assert lines and all(line.count("│") == 11 for line in lines), matrix_part  # name + 9 columns
    assert all(len(line) <= columns for line in matrix_part.splitlines())
    assert "…" not in matrix_part
    assert "(0)?" in matrix_part  # a symbol with its review mark, whole
