"""Write N synthetic responses for benchmarks: python benchmarks/make_corpus.py [N] [--short] [--seed S] [--out DIR].

Deterministic for a seed. 2–20 pages each (with --short: 1–11, most of them one to three, like real
short answers), with letterheads and page footers, bullets, some two-column pages and some line-end
hyphens, from sentences written here (fictional bodies, as in samples/).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
PLACES = [
    "Norrby",
    "Söderås",
    "Västby",
    "Älvsala",
    "Bergvik",
    "Lundmark",
    "Ekholm",
    "Storsjö",
    "Hagfors",
    "Tallnäs",
]
OPENINGS = [
    "{body} har beretts möjlighet att yttra sig över betänkandet Stärkt medicinsk kompetens i kommunal hälso- och sjukvård.",
    "Utredningen föreslår att kommunerna ska säkerställa bedömning av sjuksköterska dygnet runt.",
    "Utredningen bedömer att avtalen om läkarmedverkan behöver stärkas och att Socialstyrelsen ska meddela föreskrifter.",
]
STANCES = [
    "{body} tillstyrker förslaget om en nationell samordnare för fler specialister i allmänmedicin.",
    "{body} avstyrker förslaget om en försöksverksamhet med Magnetmodellen.",
    "{body} ställer sig positiv till kravet på medicinsk bedömning dygnet runt under förutsättning att staten tillför medel.",
    "{body} har inga synpunkter på förslaget om VULF.",
    "{body} välkomnar medel för vidareutbildning av specialistsjuksköterskor.",
    "{body} är tveksam till att kommuner ska få anställa läkare, eftersom ansvaret bör ligga kvar hos regionen.",
    "{body} delar utredningens bedömning att en särskild ledningsansvarig behövs i både region och kommun.",
]
FILLER = [
    "Kommunens hälso- och sjukvård bedrivs i särskilda boenden, i hemsjukvården och i korttidsverksamheten.",
    "Tillgången till läkare under kvällar och helger varierar mellan kommunens olika delar.",
    "Förvaltningen har under året arbetat med kompetensförsörjning och introduktion av nya medarbetare.",
    "Samverkan med regionens vårdcentraler sker genom gemensamma rutiner och regelbundna möten.",
    "Behovet av sjuksköterskor med specialistutbildning är stort och väntas öka de kommande åren.",
    "Den medicinskt ansvariga sjuksköterskan följer upp avvikelser och rapporterar till nämnden.",
]
WIDTH, HEIGHT = A4


def _wrap(text: str, width: float, c: canvas.Canvas, rng: random.Random) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and c.stringWidth(candidate, "Helvetica", 10) > width:
            if len(word) > 9 and rng.random() < 0.3:  # a line-end hyphen now and then
                cut = len(word) // 2
                lines.append(f"{current} {word[:cut]}-")
                current = word[cut:]
                continue
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def write(path: Path, index: int, rng: random.Random, short: bool = False) -> int:
    body = f"{rng.choice(PLACES)} kommun" if rng.random() < 0.7 else f"Region {rng.choice(PLACES)}"
    pages = min(11, 1 + int(rng.expovariate(1 / 2.2))) if short else rng.randint(2, 20)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 12)
        c.drawString(70, HEIGHT - 50, body)
        c.setFont("Helvetica", 8)
        c.drawString(70, HEIGHT - 64, f"Dnr {index}/2025 · FIKTIVT BENCHMARKDOKUMENT")
        c.drawString(WIDTH - 120, 40, f"Sida {number} ({pages})")
        two_columns = rng.random() < 0.15
        columns = [(70.0, 215.0), (320.0, 215.0)] if two_columns else [(70.0, 455.0)]
        for x, width in columns:
            y = HEIGHT - 110
            c.setFont("Helvetica-Bold", 11)
            c.drawString(
                x, y, rng.choice(["Synpunkter", "Bakgrund", "Kompetensförsörjning", "Tillgång till läkare"])
            )
            y -= 22
            while y > 90:
                sentences = [rng.choice(FILLER) for _ in range(rng.randint(1, 3))]
                if rng.random() < 0.4:
                    sentences.append(rng.choice(STANCES))
                if rng.random() < 0.1:
                    sentences.insert(0, rng.choice(OPENINGS))
                bullet = rng.random() < 0.15
                c.setFont("Helvetica", 10)
                for k, line in enumerate(
                    _wrap(" ".join(sentences).format(body=body), width - (14 if bullet else 0), c, rng)
                ):
                    if y <= 90:
                        break
                    if bullet and k == 0:
                        c.drawString(x, y, "•")
                    c.drawString(x + (14 if bullet else 0), y, line)
                    y -= 13
                y -= 9
        c.showPage()
    c.save()
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", nargs="?", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--short", action="store_true", help="short responses (1–11 pages)")
    parser.add_argument(
        "--out", type=Path, default=None, help="default: corpus/ (corpus-short/ with --short)"
    )
    args = parser.parse_args()
    out = args.out or HERE / ("corpus-short" if args.short else "corpus")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    total = sum(write(out / f"svar-{i:04d}.pdf", i, rng, args.short) for i in range(args.n))
    print(f"{args.n} responses, {total} pages in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
