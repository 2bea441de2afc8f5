"""Engines: the two libraries that read a PDF's text layer, as pages of lines and image counts.

pdfplumber (pdfminer.six) is the reference; pypdfium2 is about twenty times faster and gives the same
words, from which the same lines are built. Each maps the parser's many exception types to one
ReadError that says what is wrong with the file.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import WORD_SUFFIXES, Failure, ReadError
from ..model import Page
from .layout import X_TOLERANCE, Y_TOLERANCE, Rule, page_lines

# pdfium marks a hyphen it sees at a line break with code 2 (or U+FFFE). The PDF prints a hyphen there,
# and pdfplumber reads one: a plain hyphen for join_hyphens. Line breaks inside a run become spaces.
_PDFIUM_MARKS = (("\r", ""), ("\n", " "), ("\x02", "-"), ("\ufffe", "-"))


# pdfminer writes a glyph without a Unicode mapping as "(cid:N)"; pdfium gives its character code, which
# for the small codes of a subset font is a control character.
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_PDFIUM_UNMAPPED = re.compile("[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\ufffd]")
# A page this many glyphs of which, and most, have no Unicode mapping has text that cannot be decoded.
MIN_UNMAPPED = 5


@dataclass(frozen=True)
class Marks:
    """What a page holds besides readable text: images, vector drawings (text drawn as outlines is many
    of them) and glyphs, of which how many have no Unicode mapping (a font without a ToUnicode map)."""

    images: int = 0
    drawings: int = 0
    glyphs: int = 0
    unmapped: int = 0

    @property
    def undecodable(self) -> bool:
        """Most of the page's text is glyphs that cannot be turned into letters."""
        return self.unmapped >= MIN_UNMAPPED and 2 * self.unmapped > self.glyphs


def _glyphs(texts: list[str], unmapped: re.Pattern[str]) -> tuple[int, int]:
    """How many glyphs the texts have, and how many of them are unmapped (a "(cid:N)" is one glyph)."""
    total = bad = 0
    for text in texts:
        found = len(unmapped.findall(text))
        bad += found
        total += len("".join(unmapped.sub("#", text).split())) if found else len("".join(text.split()))
    return total, bad


def sniff(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except IsADirectoryError:
        raise ReadError(Failure.NOT_A_PDF, "not a PDF (a directory)") from None
    except OSError as exc:
        raise ReadError(Failure.CANNOT_OPEN, f"cannot open the file ({exc.strerror or exc})") from None
    if not head:
        raise ReadError(Failure.NOT_A_PDF, "not a PDF (empty file)")
    if b"%PDF-" not in head:
        kind = _word_file(path, head)
        if kind:
            raise ReadError(Failure.WORD_FILE, f"{kind}, not a PDF")
        raise ReadError(Failure.NOT_A_PDF, "not a PDF (no %PDF header)")


# What a response sent as a word-processor file starts with: OOXML/ODF are ZIP archives, .doc an OLE
# compound file, RTF plain text.
_WORD_KINDS: dict[str, tuple[bytes, str]] = {
    ".docx": (b"PK\x03\x04", "a Word file (.docx)"),
    ".docm": (b"PK\x03\x04", "a Word file (.docm)"),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word file (.doc)"),
    ".odt": (b"PK\x03\x04", "an OpenDocument text (.odt)"),
    ".rtf": (b"{\\rtf", "an RTF file (.rtf)"),
}


assert set(_WORD_KINDS) == set(WORD_SUFFIXES)


def _word_file(path: Path, head: bytes) -> str:
    """What kind of word-processor file this is, by its name and its first bytes ("" if none)."""
    known = _WORD_KINDS.get(path.suffix.lower())
    if known and head.startswith(known[0]):
        return known[1]
    if head.startswith(b"{\\rtf"):
        return "an RTF file"
    if head.startswith(_WORD_KINDS[".doc"][0]):
        return "a Word file (.doc)"
    if head.startswith(b"PK\x03\x04") and (b"word/" in head or b"opendocument.text" in head):
        return "a Word or OpenDocument file"
    return ""


def read_pdfplumber(path: Path) -> tuple[list[Page], list[Marks]]:
    """Pages of lines and, per page, its Marks (a page of images or drawings only may need OCR)."""
    import pdfplumber  # imported here: the CLI starts fast for --help and --version

    pages: list[Page] = []
    marks: list[Marks] = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(
                    x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, extra_attrs=["fontname", "size"]
                )
                glyphs, unmapped = _glyphs([str(w["text"]) for w in words], _UNMAPPED)
                drawings = len(page.curves) + len(page.rects) + len(page.lines)
                marks.append(Marks(len(page.images), drawings, glyphs, unmapped))
                rules = [
                    Rule(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]))
                    for e in page.edges
                ]
                lines = page_lines(words, float(page.width), rules)
                pages.append(Page(number=number, lines=tuple(lines)))
                # pdfplumber 0.11 keeps every page's objects until the page is closed (#1339).
                page.close()
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types for broken files; the reason is what counts
        raise _read_error(exc) from None
    return pages, marks


def read_pdfium(path: Path) -> tuple[list[Page], list[Marks]]:
    """The same words as pdfplumber gives, built from pypdfium2's characters (about 20× faster)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pages: list[Page] = []
    marks: list[Marks] = []
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
            # of several per character (reading character by character was several times slower).
            words: list[dict[str, Any]] = []
            glyphs = unmapped = 0
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
            for (x0, y1, x1, y0, at), text in zip(rects, run_texts(textpage, rects), strict=True):
                counted = _glyphs([text.replace("\r\n", "")], _PDFIUM_UNMAPPED)
                glyphs, unmapped = glyphs + counted[0], unmapped + counted[1]
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
            kinds = [
                pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page, k))
                for k in range(pdfium_c.FPDFPage_CountObjects(page))
            ]
            images = kinds.count(pdfium_c.FPDF_PAGEOBJ_IMAGE)
            marks.append(Marks(images, kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH), glyphs, unmapped))
            rules = _pdfium_rules(page, float(height)) if words else []
            textpage.close()
            page.close()
            pages.append(Page(number=number, lines=tuple(page_lines(words, float(width), rules))))
    except ReadError:
        raise
    except Exception as exc:
        raise _read_error(exc) from None
    finally:
        pdf.close()
    return pages, marks


def _pdfium_rules(page: Any, height: float) -> list[Rule]:
    """The page's drawn lines and rectangles' sides, as pdfplumber reports its edges: table rules."""
    import pypdfium2.raw as pdfium_c

    out: list[Rule] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for k in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, k)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, x1, y0, y1 = left.value, right.value, height - top.value, height - bottom.value
        if x1 - x0 <= THIN or y1 - y0 <= THIN:  # a line, or a rectangle drawn as one
            out.append(Rule(x0, y0, x1, y1))
        else:  # a rectangle: its four sides
            out += [Rule(x0, y0, x1, y0), Rule(x0, y1, x1, y1), Rule(x0, y0, x0, y1), Rule(x1, y0, x1, y1)]
    return out


# A drawn object no thicker than this (points) is a rule rather than a box.
THIN = 3.0


def run_texts(textpage: Any, rects: list[tuple[float, float, float, float, int]]) -> list[str]:
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
        return ReadError(Failure.ENCRYPTED, "encrypted PDF — it needs a password")
    detail = str(seen[-1]) or type(seen[-1]).__name__
    return ReadError(Failure.DAMAGED, f"damaged PDF ({detail[:120]})")
