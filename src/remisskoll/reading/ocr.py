"""OCR: text for pages that have no usable text layer, from Tesseract's Swedish model.

We use pytesseract rather than ocrmypdf: we need each page's words with their boxes and confidences, to
build the same Lines the text extractors give and to lower cell confidence; ocrmypdf writes a new PDF
and brings Ghostscript along. Page images are rendered with pypdfium2, which pdfplumber already installs.
With Tesseract's OpenMP threads unlimited, two cores oversubscribe (measured: 17 s a page); with
OMP_THREAD_LIMIT=1 a page takes ~3 s, and parallelism comes from the worker processes instead.

A scanned page should read like its text version, so Tesseract's words are turned into the word dicts
the text engines give and built into lines by the same layout code (layout.page_lines: columns read one
after the other, ruled tables read as rows of cells):

- each word's box is fitted to its ink (Tesseract's boxes are often a little too tall);
- the sheet lies askew on the glass: the skew is measured from the words' baselines and the boxes are
  rotated level, so that a line's words (and the two columns' lines) share one height;
- a line's font size is estimated from its words that reach cap height (with or without descenders),
  and sizes near the document's body size are snapped to it, so that the segmenter's "larger than the
  body" test separates headings from body text as it does in the text version;
- bold is seen in the image: a word whose strokes are clearly thicker than the page's body text;
- table rules are found in the image (long thin strokes of ink), for the same table finder;
- a small glyph before a line's first word, set off by a gap, is a list bullet whatever Tesseract read
  ("«", "2", "o"); small dots between words are "•" separators; specks away from any word are dropped;
- the pages are registered on their letterheads and footers (each sheet lay differently on the glass),
  so that layout.drop_repeated_lines finds them at the same height;
- the text is then normalised by ocr_text (clean_lines; a table row cell by cell).
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import Failure, ReadError
from ..model import Line, Page
from .engines import Marks
from .layout import Rule, find_tables, page_lines
from .ocr_text import clean_line, clean_lines


def install_advice(platform: str = sys.platform) -> str:
    """How to install Tesseract with Swedish on this kind of machine (said once, in the reason)."""
    if platform.startswith("win"):
        return "on Windows: winget install UB-Mannheim.TesseractOCR, choose Swedish, add it to PATH"
    if platform == "darwin":
        return "on macOS: brew install tesseract tesseract-lang"
    return "on Debian/Ubuntu: sudo apt-get install tesseract-ocr tesseract-ocr-swe"


INSTALL = install_advice()
LANGUAGE = "swe"
DPI = 300
MIN_LETTERS = 20  # a page with fewer letters than this has no usable text layer

# Font metrics (fractions of the font size) shared closely enough by the usual office fonts (Arial/
# Liberation Sans/Helvetica, Times/Liberation Serif, DejaVu): cap height and ascenders, descenders.
CAP = 0.72
DESCENT = 0.21
ACCENTED_CAP = 0.9  # the top of Å, Ä, Ö
X_HEIGHT = 0.53
# A gap between words wider than this (in font sizes) parts two pieces of text.
WIDE_GAP = 1.5
# Letterheads and footers lie in this share of the page at the top and the bottom; a sheet is never
# this far (points) off on the glass.
MARGIN = 0.2
MAX_SHIFT = 20.0
# Ink no larger than this share of the body size, away from the words, is dust.
SPECK = 0.2
# A table rule: a stroke of ink at least this long and at most this thick (px at DPI).
MIN_RULE = 100
RULE_WIDTH = 10
# A word below this confidence and this many times as tall as the page's usual word is doubtful.
DOUBTFUL = 0.5
GIANT = 1.8
# An empty cell with this much ink (px) is read again, framed by this much paper.
MIN_INK = 40
CELL_BORDER = 20
# A line within this share of the body size is body text: estimates vary a few percent line to line.
SNAP = 0.15
# A word's strokes this much thicker than the page's body text are bold, if they are also this much
# thicker relative to the size (a larger regular size has thicker strokes too).
BOLD_RATIO = 1.2
BOLD_RELATIVE = 1.05

# Glyphs that reach about cap height: capitals, digits, ascenders, and the dots and rings of i, j, å, ä, ö.
_TALL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789bdfhkltijåäöé")
_DESCENDERS = set("gjpqyQ,;()")
_TOO_TALL = set("ÅÄÖÉÜ")  # accents above cap height
_ODD_GLYPHS = set("@§$&%/|[]{}«»*#")  # taller or deeper than letters, or not letters at all
_SPECK_MARKS = "\"'`.,;:"  # what dust before a word is read as


# Tesseract's image_to_data for an image (a table cell read again).
Recognise = Callable[[Any], dict[str, list[Any]]]
# What image_to_data returns, per word; empty when a second reading failed.
_DATA_KEYS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
    "conf",
    "text",
)
PAGE_TIMEOUT = 300  # s for Tesseract on one page; the worker's limit per file (--timeout) still holds


class OcrUnavailable(Exception):
    """Tesseract or its Swedish data is missing; the message says how to install them."""


def check_tesseract() -> None:
    """Raise OcrUnavailable with the install command unless Tesseract with Swedish can run."""
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError):
        raise OcrUnavailable(f"Tesseract is not installed ({INSTALL})") from None
    except pytesseract.TesseractError as exc:  # pragma: no cover - a broken installation
        raise OcrUnavailable(f"Tesseract does not run ({exc}; reinstall it, {INSTALL})") from None
    if LANGUAGE not in languages:
        raise OcrUnavailable(f"Tesseract's Swedish data is missing ({INSTALL})")


def needs_ocr(page: Page, images: int, drawings: int = 0, undecodable: bool = False) -> bool:
    """Whether a page's text must come from OCR: a page with an image and (almost) no text is a scan,
    one with drawings and no text at all may have its text drawn as outlines, and one whose glyphs
    mostly have no Unicode mapping cannot be decoded. A page with neither is just short or blank."""
    if undecodable:
        return True
    if images == 0 and drawings == 0:
        return False
    letters = 0
    for line in page.lines:  # a text page has its letters within a line or two: stop counting there
        letters += sum(ch.isalpha() for ch in line.text)
        if letters >= MIN_LETTERS or (images == 0 and letters):
            return False
    return True


def ocr_pages(
    path: str | Path, pages: Sequence[Page], marks: Sequence[Marks], force: bool = False
) -> tuple[list[Page], float | None]:
    """Replace the pages needs_ocr picks (every page with `force`) by OCR text.

    Returns the pages and the mean word confidence (0–1) over OCR'd words, or None when nothing was
    OCR'd. Without Tesseract a document with no text at all is unreadable with the install command;
    one whose other pages have text is read without its image-only pages.
    """
    targets = [
        i
        for i, page in enumerate(pages)
        if force or needs_ocr(page, marks[i].images, marks[i].drawings, marks[i].undecodable)
    ]
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
    scanned: dict[int, _Scan] = {}

    failures = (pytesseract.TesseractError, RuntimeError, OSError)  # RuntimeError: pytesseract's timeout

    def recognise(image: Any) -> dict[str, list[Any]]:
        # A second reading of a word or a cell only refines the first: if it fails, the first stands.
        try:
            data: dict[str, list[Any]] = pytesseract.image_to_data(
                image, lang=LANGUAGE, config="--psm 6", output_type=pytesseract.Output.DICT, timeout=60
            )
        except failures:
            return {key: [] for key in _DATA_KEYS}
        return data

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in targets:
            page = pdf[i]
            try:
                image = page.render(scale=DPI / 72).to_pil().convert("L")
            finally:
                page.close()
            try:
                data = pytesseract.image_to_data(
                    image, lang=LANGUAGE, output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT
                )
            except failures as exc:
                reason = " ".join(str(exc).split())[:200] or type(exc).__name__
                raise ReadError(
                    Failure.OCR_FAILED, f"OCR failed on page {i + 1}: Tesseract: {reason}"
                ) from None
            scan = read_scan(data, image, recognise)
            confidences += [w.conf for line in scan.lines for w in line.words]
            scanned[i] = scan
    finally:
        pdf.close()
    body = body_size(list(scanned.values()))
    points = text_body_size([page for i, page in enumerate(pages) if i not in scanned])
    built = register([(scan_lines(scan, body, points), scan.height * 72 / DPI) for scan in scanned.values()])
    for i, lines in zip(scanned, built, strict=True):
        out[i] = Page(number=pages[i].number, lines=tuple(lines))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return out, round(mean, 3)


# --- Tesseract's words, measured -------------------------------------------------------------------


@dataclass
class _Word:
    text: str
    left: float  # px, level (after deskewing)
    top: float
    right: float
    bottom: float
    conf: float  # 0–1
    raw: tuple[int, int, int, int]  # left, top, width, height in the page image
    ink: int = 0  # ink pixels in the box, and those of them on the ink's boundary
    edge: int = 0
    bold: bool = False


@dataclass
class _ScanLine:
    """A piece of one of Tesseract's lines (see _pieces): its words and what they tell about the font."""

    words: list[_Word]
    size: float = 0.0  # px, estimated font size
    baseline: float = 0.0  # px, level


