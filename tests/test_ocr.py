"""OCR: the normalisation of Tesseract's artefacts (our own lines) and what ocr.py reads from the shapes
of the words (synthetic Tesseract output and page images), then one small scan read end to end."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from remisskoll.model import Line, Page
from remisskoll.reading import ocr
from remisskoll.reading.ocr_text import clean_line, clean_lines

from conftest import ROOT, extract

# --- text: one rule at a time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("« Kommunen tillstyrker förslaget.", "• Kommunen tillstyrker förslaget."),
        ("» Regionen avstyrker.", "• Regionen avstyrker."),
        ("»« Nämnden har inga synpunkter.", "• Nämnden har inga synpunkter."),
        ("© Förbundet välkomnar förslaget.", "• Förbundet välkomnar förslaget."),
        ("* Staten bör bära kostnaden.", "• Staten bör bära kostnaden."),
        ("= 40 procent av nätterna saknas läkare.", "• 40 procent av nätterna saknas läkare."),
        ("= - Bolaget stöder förslaget.", "• Bolaget stöder förslaget."),
        ("- Förbundet kan inte ställa sig bakom det.", "• Förbundet kan inte ställa sig bakom det."),
        ("— 12 procent svarade nej.", "• 12 procent svarade nej."),
        ("• Kommunen avstyrker.", "• Kommunen avstyrker."),
        ("+ Kommunen tillstyrker.", "• Kommunen tillstyrker."),
        ("e Kommunen tillstyrker.", "• Kommunen tillstyrker."),
        ("o Nämnden avstyrker.", "• Nämnden avstyrker."),
    ],
)
def test_a_bullet_read_as_another_glyph_at_a_line_start_becomes_a_bullet(read: str, meant: str) -> None:
    assert clean_line(read) == meant


@pytest.mark.parametrize(
    "line",
    [
        "e-post skickas till registraturen.",  # no space: a word
        "o och e är vokaler i exemplet.",  # a lone letter before a lowercase word, no list around it
        "+ 5 procent mot föregående år",  # a plus sign before a number
        "»Nattsköterskan kom aldrig», säger en anhörig.",  # a quotation mark on its word
        "8.3 Nationell ledarskapsutbildning",
    ],
)
def test_what_only_looks_like_a_bullet_is_kept(line: str) -> None:
    assert clean_line(line) == line


def test_a_lone_letter_is_a_bullet_in_a_run_of_bullets() -> None:
    lines = [
        "• Att ledningsuppdraget inte krockar med",
        "o tillsynsansvaret enligt lagen,",
        "e uppföljningen av kvaliteten.",
        "Vanlig text efter listan.",
        "o och e är vokaler, sägs det här.",
    ]
    assert clean_lines(lines) == [
        "• Att ledningsuppdraget inte krockar med",
        "• tillsynsansvaret enligt lagen,",
        "• uppföljningen av kvaliteten.",
        "Vanlig text efter listan.",
        "o och e är vokaler, sägs det här.",
    ]


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("8 23 Yttrande över betänkandet", "§ 23 Yttrande över betänkandet"),
        ("& 23 Yttrande över betänkandet", "§ 23 Yttrande över betänkandet"),
        ("8& 41 Remissvar – Stärkt kompetens", "§ 41 Remissvar – Stärkt kompetens"),
        ("$38 Dnr KS 2024/0415", "§ 38 Dnr KS 2024/0415"),
        ("§7 Anmälningsärenden", "§ 7 Anmälningsärenden"),
        ("Arbetsutskottets protokoll 2025-02-18 8 22", "Arbetsutskottets protokoll 2025-02-18 § 22"),
        ("Arbetsutskottets protokoll 2025-02-18 $ 22", "Arbetsutskottets protokoll 2025-02-18 § 22"),
        ("S9 Dnr VON 2025/012", "§ 9 Dnr VON 2025/012"),
    ],
)
def test_the_paragraph_sign_of_a_protokoll_is_put_back(read: str, meant: str) -> None:
    assert clean_line(read) == meant


@pytest.mark.parametrize(
    "line",
    [
        "8 000 kronor per plats och år",  # a number with a thousands space
        "8 kap. 3 § hälso- och sjukvårdslagen",
        "8 23 kommuner har svarat",  # a count, not a paragraph: no capital after it
        "Kostnaden var 2025-02-18 8 000 kronor",  # 000 is no paragraph number
        "år 2025, 8 500 personer",
        "S2024/01960 Socialdepartementet",  # a ministry's diary number
        "SKR 12 kommuner",
    ],
)
def test_numbers_that_are_no_paragraph_are_kept(line: str) -> None:
    assert clean_line(line) == line


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Krav på bedömning dygnet runt — kommunen ska", "Krav på bedömning dygnet runt – kommunen ska"),
        ("avsnitten 8.3—8.5 i betänkandet", "avsnitten 8.3–8.5 i betänkandet"),
        ("Stärkta avtal - Socialstyrelsen ska", "Stärkta avtal – Socialstyrelsen ska"),
        ("-", "–"),
        ("—", "–"),
    ],
)
def test_dashes_become_the_en_dash(read: str, meant: str) -> None:
    assert clean_line(read) == meant


@pytest.mark.parametrize(
    "line",
    [
        "hälso- och sjukvård i kommunen",
        "Diarienummer RS 2024-0412",
        "ST-läkare och AT-läkare",
        "telefon 08-123 45 67",
    ],
)
def test_hyphens_stay_hyphens(line: str) -> None:
    assert clean_line(line) == line


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        (
            "Svar till s.remissvarQregeringskansliet.se senast",
            "Svar till s.remissvar@regeringskansliet.se senast",
        ),
        ("registrator(Onorrvik.example", "registrator@norrvik.example"),
        ("info(Qförening.se", "info(Qförening.se"),  # not an address (å, ä, ö are no domain letters here)
        ("kontakt: infoQ kommunen.se", "kontakt: info@kommunen.se"),
        ("registraturQQregion.nu", "registratur@region.nu"),
    ],
)
def test_the_at_sign_of_an_address_is_put_back(read: str, meant: str) -> None:
    assert clean_line(read) == meant


def test_words_with_a_capital_q_are_not_addresses() -> None:
    line = "Kommunen deltar i QualityCare.se-projektet och IQ-testet."
    assert clean_line(line) == line


def test_an_acronyms_genitive_is_lowercase() -> None:
    assert clean_line("enligt NVK:S mening bör") == "enligt NVK:s mening bör"
    assert clean_line("SKR:S YTTRANDE") == "SKR:S YTTRANDE"  # all capitals: a heading


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("C] ÅSBY STAD Tjänsteutlåtande", "ÅSBY STAD Tjänsteutlåtande"),
        ("[] FÖRBUNDET Remissvar", "FÖRBUNDET Remissvar"),
        ("grund och göra avtalen lättare att följa upp. |", "grund och göra avtalen lättare att följa upp."),
        ("Anna Berg | Olof Ek", "Anna Berg Olof Ek"),
        ("kunskap som utredningen efterfrågar.;", "kunskap som utredningen efterfrågar."),
        ("under hela dygnet,:", "under hela dygnet,"),
        ("tillgång till bedömning dygnet -:", "tillgång till bedömning dygnet"),
        ("undan annan vård .", "undan annan vård."),
        ("Tillstyrks , med förbehåll", "Tillstyrks, med förbehåll"),
        ("i kommunal hälso-.och sjukvård", "i kommunal hälso- och sjukvård"),
        ("för- ,eller nackdelar", "för- eller nackdelar"),
    ],
)
def test_specks_and_logo_shapes_are_dropped(read: str, meant: str) -> None:
    assert clean_line(read) == meant


@pytest.mark.parametrize(
    "line", ["a) Kommunen tillstyrker.", "t.ex. i kommunerna", "m.m.", "kl. 8.30 varje dag"]
)
def test_marks_that_belong_are_kept(line: str) -> None:
    assert clean_line(line) == line


def test_a_line_of_dust_is_dropped_a_page_number_kept() -> None:
    assert clean_lines([";", "E", "i", ":.", "3", "Ja"]) == ["", "", "", "", "3", "Ja"]


def test_clean_text_is_left_alone() -> None:
    text = "Kommunen tillstyrker förslaget om en nationell samordnare (avsnitt 8.2)."
    assert clean_line(text) == text


# --- shapes: synthetic Tesseract output --------------------------------------------------------------


def tesseract(words: list[tuple[str, int, int, int, int, int]]) -> dict[str, list[Any]]:
    """image_to_data's dict for words (text, left, top, width, height, line number), one block."""
    data: dict[str, list[Any]] = {
        k: [] for k in ("text", "conf", "left", "top", "width", "height", "block_num", "par_num", "line_num")
    }
    for text, left, top, width, height, line in words:
        for key, value in zip(
            ("text", "conf", "left", "top", "width", "height", "block_num", "par_num", "line_num"),
            (text, 95, left, top, width, height, 1, 1, line),
            strict=True,
        ):
            data[key].append(value)
    return data


