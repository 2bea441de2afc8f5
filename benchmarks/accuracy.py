"""Agreement of remisskoll with the hand labels in samples/gold.yaml, as figures.

    python benchmarks/accuracy.py [GOLD] [PATHS...]     (defaults: samples/gold.yaml samples/)

These are our own fictional samples, written to exercise the genre: the figures say the rules do what
we meant on them, not how accurate remisskoll is on real responses.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from remisskoll import compare, load_proposals
from remisskoll.evaluate import evaluate, load_gold

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    gold_path = Path(argv[0]) if argv else ROOT / "samples" / "gold.yaml"
    paths = argv[1:] or [str(ROOT / "samples")]
    remiss = load_proposals()
    start = time.perf_counter()
    matrix = compare(paths, remiss)
    seconds = time.perf_counter() - start
    ev = evaluate(matrix, load_gold(gold_path, remiss.ids))
    print(f"files: {len(matrix.responses)} ({len(matrix.failed)} not read)   cells compared: {ev.cells}")
    print(f"agreement: {ev.agreement:.3f}   Cohen's kappa: {ev.kappa:.3f}")
    page = "—" if ev.page_agreement is None else f"{ev.page_agreement:.3f}"
    print(f"evidence on a labelled page: {page}   basis agreement: {ev.basis_agreement:.3f}")
    for s in ev.per_label:
        p = "—" if s.precision is None else f"{s.precision:.3f}"
        r = "—" if s.recall is None else f"{s.recall:.3f}"
        print(f"  {s.label.value:<14} precision {p:>6}  recall {r:>6}  (gold cells {s.support})")
    for d in ev.disagreements:
        print(f"  disagreement: {d.file} {d.proposal}: label {d.gold.value}, remisskoll {d.tool.value}")
    print(f"wall time for compare: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
