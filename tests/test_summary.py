"""summary: the draft of the proposition's "Remissinstanserna" text, in Markdown and Word."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from remisskoll.analysis.duplicates import duplicate_groups
from remisskoll.analysis.respondent import respondent_type
from remisskoll.cli import app
from remisskoll.model import (
    Basis,
    Cell,
    Dissent,
    Evidence,
    Matrix,
    Proposal,
    Remiss,
    RespondentType,
    Response,
    Stance,
    Status,
)
from remisskoll.summary import Run, shorten, summarise, to_markdown
from remisskoll.wordfile import to_docx

KOMMUN, REGION, MYNDIGHET, ORGANISATION = (
    RespondentType.KOMMUN,
    RespondentType.REGION,
    RespondentType.MYNDIGHET,
    RespondentType.ORGANISATION,
)
POS, CON, NEG, NOP, NA = (
    Stance.POSITIVE,
    Stance.CONDITIONAL,
    Stance.NEGATIVE,
    Stance.NO_OPINION,
    Stance.NOT_ADDRESSED,
)
REMISS = Remiss(
    id="test",
    title="Ett prov",
    ministry="S",
    proposals=(
        Proposal("ett", "Det första förslaget", "s", "a", ("första",), short="Första"),
        Proposal("tva", "Det andra förslaget", "s", "a", ("andra",), short="Andra"),
    ),
)


def _cell(pid: str, stance: Stance, quote: str = "", page: int = 1, general: bool = False) -> Cell:
    evidence = (Evidence(page, quote),) if quote else ()
    return Cell(pid, stance, Basis.GENERAL if general else Basis.EXPLICIT, 0.95, evidence)


def _r(
    name: str, kind: RespondentType, *cells: Cell, file: str = "", status: Status = Status.OK, **more: object
) -> Response:
    return Response(
        file=file or f"{name.lower().replace(' ', '-')}.pdf",
        respondent=name,
        status=status,
        pages=2,
        cells=cells,
        respondent_type=kind,
        **more,  # type: ignore[arg-type]
    )


def _text(runs: tuple[Run, ...]) -> str:
    return "".join(r.text for r in runs)


def _matrix(*responses: Response, groups: tuple[tuple[str, ...], ...] = ()) -> Matrix:
    return Matrix(REMISS, responses, groups)


def test_agreeing_bodies_are_one_sentence_in_the_propositions_order() -> None:
    m = _matrix(
        _r("Östby kommun", KOMMUN, _cell("ett", POS)),
        _r("Fackförbundet X", ORGANISATION, _cell("ett", NOP)),
        _r("Aby kommun", KOMMUN, _cell("ett", POS)),
        _r("Region Mitt", REGION, _cell("ett", POS)),
    )
    ett = summarise(m).proposals[0]
    assert _text(ett.prose) == (
        "Region Mitt, Aby kommun, Östby kommun och Fackförbundet X tillstyrker förslaget "
        "eller har inget att invända mot det."
    )
    assert [a.respondent for a in ett.answers] == [
        "Region Mitt",
        "Aby kommun",
        "Östby kommun",
        "Fackförbundet X",
    ]


def test_only_positives_or_only_no_objection_get_their_own_verb() -> None:
    m = _matrix(
        _r("A kommun", KOMMUN, _cell("ett", POS), _cell("tva", NOP)),
        _r("B kommun", KOMMUN, _cell("ett", POS), _cell("tva", NOP)),
        _r("C kommun", KOMMUN, _cell("ett", POS), _cell("tva", NOP)),
    )
    ett, tva = summarise(m).proposals
    assert _text(ett.prose) == "A kommun, B kommun och C kommun tillstyrker förslaget."
    assert _text(tva.prose) == "A kommun, B kommun och C kommun har inget att invända mot förslaget."


def test_a_negative_body_is_quoted_with_its_page() -> None:
    m = _matrix(
        _r("A kommun", KOMMUN, _cell("ett", POS)),
        _r("D kommun", KOMMUN, _cell("ett", NEG, "Kommunen avstyrker förslaget om det första.", page=3)),
    )
    ett = summarise(m).proposals[0]
    assert _text(ett.prose) == (
        "A kommun tillstyrker förslaget. D kommun avstyrker förslaget: ”Kommunen avstyrker förslaget om det "
        "första” (s. 3)."
    )
    assert [r.text for r in ett.prose if r.quote] == ["Kommunen avstyrker förslaget om det första"]
    assert "*Kommunen avstyrker förslaget om det första*” (s. 3)." in to_markdown(summarise(m))


def test_several_objections_each_have_a_quote_and_a_shared_text_is_quoted_once() -> None:
    shared = "Staten måste ersätta kommunerna fullt ut för kostnaderna."
    m = _matrix(
        _r("E kommun", KOMMUN, _cell("ett", CON, shared, page=2)),
        _r("F kommun", KOMMUN, _cell("ett", CON, shared, page=2)),
        _r("Region G", REGION, _cell("ett", NEG, "Regionen avstyrker.", page=4)),
        _r(
            "Region H",
            REGION,
            _cell("ett", NEG, "Förslaget är inte tillräckligt utrett och bör inte genomföras."),
        ),
    )
    assert _text(summarise(m).proposals[0].prose) == (
        "Region G och Region H avstyrker förslaget. Region G skriver: ”Regionen avstyrker” (s. 4). "
        "Region H skriver: ”Förslaget är inte tillräckligt utrett och bör inte genomföras” (s. 1). "
        "E kommun och F kommun tillstyrker förslaget med förbehåll. "
        "E kommun och F kommun skriver: ”Staten måste ersätta kommunerna fullt ut för kostnaderna” (s. 2)."
    )


def test_the_condition_is_quoted_rather_than_a_bare_table_cell_or_the_blanket_statement() -> None:
    blanket = Evidence(1, "Kommunen tillstyrker i övrigt samtliga förslag i betänkandet.")
    m = _matrix(
        _r(
            "A kommun",
            KOMMUN,
            Cell(
                "ett", CON, Basis.EXPLICIT, 0.6, (blanket, Evidence(2, "Det förutsätter att staten betalar."))
            ),
            Cell("tva", POS, Basis.GENERAL, 0.8, (blanket,)),
        ),
        _r(
            "B kommun",
            KOMMUN,
            Cell(
                "ett",
                CON,
                Basis.EXPLICIT,
                0.9,
                (
                    Evidence(1, "Tillstyrks med förbehåll"),
                    Evidence(1, "Kravet bör vänta tills staten har betalat."),
                ),
            ),
        ),
    )
    quotes = [a.quote for a in summarise(m).proposals[0].answers]
    assert quotes == [
        Evidence(2, "Det förutsätter att staten betalar"),
        Evidence(1, "Kravet bör vänta tills staten har betalat"),
    ]


def test_a_long_quote_is_cut_at_a_word_boundary() -> None:
    text = "Kommunen anser att förslaget om en särskild ledningsansvarig inte är tillräckligt utrett."
    assert shorten(text, 40) == "Kommunen anser att förslaget om en …"
    assert shorten(text, 42) == "Kommunen anser att förslaget om en …"
    assert shorten(text, 43) == "Kommunen anser att förslaget om en särskild …"  # the word ends at the limit
    assert shorten(text, 200) == text[:-1]  # whole, the full stop left to the sentence around it
    assert shorten("  två\nrader  ", 100) == "två rader"
    long_quote = "Regionen " + "mycket " * 60 + "tveksam."
    m = _matrix(_r("Region X", REGION, _cell("ett", NEG, long_quote)))
    (quote,) = [r.text for r in summarise(m).proposals[0].prose if r.quote]
    assert quote.endswith("mycket …") and len(quote) <= 162


def test_near_duplicates_are_counted_each_and_flagged() -> None:
    m = _matrix(
        _r("A kommun", KOMMUN, _cell("ett", POS), file="a.pdf"),
        _r("B kommun", KOMMUN, _cell("ett", POS), file="b.pdf"),
        _r("A kommun", KOMMUN, _cell("ett", POS), file="a-kopia.pdf"),
        _r("Region C", REGION, _cell("ett", NEG, "Regionen avstyrker förslaget.")),
        groups=(("a.pdf", "b.pdf", "a-kopia.pdf"),),
    )
    s = summarise(m)
    ett = s.proposals[0]
    assert ett.counts["positive"] == 3
    assert ett.by_type[KOMMUN]["positive"] == 3
    assert _text(ett.prose).startswith(
        "A kommun (likalydande med a.pdf och B kommun), "  # a-kopia.pdf: the same name, sorted by file
        "A kommun (likalydande med B kommun och a-kopia.pdf) och "
        "B kommun (likalydande med a.pdf och a-kopia.pdf) tillstyrker förslaget."
    )
    md = to_markdown(s)
    assert "| **Totalt** | **3** | **0** | **1** | **0** | **0** | **0** | **4** |" in md
    assert "| Kommuner | 3 | 0 | 0 | 0 | 0 | 0 | 3 |" in md
    assert (
        "Svar med i stort sett samma text (likalydande) räknas vart och ett och märks i texten: "
        "a.pdf = b.pdf = a-kopia.pdf."
    ) in md


def test_not_addressed_is_counted_but_not_named() -> None:
    m = _matrix(
        _r("A kommun", KOMMUN, _cell("ett", POS)),
        _r("Tyst kommun", KOMMUN, _cell("ett", NA)),
        _r("Tystare kommun", KOMMUN, _cell("ett", NA)),
    )
    ett = summarise(m).proposals[0]
    assert _text(ett.prose) == (
        "A kommun tillstyrker förslaget. Av remissinstanserna yttrar sig 2 inte över förslaget."
    )
    assert ett.counts["not_addressed"] == 2


def test_general_statements_are_quoted_once_per_respondent() -> None:
    blanket = "Myndigheten har inga synpunkter på betänkandet."
    m = _matrix(
        _r(
            "Statens myndighet",
            MYNDIGHET,
            _cell("ett", NOP, blanket, page=2, general=True),
            _cell("tva", NOP, blanket, page=2, general=True),
        ),
        _r(
            "A kommun",
            KOMMUN,
            _cell("ett", POS, "Kommunen tillstyrker det första förslaget."),
            _cell("tva", NA),
        ),
    )
    s = summarise(m)
    assert [(g.respondent, g.quote, g.proposals) for g in s.general] == [
        (
            "Statens myndighet",
            Evidence(2, "Myndigheten har inga synpunkter på betänkandet"),
            ("Första", "Andra"),
        )
    ]
    md = to_markdown(s)
    assert md.count("Myndigheten har inga synpunkter") == 1
    assert (
        "## Allmänna synpunkter\n\n- Statens myndighet: ”*Myndigheten har inga synpunkter på betänkandet*” (s. 2) "
        "— gäller Första, Andra\n"
    ) in md


def test_references_to_skr_and_to_another_body_are_listed_apart() -> None:
    m = _matrix(
        _r(
            "A kommun",
            KOMMUN,
            _cell("ett", NA),
            references=(Evidence(1, "Kommunen instämmer i SKR:s yttrande."),),
        ),
        _r(
            "B kommun",
            KOMMUN,
            _cell("ett", POS),
            references=(
                Evidence(
                    2, "Kommunen ställer sig bakom det yttrande som Sveriges Kommuner och Regioner lämnat."
                ),
            ),
        ),
        _r(
            "Förening Y",
            ORGANISATION,
            _cell("ett", NA),
            references=(Evidence(1, "Vi hänvisar till Vårdförbundets yttrande."),),
        ),
    )
    s = summarise(m)
    assert [(g.target, g.respondents) for g in s.references] == [
        ("SKR:s yttrande", ("A kommun", "B kommun")),
        ("en annan remissinstans yttrande", ("Förening Y",)),
    ]
    md = to_markdown(s)
    section = md.split("## Hänvisningar till andra remissinstansers yttranden\n")[1]
    assert section.startswith(
        "\nInstämmer i eller hänvisar till SKR:s yttrande: A kommun och B kommun.\n\n"
        "- A kommun: ”*Kommunen instämmer i SKR:s yttrande*” (s. 1)\n"
    )
    assert "Instämmer i eller hänvisar till en annan remissinstans yttrande: Förening Y." in section


def test_an_unreadable_file_is_listed_as_such_never_as_a_stance() -> None:
    m = _matrix(
        _r("A kommun", KOMMUN, _cell("ett", POS), _cell("tva", POS)),
        _r("Skannad kommun", KOMMUN, status=Status.UNREADABLE, error="no text layer"),
    )
    s = summarise(m)
    ett = s.proposals[0]
    assert _text(ett.prose) == "A kommun tillstyrker förslaget. Svaret från Skannad kommun kunde inte läsas."
    assert ett.counts == {
        "positive": 1,
        "conditional": 0,
        "negative": 0,
        "no_opinion": 0,
        "not_addressed": 0,
        "unreadable": 1,
    }
    md = to_markdown(s)
    assert md.startswith(
        "# Sammanställning av remissvar: Ett prov\n\n2 svar har kommit in, varav 1 kunde läsas och 1 inte.\n"
    )
    assert md.endswith(
        "## Svar som inte kunde läsas\n\n- Skannad kommun (skannad-kommun.pdf): no text layer\n"
    )


def test_dissents_are_kept_apart_from_the_bodys_stance() -> None:
    dissent = Dissent(1, "Ledamoten anser att kommunen borde avstyrka.", ("ett",), "Per P (X)", NEG)
    m = _matrix(_r("A kommun", KOMMUN, _cell("ett", POS), dissents=(dissent, dissent)))
    md = to_markdown(summarise(m))
    assert "A kommun tillstyrker förslaget.\n" in md
    assert md.count("- **Reservation/anteckning:** A kommun – Per P (X): avstyrker (s. 1)") == 1


def test_a_list_order_can_replace_the_propositions_order() -> None:
    m = _matrix(
        _r("A kommun", KOMMUN, _cell("ett", POS)),
        _r("Region B", REGION, _cell("ett", POS)),
    )
    listed = {"A kommun": 0, "Region B": 1}
    assert _text(summarise(m, order=lambda r: listed[r.respondent]).proposals[0].prose) == (
        "A kommun och Region B tillstyrker förslaget."
    )
    assert _text(summarise(m).proposals[0].prose) == "Region B och A kommun tillstyrker förslaget."


def test_markdown_escapes_what_a_pdf_could_turn_into_markup() -> None:
    m = _matrix(_r("A*kommun | B", KOMMUN, _cell("ett", NEG, "Inte *så* här")))
    md = to_markdown(summarise(m))
    assert "A\\*kommun \\| B avstyrker förslaget: ”*Inte \\*så\\* här*” (s. 1)." in md


# --- Word ----------------------------------------------------------------------------------------

WORD_MATRIX = _matrix(
    _r("Aby kommun", KOMMUN, _cell("ett", POS), _cell("tva", NA)),
    _r("Byby kommun", KOMMUN, _cell("ett", NEG, "Kommunen avstyrker förslaget.", page=3), _cell("tva", NA)),
    _r("Region Cee", REGION, _cell("ett", POS), _cell("tva", POS)),
    _r("Skannad kommun", KOMMUN, status=Status.UNREADABLE, error="no text layer"),
)


def test_docx_has_headings_a_count_table_and_quotes_in_italics() -> None:
    word = docx.Document(io.BytesIO(to_docx(summarise(WORD_MATRIX))))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Sammanställning av remissvar: Ett prov"),
        ("Heading 2", "Det första förslaget"),
        ("Heading 2", "Det andra förslaget"),
        ("Heading 2", "Svar som inte kunde läsas"),
    ]
    assert [[c.text for c in row.cells] for row in word.tables[0].rows] == [
        [
            "",
            "Tillstyrker",
            "Tillstyrker med förbehåll",
            "Avstyrker",
            "Inga synpunkter",
            "Yttrar sig inte",
            "Kunde inte läsas",
            "Totalt",
        ],
        ["Regioner", "1", "0", "0", "0", "0", "0", "1"],
        ["Kommuner", "1", "0", "1", "0", "0", "1", "3"],
        ["Totalt", "2", "0", "1", "0", "0", "1", "4"],
    ]
    prose = next(p for p in word.paragraphs if p.text.startswith("Remissinstanserna:"))
    assert prose.text == (
        "Remissinstanserna: Region Cee och Aby kommun tillstyrker förslaget. Byby kommun avstyrker förslaget: "
        "”Kommunen avstyrker förslaget” (s. 3). Svaret från Skannad kommun kunde inte läsas."
    )
    assert [r.text for r in prose.runs if r.italic] == ["Remissinstanserna: ", "Kommunen avstyrker förslaget"]
    assert word.core_properties.title == "Sammanställning av remissvar: Ett prov"


def test_docx_drops_characters_xml_cannot_hold() -> None:
    m = _matrix(_r("Kontroll\x0bkommun", KOMMUN, _cell("ett", NEG, "Nej\x00 tack")))
    word = docx.Document(io.BytesIO(to_docx(summarise(m))))
    prose = next(p for p in word.paragraphs if p.text.startswith("Remissinstanserna:"))
    assert prose.text == "Remissinstanserna: Kontrollkommun avstyrker förslaget: ”Nej tack” (s. 1)."


def test_docx_opens_in_libreoffice(tmp_path: Path, libreoffice: Callable[[Path, str], Path]) -> None:
    path = tmp_path / "sammanstallning.docx"
    path.write_bytes(to_docx(summarise(WORD_MATRIX)))
    text = libreoffice(path, "txt").read_text("utf-8-sig")
    assert "Sammanställning av remissvar: Ett prov" in text
    assert "Byby kommun avstyrker förslaget" in text


# --- the command --------------------------------------------------------------------------------


def test_summary_markdown_on_the_samples(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(
        app, ["summary", "samples", "--format", "markdown", "--ocr", "never", "--lang", "sv"]
    )
    assert result.exit_code == 1  # the scanned sample
    md = result.stdout
    assert md.startswith(
        "# Sammanställning av remissvar: Stärkt medicinsk kompetens i kommunal hälso- och sjukvård (SOU 2024:72)"
        "\n\n16 svar har kommit in, varav 15 kunde läsas och 1 inte.\n"
    )
    section = md.split("## Krav på tillgång till medicinsk bedömning dygnet runt (`dygnet_runt`)")[1].split(
        "## "
    )[0]
    assert "*Remissinstanserna:* Statens vårdkvalitetsmyndighet, Region Kronsjö, Region Västland, " in section
    assert (
        "Region Nordmark avstyrker förslaget: ”*Region Nordmark avstyrker förslaget om ett krav på "
        in section
    )
    assert "Svaret från Skarsunds kommun kunde inte läsas." in section
    assert "| **Totalt** | **7** | **4** | **1** | **2** | **1** | **1** | **16** |" in section
    assert "| Kommuner | 3 | 4 | 0 | 1 | 0 | 1 | 9 |" in section
    # a member's reservation and the sentence that gives its stance are one dissent
    assert section.count("Jonas Ekberg (M)") == 1
    kl = md.split("(`kommunala_lakare`)")[1].split("## ")[0]
    assert kl.count("- **Reservation/anteckning:** Norrby kommun – Per Lindqvist (SD): avstyrker (s. 1)") == 1
    assert "- Mellanby kommun: ”*Mellanby kommun tillstyrker samtliga förslag i betänkandet som inte " in md
    assert "Instämmer i eller hänvisar till SKR:s yttrande: Lillasjö kommun och Sjöhaga kommun." in md
    assert "- Skarsunds kommun (samples/skarsunds-kommun.pdf): no text layer" in md
    assert result.stderr.endswith("remisskoll: 16 file(s), 15 read, 1 not read\n")
    # The README's excerpt is checked against a real run by tests/test_readme.py.


def test_summary_docx_is_written_to_the_output_file(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "sammanstallning.docx"
    result = runner.invoke(
        app,
        [
            "summary",
            "samples/lillasjo-kommun.pdf",
            "samples/region-nordmark.pdf",
            "-f",
            "docx",
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    word = docx.Document(str(target))
    assert word.paragraphs[0].text == (
        "Sammanställning av remissvar: Stärkt medicinsk kompetens i kommunal hälso- och sjukvård (SOU 2024:72)"
    )
    assert any("Region Nordmark avstyrker förslaget" in p.text for p in word.paragraphs)
    assert len(word.tables) == 9


def test_summary_docx_without_output_is_refused(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["summary", "samples", "--format", "docx"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: --format docx writes a Word file, not text: add -o FILE.docx\n"


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_near_duplicate_responses_are_each_counted(
    runner: CliRunner, tmp_path: Path, in_root: Path, fmt: str
) -> None:
    for name in ("norrby-kommun.pdf", "region-nordmark.pdf"):
        shutil.copy(in_root / "samples" / name, tmp_path / name)
    shutil.copy(in_root / "samples" / "norrby-kommun.pdf", tmp_path / "norrby-kopia.pdf")
    result = runner.invoke(app, ["summary", str(tmp_path), "--format", fmt, "--lang", "sv"])
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())  # the terminal wraps lines
    assert "norrby-kommun.pdf = norrby-kopia.pdf" in out
    assert "Norrby kommun (likalydande med norrby-kopia.pdf) och Norrby kommun (likalydande med" in out
    if fmt == "markdown":
        avtal = result.stdout.split("(`avtal`)")[1].split("## ")[0]
        # Norrby twice: both counted
        assert "| **Totalt** | **2** | **0** | **1** | **0** | **0** | **0** | **3** |" in avtal


def test_duplicate_groups_need_shared_long_paragraphs() -> None:
    shared = [
        "Kommunen delar SKR:s uppfattning att finansieringsprincipen måste tillämpas fullt ut för varje nytt "
        "åtagande som staten lägger på kommunerna i den kommunala hälso- och sjukvården.",
        "Kommunen vill därtill understryka att tillgången till läkare under kvällar, nätter och helger är den "
        "avgörande frågan för patientsäkerheten i den kommunala hälso- och sjukvården i hela landet.",
    ]
    own = [
        "Norrby har en åldrande befolkning och stora avstånd mellan tätorterna, vilket gör att bemanningen av "
        "sjuksköterskor dygnet runt redan i dag är en utmaning för kommunens hemsjukvård och boenden."
    ]
    groups = duplicate_groups(
        [
            ("a.pdf", shared + own),
            ("b.pdf", [shared[0].replace("Kommunen", "Regionen", 1), shared[1]]),
            ("c.pdf", own),
            ("d.pdf", ["Kort."] * 5),
        ]
    )
    assert groups == (("a.pdf", "b.pdf"),)


def test_respondent_types() -> None:
    assert [
        respondent_type(n)
        for n in (
            "Norrby kommun",
            "Göteborgs stad",
            "Region Västland",
            "Västra Götalandsregionen",
            "Socialstyrelsen",
            "Statens vårdkvalitetsmyndighet",
            "Karolinska institutet",
            "Fackförbundet Vårdkraft",
            "Sveriges Kommuner och Regioner",
            "Allmänläkarföreningen i Västland",
            "Anna Andersson",
        )
    ] == [
        RespondentType.KOMMUN,
        RespondentType.KOMMUN,
        RespondentType.REGION,
        RespondentType.REGION,
        RespondentType.MYNDIGHET,
        RespondentType.MYNDIGHET,
        RespondentType.MYNDIGHET,
        RespondentType.ORGANISATION,
        RespondentType.ORGANISATION,
        RespondentType.ORGANISATION,
        RespondentType.OTHER,
    ]


@pytest.mark.parametrize("columns", [60, 80, 100, 140])
def test_the_terminal_summary_never_cuts_a_word(runner: CliRunner, in_root: Path, columns: int) -> None:
    result = runner.invoke(
        app,
        ["summary", "samples/norrby-kommun.pdf", "samples/region-kronsjo.pdf", "--lang", "sv"],
        env={"COLUMNS": str(columns)},
    )
    assert result.exit_code == 0
    cut = re.findall(r"\w+…", result.stdout)  # a quote shortened at a word ends "ord …", never "ord…"
    assert cut == [], cut
    text = " ".join(result.stdout.split())
    assert "Tillstyrker med förbehåll" in text and "Kommuner" in text


def test_a_conditional_answer_is_quoted_by_its_condition_not_its_support() -> None:
    support = Evidence(2, "Kommunen ser positivt på att kommunerna får anställa egna läkare i sin verksamhet")
    condition = Evidence(
        3, "Det är dock av största vikt att staten bär kostnaderna innan kravet börjar gälla"
    )
    cell = Cell("ett", CON, Basis.EXPLICIT, 0.8, (support, condition))
    prose = _text(summarise(_matrix(_r("Aby kommun", KOMMUN, cell))).proposals[0].prose)
    assert (
        "”Det är dock av största vikt att staten bär kostnaderna innan kravet börjar gälla” (s. 3)" in prose
    )
    assert "ser positivt" not in prose
