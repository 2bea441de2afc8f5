"""--lang sv|en: Swedish or English words for people, the same codes for programs in both."""

from __future__ import annotations

import io
import string
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from remisskoll.cli import app
from remisskoll.model import Stance
from remisskoll.overrides import load_overrides
from remisskoll.words import LABELS, Lang, lang_from_env
from remisskoll.workbook import SHEETS

NORRBY = "samples/norrby-kommun.pdf"
TWO = [NORRBY, "samples/region-kronsjo.pdf"]


# --- the default from the environment -------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "sv_SE.UTF-8"}, Lang.SV),
        ({"LANG": "sv_FI"}, Lang.SV),
        ({"LANG": "sv"}, Lang.SV),
        ({"LANG": "C"}, Lang.EN),
        ({"LANG": "C.UTF-8"}, Lang.EN),
        ({"LANG": "en_GB.UTF-8"}, Lang.EN),
        ({"LANG": "svx_XX"}, Lang.EN),  # only the language code "sv" is Swedish
        ({}, Lang.EN),
        ({"LC_ALL": "C", "LANG": "sv_SE.UTF-8"}, Lang.EN),  # LC_ALL overrides LANG
        ({"LC_ALL": "sv_SE.UTF-8", "LANG": "en_US.UTF-8"}, Lang.SV),
        ({"LC_MESSAGES": "sv_SE.UTF-8", "LANG": "C"}, Lang.SV),  # LC_MESSAGES before LANG
        ({"LC_ALL": "C", "LC_MESSAGES": "sv_SE.UTF-8"}, Lang.EN),  # LC_ALL before LC_MESSAGES
        ({"LC_ALL": "", "LANG": "sv_SE.UTF-8"}, Lang.SV),  # set but empty: not set
    ],
)
def test_the_default_language_follows_the_locale(environ: dict[str, str], expected: Lang) -> None:
    assert lang_from_env(environ, system="") is expected


@pytest.mark.parametrize(
    ("system", "expected"),
    [("Swedish_Sweden", Lang.SV), ("sv_SE", Lang.SV), ("English_United States", Lang.EN), ("", Lang.EN)],
)
def test_without_locale_variables_the_systems_locale_decides(system: str, expected: Lang) -> None:
    # Windows sets none of LC_ALL, LC_MESSAGES, LANG; a Swedish Windows names its locale "Swedish_Sweden".
    assert lang_from_env({}, system=system) is expected
    assert lang_from_env({"LANG": "C"}, system="Swedish_Sweden") is Lang.EN  # a variable set wins


def test_the_test_session_runs_in_the_c_locale() -> None:
    # conftest's session fixture: goldens and README runs never depend on the developer's locale.
    assert lang_from_env() is Lang.EN


def test_every_label_is_given_in_both_languages() -> None:
    en, sv = LABELS[Lang.EN], LABELS[Lang.SV]
    for name in en.__dataclass_fields__:
        assert bool(getattr(en, name)) and bool(getattr(sv, name)), name
    assert len(en.legend) == len(sv.legend)
    # the same placeholders in both, so that a template is filled the same way (the Swedish singular
    # "den cell som är märkt ?" needs no count)
    for name in en.__dataclass_fields__:
        a, b = getattr(en, name), getattr(sv, name)
        if isinstance(a, str):
            expected = set(_fields(a)) - ({"count"} if name == "next_review_one" else set())
            assert set(_fields(b)) == expected, name


def _fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


# --- the terminal ---------------------------------------------------------------------------------


def _run(runner: CliRunner, args: list[str], **env: str) -> list[str]:
    result = runner.invoke(app, args, env={"COLUMNS": "120", **env})
    assert result.exit_code == 0, result.stderr
    return [line.rstrip() for line in result.stdout.splitlines()]


