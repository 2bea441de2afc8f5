"""Extract: a PDF file to pages of normalised text lines, letterheads and footers removed.

pdfplumber gives words with their font; we build lines ourselves so that layout (gaps, bold, size)
survives for the segmenter. Measured facts behind the choices are in ../shared/extraction-notes.md.
"""

from __future__ import annotations

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
        "\ufffe": "\u00ad",  # pdfium's line-break hyphen: treat as a soft hyphen
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


def normalise(text: str) -> str:
    """NFC-compose (combining diaeresis → ä), map bullets, ligatures and odd spaces; collapse spaces.

    pdfminer writes "(cid:N)" for a glyph without a Unicode mapping: at a line start that is almost
    always a bullet, elsewhere it is dropped.
    """
    text = _CID.sub("", _CID_START.sub("• ", text))
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = "".join(ch for ch in text if ch in "\t\u00ad" or not unicodedata.category(ch).startswith("C"))
    return re.sub(r"[ \t]+", " ", text).strip()


def extract(path: str | Path) -> Document:
    """Read a PDF into a Document, or raise ReadError saying why it cannot be read."""
    path = Path(path)
    _sniff(path)
    raw_pages, images = _read_pages(path)
    pages = join_hyphens(raw_pages)
    pages, removed = drop_repeated_lines(pages)
    doc = Document(path=str(path), pages=tuple(pages), page_count=len(pages), letterhead=tuple(removed))
    if not doc.has_text:
        if not raw_pages:
            raise ReadError(Status.UNREADABLE, "no text — the PDF has no pages")
        if images:
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


def _read_pages(path: Path) -> tuple[list[Page], int]:
    import pdfplumber  # imported here: the CLI starts fast for --help and --version

    pages: list[Page] = []
    images = 0
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(
                    x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, extra_attrs=["fontname", "size"]
                )
                images += len(page.images)
                pages.append(Page(number=number, lines=tuple(words_to_lines(words))))
                # pdfplumber 0.11 keeps every page's objects until the page is closed (#1339).
                page.close()
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types for broken files; the reason is what counts
        raise _read_error(exc) from None
    return pages, images


def _read_error(exc: Exception) -> ReadError:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        nested = cur.args[0] if cur.args and isinstance(cur.args[0], BaseException) else None
        cur = cur.__cause__ or cur.__context__ or nested
    names = " ".join(type(e).__name__ for e in seen) + " " + " ".join(str(e) for e in seen)
    if re.search(r"password|encrypt", names, re.IGNORECASE):
        return ReadError(
            Status.UNREADABLE, "encrypted PDF — needs a password; ask the sender for an open copy"
        )
    detail = str(seen[-1]) or type(seen[-1]).__name__
    return ReadError(Status.ERROR, f"damaged PDF ({detail[:120]})")


def words_to_lines(words: Sequence[dict[str, Any]]) -> list[Line]:
    """Group pdfplumber words into lines by their top coordinate, left to right within a line."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"]), 1), float(w["x0"]))):
        if lines and abs(float(word["top"]) - float(lines[-1][0]["top"])) <= Y_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    out: list[Line] = []
    for group in lines:
        group.sort(key=lambda w: float(w["x0"]))
        text = normalise(" ".join(str(w["text"]) for w in group))
        if not text:
            continue
        chars = sum(len(str(w["text"])) for w in group) or 1
        bold = sum(len(str(w["text"])) for w in group if _BOLD.search(str(w.get("fontname", "")))) / chars
        sizes = sorted(float(w.get("size", 0.0)) for w in group)
        out.append(
            Line(
                text=text,
                top=float(min(w["top"] for w in group)),
                bottom=float(max(w["bottom"] for w in group)),
                x0=float(group[0]["x0"]),
                size=round(sizes[len(sizes) // 2], 1),
                bold=bold >= 0.8,
            )
        )
    return out


def join_hyphens(pages: Iterable[Page]) -> list[Page]:
    """Join words split by a hyphen at a line end (kommu-/nernas), keeping suspended compounds."""
    out: list[Page] = []
    for page in pages:
        lines = list(page.lines)
        for i in range(len(lines) - 1):
            cur, nxt = lines[i], lines[i + 1]
            m = re.search(r"(\w)[-\u00ad]$", cur.text)
            if not m or not nxt.text or not nxt.text[0].islower():
                continue
            first, _, rest = nxt.text.partition(" ")
            if first in _KEEP_HYPHEN_NEXT:
                continue
            lines[i] = _with_text(cur, cur.text[:-1] + first)
            lines[i + 1] = _with_text(nxt, rest)
        # A soft hyphen that did not end up at a join is invisible in print: drop it.
        out.append(
            Page(
                number=page.number,
                lines=tuple(
                    _with_text(line, line.text.replace("\u00ad", "")) for line in lines if line.text.strip()
                ),
            )
        )
    return out


def _with_text(line: Line, text: str) -> Line:
    return Line(text=text, top=line.top, bottom=line.bottom, x0=line.x0, size=line.size, bold=line.bold)


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def drop_repeated_lines(pages: Sequence[Page]) -> tuple[list[Page], list[str]]:
    """Remove letterheads, footers and page numbers.

    A letterhead or footer line repeats (digits masked) on most pages *at the same height*. Requiring the
    same position keeps body text that happens to recur, such as "Kommunen har inga synpunkter på
    förslaget." on both pages of a two-page answer. Returns the pages and the distinct removed lines.
    """
    count = len(pages)
    anchors: dict[str, float] = {}
    if count >= 2:
        tops: dict[str, list[tuple[int, float]]] = {}
        for page in pages:
            for line in page.lines:
                tops.setdefault(_mask(line.text), []).append((page.number, line.top))
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
    for page in pages:
        kept: list[Line] = []
        for i, line in enumerate(page.lines):
            edge = i < 3 or i >= len(page.lines) - 3
            text = line.text.strip()
            is_number = bool(_PAGE_NUMBER.match(text) or _DASHED_NUMBER.match(text))
            # A bare number mid-page may be a table cell; only edge lines are page numbers.
            if is_number and (edge or not text.isdigit()):
                continue
            at = anchors.get(_mask(text))
            if at is not None and abs(line.top - at) <= POSITION_TOLERANCE:
                if text not in removed:
                    removed.append(text)
                continue
            kept.append(line)
        out.append(Page(number=page.number, lines=tuple(kept)))
    return out, removed


def hint_for(reason: str) -> str:
    """What a user can do about a file that could not be read."""
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