@dataclass
class _Scan:
    width: float  # px
    height: float  # px
    lines: list[_ScanLine] = field(default_factory=list)
    # Table rules (x0, top, x1, bottom), px, in the levelled frame.
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)


def read_scan(data: dict[str, list[Any]], image: Any = None, recognise: Recognise | None = None) -> _Scan:
    """A page's words from Tesseract's image_to_data, levelled, grouped in Tesseract's lines and
    measured (size, baseline and, with the page image, stroke width and bold, and table rules).

    With `recognise` (image_to_data for an image), what Tesseract's page layout analysis got wrong is
    read again on its own: a "word" as tall as two lines (two short lines of a letterhead read as one
    garbled word), and the empty cells of a ruled table that have ink (it now and then drops a short
    word that stands alone in a cell, "Avstyrks", which is often the very verdict).
    """
    page_width = float(image.width) if image is not None else float(max(data["width"], default=0))
    page_height = float(image.height) if image is not None else float(max(data["height"], default=0))
    scan = _Scan(width=page_width, height=page_height)
    scan.lines = _lines_of(data, image)
    if image is not None and recognise is not None:
        scan.lines = _reread(scan.lines, image, recognise)
    theta = math.atan(_skew(scan.lines))
    _turn(scan.lines, theta)
    for line in scan.lines:
        _measure(line)
    if image is not None:
        scan.rules = find_rules(image, theta)
        if recognise is not None and scan.rules:
            scan.lines += _empty_cells(scan, image, theta, recognise)
        _find_bold(scan)
    return scan