SV_LEGEND = [
    "+ tillstyrker   ± tillstyrker med förbehåll   − avstyrker   0 inga synpunkter   · yttrar sig inte",
    "(+) ärvd från ett allmänt uttalande   ? granska (säkerhet under 0,9: `--review` listar dem)",
    "✓ granskad av en analytiker   ° läst med OCR (jämför med sidan)   ✗ filen kunde inte läsas",
]
EN_LEGEND = [
    "+ positive   ± conditional   − negative   0 no opinion   · not addressed   (+) inherited from a general statement",
    "? check it (confidence below 0.9: `--review` lists them)   ✓ reviewed by an analyst",
    "° read by OCR (check it against the page)   ✗ file not read",
]


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--lang", "sv"], {}), ([], {"LC_ALL": "sv_SE.UTF-8"}), (["--lang", "sv"], {"LC_ALL": "C"})],
    ids=["option", "locale", "option-over-locale"],
)
def test_the_table_in_swedish(runner: CliRunner, in_root: Path, args: list[str], env: dict[str, str]) -> None:
    lines = _run(runner, ["compare", NORRBY, *args], **env)
    assert lines[2].startswith("┃Remissinstans   ┃ Dygnet runt ┃")
    assert lines[6:9] == SV_LEGEND
    assert lines[10] == (
        "* Norrby kommun (samples/norrby-kommun.pdf): reservation, räknas inte som remissinstansens ställning: "
        "Per Lindqvist"
    )
    assert lines[13] == "Per förslag"
    assert lines[15].startswith("┃Förslag     ┃ + ┃")
    tail = " ".join(
        " ".join(lines[next(i for i, line in enumerate(lines) if line.startswith("Nästa steg")) :]).split()
    )
    assert tail == (
        'Nästa steg: `remisskoll explain samples/norrby-kommun.pdf --proposal "Dygnet runt"` visar varför en cell '
        "är som den är; `--review` listar de 3 celler som ska granskas (? och °); `-f csv -o matris.csv` "
        "exporterar matrisen."
    )


@pytest.mark.parametrize(
    ("args", "env"), [(["--lang", "en"], {"LC_ALL": "sv_SE.UTF-8"}), ([], {})], ids=["option", "locale"]
)
def test_the_table_in_english(runner: CliRunner, in_root: Path, args: list[str], env: dict[str, str]) -> None:
    lines = _run(runner, ["compare", NORRBY, *args], **env)
    assert lines[2].startswith("┃Respondent      ┃ Dygnet runt ┃")
    assert lines[6:9] == EN_LEGEND
    assert lines[13] == "Per proposal"
    assert lines[15].startswith("┃Proposal    ┃ + ┃")
    assert lines[-2].startswith("Next: `remisskoll explain samples/norrby-kommun.pdf")


def test_the_review_list_in_swedish(runner: CliRunner, in_root: Path) -> None:
    lines = _run(runner, ["compare", NORRBY, "--review", "--lang", "sv"])
    assert lines[:4] == [
        "3 av 9 celler att granska (säkerhet under 0,90), i 1 fil(er)",
        "",
        "samples/norrby-kommun.pdf — Norrby kommun",
        "  Dygnet runt: tillstyrker med förbehåll, säkerhet 0,75 — positive with a reservation",
    ]
    assert lines[4].startswith("    s. 3: ”Förvaltningen ser positivt på")
    english = _run(runner, ["compare", NORRBY, "--review", "--lang", "en"])
    assert english[0] == "3 of 9 cells to check (confidence below 0.90), in 1 file(s)"
    assert english[3] == "  Dygnet runt: conditional, confidence 0.75 — positive with a reservation"