def lines_of(data: dict[str, list[Any]], image: Image.Image | None = None) -> list[Line]:
    scan = ocr.read_scan(data, image)
    return ocr.scan_lines(scan, ocr.body_size([scan]))


# A 10.5 pt line at 300 dpi: capitals and ascenders 31 px tall, descenders 9 px more.
CAP, DESC = 31, 9


def body_line(y: int, line: int, text: str = "Kommunen tillstyrker förslaget om läkare") -> list[Any]:
    words, x = [], 300
    for word in text.split():
        width = 22 * len(word)
        descends = any(c in "gjpqy" for c in word)
        words.append((word, x, y, width, CAP + (DESC if descends else 0), line))
        x += width + 14
    return words


def test_a_small_glyph_set_off_before_the_first_word_is_a_bullet() -> None:
    data = tesseract(
        [("2", 300, 1012, 14, 14, 1), *[(t, x + 50, y, w, h, 1) for t, x, y, w, h, _ in body_line(1000, 1)]]
    )
    (line,) = lines_of(data)
    assert line.text == "• Kommunen tillstyrker förslaget om läkare"


def test_a_real_digit_before_a_word_stays() -> None:
    data = tesseract(
        [("2", 300, 1000, 20, CAP, 1), *[(t, x + 36, y, w, h, 1) for t, x, y, w, h, _ in body_line(1000, 1)]]
    )
    (line,) = lines_of(data)
    assert line.text.startswith("2 Kommunen")


