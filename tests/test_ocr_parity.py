"""OCR parity: a scanned copy of a response must be read like its text version.

Every text sample and every text PDF of the development set (../shared/devset/pdf/ beside the project,
when it is there) is turned into a deterministic degraded scan (benchmarks/make_scans.py: askew, toner,
dust, blur, noise, JPEG) at 200 and 300 dpi. The scans are read by OCR and must give, per document, the
same respondent and the same dissents (who and proposals) as the text version, and over all documents at
least 97 % of the cells the same stance, at each resolution. A failure prints what differed.
"""

from __future__ import annotations

import os
import site
import sys
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from remisskoll import Cache, compare
from remisskoll.model import ReadOptions, Response

from conftest import ROOT, SAMPLES

BENCHMARKS = ROOT / "benchmarks"
# the team's labelled development set, beside the project (never shipped); REMISSKOLL_DEVSET points elsewhere
DEVSET = Path(os.environ.get("REMISSKOLL_DEVSET", ROOT.parent / "shared" / "devset")) / "pdf"
DPIS = (200, 300)
SEED = 0
MIN_SAME = 0.97

pytestmark = pytest.mark.slow

if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))  # for make_scans


def text_sources() -> list[Path]:
    """The text PDFs to scan: the samples (not the one that is a scan already) and the devset's."""
    sources = sorted(p for p in SAMPLES.glob("*.pdf") if p.name != "skarsunds-kommun.pdf")
    if DEVSET.is_dir():
        # a scan has no text version to compare with
        sources += sorted(p for p in DEVSET.glob("*.pdf") if has_text_layer(p))
    elif os.environ.get("CI"):
        pytest.fail(f"the development set is missing in CI: expected its PDFs in {DEVSET}")
    else:
        warnings.warn(f"no development set at {DEVSET}: OCR parity checked on the samples only", stacklevel=2)
    return sources


def has_text_layer(path: Path) -> bool:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return all(page.chars for page in pdf.pages)


def scan_copies(sources: Sequence[Path], out: Path) -> dict[tuple[Path, int], Path]:
    """Scanned copies of every source at every dpi, made in parallel (each is deterministic)."""
    from make_scans import make_scan  # benchmarks/ is on sys.path, here and in the workers

    jobs = {(src, dpi): out / f"{src.stem}-scan{dpi}.pdf" for src in sources for dpi in DPIS}
    with ProcessPoolExecutor(
        max_workers=os.cpu_count() or 1, initializer=site.addsitedir, initargs=(str(BENCHMARKS),)
    ) as pool:
        futures = [pool.submit(make_scan, src, path, dpi, SEED) for (src, dpi), path in jobs.items()]
        for future in futures:
            future.result()
    return jobs


@dataclass(frozen=True)
class Difference:
    file: str
    dpi: int
    what: str  # a proposal id, "respondent" or "dissents"
    text: str
    scan: str
    quote: str = ""  # the OCR'd evidence


def differences(name: str, dpi: int, text: Response, scan: Response) -> tuple[list[Difference], int]:
    """What the scan's row says differently from the text's, and how many cells agree."""
    found: list[Difference] = []
    if scan.status.value != "ok" or not scan.ocr:
        found.append(
            Difference(name, dpi, "status", "ok", f"{scan.status.value} ocr={scan.ocr}", scan.error or "")
        )
    if text.respondent != scan.respondent:
        found.append(Difference(name, dpi, "respondent", text.respondent, scan.respondent))
    text_dissents = sorted((d.who, d.proposals) for d in text.dissents)
    scan_dissents = sorted((d.who, d.proposals) for d in scan.dissents)
    if text_dissents != scan_dissents:
        found.append(
            Difference(
                name,
                dpi,
                "dissents",
                "; ".join(f"{who or '?'}: {','.join(p)}" for who, p in text_dissents) or "none",
                "; ".join(f"{who or '?'}: {','.join(p)}" for who, p in scan_dissents) or "none",
                " / ".join(d.quote for d in scan.dissents),
            )
        )
    same = 0
    for cell in text.cells:
        other = scan.cell(cell.proposal)
        stance = other.stance.value if other is not None else "missing"
        if stance == cell.stance.value:
            same += 1
            continue
        quote = " / ".join(e.quote for e in other.evidence) if other is not None else ""
        text_quote = " / ".join(e.quote for e in cell.evidence)
        found.append(
            Difference(name, dpi, cell.proposal, cell.stance.value, stance, quote or f"(text: {text_quote})")
        )
    return found, same


def table(rows: Sequence[Difference]) -> str:
    lines = [f"{'file':<50} {'dpi':>3}  {'proposal':<26} {'text → scan':<34} OCR'd quote"]
    for d in rows:
        change = f"{d.text} → {d.scan}"
        lines.append(f"{d.file:<50} {d.dpi:>3}  {d.what:<26} {change:<34} {d.quote[:200]}")
    return "\n".join(lines)


def test_scans_read_like_their_text_versions(tmp_path: Path, needs_ocr: None) -> None:
    sources = text_sources()
    scans = scan_copies(sources, tmp_path / "scans")
    paths = [*sources, *scans.values()]
    matrix = compare(paths, options=ReadOptions(ocr="auto"), cache=Cache(tmp_path / "cache"))
    rows = {Path(r.file).resolve(): r for r in matrix.responses}

    found: list[Difference] = []
    same = dict.fromkeys(DPIS, 0)
    total = dict.fromkeys(DPIS, 0)
    for (src, dpi), scan in scans.items():
        text = rows[src.resolve()]
        assert text.status.value == "ok" and not text.ocr, f"{src.name}: the text version must read as text"
        diff, agree = differences(src.name, dpi, text, rows[scan.resolve()])
        found += diff
        same[dpi] += agree
        total[dpi] += len(text.cells)

    figures = ", ".join(f"{dpi} dpi {same[dpi]}/{total[dpi]} cells the same" for dpi in DPIS)
    print(f"\nOCR parity over {len(sources)} documents: {figures}")
    if found:
        print(table(found))
    structural = [d for d in found if d.what in ("status", "respondent", "dissents")]
    low = [dpi for dpi in DPIS if same[dpi] < MIN_SAME * total[dpi]]
    if structural or low:
        pytest.fail(
            f"scanned copies are not read like their text versions ({figures}; at least {MIN_SAME:.0%} "
            f"needed, and the same respondent and dissents):\n{table(found)}",
            pytrace=False,
        )