def test_explain_labels_follow_the_language(runner: CliRunner, in_root: Path) -> None:
    sv = _run(runner, ["explain", NORRBY, "--proposal", "avtal", "--lang", "sv"])
    assert sv[0] == "samples/norrby-kommun.pdf — Norrby kommun (kommun), 3 sidor"
    assert sv[1].startswith("Delar: decision s. 1 · narrative s. 1 ·")
    assert sv[3].startswith(
        "Reservation av Per Lindqvist (SD) — avstyrker om kommunala_lakare (s. 1), räknas inte: ”"
    )
    at = sv.index("avtal — Stärkta avtal om läkarmedverkan")
    assert sv[at + 1 : at + 4] == [
        "  tillstyrker (uttrycklig, säkerhet 0,85) — regel: positive cue",
        "  belägg s. 3: ”Förvaltningen tillstyrker förslaget.”",
        "  s. 2   inquiry    räknas inte träff: term 100 [avtalen om läkarmedverkan; föreskrifter om vad avtalen]",
    ]
    assert "Överstyrning — klistra in under `overrides:` i granskningsfilen och redigera:" in sv
    en = _run(runner, ["explain", NORRBY, "--proposal", "avtal", "--lang", "en"])
    assert en[0] == "samples/norrby-kommun.pdf — Norrby kommun (kommun), 3 page(s)"
    at = en.index("avtal — Stärkta avtal om läkarmedverkan")
    assert en[at + 1 : at + 3] == [
        "  positive (explicit, confidence 0.85) — rule: positive cue",
        "  evidence p. 3: “Förvaltningen tillstyrker förslaget.”",
    ]
    # the stanza to paste is YAML with codes: the same in both
    assert sv[sv.index("  - file: norrby-kommun.pdf") :] == en[en.index("  - file: norrby-kommun.pdf") :]


# --- codes for programs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["-f", "csv"], ["-f", "csv", "--long"], ["-f", "csv", "--csv-dialect", "rfc4180"], ["-f", "json"]],
    ids=["csv", "csv-long", "csv-rfc4180", "json"],
)
def test_csv_and_json_are_the_same_bytes_in_both_languages(
    runner: CliRunner, in_root: Path, args: list[str]
) -> None:
    # Norrby has a dissent (the CSV's dissent column) and Kronsjö a general statement.
    outputs = []
    for lang in ("sv", "en"):
        result = runner.invoke(app, ["compare", *TWO, *args, "--lang", lang])
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout_bytes)
    assert outputs[0] == outputs[1]
    assert b"negative" in outputs[0] and b"Avstyrker" not in outputs[0]


# --- the workbook ---------------------------------------------------------------------------------


