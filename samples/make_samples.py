"""Regenerate samples/*.pdf from the source texts in samples/src/*.txt.

    python samples/make_samples.py            # needs the test extra: pip install -e '.[test]'

Every sample is fictional: invented municipalities, regions, an agency, a union and an association,
written for remisskoll. Each page carries a footer saying so.

Source format (one file per sample):
    @letterhead TEXT      a letterhead line, repeated at the top of every page (several allowed)
    @footer TEXT          a footer line, repeated on every page, followed by "Sida N (M)"
    @scanned              render every page as an image only (no text layer), like a scanned letter
    ===                   page break
    # TEXT / ## TEXT      heading (bold, larger) / subheading (bold)
    - TEXT                bullet item ("•")
    other lines           paragraph text; a blank line ends a paragraph
    {-}                   inside a word: break the line there with a hyphen ("kommu{-}nernas")
    | A | B | C |         a ruled table: consecutive lines starting with "|"; the first is the header row,
                          repeated at the top of every page the table continues on

    python samples/make_samples.py [--src DIR] [--out DIR] [NAME ...]   (default: samples/src → samples/)
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = A4
LEFT, RIGHT = 70.0, WIDTH - 70.0
TOP, BOTTOM = HEIGHT - 120.0, 80.0
BODY, BODY_SIZE, LEADING = "Helvetica", 10.5, 14.0
FONTS = {"h1": ("Helvetica-Bold", 13.0), "h2": ("Helvetica-Bold", 11.0), "p": (BODY, BODY_SIZE)}
SCAN_DPI = 200


@dataclass
class Op:
    x: float
    y: float
    text: str
    font: str
    size: float
    # A rule from (x, y) to (x2, y2) when set; text is then empty.
    x2: float | None = None
    y2: float | None = None


@dataclass
class Sample:
    name: str
    letterhead: list[str] = field(default_factory=list)
    footer: str = ""
    scanned: bool = False
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, text); kind in h1 h2 p li page table


def parse(path: Path) -> Sample:
    sample = Sample(name=path.stem)
    para: list[str] = []

    def flush() -> None:
        if para:
            sample.blocks.append(("p", " ".join(para)))
            para.clear()

    table: list[str] = []

    def flush_table() -> None:
        if table:
            sample.blocks.append(("table", "\n".join(table)))
            table.clear()

    for raw in path.read_text("utf-8").splitlines():
        line = raw.rstrip()
        if line.startswith("|"):
            flush()
            table.append(line)
            continue
        flush_table()
        if line.startswith("@letterhead "):
            sample.letterhead.append(line[len("@letterhead ") :])
        elif line.startswith("@footer "):
            sample.footer = line[len("@footer ") :]
        elif line == "@scanned":
            sample.scanned = True
        elif line == "===":
            flush()
            sample.blocks.append(("page", ""))
        elif line.startswith("## "):
            flush()
            sample.blocks.append(("h2", line[3:]))
        elif line.startswith("# "):
            flush()
            sample.blocks.append(("h1", line[2:]))
        elif line.startswith("- "):
            flush()
            sample.blocks.append(("li", line[2:]))
        elif not line.strip():
            flush()
        else:
            para.append(line.strip())
    flush()
    flush_table()
    return sample


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a {-} inside a word forces a hyphenated break there."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if "{-}" in word:
            head, tail = word.split("{-}", 1)
            candidate = f"{current} {head}-".strip()
            lines.append(candidate)
            current = tail
            continue
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


TABLE_SIZE, TABLE_LEADING, CELL_PAD = 9.5, 12.5, 4.0


def layout_table(text: str, pages: list[list[Op]], y: float, new_page: Any) -> float:
    """A ruled table; the header row is repeated where the table continues on a new page."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()]
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    # Column widths in proportion to each column's longest cell, within bounds.
    longest = [max(min(len(r[i]), 60) for r in rows) + 6 for i in range(n)]
    total = RIGHT - LEFT
    widths = [total * w / sum(longest) for w in longest]

    def wrapped(row: list[str], bold: bool) -> list[list[str]]:
        font = "Helvetica-Bold" if bold else BODY
        width = [w - 2 * CELL_PAD for w in widths]
        return [wrap(cell, font, TABLE_SIZE, w) or [""] for cell, w in zip(row, width, strict=True)]

    def draw(row: list[str], bold: bool) -> None:
        nonlocal y
        cells = wrapped(row, bold)
        height = max(len(c) for c in cells) * TABLE_LEADING + 2 * CELL_PAD
        font = "Helvetica-Bold" if bold else BODY
        ops = pages[-1]
        top = y + TABLE_SIZE + CELL_PAD
        x = LEFT
        ops.append(Op(LEFT, top, "", font, TABLE_SIZE, RIGHT, top))
        for lines, w in zip(cells, widths, strict=True):
            ops.append(Op(x, top, "", font, TABLE_SIZE, x, top - height))
            for k, line in enumerate(lines):
                ops.append(Op(x + CELL_PAD, y - k * TABLE_LEADING, line, font, TABLE_SIZE))
            x += w
        ops.append(Op(RIGHT, top, "", font, TABLE_SIZE, RIGHT, top - height))
        ops.append(Op(LEFT, top - height, "", font, TABLE_SIZE, RIGHT, top - height))
        y -= height

    header = rows[0]
    draw(header, True)
    for row in rows[1:]:
        need = max(len(c) for c in wrapped(row, False)) * TABLE_LEADING + 2 * CELL_PAD
        if y - need < BOTTOM:
            new_page()
            y = TOP
            draw(header, True)
        draw(row, False)
    return y - 10


