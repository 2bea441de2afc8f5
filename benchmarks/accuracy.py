"""Agreement of remisskoll with hand labels, labelled sets side by side, as a Markdown table.

    python benchmarks/accuracy.py                           # the samples, and the development set if found
    python benchmarks/accuracy.py --set NAME GOLD PDFS      # add a labelled set (repeatable)
    python benchmarks/accuracy.py --disagreements           # also list every cell that disagrees

Sets:
- samples: our own fictional responses (samples/gold.yaml); every rule was written with them in view,
  so their figures say the rules do what we meant, not how accurate remisskoll is elsewhere.
- devset: the team's 22 third-party responses with labels, looked for beside the project
  (../shared/devset, or REMISSKOLL_DEVSET). The rules were developed against it too: its figures are an
  upper bound for responses never seen.
- any --set: further labelled batches, such as responses by authors who never saw the rules.

Third-party sets cite section numbers that their authors invented for the report (the development
set's gold.yaml says which); those sets are read with the bundled proposals plus these numbers. The
samples are read with the bundled proposals alone, as a user would.

The reliability rows show, per confidence band, how many cells there are and how many agree: the case for
the review threshold is that the band at or above it agrees (almost) always, so an analyst checks the rest.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from remisskoll import compare, load_proposals
from remisskoll.evaluate import Evaluation, evaluate, load_gold
from remisskoll.model import Remiss

ROOT = Path(__file__).resolve().parent.parent
DEVSET = Path(os.environ.get("REMISSKOLL_DEVSET", ROOT.parent / "shared" / "devset"))

# The section numbers the third-party batches use for SOU 2024:72's proposals (invented by their authors).
INVENTED_SECTIONS = {
    "dygnet_runt": "7.2",
    "avtal": "7.3",
    "ledningsansvar": "7.4",
    "kommunala_lakare": "7.5",
    "nationell_samordnare": "8.2",
    "ledarskapsutbildning": "8.3",
    "magnetmodellen": "8.4.1",
    "specialistsjukskoterskor": "8.4.2",
    "vulf": "8.5",
}


@dataclass(frozen=True)
class Result:
    name: str
    files: int
    not_read: int
    seconds: float
    ev: Evaluation


def with_invented_sections(remiss: Remiss) -> Remiss:
    return replace(
        remiss,
        proposals=tuple(
            replace(p, sections=(*p.sections, INVENTED_SECTIONS[p.id])) if p.id in INVENTED_SECTIONS else p
            for p in remiss.proposals
        ),
    )


def run(name: str, gold: Path, pdfs: Path, remiss: Remiss) -> Result:
    start = time.perf_counter()
    matrix = compare([str(pdfs)], remiss)
    seconds = time.perf_counter() - start
    ev = evaluate(matrix, load_gold(gold, remiss.ids))
    return Result(name, len(matrix.responses), len(matrix.failed), seconds, ev)


def _f(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(results: list[Result]) -> str:
    """The sets side by side: one column each."""
    rows: list[tuple[str, list[str]]] = [
        ("files (not read)", [f"{r.files} ({r.not_read})" for r in results]),
        ("cells compared", [str(r.ev.cells) for r in results]),
        ("agreement", [_f(r.ev.agreement) for r in results]),
        ("Cohen's κ", [_f(r.ev.kappa) for r in results]),
        ("evidence on a labelled page", [_f(r.ev.page_agreement) for r in results]),
        ("respondent: the same body", [_f(r.ev.respondent_agreement) for r in results]),
    ]
    labels = [s.label for s in results[0].ev.per_label]
    for i, label in enumerate(labels):
        rows.append(
            (
                f"recall of {label.value}",
                [f"{_f(r.ev.per_label[i].recall)} ({r.ev.per_label[i].support})" for r in results],
            )
        )
    for i, band in enumerate(results[0].ev.bands):
        high = "1.00" if band.high > 1 else f"{band.high:.2f}"
        rows.append(
            (
                f"confidence {band.low:.2f}–{high}: cells, agreement",
                [f"{r.ev.bands[i].cells}, {_f(r.ev.bands[i].accuracy)}" for r in results],
            )
        )
    threshold = results[0].ev.review_threshold
    rows.append((f"share below {threshold:.2f} (to review)", [_f(r.ev.review_share) for r in results]))
    rows.append((f"agreement at or above {threshold:.2f}", [_f(r.ev.trusted_accuracy) for r in results]))
    rows.append(("wall time for compare (s)", [f"{r.seconds:.1f}" for r in results]))
    head = "| | " + " | ".join(r.name for r in results) + " |"
    rule = "|---|" + "---:|" * len(results)
    return "\n".join([head, rule, *(f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows)])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", nargs=3, action="append", default=[], metavar=("NAME", "GOLD", "PDFS"))
    parser.add_argument("--disagreements", action="store_true", help="list every cell that disagrees")
    args = parser.parse_args(argv)

    bundled = load_proposals()
    sets: list[tuple[str, Path, Path, Remiss]] = [
        ("samples", ROOT / "samples" / "gold.yaml", ROOT / "samples", bundled)
    ]
    invented = with_invented_sections(bundled)
    if (DEVSET / "gold.yaml").is_file():
        sets.append(("devset", DEVSET / "gold.yaml", DEVSET / "pdf", invented))
    else:
        print(f"no development set at {DEVSET}: samples only", file=sys.stderr)
    sets += [(name, Path(gold), Path(pdfs), invented) for name, gold, pdfs in args.set]

    results = [run(*s) for s in sets]
    print(table(results))
    if args.disagreements:
        for r in results:
            for d in r.ev.disagreements:
                quote = f" — p. {d.evidence[0].page}: {d.evidence[0].quote[:120]}" if d.evidence else ""
                print(
                    f"{r.name}: {Path(d.file).name} {d.proposal}: label {d.gold.value}, remisskoll "
                    f"{d.tool.value} ({d.confidence:.2f}){quote}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