def test_the_workbook_in_english_keeps_its_swedish_shape_and_reads_back(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:
    book = tmp_path / "matrix.xlsx"
    files = ["samples/region-vastland.pdf", "samples/lillasjo-kommun.pdf"]
    result = runner.invoke(app, ["compare", *files, "-f", "xlsx", "-o", str(book), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(book)
    assert tuple(wb.sheetnames) == SHEETS
    matris = wb["Matris"]
    assert [c.value for c in matris[1][:3]] == ["Remissinstans", "Typ", "Fil"]
    assert [matris["B3"].value, matris["E3"].value] == ["Regions", "Supports"]  # Region Västland, avtal
    citat = wb["Citat"]
    header = [c.value for c in citat[1]]
    assert header[4] == "Ställning" and header[12] == "Granskad ställning"
    stance = header.index("Ställning")
    assert {row[stance] for row in citat.iter_rows(min_row=2, values_only=True)} <= {
        "Supports",
        "Supports with conditions",
        "Opposes",
        "No opinion",
        "Not addressed",
    }
    per = [c.value for c in wb["Per förslag"][1]]
    assert per == [
        "Förslag",
        "Förslags-id",
        "Grupp",
        "Supports",
        "Supports with conditions",
        "Opposes",
        "No opinion",
        "Not addressed",
        "Could not be read",
        "Totalt",
    ]
    assert wb["Per förslag"]["C2"].value == "All"
    # the analyst answers in English words: from-xlsx reads them like the Swedish ones
    for row in citat.iter_rows(min_row=2):
        if Path(str(row[1].value)).name == "region-vastland.pdf" and row[3].value == "avtal":
            row[12].value = "Opposes"
    wb.save(book)
    out = tmp_path / "granskning.yaml"
    result = runner.invoke(
        app, ["overrides", "from-xlsx", str(book), "-o", str(out), "--reviewer", "A", "--date", "2026-11-20"]
    )
    assert result.exit_code == 0, result.stderr
    assert [(o.file, o.proposal, o.stance) for o in load_overrides(out).cells] == [
        ("region-vastland.pdf", "avtal", Stance.NEGATIVE)
    ]


def test_the_workbook_in_swedish(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    book = tmp_path / "matris.xlsx"
    result = runner.invoke(app, ["compare", "samples/region-vastland.pdf", "-f", "xlsx", "-o", str(book)])
    assert result.exit_code == 0, result.stderr
    assert load_workbook(book)["Matris"]["E3"].value == "Supports"  # the C locale: English
    result = runner.invoke(
        app,
        ["compare", "samples/region-vastland.pdf", "-f", "xlsx", "-o", str(book)],
        env={"LANG": "sv_SE.UTF-8", "LC_ALL": ""},
    )
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(book)
    assert [wb["Matris"]["B3"].value, wb["Matris"]["E3"].value] == ["Regioner", "Tillstyrker"]
    assert wb["Per förslag"]["C2"].value == "Alla"


# --- the summary ----------------------------------------------------------------------------------


def test_summary_tables_follow_the_language_and_the_prose_stays_swedish(
    runner: CliRunner, in_root: Path
) -> None:
    texts = {}
    for lang in ("sv", "en"):
        result = runner.invoke(app, ["summary", *TWO, "-f", "markdown", "--lang", lang])
        assert result.exit_code == 0, result.stderr
        texts[lang] = result.stdout.splitlines()
    sv, en = texts["sv"], texts["en"]
    at = sv.index(
        "| | Tillstyrker | Tillstyrker med förbehåll | Avstyrker | Inga synpunkter | Yttrar sig inte | Kunde inte läsas | Totalt |"
    )
    assert sv[at + 2 : at + 5] == [
        "| Regioner | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| Kommuner | 0 | 1 | 0 | 0 | 0 | 0 | 1 |",
        "| **Totalt** | **1** | **1** | **0** | **0** | **0** | **0** | **2** |",
    ]
    assert en[at] == (
        "| | Supports | Supports with conditions | Opposes | No opinion | Not addressed | Could not be read | Total |"
    )
    assert en[at + 2 : at + 5] == [
        "| Regions | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| Municipalities | 0 | 1 | 0 | 0 | 0 | 0 | 1 |",
        "| **Total** | **1** | **1** | **0** | **0** | **0** | **0** | **2** |",
    ]
    # everything but the count tables is the same Swedish text
    assert [line for line in sv if not line.startswith("|")] == [
        line for line in en if not line.startswith("|")
    ]
    assert "*Remissinstanserna:* Region Kronsjö och Norrby kommun tillstyrker förslaget." in en


def test_the_terminal_summary_in_english_never_cuts_a_word(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["summary", *TWO, "--lang", "en"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    # 80 columns are too narrow for the table: the counts are lines, in English
    assert "Supports with conditions: 1 (Municipalities 1)" in text
    assert "Tillstyrker med förbehåll:" not in text and "(Kommuner 1)" not in text


def test_the_word_summary_tables_follow_the_language(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:
    target = tmp_path / "summary.docx"
    result = runner.invoke(app, ["summary", *TWO, "-f", "docx", "-o", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    word = docx.Document(io.BytesIO(target.read_bytes()))
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "",
        "Supports",
        "Supports with conditions",
        "Opposes",
        "No opinion",
        "Not addressed",
        "Could not be read",
        "Total",
    ]
    assert table.rows[-1].cells[0].text == "Total"
    assert "Answers by stance and type of respondent:" in [p.text for p in word.paragraphs]
    assert word.paragraphs[0].text.startswith("Sammanställning av remissvar:")