def layout(sample: Sample) -> list[list[Op]]:
    pages: list[list[Op]] = [[]]
    y = TOP

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = TOP

    for kind, text in sample.blocks:
        if kind == "page":
            new_page()
            continue
        if kind in ("h1", "h2"):
            font, size = FONTS[kind]
            y -= 8 if kind == "h1" else 4
            if y < BOTTOM + 60:
                new_page()
            for line in wrap(text, font, size, RIGHT - LEFT):
                pages[-1].append(Op(LEFT, y, line, font, size))
                y -= size + 5
            y -= 3
            continue
        if kind == "table":
            y = layout_table(text, pages, y, new_page)
            continue
        indent = 16.0 if kind == "li" else 0.0
        lines = wrap(text, BODY, BODY_SIZE, RIGHT - LEFT - indent)
        for i, line in enumerate(lines):
            if y < BOTTOM:
                new_page()
            if kind == "li" and i == 0:
                pages[-1].append(Op(LEFT + 4, y, "•", BODY, BODY_SIZE))
            pages[-1].append(Op(LEFT + indent, y, line, BODY, BODY_SIZE))
            y -= LEADING
        y -= 8  # paragraph gap
    total = len(pages)
    for number, ops in enumerate(pages, start=1):
        hy = HEIGHT - 50
        for i, text in enumerate(sample.letterhead):
            font, size = ("Helvetica-Bold", 12.0) if i == 0 else (BODY, 9.0)
            ops.append(Op(LEFT, hy, text, font, size))
            hy -= size + 4
        if sample.footer:
            ops.append(Op(LEFT, 45, sample.footer, BODY, 8.0))
        ops.append(Op(RIGHT - 55, 45, f"Sida {number} ({total})", BODY, 8.0))
    return pages


def write_pdf(pages: list[list[Op]], out: Path) -> None:
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)  # invariant: byte-identical on regeneration
    for ops in pages:
        for op in ops:
            if op.x2 is not None and op.y2 is not None:
                c.setLineWidth(0.6)
                c.line(op.x, op.y, op.x2, op.y2)
                continue
            c.setFont(op.font, op.size)
            c.drawString(op.x, op.y, op.text)
        c.showPage()
    c.save()


def write_scanned(pages: list[list[Op]], out: Path) -> None:
    """Pages as greyscale images only, as a scanner would produce: no text layer at all."""
    from PIL import Image, ImageDraw, ImageFont

    scale = SCAN_DPI / 72.0

    def font(name: str, size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        bold = "Bold" in name
        for path in (
            f"/usr/share/fonts/truetype/dejavu/DejaVuSans{'-Bold' if bold else ''}.ttf",
            f"/usr/share/fonts/truetype/liberation/LiberationSans-{'Bold' if bold else 'Regular'}.ttf",
        ):
            if Path(path).exists():
                return ImageFont.truetype(path, round(size * scale * 0.95))
        return ImageFont.load_default(size=round(size * scale))

    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    for ops in pages:
        img = Image.new("L", (round(WIDTH * scale), round(HEIGHT * scale)), 255)
        draw = ImageDraw.Draw(img)
        for op in ops:
            if op.x2 is not None and op.y2 is not None:
                line = [(op.x * scale, (HEIGHT - op.y) * scale), (op.x2 * scale, (HEIGHT - op.y2) * scale)]
                draw.line(line, fill=0, width=2)
                continue
            f = font(op.font, op.size)
            draw.text((op.x * scale, (HEIGHT - op.y - op.size) * scale), op.text, fill=0, font=f)
        buf = io.BytesIO()
        img.save(buf, format="PNG", optimize=True)
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, width=WIDTH, height=HEIGHT)
        c.showPage()
    c.save()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Render sample sources to PDF.")
    parser.add_argument("--src", type=Path, default=HERE / "src", help="directory of *.txt sources")
    parser.add_argument("--out", type=Path, default=HERE, help="directory for the PDFs")
    parser.add_argument("names", nargs="*", help="only these samples (file stems)")
    args = parser.parse_args(argv)
    wanted = set(args.names)
    args.out.mkdir(parents=True, exist_ok=True)
    for src in sorted(args.src.glob("*.txt")):
        if wanted and src.stem not in wanted:
            continue
        sample = parse(src)
        pages = layout(sample)
        out = args.out / f"{sample.name}.pdf"
        (write_scanned if sample.scanned else write_pdf)(pages, out)
        print(f"{out}: {len(pages)} page(s){' (scanned)' if sample.scanned else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
