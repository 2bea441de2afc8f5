"""Extract: a PDF file to pages of normalised text lines, letterheads and footers removed.

pdfplumber gives words with their font; we build lines ourselves so that layout (gaps, bold, size)
survives for the segmenter. Measured facts behind the choices are in ../shared/extraction-notes.md.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .model import Document, Line, Page, ReadError, Status

# Words placed without space glyphs (Calibri-like fonts, justified text) merge at pdfplumber's default
# x_tolerance of 3; 1.5 keeps them apart without splitting ordinary words.
X_TOLERANCE = 1.5
Y_TOLERANCE = 3.0

# A line repeating (digits masked) on at least this share of pages is a letterhead or footer.
REPEAT_SHARE = 0.6
# ... at the same height on the page, within this many points.
POSITION_TOLERANCE = 6.0

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u200b": "",  # zero-width space
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\ufffe": "\u00ad",  # a line-break hyphen mark outside the pdfium reader (which maps it to "-")
        # Word's private-use bullets (Symbol/Wingdings) and the usual bullet glyphs
        "\uf0b7": "•",
        "\uf0a7": "•",
        "\uf076": "•",
        "\uf0d8": "•",
        "\uf0fc": "•",
        "\u25cf": "•",
        "\u25aa": "•",
        "\u25a0": "•",
        "\u25e6": "•",
        "\u2023": "•",
        "\u2043": "•",
        "\u00b7": "•",
    }
)

# Any character _TRANSLATE maps.
_ODD = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")

_PAGE_NUMBER = re.compile(
    r"^(?:sida|page|s\.)?\s*\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|/\s*\d{1,4}|of\s+\d{1,4})?$",
    re.IGNORECASE,
)
_DASHED_NUMBER = re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$")
# Suspended compounds: "hälso- och sjukvård", "för- eller nackdelar" keep their hyphen and space.
_KEEP_HYPHEN_NEXT = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "&"}
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


_CID_START = re.compile(r"^\s*\(cid:\d+\)\s*")
_CID = re.compile(r"\(cid:\d+\)")
_SPACES = re.compile(r"[ \t]+")
# pdfium marks a hyphen it sees at a line break with code 2 (or U+FFFE). The PDF prints a hyphen there,
# and pdfplumber reads one: a plain hyphen for join_hyphens. Line breaks inside a run become spaces.
_PDFIUM_MARKS = (("\r", ""), ("\n", " "), ("\x02", "-"), ("\ufffe", "-"))
_LINE_END_HYPHEN = re.compile(r"(\w)[-\u00ad]$")
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """NFC-compose (combining diaeresis → ä), map bullets, ligatures and odd spaces; collapse spaces.

    pdfminer writes "(cid:N)" for a glyph without a Unicode mapping: at a line start that is almost
    always a bullet, elsewhere it is dropped.
    """
    if "(cid:" in text:
        text = _CID.sub("", _CID_START.sub("• ", text))
    text = unicodedata.normalize("NFC", text)
    if _ODD.search(text):  # translate looks up every character: only where there is one to map
        text = text.translate(_TRANSLATE)
    if not text.isprintable():  # rare: only then look at each character's category
        text = "".join(ch for ch in text if ch in "\t\u00ad" or not unicodedata.category(ch).startswith("C"))
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


ENGINES = ("pdfplumber", "pdfium")


def extract(path: str | Path, engine: str = "pdfplumber", ocr: str = "never") -> Document:
    """Read a PDF into a Document, or raise ReadError saying why it cannot be read.

    `engine` is "pdfplumber" (the reference) or "pdfium" (pypdfium2, much faster; same page structure).
    `ocr` is "never", "auto" (pages without usable text) or "always"; see ocr.py.
    """
    path = Path(path)
    _sniff(path)
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    raw_pages, images = _read_pages_pdfium(path) if engine == "pdfium" else _read_pages(path)
    ocr_confidence: float | None = None
    if ocr != "never" and raw_pages:
        from .ocr import ocr_pages  # imported here: Tesseract is needed only for scanned pages

        raw_pages, ocr_confidence = ocr_pages(path, raw_pages, images, force=(ocr == "always"))
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
    if not doc.has_text:
        if not raw_pages:
            raise ReadError(Status.UNREADABLE, "no text — the PDF has no pages")
        if any(images):
            raise ReadError(Status.UNREADABLE, "no text layer — scanned? (page images only; needs OCR)")
        raise ReadError(Status.UNREADABLE, "no text — the pages are blank")
    return doc


def _sniff(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except IsADirectoryError:
        raise ReadError(Status.ERROR, "not a PDF (a directory)") from None
    except OSError as exc:
        raise ReadError(Status.ERROR, f"cannot open the file ({exc.strerror or exc})") from None
    if not head:
        raise ReadError(Status.ERROR, "not a PDF (empty file)")
    if b"%PDF-" not in head:
        raise ReadError(Status.ERROR, "not a PDF (no %PDF header)")


def _read_pages(path: Path) -> tuple[list[Page], list[int]]:
    """Pages of lines and, per page, how many images it has (a page of images only may need OCR)."""
    import pdfplumber  # imported here: the CLI starts fast for --help and --version

    pages: list[Page] = []
    images: list[int] = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(
                    x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, extra_attrs=["fontname", "size"]
                )
                images.append(len(page.images))
                pages.append(Page(number=number, lines=tuple(words_to_lines(words, float(page.width)))))
                # pdfplumber 0.11 keeps every page's objects until the page is closed (#1339).
                page.close()
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types for broken files; the reason is what counts
        raise _read_error(exc) from None
    return pages, images


def _read_pages_pdfium(path: Path) -> tuple[list[Page], list[int]]:
    """The same words as pdfplumber gives, built from pypdfium2's characters (about 20× faster)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pages: list[Page] = []
    images: list[int] = []
    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # pypdfium2 raises PdfiumError with the library's reason
        raise _read_error(exc) from None
    try:
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            width, height = page.get_size()
            textpage = page.get_textpage()
            # pdfium's text rectangles are runs of text on one line: a handful of calls per line instead
            # of several per character (per-character reading cost 70 s on the benchmark corpus).
            words: list[dict[str, Any]] = []
            left, top, right, bottom = (ctypes.c_double() for _ in range(4))
            ox, oy = ctypes.c_double(), ctypes.c_double()
            name = ctypes.create_string_buffer(128)
            flags = ctypes.c_int()
            rects: list[tuple[float, float, float, float, int]] = []
            for k in range(pdfium_c.FPDFText_CountRects(textpage, 0, -1)):
                pdfium_c.FPDFText_GetRect(textpage, k, left, top, right, bottom)
                x, middle = left.value + 0.5, (top.value + bottom.value) / 2
                # pdfium returns the first character whose box holds the point; only without one does a
                # tolerance matter, and asking with one makes it test every earlier character twice.
                at = pdfium_c.FPDFText_GetCharIndexAtPos(textpage, x, middle, 0.0, 0.0)
                if at < 0:
                    at = pdfium_c.FPDFText_GetCharIndexAtPos(textpage, x, middle, 2.0, 2.0)
                rects.append((left.value, top.value, right.value, bottom.value, at))
            for (x0, y1, x1, y0, at), text in zip(rects, _run_texts(textpage, rects), strict=True):
                for mark, meant in _PDFIUM_MARKS:  # nearly every run ends in "\r\n": replace beats translate
                    if mark in text:
                        text = text.replace(mark, meant)
                if not text.strip():
                    continue
                if at < 0:
                    size, fontname, baseline = y1 - y0, "", y0
                else:
                    size = float(pdfium_c.FPDFText_GetFontSize(textpage, at))
                    pdfium_c.FPDFText_GetFontInfo(textpage, at, name, 128, ctypes.byref(flags))
                    fontname = name.value.decode("latin-1", "replace")
                    pdfium_c.FPDFText_GetCharOrigin(textpage, at, ox, oy)
                    baseline = oy.value
                # pdfplumber's top/bottom come from the font's size around the baseline; do the same.
                words.append(
                    {
                        "text": text.strip(),
                        "x0": x0,
                        "x1": x1,
                        "top": height - baseline - 0.8 * size,
                        "bottom": height - baseline + 0.2 * size,
                        "fontname": fontname,
                        "size": size,
                    }
                )
            # Raw calls: page.get_objects() wraps every object (each text run too) in a Python object.
            images.append(
                sum(
                    1
                    for k in range(pdfium_c.FPDFPage_CountObjects(page))
                    if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page, k))
                    == pdfium_c.FPDF_PAGEOBJ_IMAGE
                )
            )
            textpage.close()
            page.close()
            pages.append(Page(number=number, lines=tuple(words_to_lines(words, float(width)))))
    except ReadError:
        raise
    except Exception as exc:
        raise _read_error(exc) from None
    finally:
        pdf.close()
    return pages, images


