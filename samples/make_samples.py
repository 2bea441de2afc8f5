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
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class Sample:
    name: str
    letterhead: list[str] = field(default_factory=list)
    footer: str = ""
    scanned: bool = False
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, text); kind in h1 h2 p li page


def parse(path: Path) -> Sample:
    sample = Sample(name=path.stem)
    para: list[str] = []

    def flush() -> None:
        if para:
            sample.blocks.append(("p", " ".join(para)))
            para.clear()

    for raw in path.read_text("utf-8").splitlines():
        line = raw.rstrip()
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
            f = font(op.font, op.size)
            draw.text((op.x * scale, (HEIGHT - op.y - op.size) * scale), op.text, fill=0, font=f)
        buf = io.BytesIO()
        img.save(buf, format="PNG", optimize=True)
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, width=WIDTH, height=HEIGHT)
        c.showPage()
    c.save()


def main(argv: list[str]) -> int:
    sources = sorted((HERE / "src").glob("*.txt"))
    wanted = set(argv)
    for src in sources:
        if wanted and src.stem not in wanted:
            continue
        sample = parse(src)
        pages = layout(sample)
        out = HERE / f"{sample.name}.pdf"
        (write_scanned if sample.scanned else write_pdf)(pages, out)
        print(f"{out.relative_to(HERE.parent)}: {len(pages)} page(s){' (scanned)' if sample.scanned else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
