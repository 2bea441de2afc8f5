"""Make scanned copies of text PDFs, deterministically, to test that OCR reads them like the originals.

    python benchmarks/make_scans.py SRC... --out DIR [--seed N] [--dpi 200,300]

SRC are PDF files or directories (their *.pdf, not recursive). For every input and every dpi this writes
DIR/<stem>-scan<dpi>.pdf: the same page count and page sizes, each page one greyscale JPEG and no text
layer. Tests can call `make_scan(src, out, dpi, seed)` directly (put benchmarks/ on sys.path).

Every random choice comes from random.Random seeded with (seed, file name, page number, dpi), so the
output is byte-identical for the same inputs on the same pdfium, Pillow and libjpeg. Each page is
rendered with pypdfium2 at the dpi in greyscale and then degraded, in the order a copier works:

- toner: ink is dark grey, not black (10–45), and a gamma of 0.85–1.2 makes strokes a little thinner
  or bolder, like light or heavy toner;
- placement: the sheet lies up to ±1° askew and up to about 1.5 mm off on the glass (expand=False, so
  the page keeps its size; the uncovered wedge gets the lid's tone);
- paper: a grey copier background, 225–245 instead of white; about one page in four instead gets a
  darker (200–225) uneven tone with soft blotches and a shadow along one edge, like a tired copier or
  a lifted lid;
- dust: 0–12 small dark speckles a page (a quarter of the pages none); like real dust, one now and
  then next to a word is read as a stray '.', ';' or '"';
- optics: a slight Gaussian blur, radius 0.3–0.8 px at 300 dpi (scaled with the dpi);
- sensor: mild additive Gaussian noise (sigma 2–5 grey levels), from random.Random.randbytes;
- compression: the page is stored as a JPEG of quality 55–80, as scanners do, with its block artefacts.

The result looks like a typical office scan: Tesseract (swe) should still read it well.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

DEFAULT_DPIS = (200, 300)


@dataclass(frozen=True)
class Degradation:
    """The random choices for one page, drawn up front so their order never depends on the image."""

    ink: int  # darkest grey the toner reaches
    gamma: float  # >1 bolder strokes, <1 thinner
    angle: float  # degrees, counter-clockwise
    shift: tuple[int, int]  # px, where the sheet lies on the glass
    paper: int  # mean paper tone
    uneven: int  # amplitude of soft blotches, 0 for a flat tone
    shadow: tuple[str, int]  # (edge, depth in grey levels) of a lid shadow; depth 0 for none
    speckles: int
    blur: float  # px at this dpi
    noise: float  # sigma in grey levels
    quality: int  # JPEG quality
    detail_seed: int  # for the blotch grid, speckle positions and noise bytes


def page_rng(seed: int, name: str, page: int, dpi: int) -> random.Random:
    # A str seed is hashed with SHA-512 by random.Random, so it does not depend on PYTHONHASHSEED.
    return random.Random(f"make_scans:{seed}:{name}:{page}:{dpi}")


def draw_degradation(rng: random.Random, dpi: int) -> Degradation:
    scale = dpi / 300
    dark = rng.random() < 0.25
    return Degradation(
        ink=rng.randint(10, 45),
        gamma=rng.uniform(0.85, 1.2),
        angle=rng.uniform(-1.0, 1.0),
        # up to ~1.5 mm (18 px at 300 dpi) each way; real copies are rarely placed exactly
        shift=(round(rng.uniform(-18, 18) * scale), round(rng.uniform(-18, 18) * scale)),
        paper=rng.randint(200, 225) if dark else rng.randint(225, 245),
        uneven=rng.randint(6, 14) if dark else rng.choice((0, 0, 3)),
        shadow=(rng.choice(("left", "right", "top", "bottom")), rng.randint(15, 40) if dark else 0),
        speckles=rng.choice((0, 0, 1, 2, 3, 5, 8, 12)),
        blur=rng.uniform(0.3, 0.8) * scale,
        noise=rng.uniform(2.0, 5.0),
        quality=rng.randint(55, 80),
        detail_seed=rng.getrandbits(64),
    )


def _tone_lut(ink: int, gamma: float) -> list[int]:
    # Maps the rendered 0..255 to ink..255 through a gamma: toner never reaches pure black.
    return [round(ink + (255 - ink) * (v / 255) ** gamma) for v in range(256)]


def _paper(size: tuple[int, int], d: Degradation, rng: random.Random) -> Image.Image:
    """The sheet's tone as an image to multiply with: white stays paper, ink stays about ink."""
    if not d.uneven and not d.shadow[1]:
        return Image.new("L", size, d.paper)
    # Soft blotches: a coarse random grid scaled up smoothly; far cheaper than blurring noise.
    gw, gh = 5, 7
    grid = Image.new("L", (gw, gh))
    grid.putdata([max(0, min(255, d.paper + rng.randint(-d.uneven, d.uneven))) for _ in range(gw * gh)])
    sheet = grid.resize(size, Image.Resampling.BICUBIC)
    edge, depth = d.shadow
    if depth:
        # A shadow that fades over the outer tenth of the page, like light leaking past a lifted lid.
        ramp = Image.linear_gradient("L")  # 256×256, 0 at top → 255 at bottom
        ramp = ramp.point([round(depth * max(0.0, 1 - v / 25.5)) for v in range(256)])
        ramp = {
            "top": ramp,
            "bottom": ramp.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
            "left": ramp.transpose(Image.Transpose.TRANSPOSE),
            "right": ramp.transpose(Image.Transpose.TRANSVERSE),
        }[edge]
        sheet = ImageChops.subtract(sheet, ramp.resize(size, Image.Resampling.BILINEAR))
    return sheet


