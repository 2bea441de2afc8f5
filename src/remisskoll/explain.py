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
from .words import Lang, decimal, labels_for, stance_term


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
        "ocr": r.ocr,  # some text came from OCR: check quotes against the page images
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


def render(e: Explanation, lang: Lang = Lang.EN) -> Group:
    """The explanation for a terminal, labelled in `lang`: header, parts, then per proposal the cell and
    its passages. Parts, voices, match methods and rules stay the codes `--format json` and the README use."""
    words = labels_for(lang)
    r = e.response
    out: list[Text] = [
        Text.assemble(
            (shown(r.file), "bold"),
            f" — {shown(r.respondent)} ({r.respondent_type.value}), "
            + (words.explain_one_page if r.pages == 1 else words.explain_pages.format(pages=r.pages)),
        ),
        Text(words.explain_parts + " · ".join(_span(s, lang) for s in e.parts), style="dim"),
    ]
    if r.ocr:  # quotes may hold OCR misreadings: say so before any of them
        out.insert(1, Text(words.explain_ocr, style="yellow"))
    for ref in r.references:
        out.append(Text(words.explain_reference.format(page=ref.page, quote=ref.quote), style="magenta"))
    for u in r.unplaced:
        out.append(Text(words.explain_unplaced.format(page=u.page, quote=u.quote), style="yellow"))
    for d in r.dissents:
        dissent = words.explain_dissent.format(
            who=d.who or words.a_member,
            stance=stance_term(d.stance, lang) if d.stance else words.dissent,
            on=", ".join(d.proposals) or words.the_decision,
            page=d.page,
            quote=d.quote,
        )
        out.append(Text(dissent, "magenta"))
    for p in e.proposals:
        c = p.cell
        out += [Text(""), Text.assemble((p.proposal, "bold cyan"), f" — {p.title}")]
        basis = words.basis_general if c.basis.value == "general" else words.basis_explicit
        head = words.explain_cell.format(
            stance=stance_term(c.stance, lang),
            basis=basis,
            confidence=decimal(c.confidence, 2, lang),
            rule=c.rule,
        )
        out.append(Text("  " + head, style="bold"))
        for ev in c.evidence:
            out.append(Text("  " + words.explain_evidence.format(page=ev.page, quote=ev.quote)))
        if c.review is not None:
            reviewed = words.explain_reviewed.format(
                reviewer=c.review.reviewer, date=c.review.date, note=c.review.note
            )
            out.append(Text("  " + reviewed, style="green"))
        if not p.passages:
            out.append(Text("  " + words.explain_no_passage, style="dim"))
        for s in p.passages:
            how = ", ".join(
                f"{m.how.value} {m.score:.0f}" + (f" [{'; '.join(m.terms)}]" if m.terms else "")
                for m in s.matches
            )
            cues = ", ".join(
                f"{c.text} ({_SYMBOL.get(c.polarity, c.polarity)}{words.negated if c.negated else ''})"
                for c in s.cues
            )
            counted = words.counted if s.counted else words.not_counted
            page = words.page.format(page=s.page)
            # Padded to the longest page label, so that the columns line up in either language.
            line = Text(f"  {page:<6} {s.voice.value:<10} {counted:<11} ", style="" if s.counted else "dim")
            line.append(words.explain_match.format(how=how), style="dim")
            if cues:
                line.append(words.explain_cues.format(cues=cues), style="yellow")
            if s.hedges:
                line.append(
                    words.explain_hedges.format(hedges=", ".join(dict.fromkeys(s.hedges))), style="yellow"
                )
            quoted = words.explain_quoted.format(text=s.text)
            line.append("\n        " + quoted, style="" if s.counted else "dim")
            out.append(line)
    return Group(*out)


def _span(s: PartSpan, lang: Lang = Lang.EN) -> str:
    words = labels_for(lang)
    if s.first_page == s.last_page:
        pages = words.page.format(page=s.first_page)
    else:
        pages = words.explain_page_range.format(first=s.first_page, last=s.last_page)
    return f"{s.part.value} {pages}"