def _run_texts(textpage: Any, rects: list[tuple[float, float, float, float, int]]) -> list[str]:
    """The text of each rectangle (left, top, right, bottom, index of its first character).

    pdfium lists rectangles in character order, so a rectangle's text is the page's characters from its
    first to the next one's: one call for the page. Asking pdfium for the text inside each rectangle
    costs a pass over the page per rectangle, and at a hyphenated line break it also picks up the
    next line's first letter. Where the first characters are not found in order, or a character is
    outside the BMP (so text and character indexes differ), each rectangle is asked after all.
    """
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    starts = [r[4] for r in rects]
    if count > 0 and starts and starts[0] >= 0 and all(a < b for a, b in itertools.pairwise(starts)):
        buffer = (ctypes.c_ushort * (count + 1))()
        written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
        full = bytes(buffer)[: 2 * count].decode("utf-16-le", "replace")
        if written == count + 1 and len(full) == count:
            ends = [*starts[1:], count]
            return [full[a:b] for a, b in zip(starts, ends, strict=True)]
    return [textpage.get_text_bounded(left=x0, bottom=y0, right=x1, top=y1) for x0, y1, x1, y0, _ in rects]


def _read_error(exc: Exception) -> ReadError:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        nested = cur.args[0] if cur.args and isinstance(cur.args[0], BaseException) else None
        cur = cur.__cause__ or cur.__context__ or nested
    names = " ".join(type(e).__name__ for e in seen) + " " + " ".join(str(e) for e in seen)
    if any(isinstance(e, MemoryError) for e in seen) or re.search(
        r"unable to allocate|out of memory", names, re.I
    ):
        # zlib's failure under the worker's memory limit arrives wrapped by pdfminer; let the worker say so.
        raise MemoryError(names[:200])
    if re.search(r"password|encrypt", names, re.IGNORECASE):
        return ReadError(
            Status.UNREADABLE, "encrypted PDF — needs a password; ask the sender for an open copy"
        )
    detail = str(seen[-1]) or type(seen[-1]).__name__
    return ReadError(Status.ERROR, f"damaged PDF ({detail[:120]})")


