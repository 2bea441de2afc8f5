"""Evaluate: the tool's cells against human labels (a gold YAML; its format is in the README).

Agreement and Cohen's kappa are over cells of files that both the tool and the labels say were read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .errors import ConfigError
from .model import Evidence, Matrix, Stance, Status
from .userfiles import UserFile

LABELS = tuple(Stance)


class GoldError(ConfigError):
    """A gold-label file that cannot be used."""


@dataclass(frozen=True)
class GoldCell:
    stance: Stance
    basis: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class GoldResponse:
    status: Status
    respondent: str
    cells: dict[str, GoldCell]


def load_gold(path: str | Path, ids: tuple[str, ...]) -> dict[str, GoldResponse]:
    """Gold labels by file name; validated against the proposal ids in use."""
    f, root = UserFile.read(str(path), "--gold", GoldError)
    top = f.mapping(root, "(top level)", {"version": False, "samples": True})
    fields = {"respondent": False, "status": True, "stances": True}
    out: dict[str, GoldResponse] = {}
    for key, node in (f.keyed(top["samples"], "samples") if "samples" in top else {}).items():
        where = f"samples.{key}"
        g = f.mapping(node, where, fields)
        status = f.choice(g["status"], f"{where}.status", Status) if "status" in g else None
        cells: dict[str, GoldCell] = {}
        for pid, cnode in (f.keyed(g["stances"], f"{where}.stances") if "stances" in g else {}).items():
            cw = f"{where}.stances.{pid}"
            if pid not in ids:
                f.problem(cnode, cw, f"unknown proposal id (known: {', '.join(ids)})")
                continue
            c = f.mapping(cnode, cw, {"stance": True, "basis": False, "pages": False})
            stance = f.choice(c["stance"], f"{cw}.stance", Stance) if "stance" in c else None
            pages = f.strings(c["pages"], f"{cw}.pages") if "pages" in c else ()
            basis = f.string(c["basis"], f"{cw}.basis") if "basis" in c else "explicit"
            if stance is not None:
                cells[pid] = GoldCell(stance, basis, tuple(int(p) for p in pages if p.isdigit()))
        if status is Status.OK and "stances" in g and set(cells) != set(ids):
            missing = ", ".join(pid for pid in ids if pid not in cells)
            if missing:
                f.problem(node, f"{where}.stances", f"labels missing for: {missing}")
        respondent = f.string(g["respondent"], f"{where}.respondent") if "respondent" in g else ""
        if status is not None:
            out[key] = GoldResponse(status, respondent, cells)
    f.done()
    return out


@dataclass(frozen=True)
class Disagreement:
    file: str
    proposal: str
    gold: Stance
    tool: Stance
    confidence: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class LabelScore:
    label: Stance
    precision: float | None
    recall: float | None
    support: int  # gold cells with this label


@dataclass(frozen=True)
class Evaluation:
    cells: int
    agreement: float
    kappa: float
    per_proposal: dict[str, tuple[int, float]]  # id → (cells, agreement)
    per_label: tuple[LabelScore, ...]
    confusion: dict[Stance, dict[Stance, int]]  # gold → tool → count
    disagreements: tuple[Disagreement, ...]
    page_agreement: float | None  # share of stated cells whose evidence is on a gold page
    basis_agreement: float
    status_mismatches: tuple[str, ...]  # files whose read status differs from the labels
    unlabelled: tuple[str, ...]  # inputs without labels
    missing: tuple[str, ...]  # labelled files not among the inputs


def cohen_kappa(pairs: list[tuple[Stance, Stance]]) -> float:
    """Cohen's κ for (gold, tool) label pairs: (p_o − p_e) / (1 − p_e).

    When both raters use one and the same label throughout, p_e is 1 and κ is taken as 1.0.
    """
    n = len(pairs)
    if n == 0:
        return 0.0
    observed = sum(g == t for g, t in pairs) / n
    gold = Counter(g for g, _ in pairs)
    tool = Counter(t for _, t in pairs)
    expected = sum(gold[k] * tool[k] for k in LABELS) / (n * n)
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1 - expected)


def evaluate(matrix: Matrix, gold: dict[str, GoldResponse]) -> Evaluation:
    """Compare every cell the tool and the labels both have."""
    pairs: list[tuple[Stance, Stance]] = []
    per_proposal: dict[str, list[bool]] = {pid: [] for pid in matrix.remiss.ids}
    confusion: dict[Stance, dict[Stance, int]] = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    disagreements: list[Disagreement] = []
    pages_ok: list[bool] = []
    basis_ok: list[bool] = []
    mismatched: list[str] = []
    unlabelled: list[str] = []
    seen: set[str] = set()
    for r in matrix.responses:
        name = Path(r.file).name
        g = gold.get(name)
        if g is None:
            unlabelled.append(r.file)
            continue
        seen.add(name)
        if g.status is not r.status:
            mismatched.append(f"{r.file}: labelled {g.status.value}, remisskoll says {r.status.value}")
        if g.status is not Status.OK or r.status is not Status.OK:
            continue
        for pid in matrix.remiss.ids:
            want, cell = g.cells[pid], r.cell(pid)
            if cell is None:  # pragma: no cover - every read response has every cell
                continue
            pairs.append((want.stance, cell.stance))
            confusion[want.stance][cell.stance] += 1
            per_proposal[pid].append(want.stance is cell.stance)
            if want.stance is cell.stance:
                basis_ok.append(want.basis == cell.basis.value)
                if want.stance is not Stance.NOT_ADDRESSED:
                    pages = {e.page for e in cell.evidence}
                    pages_ok.append(bool(pages) and pages <= set(want.pages))
            else:
                disagreements.append(
                    Disagreement(r.file, pid, want.stance, cell.stance, cell.confidence, cell.evidence)
                )
    n = len(pairs)
    per_label = []
    for label in LABELS:
        tp = confusion[label][label]
        predicted = sum(confusion[g][label] for g in LABELS)
        support = sum(confusion[label].values())
        per_label.append(
            LabelScore(
                label, tp / predicted if predicted else None, tp / support if support else None, support
            )
        )
    return Evaluation(
        cells=n,
        agreement=sum(g == t for g, t in pairs) / n if n else 0.0,
        kappa=cohen_kappa(pairs),
        per_proposal={pid: (len(v), sum(v) / len(v) if v else 0.0) for pid, v in per_proposal.items()},
        per_label=tuple(per_label),
        confusion=confusion,
        disagreements=tuple(disagreements),
        page_agreement=sum(pages_ok) / len(pages_ok) if pages_ok else None,
        basis_agreement=sum(basis_ok) / len(basis_ok) if basis_ok else 1.0,
        status_mismatches=tuple(mismatched),
        unlabelled=tuple(unlabelled),
        missing=tuple(sorted(set(gold) - seen)),
    )


def render(ev: Evaluation) -> Group:
    """The figures for a terminal: overall, per label, per proposal, confusion, disagreements."""
    out: list[Text | Table] = [
        Text(
            f"{ev.cells} cells compared   agreement {ev.agreement:.3f}   Cohen's κ {ev.kappa:.3f}",
            style="bold",
        ),
        Text(
            f"evidence on a labelled page: {_pct(ev.page_agreement)}   basis (explicit/general) agrees: "
            f"{_pct(ev.basis_agreement)}"
        ),
    ]
    for line in ev.status_mismatches:
        out.append(Text(f"status differs: {line}", style="magenta"))
    if ev.unlabelled:
        out.append(Text("no labels for: " + ", ".join(ev.unlabelled), style="dim"))
    if ev.missing:
        out.append(Text("labelled but not given: " + ", ".join(ev.missing), style="dim"))
    labels = Table(title="Per label", title_justify="left")
    for name in ("label", "precision", "recall", "gold cells"):
        labels.add_column(name, justify="left" if name == "label" else "right")
    for s in ev.per_label:
        labels.add_row(s.label.value, _num(s.precision), _num(s.recall), str(s.support))
    proposals = Table(title="Per proposal", title_justify="left")
    for name in ("proposal", "cells", "agreement"):
        proposals.add_column(name, justify="left" if name == "proposal" else "right")
    for pid, (n, agreement) in ev.per_proposal.items():
        proposals.add_row(pid, str(n), f"{agreement:.3f}")
    confusion = Table(title="Confusion (rows: labels, columns: remisskoll)", title_justify="left")
    confusion.add_column("")
    for t in LABELS:
        confusion.add_column(t.value, justify="right")
    for g in LABELS:
        confusion.add_row(g.value, *(str(ev.confusion[g][t]) for t in LABELS))
    out += [Text(""), labels, proposals, confusion]
    if ev.disagreements:
        out.append(Text("Disagreements", style="bold"))
    for d in ev.disagreements:
        quote = "; ".join(f"p. {e.page}: “{e.quote}”" for e in d.evidence) or "no evidence"
        out.append(
            Text(
                f"  {d.file} {d.proposal}: label {d.gold.value}, remisskoll {d.tool.value} "
                f"({d.confidence:.2f}) — {quote}"
            )
        )
    return Group(*out)


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f} %"


def to_dict(ev: Evaluation) -> dict[str, object]:
    """The figures as plain data for --format json."""
    return {
        "cells": ev.cells,
        "agreement": ev.agreement,
        "kappa": ev.kappa,
        "page_agreement": ev.page_agreement,
        "basis_agreement": ev.basis_agreement,
        "per_label": {
            s.label.value: {"precision": s.precision, "recall": s.recall, "support": s.support}
            for s in ev.per_label
        },
        "per_proposal": {pid: {"cells": n, "agreement": a} for pid, (n, a) in ev.per_proposal.items()},
        "confusion": {g.value: {t.value: n for t, n in row.items()} for g, row in ev.confusion.items()},
        "disagreements": [
            {
                "file": d.file,
                "proposal": d.proposal,
                "gold": d.gold.value,
                "tool": d.tool.value,
                "confidence": d.confidence,
                "evidence": [{"page": e.page, "quote": e.quote} for e in d.evidence],
            }
            for d in ev.disagreements
        ],
        "status_mismatches": list(ev.status_mismatches),
        "unlabelled": list(ev.unlabelled),
        "missing": list(ev.missing),
    }
