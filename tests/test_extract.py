"""extract: text per page, normalised; furniture removed; unreadable files say why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remisskoll.errors import Failure, ReadError, Status
from remisskoll.model import Line, Page
from remisskoll.reading.layout import drop_repeated_lines, join_hyphens, normalise

from conftest import SAMPLES, extract


def _page(number: int, *texts: str, start: float = 100.0) -> Page:
    return Page(
        number,
        tuple(Line(t, start + 14 * i, start + 14 * i + 10, 70, 10, False) for i, t in enumerate(texts)),
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\uf0b7 Kommunen tillstyrker", "• Kommunen tillstyrker"),  # Word's private-use bullet
        ("\uf0a7 andra nivån", "• andra nivån"),
        ("(cid:127) Kommunen tillstyrker", "• Kommunen tillstyrker"),  # unmapped glyph at a line start
        ("ﬁnansiering och ﬂexibel", "finansiering och flexibel"),  # ligatures
        ("hälso-\u00a0och  sjukvård", "hälso- och sjukvård"),  # no-break space, double space
        ("la\u0308kare fo\u0308r a\u030arets", "läkare för årets"),  # combining diaeresis and ring
        ("1\u202f100 invånare", "1 100 invånare"),
    ],
)
def test_normalise(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


def test_hyphen_at_line_end_is_joined_but_suspended_compounds_keep_it() -> None:
    page = _page(1, "Utredningen menar att kommu-", "nernas egna läkare behövs i hälso-", "och sjukvården.")
    (joined,) = join_hyphens([page])
    assert [line.text for line in joined.lines] == [
        "Utredningen menar att kommunernas",
        "egna läkare behövs i hälso-",
        "och sjukvården.",
    ]


def test_pdfium_line_break_hyphen_joins_too() -> None:
    (joined,) = join_hyphens([_page(1, "specialistsjuk\ufffe", "sköterskor behövs")])
    assert joined.lines[0].text.startswith("specialistsjuk")  # U+FFFE is mapped in normalise, not here
    (joined,) = join_hyphens([_page(1, normalise("specialistsjuk\ufffe"), "sköterskor behövs")])
    assert [line.text for line in joined.lines] == ["specialistsjuksköterskor", "behövs"]


def test_letterheads_and_page_numbers_go_but_recurring_body_text_stays() -> None:
    pages = [
        Page(
            1,
            (
                Line("Norrby kommun", 40, 50, 70, 12, True),
                Line("Kommunen har inga synpunkter på förslaget.", 300, 310, 70, 10, False),
                Line("Sida 1 (2)", 800, 808, 500, 8, False),
            ),
        ),
        Page(
            2,
            (
                Line("Norrby kommun", 40, 50, 70, 12, True),
                Line("Kommunen har inga synpunkter på förslaget.", 520, 530, 70, 10, False),
                Line("Sida 2 (2)", 800, 808, 500, 8, False),
            ),
        ),
    ]
    kept, removed = drop_repeated_lines(pages)
    assert [[line.text for line in p.lines] for p in kept] == [
        ["Kommunen har inga synpunkter på förslaget."],
        ["Kommunen har inga synpunkter på förslaget."],
    ]
    assert removed == ["Norrby kommun"]


def test_a_footer_with_a_speck_on_one_page_is_still_the_footer() -> None:
    # as OCR reads a scan: dust before a word comes out as a quotation mark or a full stop
    footers = ["Justerandes sign Utdragsbestyrkande", '"Justerandes sign Utdragsbestyrkande.']
    body = ["Nämnden tillstyrker förslaget.", "Nämnden avstyrker förslaget."]
    pages = [
        Page(n, (Line(text, 200 + 100 * n, 210 + 100 * n, 70, 10, False), Line(foot, 780, 790, 70, 8, False)))
        for n, (text, foot) in enumerate(zip(body, footers, strict=True), start=1)
    ]
    kept, _ = drop_repeated_lines(pages)
    assert [[line.text for line in p.lines] for p in kept] == [[body[0]], [body[1]]]


def test_sample_letterhead_is_removed_and_kept_for_the_respondent() -> None:
    doc = extract(SAMPLES / "norrby-kommun.pdf")
    assert doc.page_count == 3
    assert "Norrby kommun" in doc.letterhead
    texts = [line.text for page in doc.pages for line in page.lines]
    assert not any(t.startswith("Sida ") for t in texts)
    assert not any("FIKTIVT EXEMPEL" in t for t in texts)
    assert any(t.endswith("Utredningen menar att kommunernas") for t in texts)  # forced "kommu-" break


def _reason(path: Path, engine: str = "pdfplumber") -> tuple[Status, str]:
    with pytest.raises(ReadError) as err:
        extract(path, engine)
    return err.value.status, err.value.reason


def test_a_text_file_named_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "svar.pdf"
    path.write_text("Hej, här är vårt svar.", "utf-8")
    assert _reason(path) == (Status.ERROR, "not a PDF (no %PDF header)")


def test_an_empty_file_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "tom.pdf"
    path.write_bytes(b"")
    assert _reason(path) == (Status.ERROR, "not a PDF (empty file)")


def test_a_truncated_pdf_is_damaged(tmp_path: Path) -> None:
    data = (SAMPLES / "region-vastland.pdf").read_bytes()
    path = tmp_path / "trasig.pdf"
    path.write_bytes(data[: len(data) // 3])
    status, reason = _reason(path)
    assert status is Status.ERROR
    assert reason.startswith("damaged PDF (")


def test_blank_pages_have_no_text(make_pdf: Callable[..., Path]) -> None:
    assert _reason(make_pdf("blank.pdf", [[], []])) == (Status.UNREADABLE, "no text — the pages are blank")


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_a_scanned_page_image_has_no_text_layer(engine: str) -> None:
    assert _reason(SAMPLES / "skarsunds-kommun.pdf", engine) == (
        Status.UNREADABLE,
        "no text layer — scanned? (page images only; needs OCR)",
    )


def test_an_encrypted_pdf_needs_a_password(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf("hemlig.pdf", [["Kommunen tillstyrker."]], encrypt="hemligt")
    assert _reason(path) == (
        Status.UNREADABLE,
        "encrypted PDF — it needs a password",
    )


def test_a_text_pdf_reads_per_page(make_pdf: Callable[..., Path]) -> None:
    doc = extract(make_pdf("två.pdf", [["Första sidan."], ["Andra sidan med åäö."]]))
    assert [p.number for p in doc.pages] == [1, 2]
    assert [p.text for p in doc.pages] == ["Första sidan.", "Andra sidan med åäö."]


def test_a_line_break_mark_before_och_becomes_a_visible_hyphen() -> None:
    (joined,) = join_hyphens([_page(1, normalise("ledningsansvarig för hälso\ufffe"), "och sjukvården")])
    assert [line.text for line in joined.lines] == ["ledningsansvarig för hälso-", "och sjukvården"]


def test_hints_say_what_to_do() -> None:
    assert Failure.NO_TEXT_LAYER.hint.startswith("run OCR on it")
    assert Failure.OCR_UNAVAILABLE.hint.startswith("install Tesseract with its Swedish data")
    assert Failure.ENCRYPTED.hint == "ask the sender for an unencrypted copy"
    # every failure says what to do, and whether it may be cached
    assert all(f.hint and isinstance(f.transient, bool) for f in Failure)


def test_a_page_needs_ocr_only_with_an_image_and_under_twenty_letters() -> None:
    from remisskoll.reading.ocr import needs_ocr

    def page(*texts: str) -> Page:
        return Page(1, tuple(Line(t, 10.0 * i, 10.0 * i + 9, 70.0, 10.0, False) for i, t in enumerate(texts)))

    few = ("Sida 1 av 3 – Kommun", "ab 12 cd 34 ef")  # 12 + 6 letters
    assert needs_ocr(page(*few), images=1)
    assert needs_ocr(page(), images=2)
    assert not needs_ocr(page(*few), images=0)
    assert not needs_ocr(page("Kommunen tillstyrker", "förslaget."), images=1)  # 19 + 9 over two lines
