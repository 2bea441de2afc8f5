"""Reading: a PDF file to a Document — the only code that touches the untrusted file.

    read_document(path, ReadOptions(engine=…, ocr=…)) -> Document, or raises ReadError

An engine (engines.py) gives each page's words, layout.py builds lines and columns, joins split words
and drops letterheads and footers, and ocr.py reads pages that have no text layer. The pipeline runs
this in worker processes with time and memory limits: it has no other defence against a hostile file.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Failure, ReadError
from ..model import Document, Engine, OcrMode, Page, ReadOptions
from .engines import read_pdfium, read_pdfplumber, sniff
from .layout import drop_repeated_lines, join_hyphens


def read_document(path: str | Path, options: ReadOptions | None = None) -> Document:
    """Read a PDF into a Document, or raise ReadError saying why it cannot be read.

    `options.engine` is pdfplumber (the reference) or pdfium (much faster, the same page structure);
    `options.ocr` is auto (OCR pages without usable text), always or never. Limits are not applied here.
    """
    options = options or ReadOptions()
    path = Path(path)
    sniff(path)
    raw_pages, marks = read_pdfium(path) if options.engine is Engine.PDFIUM else read_pdfplumber(path)
    ocr_confidence: float | None = None
    if options.ocr is not OcrMode.NEVER and raw_pages:
        from .ocr import ocr_pages  # imported here: Tesseract is needed only for scanned pages

        raw_pages, ocr_confidence = ocr_pages(path, raw_pages, marks, force=options.ocr is OcrMode.ALWAYS)
    # Pages whose glyphs mostly have no Unicode mapping, not OCR'd: their text would be bullets and
    # stray letters, read as if it were the response.
    undecodable = {i for i, m in enumerate(marks) if m.undecodable} if ocr_confidence is None else set()
    if undecodable:
        raw_pages = [p if i not in undecodable else Page(p.number, ()) for i, p in enumerate(raw_pages)]
    pages = join_hyphens(raw_pages)
    pages, removed = drop_repeated_lines(pages)
    doc = Document(
        path=str(path),
        pages=tuple(pages),
        page_count=len(pages),
        letterhead=tuple(removed),
        ocr=ocr_confidence is not None,
        ocr_confidence=ocr_confidence,
    )
    with_glyphs = sum(1 for m in marks if m.glyphs)
    if undecodable and (not doc.has_text or 2 * len(undecodable) >= with_glyphs):
        raise ReadError(Failure.UNDECODABLE, "text cannot be decoded — its fonts have no Unicode map")
    if not doc.has_text:
        if not raw_pages:
            raise ReadError(Failure.NO_TEXT, "no text — the PDF has no pages")
        if any(m.images for m in marks):
            raise ReadError(Failure.NO_TEXT_LAYER, "no text layer — scanned? (page images only; needs OCR)")
        if any(m.drawings for m in marks):
            raise ReadError(Failure.OUTLINES, "no text, only drawings — is the text drawn as outlines?")
        raise ReadError(Failure.NO_TEXT, "no text — the pages are blank")
    return doc