def words_to_lines(words: Sequence[dict[str, Any]], width: float | None = None) -> list[Line]:
    """Group words into lines by their top coordinate, left to right within a line.

    With the page `width`, a two-column page is read column by column: left, then right (lines that span
    both columns, such as a title, stay where they are).
    """
    rows = _cluster(words)  # once: the gutter search and a one-column page's lines share it
    gutter = _gutter(rows, width) if width else None
    if gutter is None:
        return _lines(rows)
    out: list[Line] = []
    for group in _columns(rows, gutter):
        out.extend(_lines(_cluster(group)))
    return out


def _top_x0(word: dict[str, Any]) -> tuple[float, float]:
    return round(float(word["top"]), 1), float(word["x0"])


def _x0(word: dict[str, Any]) -> float:
    return float(word["x0"])


def _cluster(words: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words in rows: sorted by top, a word within Y_TOLERANCE of a row's first word joins that row."""
    rows: list[list[dict[str, Any]]] = []
    row_top = 0.0
    for word in sorted(words, key=_top_x0):
        top = float(word["top"])
        if rows and abs(top - row_top) <= Y_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
            row_top = top
    return rows


@functools.lru_cache(maxsize=256)
def _is_bold(fontname: str) -> bool:
    return _BOLD.search(fontname) is not None


def _lines(rows: list[list[dict[str, Any]]]) -> list[Line]:
    out: list[Line] = []
    for group in rows:
        if len(group) == 1:  # pdfium's runs: most lines are one (the same Line as the loop below makes)
            (word,) = group
            raw = str(word["text"])
            text = normalise(raw)
            if text:
                out.append(
                    Line(
                        text=text,
                        top=float(word["top"]),
                        bottom=float(word["bottom"]),
                        x0=float(word["x0"]),
                        size=round(float(word.get("size", 0.0)), 1),
                        bold=_is_bold(str(word.get("fontname", ""))),
                    )
                )
            continue
        group.sort(key=_x0)
        texts = [str(w["text"]) for w in group]
        text = normalise(" ".join(texts))
        if not text:
            continue
        chars = bold = 0
        for w, t in zip(group, texts, strict=True):
            chars += len(t)
            if _is_bold(str(w.get("fontname", ""))):
                bold += len(t)
        sizes = sorted(float(w.get("size", 0.0)) for w in group)
        out.append(
            Line(
                text=text,
                top=float(min(w["top"] for w in group)),
                bottom=float(max(w["bottom"] for w in group)),
                x0=float(group[0]["x0"]),
                size=round(sizes[len(sizes) // 2], 1),
                bold=bold / (chars or 1) >= 0.8,
            )
        )
    return out


def find_gutter(words: Sequence[dict[str, Any]], width: float) -> float | None:
    """The x of a vertical band between two columns, or None for a one-column page.

    A gutter is a band, in the middle 40 % of the page, that almost no line's words cover while most
    lines have words on both sides of it. In one-column text every x is covered by most lines' words
    (a space falls at a given x on few lines), so no band qualifies.
    """
    return _gutter(_cluster(words), width)


def _gutter(lines: list[list[dict[str, Any]]], width: float) -> float | None:
    if len(lines) < 6:
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    # Per-x counts by difference arrays over [lo, hi): one pass over the words, not one per x.
    covered = [0] * (hi - lo + 1)
    both = [0] * (hi - lo + 1)

    def add(counts: list[int], first: int, last: int) -> None:
        first, last = max(first, lo), min(last, hi - 1)
        if first <= last:
            counts[first - lo] += 1
            counts[last - lo + 1] -= 1

    for line in lines:
        spans = sorted((float(w["x0"]), float(w["x1"])) for w in line)
        merged: list[list[float]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        for a, b in merged:  # disjoint, so each line counts once at any x with a <= x <= b
            add(covered, math.ceil(a), math.floor(b))
        # words on both sides: some word ends before x and some starts after it
        add(both, math.floor(min(b for _, b in spans)) + 1, math.ceil(max(a for a, _ in spans)) - 1)
    best: list[int] = []
    run: list[int] = []
    n_covered = n_both = 0
    for x in range(lo, hi):
        n_covered += covered[x - lo]
        n_both += both[x - lo]
        if n_covered <= 0.05 * len(lines) and n_both >= 0.5 * len(lines):
            run.append(x)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return (best[0] + best[-1]) / 2 if len(best) >= 6 else None


def _columns(rows: list[list[dict[str, Any]]], gutter: float) -> list[list[dict[str, Any]]]:
    """Word groups in reading order on a two-column page: left then right between full-width lines."""
    groups: list[list[dict[str, Any]]] = []
    left: list[dict[str, Any]] = []
    right: list[dict[str, Any]] = []
    for line in rows:
        if any(float(w["x0"]) < gutter < float(w["x1"]) for w in line):
            groups += [g for g in (left, right) if g]
            left, right = [], []
            groups.append(line)
        else:
            left += [w for w in line if float(w["x1"]) <= gutter]
            right += [w for w in line if float(w["x0"]) >= gutter]
    groups += [g for g in (left, right) if g]
    return groups


def join_hyphens(pages: Iterable[Page]) -> list[Page]:
    """Join words split by a hyphen at a line end (kommu-/nernas), keeping suspended compounds."""
    out: list[Page] = []
    for page in pages:
        lines = list(page.lines)
        for i in range(len(lines) - 1):
            cur, nxt = lines[i], lines[i + 1]
            m = _LINE_END_HYPHEN.search(cur.text)
            if not m or not nxt.text or not nxt.text[0].islower():
                continue
            first, _, rest = nxt.text.partition(" ")
            if first in _KEEP_HYPHEN_NEXT:
                # "hälso-⏎och sjukvård": a suspended compound keeps a visible hyphen, whatever marked it.
                lines[i] = _with_text(cur, cur.text[:-1] + "-")
                continue
            lines[i] = _with_text(cur, cur.text[:-1] + first)
            lines[i + 1] = _with_text(nxt, rest)
        # A soft hyphen that did not end up at a join is invisible in print: drop it.
        out.append(
            Page(
                number=page.number,
                lines=tuple(
                    _with_text(line, line.text.replace("\u00ad", "")) if "\u00ad" in line.text else line
                    for line in lines
                    if line.text.strip()
                ),
            )
        )
    return out


def _with_text(line: Line, text: str) -> Line:
    return Line(text=text, top=line.top, bottom=line.bottom, x0=line.x0, size=line.size, bold=line.bold)


def _mask(text: str) -> str:
    return _DIGITS.sub("#", text.strip().lower())


def drop_repeated_lines(pages: Sequence[Page]) -> tuple[list[Page], list[str]]:
    """Remove letterheads, footers and page numbers.

    A letterhead or footer line repeats (digits masked) on most pages *at the same height*. Requiring the
    same position keeps body text that happens to recur, such as "Kommunen har inga synpunkter på
    förslaget." on both pages of a two-page answer. Returns the pages and the distinct removed lines.
    """
    count = len(pages)
    anchors: dict[str, float] = {}
    masks = [[_mask(line.text) for line in page.lines] for page in pages] if count >= 2 else []
    if count >= 2:
        tops: dict[str, list[tuple[int, float]]] = {}
        for page, keys in zip(pages, masks, strict=True):
            for line, key in zip(page.lines, keys, strict=True):
                tops.setdefault(key, []).append((page.number, line.top))
        need = max(2, math.ceil(REPEAT_SHARE * count))
        for key, seen in tops.items():
            if len(key) < 2 or len({p for p, _ in seen}) < need:
                continue
            for _, anchor in seen:
                near = {p for p, top in seen if abs(top - anchor) <= POSITION_TOLERANCE}
                if len(near) >= need:
                    anchors[key] = anchor
                    break
    removed: list[str] = []
    out: list[Page] = []
    for index, page in enumerate(pages):
        kept: list[Line] = []
        for i, line in enumerate(page.lines):
            edge = i < 3 or i >= len(page.lines) - 3
            text = line.text.strip()
            is_number = bool(_PAGE_NUMBER.match(text) or _DASHED_NUMBER.match(text))
            # A bare number mid-page may be a table cell; only edge lines are page numbers.
            if is_number and (edge or not text.isdigit()):
                continue
            at = anchors.get(masks[index][i]) if anchors else None
            if at is not None and abs(line.top - at) <= POSITION_TOLERANCE:
                if text not in removed:
                    removed.append(text)
                continue
            kept.append(line)
        out.append(Page(number=page.number, lines=tuple(kept)))
    return out, removed


def hint_for(reason: str) -> str:
    """What a user can do about a file that could not be read."""
    if "OCR unavailable" in reason:
        return "install Tesseract as said, then run again (or ask the sender for a text PDF)"
    if reason.startswith("no text layer"):
        return "run OCR on it (e.g. ocrmypdf -l swe) or ask the sender for a text PDF"
    if reason.startswith("encrypted"):
        return "ask the sender for an unencrypted copy"
    if reason.startswith("not a PDF"):
        return "convert it to PDF (or leave it out)"
    if reason.startswith("damaged"):
        return "download it again or ask the sender for a new copy"
    if reason.startswith("no text"):
        return "check that this is the right file; it has no text to read"
    return "check the file"