def test_small_dots_between_words_are_separators() -> None:
    words = [
        ("Kommunen", 300, 1000, 180, CAP, 1),
        ("+", 494, 1012, 5, 5, 1),
        ("Socialnämnden", 513, 1000, 280, CAP, 1),
        (":", 807, 1012, 5, 5, 1),
        ("Dnr", 826, 1000, 70, CAP, 1),
        ("12", 910, 1000, 40, CAP, 1),
    ]
    (line,) = lines_of(tesseract(words + body_line(1060, 2) + body_line(1120, 3)))[:1]
    assert line.text == "Kommunen • Socialnämnden • Dnr 12"


def test_dust_away_from_the_words_is_dropped() -> None:
    words = [*body_line(1000, 1), ("i", 2000, 1010, 5, 5, 1), (";", 1200, 1400, 4, 4, 2), *body_line(1060, 3)]
    assert [line.text for line in lines_of(tesseract(words))] == [
        "Kommunen tillstyrker förslaget om läkare",
        "Kommunen tillstyrker förslaget om läkare",
    ]


def test_a_sheet_askew_on_the_glass_is_read_level() -> None:
    """Words of one line drift down by 1 px in 60 (about 1°): still one line, two columns apart."""
    words = []
    for row in range(8):
        y = 1000 + 60 * row
        for col, x0 in enumerate((300, 1300)):
            x = x0
            for word in ("Kommunen", "tillstyrker", "förslaget"):
                words.append(
                    (word, x, y + x // 60, 22 * len(word), CAP + (DESC if "g" in word else 0), 2 * row + col)
                )
                x += 22 * len(word) + 14
    lines = lines_of(tesseract(words))
    assert len(lines) == 16  # the two columns are read one after the other, each line whole
    assert {line.text for line in lines} == {"Kommunen tillstyrker förslaget"}
    assert len({round(line.bottom - line.top, 1) for line in lines}) == 1


def test_a_larger_line_is_sized_as_a_heading_and_body_lines_alike() -> None:
    heading = [("Särskild", 300, 900, 230, 45, 1), ("ledningsansvarig", 545, 900, 470, 58, 1)]  # 15 pt
    words = (
        heading
        + body_line(1000, 2)
        + body_line(1060, 3, "Regionen avstyrker det i sin helhet")
        + body_line(1120, 4)
    )
    lines = lines_of(tesseract(words))
    sizes = [line.size for line in lines]
    assert sizes[1] == sizes[2] == sizes[3]  # body text: one size, as the segmenter counts it
    assert sizes[0] >= sizes[1] + 1.5  # the heading stands out as in the text version


def test_scanned_pages_take_the_body_size_of_the_text_pages_beside_them() -> None:
    heading = [("Särskild", 300, 900, 230, 45, 1), ("ledningsansvarig", 545, 900, 470, 58, 1)]
    scan = ocr.read_scan(tesseract(heading + body_line(1000, 2) + body_line(1060, 3)))
    sizes = [line.size for line in ocr.scan_lines(scan, ocr.body_size([scan]), points=9.0)]
    assert sizes[1:] == [9.0, 9.0]
    assert sizes[0] >= 9.0 + 1.5
    text_pages = [
        Page(1, (Line("Brödtext " * 8, 100, 110, 70, 9.0, False), Line("Rubrik", 80, 92, 70, 12, True)))
    ]
    assert ocr.text_body_size(text_pages) == 9.0
    assert ocr.text_body_size([Page(2, ())]) is None


def draw_word(draw: ImageDraw.ImageDraw, x: int, y: int, stems: int, stroke: int) -> tuple[int, int]:
    """A word of vertical stems (a stand-in for letters): regular or bold by the stroke width."""
    for i in range(stems):
        draw.rectangle((x + 16 * i, y, x + 16 * i + stroke - 1, y + CAP - 1), fill=20)
    draw.rectangle((x, y + CAP - stroke, x + 16 * stems - 10, y + CAP - 1), fill=20)  # a baseline stroke
    return x + 16 * stems + 14, 16 * stems - 10


def test_thicker_strokes_are_bold() -> None:
    image = Image.new("L", (2480, 3508), 235)
    draw = ImageDraw.Draw(image)
    words = []
    for line, stroke in enumerate((7, 3, 3, 3, 3)):
        x = 300
        for word in ("Kommunen", "tillstyrker", "Dnr"):
            start = x
            x, width = draw_word(draw, x, 1000 + 60 * line, len(word), stroke)
            words.append((word, start, 1000 + 60 * line, width, CAP, line))
    lines = lines_of(tesseract(words), image)
    assert [line.bold for line in lines] == [True, False, False, False, False]


def test_dust_before_a_word_is_no_quotation_mark() -> None:
    image = Image.new("L", (2480, 3508), 235)
    draw = ImageDraw.Draw(image)
    words = []
    for line, (mark, word) in enumerate([("dust", '"Kommunen'), ("quote", '"Kommunen'), (None, "Kommunen")]):
        y = 1000 + 60 * line
        if mark == "dust":
            draw.ellipse((300, y + CAP - 4, 304, y + CAP), fill=30)  # a dot by the baseline
        elif mark == "quote":
            draw.rectangle((300, y, 303, y + 11), fill=20)  # two strokes, a third of the height
            draw.rectangle((309, y, 312, y + 11), fill=20)
        x, _ = draw_word(draw, 320, y, 8, 3)
        words.append((word, 300, y, x - 300, CAP, line))
    assert [line.text for line in lines_of(tesseract(words), image)] == ["Kommunen", '"Kommunen', "Kommunen"]


def test_ruled_cells_are_read_as_a_table_row() -> None:
    image = Image.new("L", (2480, 3508), 235)
    draw = ImageDraw.Draw(image)
    for y in (900, 1000, 1100):
        draw.rectangle((280, y, 1800, y + 2), fill=20)
    for x in (280, 900, 1800):
        draw.rectangle((x, 900, x + 2, 1102), fill=20)
    words = [
        ("Förslag", 300, 930, 160, CAP + DESC, 1),
        ("Ställningstagande", 920, 930, 380, CAP + DESC, 2),
        ("Avtal", 300, 1030, 110, CAP, 3),
        ("Tillstyrks", 920, 1030, 210, CAP, 4),
    ]
    lines = lines_of(tesseract(words), image)
    assert [(line.text, line.cells) for line in lines] == [
        ("Förslag | Ställningstagande", ("Förslag", "Ställningstagande")),
        ("Avtal | Tillstyrks", ("Avtal", "Tillstyrks")),
    ]


def test_a_cell_tesseract_left_empty_is_read_on_its_own() -> None:
    """A short verdict alone in a cell is now and then dropped by Tesseract's page layout analysis."""
    image = Image.new("L", (2480, 3508), 235)
    draw = ImageDraw.Draw(image)
    for y in (900, 1000, 1100):
        draw.rectangle((280, y, 1800, y + 2), fill=20)
    for x in (280, 900, 1300, 1800):
        draw.rectangle((x, 900, x + 2, 1102), fill=20)
    draw_word(draw, 920, 1030, 10, 3)  # the verdict Tesseract did not read
    draw.rectangle((1320, 1049, 1344, 1052), fill=20)  # a dash: nothing to say
    words = [
        ("Förslag", 300, 930, 160, CAP + DESC, 1),
        ("Ställningstagande", 920, 930, 360, CAP + DESC, 2),
        ("Kommentar", 1320, 930, 220, CAP, 3),
        ("Avtal", 300, 1030, 110, CAP, 4),
    ]
    asked: list[tuple[int, int]] = []

    def recognise(cell: Image.Image) -> dict[str, list[Any]]:
        asked.append(cell.size)
        box = cell.point(lambda v: 255 if v < 128 else 0).getbbox()
        if box is not None and box[2] - box[0] > 60:  # the stems, not the dash
            return tesseract([("Avstyrks", box[0], box[1], box[2] - box[0], box[3] - box[1], 1)])
        return tesseract([])  # Tesseract reads no lone dash

    scan = ocr.read_scan(tesseract(words), image, recognise)
    lines = ocr.scan_lines(scan, ocr.body_size([scan]))
    assert len(asked) == 2  # only the cells with ink and no word
    assert [line.cells for line in lines] == [
        ("Förslag", "Ställningstagande", "Kommentar"),
        ("Avtal", "Avstyrks", "–"),
    ]


def test_pages_are_registered_on_their_letterhead() -> None:
    def page(dy: float) -> list[Line]:
        return [
            Line("Region Västerskog Regionstyrelsen", 40 + dy, 52 + dy, 70, 12, True),
            Line("Brödtext som skiljer sig mellan sidorna " + str(dy), 300 + dy, 311 + dy, 70, 10.5, False),
            Line("Sida 1 av 2", 800 + dy, 809 + dy, 70, 9, False),
        ]

    first, second = ocr.register([(page(0), 842), (page(7.5), 842)])
    assert [line.top for line in second] == [line.top for line in first]
    (far,) = ocr.register([(page(0), 842), (page(60), 842)])[1:]
    assert far[0].top == 100  # 60 pt off is another layout, not the same sheet moved


# --- one scan read end to end ------------------------------------------------------------------------


def test_a_scanned_protokoll_reads_like_its_text(tmp_path: Path, needs_ocr: None) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_scans import make_scan
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))

    text = tmp_path / "protokoll.pdf"
    c = canvas.Canvas(str(text), pagesize=A4, invariant=1)
    y = A4[1] - 80
    c.setFont("Helvetica-Bold", 13)
    c.drawString(70, y, "§ 23 Yttrande över betänkandet")
    c.setFont("Helvetica-Bold", 11)
    c.drawString(70, y - 30, "Kommunens synpunkter")
    c.setFont("Helvetica", 10.5)
    for i, line in enumerate(
        [
            "Kommunen har tagit del av betänkandet och lämnar följande synpunkter.",
            "\u2022 Kommunen tillstyrker förslaget om en nationell samordnare.",
            "\u2022 Kommunen avstyrker förslaget om särskild ledningsansvarig.",
            "Protokollet justeras 2025-02-18 – svar till s.remissvar@regeringskansliet.se",
        ]
    ):
        c.drawString(70, y - 60 - 15 * i, line)
    c.showPage()
    c.save()
    scan = tmp_path / "protokoll-scan.pdf"
    make_scan(text, scan, 300, seed=0)

    want = extract(text).pages[0].lines
    got = extract(scan, ocr="auto").pages[0].lines
    assert [line.text for line in got] == [line.text for line in want]
    assert [line.bold for line in got] == [line.bold for line in want]
    assert got[0].size >= got[2].size + 1.5