def _speckle(img: Image.Image, d: Degradation, rng: random.Random, dpi: int) -> None:
    draw = ImageDraw.Draw(img)
    w, h = img.size
    for _ in range(d.speckles):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.uniform(0.6, 2.2) * dpi / 300  # dust, not blots: at most ~0.4 mm across
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(d.ink, d.ink + 80))


def _noise(size: tuple[int, int], sigma: float, rng: random.Random) -> Image.Image:
    """Gaussian noise around 128: uniform random bytes mapped through the normal inverse CDF."""
    normal = statistics.NormalDist(128, sigma)
    lut = [max(0, min(255, round(normal.inv_cdf((v + 0.5) / 256)))) for v in range(256)]
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).point(lut)


def degrade(img: Image.Image, d: Degradation, dpi: int) -> Image.Image:
    """Apply one page's degradations to a greyscale rendering (mode L, white paper)."""
    rng = random.Random(d.detail_seed)
    img = img.point(_tone_lut(d.ink, d.gamma))
    # Rotate before toning the paper, so the uncovered wedge (filled white) gets the paper/lid tone too.
    img = img.rotate(d.angle, Image.Resampling.BICUBIC, expand=False, fillcolor=255, translate=d.shift)
    img = ImageChops.multiply(img, _paper(img.size, d, rng))
    _speckle(img, d, rng, dpi)
    img = img.filter(ImageFilter.GaussianBlur(d.blur))
    # ImageChops.add computes (a + b) / scale + offset before clipping, so the -128 centres the noise.
    return ImageChops.add(img, _noise(img.size, d.noise, rng), scale=1.0, offset=-128)


@contextmanager
def _raw_streams() -> Iterator[None]:
    # reportlab ASCII85-encodes streams by default, which only makes the JPEGs 25 % bigger.
    # The switch is global in reportlab, so it is set only while writing and then put back.
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def make_scan(src: Path, out: Path, dpi: int, seed: int) -> None:
    """Write `out`: a scanned-looking, image-only copy of `src` at `dpi`, deterministic for `seed`."""
    src, out = Path(src), Path(out)
    pdf = pdfium.PdfDocument(src)
    try:
        if len(pdf) == 0:
            raise ValueError(f"{src}: no pages")
        buf = io.BytesIO()
        with _raw_streams():
            # invariant=1 fixes the creation date and document ID, so equal inputs give equal bytes.
            c = canvas.Canvas(buf, invariant=1, pageCompression=1)
            for i in range(len(pdf)):
                page = pdf[i]
                try:
                    width, height = page.get_size()  # points, as displayed
                    img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                finally:
                    page.close()
                d = draw_degradation(page_rng(seed, src.name, i + 1, dpi), dpi)
                jpeg = io.BytesIO()
                degrade(img, d, dpi).save(jpeg, "JPEG", quality=d.quality, optimize=False)
                jpeg.seek(0)
                c.setPageSize((width, height))
                # A JPEG given through ImageReader is embedded as it is (DCTDecode), not re-encoded.
                c.drawImage(ImageReader(jpeg), 0, 0, width=width, height=height)
                c.showPage()
            c.save()
    finally:
        pdf.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())


def _survey(src: Path) -> tuple[int, bool]:
    """The page count, and whether any page has text (a scan of a scan tests nothing new)."""
    pdf = pdfium.PdfDocument(src)
    try:
        has_text = False
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage()
            try:
                has_text = has_text or text.count_chars() > 0
            finally:
                text.close()
                page.close()
        return len(pdf), has_text
    finally:
        pdf.close()


def _sources(args: list[Path]) -> list[Path]:
    found: list[Path] = []
    for arg in args:
        if arg.is_dir():
            found += sorted(p for p in arg.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
        elif arg.is_file():
            found.append(arg)
        else:
            raise SystemExit(f"make_scans: no such file or directory: {arg}")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    stems = [p.stem for p in unique]
    clashes = sorted({s for s in stems if stems.count(s) > 1})
    if clashes:
        raise SystemExit(f"make_scans: inputs share a name, outputs would overwrite: {', '.join(clashes)}")
    return unique


def _dpis(text: str) -> tuple[int, ...]:
    try:
        dpis = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}") from None
    if not dpis or any(not 50 <= d <= 1200 for d in dpis):
        raise argparse.ArgumentTypeError(f"dpi values must be between 50 and 1200: {text!r}")
    return dpis


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("src", nargs="+", type=Path, help="PDF files or directories of PDFs")
    parser.add_argument("--out", type=Path, required=True, help="directory for <stem>-scan<dpi>.pdf")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dpi", type=_dpis, default=DEFAULT_DPIS, help="comma-separated, default 200,300")
    args = parser.parse_args(argv)

    sources = _sources(args.src)
    if not sources:
        print("make_scans: no PDF files found", file=sys.stderr)
        return 1
    for src in sources:
        pages, has_text = _survey(src)
        if not has_text:
            # Scanning a scan still works, but the copy then tests nothing the original does not.
            print(
                f"make_scans: warning: {src.name} has no text layer, it is probably a scan already",
                file=sys.stderr,
            )
        for dpi in args.dpi:
            out = args.out / f"{src.stem}-scan{dpi}.pdf"
            start = time.perf_counter()
            make_scan(src, out, dpi, args.seed)
            took = time.perf_counter() - start
            print(
                f"{out}  {pages} p  {took:.2f} s  {took / pages:.2f} s/page  {out.stat().st_size // 1024} KiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
