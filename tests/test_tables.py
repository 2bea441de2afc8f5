"""Answers as a ruled table: read as rows of cells by both engines, and each row's verdict given to the
proposal its subject cell names."""

from __future__ import annotations

from pathlib import Path

import pytest

from remisskoll import compare, parse_proposals
from remisskoll.model import Remiss, Stance
from remisskoll.runtime.cache import Cache

from conftest import extract

HEADER = ("Förslag", "Ställningstagande", "Kommentar")
ROWS = [
    ("Krav på medicinsk bedömning dygnet runt", "Tillstyrks med förbehåll", "Staten måste bära kostnaden."),
    ("Stärkta avtal om läkarmedverkan", "Tillstyrks", "Avtalen blir lättare att följa upp."),
    ("Särskilt ledningsansvarig", "Avstyrks", "Ansvaret blir otydligt i en liten kommun."),
    ("Försöksverksamhet med Magnetmodellen", "Inga synpunkter", ""),
    ("Nationell överenskommelse om VULF", "–", ""),
]


def table_pdf(path: Path, rows: list[tuple[str, str, str]], per_page: int = 3) -> Path:
    """A response whose answer is a ruled table; the header row repeats on each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    widths, x0 = (190, 120, 150), 70.0
    for start in range(0, len(rows), per_page):
        if start == 0:
            c.setFont("Helvetica", 10.5)
            c.drawString(x0, 780, "Ekby kommun lämnar sina synpunkter i tabellen nedan.")
        y = 750.0
        for i, row in enumerate([HEADER, *rows[start : start + per_page]]):
            c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 9)
            x = x0
            for text, w in zip(row, widths, strict=True):
                c.drawString(x + 4, y - 13, text)
                x += w
            c.line(x0, y, x, y)
            c.line(x0, y - 20, x, y - 20)
            for edge in (x0, x0 + 190, x0 + 310, x):
                c.line(edge, y, edge, y - 20)
            y -= 20
        c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_a_ruled_table_is_read_row_by_row_with_its_header_on_every_page(engine: str, tmp_path: Path) -> None:
    doc = extract(table_pdf(tmp_path / "tabell.pdf", ROWS), engine)
    rows = [line.cells for page in doc.pages for line in page.lines if line.cells]
    assert rows == [HEADER, *ROWS[:3], HEADER, *ROWS[3:]]  # the repeated header is not a letterhead
    assert doc.pages[0].lines[0].text == "Ekby kommun lämnar sina synpunkter i tabellen nedan."


def test_each_rows_verdict_goes_to_the_proposal_it_names(remiss: Remiss, tmp_path: Path) -> None:
    path = table_pdf(tmp_path / "tabell.pdf", ROWS)
    (response,) = compare([path], remiss, cache=Cache(tmp_path / "c", enabled=False)).responses
    got = {c.proposal: c.stance for c in response.cells}
    assert got == {
        "dygnet_runt": Stance.CONDITIONAL,
        "avtal": Stance.POSITIVE,
        "ledningsansvar": Stance.NEGATIVE,
        "kommunala_lakare": Stance.NOT_ADDRESSED,
        "nationell_samordnare": Stance.NOT_ADDRESSED,
        "ledarskapsutbildning": Stance.NOT_ADDRESSED,
        "magnetmodellen": Stance.NO_OPINION,
        "specialistsjukskoterskor": Stance.NOT_ADDRESSED,
        "vulf": Stance.NOT_ADDRESSED,  # "–": no position
    }
    cell = response.cell("avtal")
    assert cell is not None and [e.quote for e in cell.evidence] == ["Tillstyrks"]


def test_a_subject_cell_of_section_numbers_only(remiss: Remiss, tmp_path: Path) -> None:
    numbered = parse_proposals(
        "remiss: {id: x, title: X, ministry: Y}\n"
        "proposals:\n"
        "  - {id: ett, title: Det första, summary: s, area: a, terms: [första förslaget], sections: ['4.2']}\n"
        "  - {id: tva, title: Det andra, summary: s, area: a, terms: [andra förslaget], sections: ['4.3.1']}\n"
    )
    path = table_pdf(tmp_path / "avsnitt.pdf", [("4.2", "Avstyrks", ""), ("Avsnitt 4.3.1", "Tillstyrks", "")])
    (response,) = compare([path], numbered, cache=Cache(tmp_path / "c", enabled=False)).responses
    assert {c.proposal: c.stance for c in response.cells} == {"ett": Stance.NEGATIVE, "tva": Stance.POSITIVE}
