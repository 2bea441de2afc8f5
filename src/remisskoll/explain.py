"""Explain: why each cell of one response is what it is — parts, passages, cues, voice and rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.text import Text

from .analysis import lexicon
from .analysis.classify import find_cues
from .display import shown
from .model import Cell, Match, Part, ReadOptions, Remiss, Response, Voice
from .pipeline import analyse
from .runtime.cache import Cache


@dataclass(frozen=True)
class CueNote:
    text: str
    polarity: str
    negated: bool


@dataclass(frozen=True)
class Passage:
    """A sentence matched to a proposal, and what the classifier made of it."""

    page: int
    text: str
    part: Part
    voice: Voice
    matches: tuple[Match, ...]
    cues: tuple[CueNote, ...]
    hedges: tuple[str, ...]

    @property
    def counted(self) -> bool:
        """Only the respondent's own sentences can decide a cell."""
        return self.voice is Voice.RESPONDENT


@dataclass(frozen=True)
class PartSpan:
    part: Part
    first_page: int
    last_page: int


@dataclass(frozen=True)
class ProposalExplanation:
    proposal: str
    title: str
    cell: Cell
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Explanation:
    response: Response
    parts: tuple[PartSpan, ...]
    proposals: tuple[ProposalExplanation, ...]


def explain(
    path: str | Path,
    remiss: Remiss,
    only: str | None = None,
    options: ReadOptions | None = None,
    cache: Cache | None = None,
) -> Explanation:
    """Explain every cell of one response (or only proposal `only`); raises ReadError if unreadable.

    The PDF is read like every other: in a worker process with the limits of `options`, or from the cache.
    """
    a = analyse(path, remiss, options, cache)
    spans: list[PartSpan] = []
    for block in a.segmented.blocks:
        if spans and spans[-1].part is block.part:
            spans[-1] = PartSpan(block.part, spans[-1].first_page, block.page)
        else:
            spans.append(PartSpan(block.part, block.page, block.page))
    proposals = []
    for p in remiss.proposals:
        if only is not None and p.id != only:
            continue
        passages = []
        for ms in a.matched:
            hits = tuple(m for m in ms.matches if m.proposal == p.id)
            if not hits:
                continue
            s = ms.sentence
            cues = tuple(CueNote(c.text, c.polarity.value, c.negated) for c in find_cues(s.text))
            hedges = tuple(m.group(0) for m in lexicon.HEDGE.finditer(s.text.lower()))
            passages.append(Passage(s.page, s.text, s.part, s.voice, hits, cues, hedges))
        cell = a.response.cell(p.id)
        assert cell is not None  # every read response has a cell per proposal
        proposals.append(ProposalExplanation(p.id, p.title, cell, tuple(passages)))
    return Explanation(a.response, tuple(spans), tuple(proposals))


def to_dict(e: Explanation) -> dict[str, Any]:
    """The explanation as plain data for --format json."""
    r = e.response
    return {
        "file": r.file,
        "respondent": r.respondent,
        "respondent_type": r.respondent_type.value,
        "pages": r.pages,
        "parts": [
            {"part": s.part.value, "first_page": s.first_page, "last_page": s.last_page} for s in e.parts
        ],
        "references": [{"page": x.page, "quote": x.quote} for x in r.references],
        "unplaced": [{"page": x.page, "quote": x.quote} for x in r.unplaced],
        "dissents": [
            {
                "page": d.page,
                "who": d.who,
                "stance": d.stance.value if d.stance else None,
                "proposals": list(d.proposals),
                "quote": d.quote,
            }
            for d in r.dissents
        ],
        "proposals": [
            {
                "id": p.proposal,
                "title": p.title,
                "stance": p.cell.stance.value,
                "basis": p.cell.basis.value,
                "confidence": p.cell.confidence,
                "rule": p.cell.rule,
                "evidence": [{"page": x.page, "quote": x.quote} for x in p.cell.evidence],
                "passages": [
                    {
                        "page": s.page,
                        "part": s.part.value,
                        "voice": s.voice.value,
                        "counted": s.counted,
                        "matches": [
                            {"how": m.how.value, "score": m.score, "terms": list(m.terms)} for m in s.matches
                        ],
                        "cues": [
                            {"text": c.text, "polarity": c.polarity, "negated": c.negated} for c in s.cues
                        ],
                        "hedges": list(s.hedges),
                        "text": s.text,
                    }
                    for s in p.passages
                ],
            }
            for p in e.proposals
        ],
    }


_SYMBOL = {"positive": "+", "negative": "−", "no_opinion": "0"}


def render(e: Explanation) -> Group:
    """The explanation for a terminal: header, parts, then per proposal the cell and its passages."""
    r = e.response
    out: list[Text] = [
        Text.assemble(
            (shown(r.file), "bold"),
            f" — {shown(r.respondent)} ({r.respondent_type.value}), {r.pages} page(s)",
        ),
        Text("Parts: " + " · ".join(_span(s) for s in e.parts), style="dim"),
    ]
    for ref in r.references:
        out.append(Text(f"Refers to another body's answer (p. {ref.page}): “{ref.quote}”", style="magenta"))
    for u in r.unplaced:
        out.append(Text(f"A verdict placed on no proposal (p. {u.page}): “{u.quote}”", style="yellow"))
    for d in r.dissents:
        stance = d.stance.value if d.stance else "dissent"
        on = ", ".join(d.proposals) or "the decision"
        who = d.who or "a member"
        out.append(
            Text(f"Dissent by {who} — {stance} on {on} (p. {d.page}), not counted: “{d.quote}”", "magenta")
        )
    for p in e.proposals:
        c = p.cell
        out += [Text(""), Text.assemble((p.proposal, "bold cyan"), f" — {p.title}")]
        basis = "inherited from a general statement" if c.basis.value == "general" else "explicit"
        out.append(
            Text(
                f"  {c.stance.value} ({basis}, confidence {c.confidence:.2f}) — rule: {c.rule}", style="bold"
            )
        )
        for ev in c.evidence:
            out.append(Text(f"  evidence p. {ev.page}: “{ev.quote}”"))
        if c.review is not None:
            out.append(
                Text(f"  reviewed by {c.review.reviewer} ({c.review.date}): {c.review.note}", style="green")
            )
        if not p.passages:
            out.append(Text("  no passage names this proposal", style="dim"))
        for s in p.passages:
            how = ", ".join(
                f"{m.how.value} {m.score:.0f}" + (f" [{'; '.join(m.terms)}]" if m.terms else "")
                for m in s.matches
            )
            cues = ", ".join(
                f"{c.text} ({_SYMBOL.get(c.polarity, c.polarity)}{', negated' if c.negated else ''})"
                for c in s.cues
            )
            counted = "counted" if s.counted else "not counted"
            line = Text(
                f"  p. {s.page:<3} {s.voice.value:<10} {counted:<11} ", style="" if s.counted else "dim"
            )
            line.append(f"match: {how}", style="dim")
            if cues:
                line.append(f"  cues: {cues}", style="yellow")
            if s.hedges:
                line.append(f"  reservation: {', '.join(dict.fromkeys(s.hedges))}", style="yellow")
            line.append(f"\n        “{s.text}”", style="" if s.counted else "dim")
            out.append(line)
    return Group(*out)


def _span(s: PartSpan) -> str:
    pages = f"p. {s.first_page}" if s.first_page == s.last_page else f"pp. {s.first_page}–{s.last_page}"
    return f"{s.part.value} {pages}"