def _lines_of(data: dict[str, list[Any]], image: Any, dx: int = 0, dy: int = 0) -> list[_ScanLine]:
    """Tesseract's words (offset by dx, dy in the page image), fitted to their ink, in its lines."""
    grouped: dict[tuple[int, int, int], list[_Word]] = {}
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        text = str(text).strip()
        if conf < 0 or not text:
            continue
        left, top, width, height = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        left, top = left + dx, top + dy
        word = _Word(text, left, top, left + width, top + height, conf / 100, (left, top, width, height))
        grouped.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(word)
    lines: list[_ScanLine] = []
    for words in grouped.values():
        if image is not None:
            _ink(image, words)
        lines += [_ScanLine(piece) for piece in _pieces(sorted(words, key=lambda w: w.left))]
    return lines


def _reread(lines: list[_ScanLine], image: Any, recognise: Recognise) -> list[_ScanLine]:
    """Lines with what Tesseract's layout analysis garbled read again: a low-confidence word as tall
    as two lines or more (two short lines of a letterhead read as one) or one that overlaps another
    word ("Äldreförvaltningen" read as "SE" over "reförvaltningen") is read again on its own (and the
    new reading kept if Tesseract is surer of it), and a logo read as a word of a letter or two ("C]",
    "[]", "CH") is dropped."""
    words = [w for line in lines for w in line.words]
    if not words:
        return lines
    heights = sorted(w.bottom - w.top for w in words)
    usual = heights[len(heights) // 2]
    gone: set[int] = set()
    extra: list[_ScanLine] = []
    for w in words:
        if w.conf >= DOUBTFUL or id(w) in gone:
            continue
        width, height = w.right - w.left, w.bottom - w.top
        group = [w, *(v for v in words if v is not w and id(v) not in gone and _overlap(w, v) > 0.3)]
        if len(group) == 1 and height < GIANT * usual:
            continue
        if len(group) == 1 and len(w.text) <= 3 and 0.7 * height <= width <= 1.4 * height:
            gone.add(id(w))  # a square logo
            continue
        again = _read_again(group, image, recognise)
        if again is not None:
            gone.update(id(v) for v in group)
            extra += again
    if not gone:
        return lines
    kept = [_ScanLine([w for w in line.words if id(w) not in gone]) for line in lines]
    return [line for line in kept if line.words] + extra


def _overlap(a: _Word, b: _Word) -> float:
    """The share of the smaller of two word boxes that the other covers."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a.right - a.left) * (a.bottom - a.top), (b.right - b.left) * (b.bottom - b.top))
    return width * height / smaller if smaller > 0 else 0.0


def _read_again(words: list[_Word], image: Any, recognise: Recognise) -> list[_ScanLine] | None:
    """The words' box read on its own, if Tesseract is surer of it than of the words."""
    from PIL import ImageOps

    margin = CELL_BORDER // 2
    x, y = int(min(w.left for w in words)) - margin, int(min(w.top for w in words)) - margin
    right, bottom = int(max(w.right for w in words)) + margin, int(max(w.bottom for w in words)) + margin
    crop = image.crop((x, y, right, bottom))
    padded = ImageOps.expand(crop, border=CELL_BORDER, fill=_histogram_median(crop.histogram()))
    again = _lines_of(recognise(padded), image, x - CELL_BORDER, y - CELL_BORDER)
    confs = [v.conf for line in again for v in line.words]
    before = sum(w.conf for w in words) / len(words)
    if confs and sum(confs) / len(confs) > max(before, DOUBTFUL):
        return again
    return None


def _pieces(words: list[_Word]) -> list[list[_Word]]:
    """A Tesseract line cut where a wide gap parts its words: the left and right halves of a
    letterhead, or two columns, need not share a baseline or a size."""
    em = _median([w.bottom - w.top for w in words]) / (CAP + DESCENT / 2)
    pieces = [[words[0]]]
    for word in words[1:]:
        if word.left - pieces[-1][-1].right > WIDE_GAP * em:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return pieces


def _plain(word: _Word) -> bool:
    """A word whose box is set by its letters: letters (and a hyphen) with at most a final stop."""
    core = word.text.rstrip(".,;:!?")
    return len(core) >= 2 and all(c.isalpha() or c == "-" for c in core)


def _glyphs(text: str) -> tuple[float | None, bool]:
    """Where a word's box ends, from its glyphs: its top as a share of the font size (None: unknown)
    and whether it reaches below the baseline."""
    if not any(c.isalnum() for c in text) or _ODD_GLYPHS.intersection(text):
        return None, True
    descends = bool(_DESCENDERS.intersection(text))
    if _TOO_TALL.intersection(text):
        return ACCENTED_CAP, descends
    if _TALL.intersection(text) or "(" in text or ")" in text:
        return CAP, descends
    return X_HEIGHT, descends


def _skew(lines: list[_ScanLine]) -> float:
    """The slope of the baselines (px down per px right), from lines with level-bottomed words."""
    slopes: list[float] = []
    for line in lines:
        points = [
            ((w.left + w.right) / 2, w.bottom)
            for w in line.words
            if _plain(w) and not _DESCENDERS.intersection(w.text)
        ]
        if len(points) < 3 or points[-1][0] - points[0][0] < 300:
            continue
        mx = sum(x for x, _ in points) / len(points)
        my = sum(y for _, y in points) / len(points)
        var = sum((x - mx) ** 2 for x, _ in points)
        slopes.append(sum((x - mx) * (y - my) for x, y in points) / var)
    if not slopes:
        return 0.0
    slopes.sort()
    return slopes[len(slopes) // 2]


def _turn(lines: list[_ScanLine], theta: float) -> None:
    """Rotate every word box by -theta, so that the baselines are level (the box keeps its size)."""
    if abs(theta) < 1e-4:
        return
    for line in lines:
        for w in line.words:
            cx, cy = (w.left + w.right) / 2, (w.top + w.bottom) / 2
            nx, ny = _rotate(cx, cy, theta)
            dx, dy = nx - cx, ny - cy
            w.left, w.right, w.top, w.bottom = w.left + dx, w.right + dx, w.top + dy, w.bottom + dy


def _rotate(x: float, y: float, theta: float) -> tuple[float, float]:
    """A point of the page image in the levelled frame (rotated by -theta about the origin)."""
    cos, sin = math.cos(theta), math.sin(theta)
    return x * cos + y * sin, -x * sin + y * cos


def _measure(line: _ScanLine) -> None:
    """The line's font size (px), from its words that reach cap height, and its baseline.

    A word's box is now and then stretched by a speck or a rule touching it, never shrunk: the size is
    the lower third of the words' estimates, and the baseline the median of what the words' tops and
    bottoms each say.
    """
    sizes: list[float] = []
    small: list[float] = []  # from x-height words: their height differs between fonts
    for w in line.words:
        top, descends = _glyphs(w.text)
        if top is None or sum(c.isalnum() for c in w.text) < 2:
            continue
        size = (w.bottom - w.top) / (top + (DESCENT if descends else 0.0))
        (small if top == X_HEIGHT else sizes).append(size)
    sizes = sorted(sizes or small or [(w.bottom - w.top) / (CAP + DESCENT / 2) for w in line.words])
    line.size = sizes[(len(sizes) - 1) // 3]
    bases: list[float] = []
    for w in line.words:
        top, descends = _glyphs(w.text)
        if top is not None and top != X_HEIGHT:
            bases.append(w.top + top * line.size)
        if top is not None and not descends:
            bases.append(w.bottom)
    line.baseline = _median(bases) if bases else _median([w.bottom for w in line.words])


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


# --- bold --------------------------------------------------------------------------------------------


def _otsu(histogram: Sequence[int]) -> int:
    """The grey level that best splits a histogram into ink and paper (Otsu's method)."""
    total = sum(histogram)
    if not total:
        return 128
    sum_all = sum(i * h for i, h in enumerate(histogram))
    weight = sum_below = 0.0
    best, best_var = 128, -1.0
    for t, h in enumerate(histogram):
        weight += h
        if weight == 0 or weight == total:
            continue
        sum_below += t * h
        mean_below = sum_below / weight
        mean_above = (sum_all - sum_below) / (total - weight)
        var = weight * (total - weight) * (mean_below - mean_above) ** 2
        if var > best_var:
            best, best_var = t, var
    return best


def _ink(image: Any, words: list[_Word]) -> None:
    """Fit each word's box to its ink (Tesseract's boxes are often a few pixels too tall, which
    misleads the size) and count the ink and its boundary pixels, for the stroke width."""
    from PIL import ImageFilter

    left = min(w.raw[0] for w in words)
    top = min(w.raw[1] for w in words)
    right = max(w.raw[0] + w.raw[2] for w in words)
    bottom = max(w.raw[1] + w.raw[3] for w in words)
    threshold = _otsu(image.crop((left, top, right, bottom)).histogram())
    lut = [255 if v <= threshold else 0 for v in range(256)]
    for w in words:
        x, y, width, height = w.raw
        ink = image.crop((x, y, x + width, y + height)).point(lut)
        box = ink.getbbox()
        if box is None:
            continue
        x0, y0, x1, y1 = box
        if w.text[0] in _SPECK_MARKS and len(w.text) > 1:
            start = _after_speck(ink, box)
            if start is not None:  # dust before the word, read as a quotation mark or a full stop
                w.text = w.text.lstrip(_SPECK_MARKS) or w.text
                box = ink.crop((start, 0, ink.width, ink.height)).getbbox() or box
                x0, y0, x1, y1 = box[0] + start, box[1], box[2] + start, box[3]
        w.raw = (x + x0, y + y0, x1 - x0, y1 - y0)
        w.left, w.top, w.right, w.bottom = x + x0, y + y0, x + x1, y + y1
        w.ink = ink.histogram()[255]
        w.edge = w.ink - ink.filter(ImageFilter.MinFilter(3)).histogram()[255]


def _after_speck(ink: Any, box: tuple[int, int, int, int]) -> int | None:
    """Where a word's ink starts again after a speck at its left (None: no speck there).

    A quotation mark is two strokes a third of the word's height tall; dust is one dot, a few pixels
    across, set apart from the letters by paper.
    """
    x0, y0, x1, y1 = box
    small = SPECK * (y1 - y0)
    x = x0
    while x < x1 and ink.crop((x, y0, x + 1, y1)).getbbox() is not None:
        x += 1
        if x - x0 > small:
            return None  # wider than dust
    dot = ink.crop((x0, y0, x, y1)).getbbox()
    if dot is None or dot[3] - dot[1] > small:
        return None
    while x < x1 and ink.crop((x, y0, x + 1, y1)).getbbox() is None:
        x += 1
    return x if x < x1 else None


def _find_bold(scan: _Scan) -> None:
    """Mark the words whose strokes are clearly thicker than the page's body text.

    A stroke's width is the ink's area over half its boundary. Bold is about 1.6 times as thick as
    regular at the same size; a larger regular size is thicker too, so a bold word must also be thicker
    for its line's size.
    """
    measured: list[tuple[_ScanLine, float, int]] = []  # line, stroke (px), characters
    for line in scan.lines:
        if sum(c.isalnum() for w in line.words for c in w.text) < 2 or line.size <= 0:
            continue
        ink, edge = sum(w.ink for w in line.words), sum(w.edge for w in line.words)
        if edge:
            measured.append((line, 2 * ink / edge, sum(len(w.text) for w in line.words)))
    if not measured:
        return
    body = _weighted_median([(stroke, n) for _, stroke, n in measured])
    body_relative = _weighted_median([(stroke / line.size, n) for line, stroke, n in measured])
    for line, _, _ in measured:
        for w in line.words:
            stroke = 2 * w.ink / w.edge if w.edge else 0.0
            w.bold = stroke >= BOLD_RATIO * body and stroke / line.size >= BOLD_RELATIVE * body_relative


def _histogram_median(histogram: Sequence[int]) -> int:
    half, seen = sum(histogram) / 2, 0
    for value, n in enumerate(histogram):
        seen += n
        if seen >= half:
            return value
    return 255


def _weighted_median(pairs: Sequence[tuple[float, int]]) -> float:
    ordered = sorted(pairs)
    total = sum(n for _, n in ordered)
    seen = 0
    for value, n in ordered:
        seen += n
        if seen >= total / 2:
            return value
    return ordered[-1][0] if ordered else 0.0


# --- table rules -----------------------------------------------------------------------------------


def find_rules(image: Any, theta: float = 0.0) -> list[tuple[float, float, float, float]]:
    """The ruled lines of a page image (x0, top, x1, bottom in px, in the levelled frame), for the
    text engines' table finder: long, thin runs of ink, followed across rows (or columns) since the
    sheet lies a little askew."""
    from PIL import Image

    threshold = _otsu(image.histogram())
    ink = image.point([255 if v <= threshold else 0 for v in range(256)])
    rules: list[tuple[float, float, float, float]] = []
    for x0, y0, x1, y1 in _runs(ink, MIN_RULE):
        (a, b), (c, d) = _rotate(x0, y0, theta), _rotate(x1, y1, theta)
        y = (b + d) / 2
        rules.append((min(a, c), y, max(a, c), y))
    for y0, x0, y1, x1 in _runs(ink.transpose(Image.Transpose.TRANSPOSE), MIN_RULE):
        (a, b), (c, d) = _rotate(x0, y0, theta), _rotate(x1, y1, theta)
        x = (a + c) / 2
        rules.append((x, min(b, d), x, max(b, d)))
    return rules


def _runs(ink: Any, length: int) -> list[tuple[float, float, float, float]]:
    """Horizontal strokes of an ink mask at least `length` px long and at most RULE_WIDTH thick, as
    (x0, y0, x1, y1): the centres of their two ends. A stroke's runs in neighbouring rows are joined,
    so a slightly slanted rule is one stroke."""
    width, height = ink.size
    data = ink.tobytes()
    long_run = re.compile(rb"\xff{%d,}" % (length // 4))  # a slanted rule's pieces are shorter
    parent: list[int] = []
    runs: list[tuple[int, int, int]] = []  # y, x0, x1
    previous: list[int] = []  # runs of the last rows still open
    for y in range(height):
        row = data[y * width : (y + 1) * width]
        current: list[int] = []
        for m in long_run.finditer(row):
            k = len(runs)
            runs.append((y, m.start(), m.end()))
            parent.append(k)
            for j in previous:
                py, px0, px1 = runs[j]
                if y - py <= 2 and px0 <= m.end() and m.start() <= px1:
                    _union(parent, j, k)
            current.append(k)
        previous = [j for j in previous if y - runs[j][0] < 2] + current
    groups: dict[int, list[tuple[int, int, int]]] = {}
    for k, run in enumerate(runs):
        groups.setdefault(_find(parent, k), []).append(run)
    out: list[tuple[float, float, float, float]] = []
    for group in groups.values():
        x0 = min(r[1] for r in group)
        x1 = max(r[2] for r in group)
        if x1 - x0 < length:
            continue
        left = [r for r in group if r[1] == x0]
        right = [r for r in group if r[2] == x1]
        y0 = sum(r[0] for r in left) / len(left)
        y1 = sum(r[0] for r in right) / len(right)
        # thickness: rows at the middle of the stroke
        middle = (x0 + x1) // 2
        thick = sum(1 for r in group if r[1] <= middle < r[2])
        if thick <= RULE_WIDTH:
            out.append((float(x0), y0, float(x1), y1))
    return out


def _find(parent: list[int], k: int) -> int:
    while parent[k] != k:
        parent[k] = parent[parent[k]]
        k = parent[k]
    return k


def _union(parent: list[int], a: int, b: int) -> None:
    parent[_find(parent, a)] = _find(parent, b)


def _empty_cells(scan: _Scan, image: Any, theta: float, recognise: Recognise) -> list[_ScanLine]:
    """The words of table cells that have ink but no word, each cell read on its own."""
    from PIL import ImageOps

    scale = 72 / DPI
    tables = find_tables([Rule(*(v * scale for v in rule)) for rule in scan.rules])
    if not tables:
        return []
    centres = [
        ((w.left + w.right) / 2 * scale, (w.top + w.bottom) / 2 * scale)
        for line in scan.lines
        for w in line.words
    ]
    threshold = _otsu(image.histogram())
    found: list[_ScanLine] = []
    for rows in tables:
        for row in rows:
            for x0, top, x1, bottom in row:
                if any(x0 <= x <= x1 and top <= y <= bottom for x, y in centres):
                    continue
                # The cell in the page image, inside its rules.
                corners = [_rotate(x / scale, y / scale, -theta) for x in (x0, x1) for y in (top, bottom)]
                box = (
                    round(min(x for x, _ in corners)) + RULE_WIDTH,
                    round(min(y for _, y in corners)) + RULE_WIDTH,
                    round(max(x for x, _ in corners)) - RULE_WIDTH,
                    round(max(y for _, y in corners)) - RULE_WIDTH,
                )
                if box[2] - box[0] < RULE_WIDTH or box[3] - box[1] < RULE_WIDTH:
                    continue
                crop = image.crop(box)
                if sum(crop.histogram()[: threshold + 1]) < MIN_INK:
                    continue
                paper = _histogram_median(crop.histogram())  # most of a cell is paper
                padded = ImageOps.expand(crop, border=CELL_BORDER, fill=paper)
                lines = _lines_of(recognise(padded), image, box[0] - CELL_BORDER, box[1] - CELL_BORDER)
                if not lines:
                    lines = _dash(crop, threshold, box[0], box[1])
                _turn(lines, theta)
                for line in lines:
                    _measure(line)
                found += lines
    return found


def _dash(crop: Any, threshold: int, left: int, top: int) -> list[_ScanLine]:
    """A cell whose only ink is a short flat stroke holds a dash ("–", nothing to say), which
    Tesseract does not read on its own."""
    box = crop.point([255 if v <= threshold else 0 for v in range(256)]).getbbox()
    if box is None:
        return []
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    if not (height <= RULE_WIDTH and 2 * height <= width < MIN_RULE):
        return []
    raw = (left + x0, top + y0, width, height)
    return [_ScanLine([_Word("–", left + x0, top + y0, left + x1, top + y1, 1.0, raw)])]


# --- lines -------------------------------------------------------------------------------------------


def body_size(scans: Sequence[_Scan]) -> float:
    """The body text's font size (px): the median over all OCR'd characters."""
    return _weighted_median(
        [(line.size, sum(len(w.text) for w in line.words)) for scan in scans for line in scan.lines]
    )


def _snapped(size: float, body: float, points: float | None = None) -> float:
    """A size in points: the body size for body text, else rounded to half a point. With `points`
    (the body size of the document's text-layer pages) the estimates are scaled to it."""
    scale = points / body if points and body else 72 / DPI
    if body and abs(size - body) <= SNAP * body:
        return round(body * scale, 1)
    return round(size * scale * 2) / 2


def text_body_size(pages: Sequence[Page]) -> float | None:
    """The body size of pages read from a text layer: the size most of their characters have."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else None


def scan_lines(scan: _Scan, body: float, points: float | None = None) -> list[Line]:
    """The page's Lines, built from the words by the text engines' layout code, text normalised.

    `body` is the OCR'd pages' body size (px); `points`, when some pages have a text layer, their body
    size, which the OCR'd body text is given so that the segmenter sees one body size."""
    scale = 72 / DPI
    words: list[dict[str, Any]] = []
    for line in scan.lines:
        size = _snapped(line.size, body, points)
        # As pdfminer places a glyph: bottom at the descent below the baseline, top one size above it.
        bottom = line.baseline * scale + DESCENT * size
        for w, text in zip(line.words, _marked(line, body), strict=True):
            if text:
                words.append(
                    {
                        "text": text,
                        "x0": w.left * scale,
                        "x1": w.right * scale,
                        "top": bottom - size,
                        "bottom": bottom,
                        "size": size,
                        "fontname": "OCR-Bold" if w.bold else "OCR",
                    }
                )
    rules = [Rule(x0 * scale, top * scale, x1 * scale, bottom * scale) for x0, top, x1, bottom in scan.rules]
    lines = page_lines(words, scan.width * scale, rules)
    # A table row's cells are cleaned one by one; the other lines with their neighbours (bullet runs).
    plain = [i for i, line in enumerate(lines) if not line.cells]
    out = list(lines)
    for i, text in zip(plain, clean_lines([lines[i].text for i in plain]), strict=True):
        out[i] = replace(lines[i], text=text)
    for i, row in enumerate(lines):
        if row.cells:
            cells = tuple(clean_line(cell) for cell in row.cells)
            out[i] = replace(row, text=" | ".join(cells) if any(cells) else "", cells=cells)
    return [row for row in out if row.text]


def register(pages: Sequence[tuple[list[Line], float]]) -> list[list[Line]]:
    """Shift each page (lines, page height in points) so that its letterhead and footer lie where the
    earlier pages' do: every sheet lies a little differently on the glass, and letterheads and footers
    are recognised by repeating at the same height (layout.drop_repeated_lines)."""
    seen: dict[str, tuple[float, float]] = {}  # masked text → (top, x0) where first seen
    out: list[list[Line]] = []
    for lines, height in pages:
        margins = [
            line for line in lines if line.top < MARGIN * height or line.bottom > (1 - MARGIN) * height
        ]
        counts = Counter(_masked(line.text) for line in lines)
        dys: list[float] = []
        dxs: list[float] = []
        for line in margins:
            key = _masked(line.text)
            if counts[key] == 1 and key in seen and sum(c.isalpha() for c in key) >= 4:
                top, x0 = seen[key]
                dys.append(top - line.top)
                dxs.append(x0 - line.x0)
        dy = _median(dys) if dys else 0.0
        dx = _median(dxs) if dxs else 0.0
        if max(abs(dy), abs(dx)) > MAX_SHIFT:
            dy = dx = 0.0  # not the same letterhead moved, but another layout
        if dy or dx:
            lines = [
                replace(line, top=line.top + dy, bottom=line.bottom + dy, x0=line.x0 + dx) for line in lines
            ]
        for line in lines:
            seen.setdefault(_masked(line.text), (line.top, line.x0))
        out.append(lines)
    return out


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _marked(line: _ScanLine, body: float) -> list[str]:
    """The words' texts with what their shapes tell: a small glyph set off before the first word is a
    bullet, a small dot between words a "•" separator, and a speck away from any word nothing.

    A bullet or a separator is judged against its line's size; a speck (dust on the glass, often a
    Tesseract line of its own) against the page's body size.
    """
    words = line.words
    size = line.size
    texts = [w.text for w in words]
    if size <= 0:
        return texts
    for i, w in enumerate(words):
        width, height = w.right - w.left, w.bottom - w.top
        before = w.left - words[i - 1].right if i else math.inf
        after = words[i + 1].left - w.right if i + 1 < len(words) else math.inf
        ref = body or size
        if min(before, after) > ref and (
            max(width, height) <= SPECK * ref or (any(c.isalnum() for c in w.text) and height < 0.35 * ref)
        ):
            texts[i] = ""  # dust away from the text (a letter is never that small)
            continue
        if any(c.isalnum() for c in w.text) and max(width, height) >= 0.45 * size:
            continue  # a real word (a bullet read as "2" or "o" is smaller than a letter)
        small = max(width, height) < 0.45 * size
        tiny = max(width, height) <= 0.12 * size
        centre = (w.top + w.bottom) / 2
        raised = line.baseline - centre >= 0.12 * size  # a bullet sits mid-height, a full stop on the line
        if i == 0 and len(words) > 1 and small and raised and after >= 0.5 * size and not tiny:
            texts[i] = "•" if width <= 1.8 * height else "–"
        elif (
            0 < i < len(words) - 1
            and small
            and raised
            and width <= 1.8 * height
            and max(before, after) <= 0.8 * size
            and not any(c.isalnum() for c in w.text)
        ):
            texts[i] = "•"
    return texts
