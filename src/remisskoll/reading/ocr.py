"""OCR: text for pages that have no usable text layer, from Tesseract's Swedish model.

We use pytesseract rather than ocrmypdf: we need each page's words with their boxes and confidences, to
build the same Lines the text extractors give and to lower cell confidence; ocrmypdf writes a new PDF
and brings Ghostscript along. Page images are rendered with pypdfium2, which pdfplumber already installs.
With Tesseract's OpenMP threads unlimited, two cores oversubscribe (measured: 17 s a page); with
OMP_THREAD_LIMIT=1 a page takes ~3 s, and parallelism comes from the worker processes instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import Failure, ReadError
from ..model import Line, Page
from .layout import normalise

INSTALL = "sudo apt-get install tesseract-ocr tesseract-ocr-swe"
LANGUAGE = "swe"
DPI = 300
MIN_LETTERS = 20  # a page with fewer letters than this has no usable text layer


class OcrUnavailable(Exception):
    """Tesseract or its Swedish data is missing; the message says how to install them."""


def check_tesseract() -> None:
    """Raise OcrUnavailable with the install command unless Tesseract with Swedish can run."""
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError):
        raise OcrUnavailable(f"Tesseract is not installed — install it with: {INSTALL}") from None
    except pytesseract.TesseractError as exc:  # pragma: no cover - a broken installation
        raise OcrUnavailable(f"Tesseract does not run ({exc}) — reinstall it with: {INSTALL}") from None
    if LANGUAGE not in languages:
        raise OcrUnavailable(f"Tesseract's Swedish data is missing — install it with: {INSTALL}")


def needs_ocr(page: Page, images: int) -> bool:
    """A page with an image and (almost) no text is a scan; a page without images is just short or blank."""
    if images == 0:
        return False
    letters = 0
    for line in page.lines:  # a text page has its letters within a line or two: stop counting there
        letters += sum(ch.isalpha() for ch in line.text)
        if letters >= MIN_LETTERS:
            return False
    return True


def ocr_pages(
    path: str | Path, pages: Sequence[Page], images: Sequence[int], force: bool = False
) -> tuple[list[Page], float | None]:
    """Replace scanned pages (every page with `force`) by OCR text.

    Returns the pages and the mean word confidence (0–1) over OCR'd words, or None when nothing was
    OCR'd. Without Tesseract a document with no text at all is unreadable with the install command;
    one whose other pages have text is read without its image-only pages.
    """
    targets = [i for i, page in enumerate(pages) if force or needs_ocr(page, images[i])]
    if not targets:
        return list(pages), None
    try:
        check_tesseract()
    except OcrUnavailable as exc:
        if force or len(targets) == len(pages):
            raise ReadError(
                Failure.OCR_UNAVAILABLE, f"no text layer — scanned? OCR unavailable: {exc}"
            ) from None
        return list(pages), None
    import pypdfium2 as pdfium
    import pytesseract

    # Tesseract's OpenMP threads oversubscribe the cores; parallelism comes from our worker processes.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    out = list(pages)
    confidences: list[float] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in targets:
            page = pdf[i]
            image = page.render(scale=DPI / 72).to_pil().convert("L")
            page.close()
            data = pytesseract.image_to_data(image, lang=LANGUAGE, output_type=pytesseract.Output.DICT)
            lines, confs = _lines_from(data)
            confidences += confs
            out[i] = Page(number=pages[i].number, lines=tuple(lines))
    finally:
        pdf.close()
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return out, round(mean, 3)


def _lines_from(data: dict[str, list[Any]]) -> tuple[list[Line], list[float]]:
    """Tesseract's words grouped by its own lines, in points, with word confidences (0–1)."""
    scale = 72 / DPI
    grouped: dict[tuple[int, int, int], list[int]] = {}
    confidences: list[float] = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not str(text).strip():
            continue
        confidences.append(conf / 100)
        grouped.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    lines: list[Line] = []
    for idx in sorted(grouped.values(), key=lambda ids: min(data["top"][i] for i in ids)):
        idx.sort(key=lambda i: data["left"][i])
        text = normalise(" ".join(str(data["text"][i]) for i in idx))
        text = re.sub(r"\s+([,.;:])", r"\1", text)
        if not text:
            continue
        heights = sorted(data["height"][i] for i in idx)
        lines.append(
            Line(
                text=text,
                top=min(data["top"][i] for i in idx) * scale,
                bottom=max(data["top"][i] + data["height"][i] for i in idx) * scale,
                x0=min(data["left"][i] for i in idx) * scale,
                # Tesseract's word box is about the font's cap height plus descenders: ~0.7 of its size.
                size=round(heights[len(heights) // 2] * scale / 0.7, 1),
                bold=False,
            )
        )
    return lines, confidences
