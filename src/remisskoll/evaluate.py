"""Evaluate: the tool's cells against human labels (a gold YAML; its format is in the README).

Agreement and Cohen's kappa are over cells of files that both the tool and the labels say were read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from rich.console import Group
from rich.table import Table
from rich.text import Text

from .display import shown
from .errors import ConfigError
from .model import REVIEW_THRESHOLD, Evidence, Matrix, RespondentType, Stance, Status
from .userfiles import UserFile

LABELS = tuple(Stance)


class GoldError(ConfigError):
    """A gold-label file that cannot be used."""


@dataclass(frozen=True)
class GoldCell:
    stance: Stance
    basis: str
    pages: tuple[int, ...]
    also: tuple[Stance, ...] = ()  # other labels a careful analyst could defend: they count as agreement

    def accepts(self, stance: Stance) -> bool:
        return stance is self.stance or stance in self.also


@dataclass(frozen=True)
class GoldResponse:
    status: Status
    respondent: str
    cells: dict[str, GoldCell]
    respondent_type: RespondentType | None = None


def load_gold(path: str | Path, ids: tuple[str, ...]) -> dict[str, GoldResponse]:
    """Gold labels by file name; validated against the proposal ids in use."""
    f, root = UserFile.read(str(path), "--gold", GoldError)
    top = f.mapping(root, "(top level)", {"version": False, "samples": True})
    fields = {"respondent": False, "respondent_type": False, "status": True, "stances": True}
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
            c = f.mapping(cnode, cw, {"stance": True, "basis": False, "pages": False, "also": False})
            stance = f.choice(c["stance"], f"{cw}.stance", Stance) if "stance" in c else None
            pages = f.strings(c["pages"], f"{cw}.pages") if "pages" in c else ()
            basis = f.string(c["basis"], f"{cw}.basis") if "basis" in c else "explicit"
            also = (
                [f.choice(a, f"{cw}.also", Stance) for a in f.sequence(c["also"], f"{cw}.also")]
                if "also" in c
                else []
            )
            pages_ = tuple(_page(f, c["pages"], f"{cw}.pages", p) for p in pages if p)
            if stance is not None:
                cells[pid] = GoldCell(stance, basis, pages_, tuple(a for a in also if a is not None))
        if status is Status.OK and "stances" in g and set(cells) != set(ids):
            missing = ", ".join(pid for pid in ids if pid not in cells)
            if missing:
                f.problem(node, f"{where}.stances", f"labels missing for: {missing}")
        respondent = f.string(g["respondent"], f"{where}.respondent") if "respondent" in g else ""
        kind = (
            f.choice(g["respondent_type"], f"{where}.respondent_type", RespondentType)
            if "respondent_type" in g
            else None
        )
        if status is not None:
            out[key] = GoldResponse(status, respondent, cells, kind)
    f.done()
    return out


# No PDF that remisskoll reads has more pages than this; a longer number is a typing slip.
MAX_PAGE = 100_000
_PAGE = re.compile(r"[0-9]{1,6}")


def _page(f: UserFile, node: yaml.Node, where: str, text: str) -> int:
    """A page number as written in a gold file: ASCII digits only ("²" and "٣" are digits to Python's
    isdigit, but no page), 1 to MAX_PAGE. A problem gives 0, which no evidence cites."""
    if _PAGE.fullmatch(text) and 1 <= int(text) <= MAX_PAGE:
        return int(text)
    shown = text if len(text) <= 20 else text[:20] + "…"
    f.problem(node, where, f"{shown!r} is not a page number (1 to {MAX_PAGE:,})")
    return 0


@dataclass(frozen=True)
class Disagreement:
    file: str
    proposal: str
    gold: Stance
    tool: Stance
    confidence: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class RespondentCheck:
    """The respondent remisskoll names against the label: the same body, and the same type."""

    file: str
    gold: str
    tool: str
    same_body: bool
    gold_type: RespondentType | None
    tool_type: RespondentType
    same_type: bool | None  # None: no type labelled


@dataclass(frozen=True)
class Band:
    """Cells whose confidence is in [low, high), and how many of them agree with the labels."""

    low: float
    high: float
    cells: int
    right: int

    @property
    def accuracy(self) -> float | None:
        return self.right / self.cells if self.cells else None


# Confidence bands of the reliability table; the last one starts at the review threshold.
BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, REVIEW_THRESHOLD), (REVIEW_THRESHOLD, 1.01))


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
    respondents: tuple[RespondentCheck, ...] = ()
    bands: tuple[Band, ...] = ()
    review_threshold: float = REVIEW_THRESHOLD

    @property
    def respondent_agreement(self) -> float | None:
        checked = self.respondents
        return sum(r.same_body for r in checked) / len(checked) if checked else None

    @property
    def type_agreement(self) -> float | None:
        typed = [r.same_type for r in self.respondents if r.same_type is not None]
        return sum(typed) / len(typed) if typed else None

    @property
    def review_share(self) -> float | None:
        """Share of cells below the review threshold: what an analyst is asked to check."""
        total = sum(b.cells for b in self.bands)
        below = sum(b.cells for b in self.bands if b.low < self.review_threshold)
        return below / total if total else None

    @property
    def trusted_accuracy(self) -> float | None:
        """Accuracy of the cells at or above the review threshold: what is not checked."""
        above = [b for b in self.bands if b.low >= self.review_threshold]
        cells = sum(b.cells for b in above)
        return sum(b.right for b in above) / cells if cells else None


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


_PUNCT = re.compile(r"[^\w\s]")


def _name(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def same_body(tool: str, gold: str) -> bool:
    """Whether two names are the same body: equal once case, punctuation and spacing are set aside,
    the answering nämnd in parentheses included or left out on either side ("Hällebergs kommun" and
    "Hällebergs kommun (kommunstyrelsen)" are the same body; "Socialstyrelsen" is not)."""
    if _name(tool) == _name(gold):
        return True
    return _name(tool.split("(")[0]) == _name(gold.split("(")[0]) != ""


def evaluate(matrix: Matrix, gold: dict[str, GoldResponse]) -> Evaluation:
    """Compare every cell the tool and the labels both have.

    A tool label among a cell's `also` alternatives counts as agreement (the pair is scored as agreeing).
    """
    pairs: list[tuple[Stance, Stance]] = []
    scored: list[tuple[float, bool]] = []  # (confidence, agrees) per cell
    respondents: list[RespondentCheck] = []
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
        if g.respondent:
            respondents.append(
                RespondentCheck(
                    r.file,
                    g.respondent,
                    r.respondent,
                    same_body(r.respondent, g.respondent),
                    g.respondent_type,
                    r.respondent_type,
                    None if g.respondent_type is None else g.respondent_type is r.respondent_type,
                )
            )
        for pid in matrix.remiss.ids:
            want, cell = g.cells[pid], r.cell(pid)
            if cell is None:  # pragma: no cover - every read response has every cell
                continue
            agrees = want.accepts(cell.stance)
            label = cell.stance if agrees else want.stance  # an accepted alternative is agreement
            pairs.append((label, cell.stance))
            confusion[label][cell.stance] += 1
            per_proposal[pid].append(agrees)
            scored.append((cell.confidence, agrees))
            if cell.stance is want.stance:  # basis and pages are labelled for the label itself
                basis_ok.append(want.basis == cell.basis.value)
                if want.stance is not Stance.NOT_ADDRESSED:
                    pages = {e.page for e in cell.evidence}
                    pages_ok.append(bool(pages) and pages <= set(want.pages))
            elif not agrees:
                disagreements.append(
                    Disagreement(r.file, pid, want.stance, cell.stance, cell.confidence, cell.evidence)
                )
    bands = tuple(
        Band(
            low,
            high,
            sum(1 for c, _ in scored if low <= c < high),
            sum(1 for c, ok in scored if low <= c < high and ok),
        )
        for low, high in BANDS
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
        respondents=tuple(respondents),
        bands=bands,
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
    if ev.respondents:
        n = len(ev.respondents)
        bodies = sum(r.same_body for r in ev.respondents)
        typed = [r for r in ev.respondents if r.same_type is not None]
        types = f", the same type {sum(bool(r.same_type) for r in typed)}/{len(typed)}" if typed else ""
        out.append(Text(f"respondent: the same body {bodies}/{n}{types}"))
        for r in ev.respondents:
            if not r.same_body or r.same_type is False:
                wrong_type = r.same_type is False and r.gold_type is not None
                kind = f" ({r.gold_type.value} / {r.tool_type.value})" if wrong_type and r.gold_type else ""
                line = f"  {shown(r.file)}: labelled “{r.gold}”, remisskoll “{r.tool}”{kind}"
                out.append(Text(line, "magenta"))
    for line in ev.status_mismatches:
        out.append(Text(f"status differs: {line}", style="magenta"))
    if ev.unlabelled:
        out.append(Text("no labels for: " + ", ".join(shown(u) for u in ev.unlabelled), style="dim"))
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
    reliability = Table(title="Reliability (per confidence band)", title_justify="left")
    for name in ("confidence", "cells", "share", "agreement"):
        reliability.add_column(name, justify="left" if name == "confidence" else "right")
    total = sum(b.cells for b in ev.bands)
    for b in ev.bands:
        band = f"{b.low:.2f}–{min(b.high, 1.0):.2f}" if b.high <= 1.0 else f"≥ {b.low:.2f}"
        reliability.add_row(band, str(b.cells), _pct(b.cells / total if total else None), _num(b.accuracy))
    load = Text(
        f"review below {ev.review_threshold:.2f}: {_pct(ev.review_share)} of cells; "
        f"the rest agree {_pct(ev.trusted_accuracy)}"
    )
    out += [Text(""), labels, proposals, confusion, reliability, load]
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
        "respondent_agreement": ev.respondent_agreement,
        "respondent_type_agreement": ev.type_agreement,
        "respondents": [
            {
                "file": r.file,
                "gold": r.gold,
                "tool": r.tool,
                "same_body": r.same_body,
                "gold_type": r.gold_type.value if r.gold_type else None,
                "tool_type": r.tool_type.value,
            }
            for r in ev.respondents
        ],
        "reliability": [
            {"low": b.low, "high": min(b.high, 1.0), "cells": b.cells, "agreement": b.accuracy}
            for b in ev.bands
        ],
        "review_threshold": ev.review_threshold,
        "review_share": ev.review_share,
        "trusted_agreement": ev.trusted_accuracy,
        "status_mismatches": list(ev.status_mismatches),
        "unlabelled": list(ev.unlabelled),
        "missing": list(ev.missing),
    }