def test_tesseract_failing_on_a_page_is_a_clear_unreadable(
    monkeypatch: pytest.MonkeyPatch, needs_ocr: None
) -> None:
    import pytesseract

    from remisskoll.errors import Failure, ReadError

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise pytesseract.TesseractError(1, "Error opening data file swe.traineddata")

    monkeypatch.setattr(pytesseract, "image_to_data", broken)
    with pytest.raises(ReadError) as err:
        extract(ROOT / "samples" / "skarsunds-kommun.pdf", ocr="auto")
    assert err.value.failure is Failure.OCR_FAILED
    assert err.value.reason.startswith("OCR failed on page 1: Tesseract: ")
    assert "swe.traineddata" in err.value.reason


def test_a_failing_second_reading_keeps_the_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, needs_ocr: None
) -> None:
    import pytesseract

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_scans import make_scan
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    # a scanned ruled table: Tesseract reads its empty-looking cells a second time
    scan = tmp_path / "tabell.pdf"
    make_scan(ROOT / "samples" / "ljungvika-kommun.pdf", scan, 200, 0)
    real = pytesseract.image_to_data
    calls = {"again": 0}

    def flaky(image: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("config") == "--psm 6":  # the re-reading of a word or a table cell
            calls["again"] += 1
            raise RuntimeError("Tesseract process timeout")
        return real(image, *args, **kwargs)

    monkeypatch.setattr(pytesseract, "image_to_data", flaky)
    doc = extract(scan, ocr="auto")
    assert calls["again"] > 0
    assert doc.ocr and "Tillstyrks" in " ".join(p.text for p in doc.pages)
