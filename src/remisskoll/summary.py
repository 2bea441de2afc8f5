"""Summary: the draft of a proposition's "Remissinstanserna" text, per proposal, with the counts behind it.

`summarise` builds a frozen Summary from a matrix: per proposal the prose (who supports, opposes or
conditions, with a short quote and page for every objection), the count of every answer by stance and
respondent type, and the dissents; then the general statements and the references to another body's
answer. Renderers turn it into Markdown (`to_markdown`, here) and a Word file (`wordfile.to_docx`).
Near-duplicate answers (the same paragraphs, e.g. copied from SKR's answer) are flagged and counted like
any other: a compilation counts every body that answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from .analysis.lexicon import HEDGE  # the words that mark a reservation
from .display import markdown, shown
from .model import (
    Basis,
    Cell,
    Dissent,
    Evidence,
    Matrix,
    Proposal,
    RespondentType,
    Response,
    RollAnswer,
    RollEntry,
    Stance,
    Status,
)
from .report import table_rows
from .words import TYPE_ORDER, TYPE_WORDS, UNREADABLE_WORD, Lang, labels_for, stance_word


class SummaryFormat(StrEnum):
    """What `summary` writes: rich text for the terminal, Markdown, or a Word file."""

    TEXT = "text"
    MARKDOWN = "markdown"
    DOCX = "docx"


UNREADABLE = "unreadable"
# The count table's columns: the stances, then files that could not be read (never a stance).
KEYS: tuple[str, ...] = (
    Stance.POSITIVE.value,
    Stance.CONDITIONAL.value,
    Stance.NEGATIVE.value,
    Stance.NO_OPINION.value,
    Stance.NOT_ADDRESSED.value,
    UNREADABLE,
)
# A quote in the prose is a pointer to the page, not the argument: cut at a word boundary beyond this.
QUOTE_LIMIT = 160
# A general statement is quoted once per respondent and decides many cells: it may be longer.
STATEMENT_LIMIT = 260
_SKR = re.compile(r"\bSKR\b|Sveriges\s+[Kk]ommuner\s+och\s+[Rr]egioner")


def key_word(key: str, lang: Lang = Lang.SV) -> str:
    """The column heading for a count key: the stance word, or "Kunde inte läsas"."""
    return UNREADABLE_WORD[lang] if key == UNREADABLE else stance_word(Stance(key), lang)


def type_word(kind: RespondentType, lang: Lang = Lang.SV) -> str:
    """The row heading for a respondent type ("Kommuner")."""
    return TYPE_WORDS[lang][kind]


@dataclass(frozen=True)
class Run:
    """A piece of prose; `quote` marks a respondent's own words (italics in every rendering)."""

    text: str
    quote: bool = False


@dataclass(frozen=True)
class Answer:
    """One response's answer on one proposal."""

    respondent: str
    file: str
    type: RespondentType
    key: str  # a Stance value, or UNREADABLE
    general: bool  # inherited from a blanket statement about the whole inquiry
    reviewed: bool  # set by an analyst in the overrides file
    quote: Evidence | None  # shortened; for negative and conditional answers
    same_as: tuple[str, ...]  # the other answers with nearly the same text (names, or files if the same)


@dataclass(frozen=True)
class ProposalSummary:
    proposal: Proposal
    answers: tuple[Answer, ...]  # every response, in the list's order
    prose: tuple[Run, ...]  # follows "Remissinstanserna:"
    counts: Mapping[str, int]  # key → every answer, near-duplicates included
    by_type: Mapping[RespondentType, Mapping[str, int]]  # the types that answered, in list order
    dissents: tuple[tuple[str, Dissent], ...]  # (respondent, dissent)


@dataclass(frozen=True)
class Statement:
    """A respondent's words quoted once: a general statement, or a reference to another body's answer."""

    respondent: str
    quote: Evidence  # shortened
    proposals: tuple[str, ...] = ()  # labels of the proposals a general statement decided


@dataclass(frozen=True)
class ReferenceGroup:
    """Respondents that refer to the same body's answer ("instämmer i SKR:s yttrande")."""

    target: str  # "SKR:s yttrande", "en annan remissinstans yttrande"
    statements: tuple[Statement, ...]

    @property
    def respondents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.respondent for s in self.statements))


@dataclass(frozen=True)
class Unread:
    file: str
    respondent: str
    reason: str


@dataclass(frozen=True)
class Summary:
    title: str
    responses: int
    unreadable: tuple[Unread, ...]
    duplicate_groups: tuple[tuple[str, ...], ...]  # file names
    types: tuple[RespondentType, ...]  # the types that answered, in list order
    proposals: tuple[ProposalSummary, ...]
    general: tuple[Statement, ...]
    references: tuple[ReferenceGroup, ...]
    roll: tuple[RollEntry, ...] = ()  # with a remisslista: every listed body and every response
    roll_counts: dict[str, int] | None = None


# --- building -------------------------------------------------------------------------------------


def summarise(matrix: Matrix, order: Callable[[Response], Any] | None = None) -> Summary:
    """The summary of a matrix. `order` is the sort key of the respondents: by default the remisslista's
    order when the matrix has one, else a proposition's. Every answer is counted, near-duplicates too."""
    if order is None:  # the table's rows: the remisslista's order, or a proposition's
        responses = [r for _, r in table_rows(matrix) if r is not None]
    else:
        responses = sorted(matrix.responses, key=order)
    same_as = _same_as(matrix)
    out = []
    for p in matrix.remiss.proposals:
        answers = tuple(a for r in responses if (a := _answer(r, p.id, same_as.get(r.file, ()))) is not None)
        dissents = tuple((r.respondent, d) for r in responses for d in r.dissents if p.id in d.proposals)
        out.append(
            ProposalSummary(
                proposal=p,
                answers=answers,
                prose=_prose(answers),
                counts={k: sum(a.key == k for a in answers) for k in KEYS},
                by_type={
                    t: {k: sum(a.key == k and a.type is t for a in answers) for k in KEYS}
                    for t in TYPE_ORDER
                    if any(a.type is t for a in answers)
                },
                dissents=dissents,
            )
        )
    return Summary(
        title=matrix.remiss.title,
        responses=len(responses),
        unreadable=tuple(
            Unread(r.file, r.respondent, r.error or r.status.value)
            for r in responses
            if r.status is not Status.OK
        ),
        duplicate_groups=tuple(tuple(Path(f).name for f in g) for g in matrix.duplicate_groups),
        types=tuple(t for t in TYPE_ORDER if any(r.respondent_type is t for r in responses)),
        proposals=tuple(out),
        general=_general(responses, matrix),
        references=_references(responses),
        roll=matrix.roll,
        roll_counts=matrix.roll_counts() if matrix.roll else None,
    )


def _same_as(matrix: Matrix) -> dict[str, tuple[str, ...]]:
    """Per file, how the other members of its near-duplicate group are named: by respondent, or by file
    where a name is not enough to tell them apart (copies of the same answer)."""
    name = {r.file: r.respondent for r in matrix.responses}
    out: dict[str, tuple[str, ...]] = {}
    for group in matrix.duplicate_groups:
        names = [name.get(f, "") for f in group]
        shown = [n if n and names.count(n) == 1 else Path(f).name for f, n in zip(group, names, strict=True)]
        for f in group:
            out[f] = tuple(s for g, s in zip(group, shown, strict=True) if g != f)
    return out


def _answer(r: Response, pid: str, same_as: tuple[str, ...]) -> Answer | None:
    cell = r.cell(pid)
    if cell is None and r.status is Status.OK:
        return None  # a proposal added after the file was analysed: no answer to count
    # An analyst may have read an unreadable file and overridden its cells: then it has a stance.
    key = cell.stance.value if cell is not None else UNREADABLE
    quote = None
    if cell is not None and cell.stance in (Stance.NEGATIVE, Stance.CONDITIONAL):
        quote = _telling(cell, _general_quotes(r))
    return Answer(
        respondent=r.respondent,
        file=r.file,
        type=r.respondent_type,
        key=key,
        general=cell is not None and cell.basis is Basis.GENERAL,
        reviewed=cell is not None and cell.review is not None,
        quote=quote,
        same_as=same_as,
    )


def _general_quotes(r: Response) -> tuple[Evidence, ...]:
    """The response's blanket statements: the evidence of its cells that rest on one."""
    return tuple(dict.fromkeys(e for c in r.cells if c.basis is Basis.GENERAL for e in c.evidence))


def _telling(cell: Cell, general: tuple[Evidence, ...]) -> Evidence | None:
    """The quote that shows why: the cell's own words before a blanket statement it also cites, and a
    sentence before a bare table cell ("Tillstyrks med förbehåll" followed by the condition)."""
    own = [e for e in cell.evidence if e not in general] or list(cell.evidence)
    if not own:
        return None
    chosen = next((e for e in own if len(e.quote.split()) >= 5), own[0])
    if cell.stance is Stance.CONDITIONAL:
        # The draft must say what the condition is: the sentence that sets it, not the support before it.
        # (A bare table cell, "Tillstyrks med förbehåll", names a reservation without saying it.)
        chosen = next((e for e in own if HEDGE.search(e.quote.lower()) and len(e.quote.split()) >= 5), chosen)
    return Evidence(chosen.page, shorten(chosen.quote, QUOTE_LIMIT))


def shorten(text: str, limit: int) -> str:
    """One line, at most `limit` characters, cut at a word boundary with "…"; a final full stop is
    dropped (the quote sits inside a sentence of its own)."""
    text = " ".join(text.split())
    if len(text) > limit:
        # One character more than the limit: a word that ends exactly at the limit is kept whole.
        head = text[: limit + 1]
        cut = head.rsplit(" ", 1)[0] if " " in head else text[:limit]
        return cut.rstrip(" ,;:–-") + " …"
    return text[:-1] if text[-1:] in ".:" and not text.endswith("..") else text


def join_names(names: list[str], last: str = "och") -> str:
    """ "A", "A och B", "A, B och C" (or "A eller B")."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {last} " + names[-1]


def _name(a: Answer) -> str:
    return a.respondent + (f" (likalydande med {join_names(list(a.same_as))})" if a.same_as else "")


def _prose(answers: tuple[Answer, ...]) -> tuple[Run, ...]:
    """The proposition's paragraph: the bodies that agree, oppose, and support with reservations, each
    objection with a quote and page; the bodies that do not address the proposal only counted."""
    runs: list[Run] = []
    agree = [a for a in answers if a.key in (Stance.POSITIVE.value, Stance.NO_OPINION.value)]
    if agree:
        keys = {a.key for a in agree}
        if keys == {Stance.POSITIVE.value}:
            verb = "tillstyrker förslaget"
        elif keys == {Stance.NO_OPINION.value}:
            verb = "har inget att invända mot förslaget"
        else:
            verb = "tillstyrker förslaget eller har inget att invända mot det"
        runs.append(Run(f"{join_names([_name(a) for a in agree])} {verb}. "))
    for key, verb in (
        (Stance.NEGATIVE.value, "avstyrker förslaget"),
        (Stance.CONDITIONAL.value, "tillstyrker förslaget med förbehåll"),
    ):
        group = [a for a in answers if a.key == key]
        if len(group) == 1:
            runs += _quoted(f"{_name(group[0])} {verb}", group[0].quote)
        elif group:
            runs.append(Run(f"{join_names([_name(a) for a in group])} {verb}. "))
            # The same words from several bodies (a shared or copied text) are quoted once.
            writers: dict[Evidence, list[str]] = {}
            for a in group:
                if a.quote is not None:
                    writers.setdefault(a.quote, []).append(a.respondent)
            for quote, names in writers.items():
                runs += _quoted(f"{join_names(names)} skriver", quote)
    silent = sum(a.key == Stance.NOT_ADDRESSED.value for a in answers)
    if silent:
        runs.append(Run(f"Av remissinstanserna yttrar sig {silent} inte över förslaget. "))
    unread = [a for a in answers if a.key == UNREADABLE]
    if unread:
        noun = "Svaret" if len(unread) == 1 else "Svaren"
        runs.append(Run(f"{noun} från {join_names([_name(a) for a in unread])} kunde inte läsas. "))
    if not runs:
        runs.append(Run("Inga svar har kommit in."))
    last = runs[-1]
    runs[-1] = Run(last.text.rstrip(), last.quote)
    return tuple(runs)


def _quoted(lead: str, quote: Evidence | None) -> list[Run]:
    if quote is None:
        return [Run(f"{lead}. ")]
    return [Run(f"{lead}: ”"), Run(quote.quote, quote=True), Run(f"” (s. {quote.page}). ")]


def _general(responses: list[Response], matrix: Matrix) -> tuple[Statement, ...]:
    """Each respondent's blanket statements, quoted once, with the proposals they decided."""
    label = {p.id: p.label for p in matrix.remiss.proposals}
    out = []
    for r in responses:
        for e in _general_quotes(r):
            decided = tuple(
                label.get(c.proposal, c.proposal)
                for c in r.cells
                if c.basis is Basis.GENERAL and e in c.evidence
            )
            out.append(Statement(r.respondent, Evidence(e.page, shorten(e.quote, STATEMENT_LIMIT)), decided))
    return tuple(out)


def _references(responses: list[Response]) -> tuple[ReferenceGroup, ...]:
    """References to another body's answer, SKR's first (the one most kommuner and regioner point to)."""
    groups: dict[str, list[Statement]] = {"SKR:s yttrande": [], "en annan remissinstans yttrande": []}
    for r in responses:
        for e in dict.fromkeys(r.references):
            target = "SKR:s yttrande" if _SKR.search(e.quote) else "en annan remissinstans yttrande"
            quote = Evidence(e.page, shorten(e.quote, STATEMENT_LIMIT))
            groups[target].append(Statement(r.respondent, quote))
    return tuple(ReferenceGroup(t, tuple(s)) for t, s in groups.items() if s)


# --- Markdown ---------------------------------------------------------------------------------------


def _md_runs(runs: tuple[Run, ...]) -> str:
    return "".join(f"*{markdown(r.text)}*" if r.quote else markdown(r.text) for r in runs)


def intro(s: Summary) -> list[str]:
    """The opening sentences: who was invited and who answered (with a remisslista), how many answers
    came in and could be read, which are near-duplicates."""
    read = s.responses - len(s.unreadable)
    lines = []
    if s.roll_counts is not None:
        c = s.roll_counts
        line = (
            f"{c['invited']} remissinstanser har bjudits in att svara. {c['answered']} har svarat"
            + (f", varav {c['declined']} avstår från att lämna synpunkter" if c["declined"] else "")
            + f", och {c['no_answer']} har inte svarat."
        )
        if c["unsolicited"]:
            line += f" Därutöver har {c['unsolicited']} svar kommit in från andra än remissinstanserna."
        if c["ambiguous"]:
            line += f" {c['ambiguous']} svar kunde inte föras till en remissinstans (se nedan)."
        lines.append(line)
    if s.unreadable:
        unread = len(s.unreadable)
        lines.append(f"{s.responses} svar har kommit in, varav {read} kunde läsas och {unread} inte.")
    else:
        lines.append(f"{s.responses} svar har kommit in, och alla kunde läsas.")
    if s.duplicate_groups:
        groups = "; ".join(" = ".join(shown(f) for f in g) for g in s.duplicate_groups)
        lines.append(
            "Svar med i stort sett samma text (likalydande) räknas vart och ett och märks i texten: "
            f"{groups}."
        )
    return lines


def dissent_line(who: str, d: Dissent) -> str:
    """A reservation or protokollsanteckning in one line, without markup."""
    said = stance_word(d.stance).lower() if d.stance else "reservation"
    return f"{who} – {d.who or 'en ledamot'}: {said} (s. {d.page})"


def statement_line(s: Statement) -> tuple[Run, ...]:
    """A quoted statement: respondent, the quote, its page, and the proposals it decided."""
    runs = [Run(f"{s.respondent}: ”"), Run(s.quote.quote, quote=True), Run(f"” (s. {s.quote.page})")]
    if s.proposals:
        runs.append(Run(f" — gäller {', '.join(s.proposals)}"))
    return tuple(runs)


def reference_lead(g: ReferenceGroup) -> str:
    """ "Instämmer i eller hänvisar till SKR:s yttrande: A och B"."""
    return f"Instämmer i eller hänvisar till {g.target}: {join_names(list(g.respondents))}"


def table_width(s: Summary, lang: Lang = Lang.SV) -> int:
    """The terminal width the count table needs with its headers (in `lang`) wrapped at spaces:
    narrower, a table would cut words ("Tillstyr…"), so the terminal shows the counts as lines instead."""
    first = max((len(type_word(t, lang)) for ps in s.proposals for t in ps.by_type), default=6)
    headers = [*(key_word(k, lang) for k in KEYS), labels_for(lang).total]
    return first + sum(max(len(w) for w in h.split()) for h in headers) + 3 * (len(headers) + 1)


ROLL_SECTIONS = (
    (RollAnswer.NO_ANSWER, "Remissinstanser som inte har svarat"),
    (RollAnswer.DECLINED, "Remissinstanser som avstår från att lämna synpunkter"),
    (RollAnswer.UNSOLICITED, "Svar från andra än remissinstanserna (ej remissinstans)"),
    (RollAnswer.AMBIGUOUS, "Svar som inte kunde föras till en remissinstans"),
)


def roll_sections(s: Summary) -> list[tuple[str, list[str]]]:
    """The remisslista's roll call as (heading, lines), the sections that have anyone, in list order."""
    out = []
    for answer, heading in ROLL_SECTIONS:
        lines = []
        for e in s.roll:
            if e.answer is answer:
                maybe = join_names([f"”{n}”" for n in e.candidates], "eller")
                lines.append(shown(e.name + (f" ({e.file}: kan vara {maybe})" if e.candidates else "")))
        if lines:
            out.append((heading, lines))
    return out


def to_markdown(s: Summary, table: bool = True, lang: Lang = Lang.SV) -> str:
    """The summary as Markdown (also what the terminal renders). Without `table`, each proposal's counts
    are lines ("Tillstyrker: 7 (Regioner 2, Kommuner 5)"), for a terminal too narrow for the table.

    `lang` is the language of the count table's headings; the prose is Swedish in both, being the draft
    of a Swedish proposition's text."""
    total = labels_for(lang).total
    # Names and quotes come from PDFs and file names: `markdown` escapes markup and control characters.
    lines = [f"# Sammanställning av remissvar: {markdown(s.title)}", ""]
    lines += [markdown(line) for line in intro(s)]
    for ps in s.proposals:
        lines += ["", f"## {markdown(ps.proposal.title)} (`{ps.proposal.id}`)", ""]
        lines.append(f"*Remissinstanserna:* {_md_runs(ps.prose)}")
        lines.append("")
        if table:
            lines += ["| | " + " | ".join(key_word(k, lang) for k in KEYS) + f" | {total} |"]
            lines.append("|---|" + "---:|" * (len(KEYS) + 1))
            for t, row in ps.by_type.items():
                cells = " | ".join(str(row[k]) for k in KEYS)
                lines.append(f"| {type_word(t, lang)} | {cells} | {sum(row.values())} |")
            sums = " | ".join(f"**{ps.counts[k]}**" for k in KEYS)
            lines.append(f"| **{total}** | {sums} | **{sum(ps.counts.values())}** |")
        else:
            for k in KEYS:
                split = ", ".join(f"{type_word(t, lang)} {row[k]}" for t, row in ps.by_type.items() if row[k])
                lines.append(f"- {key_word(k, lang)}: **{ps.counts[k]}**" + (f" ({split})" if split else ""))
            lines.append(f"- {total}: **{sum(ps.counts.values())}**")
        if ps.dissents:
            lines.append("")
            # one line per member and stance, however many sentences the dissent has
            for line in dict.fromkeys(dissent_line(who, d) for who, d in ps.dissents):
                lines.append(f"- **Reservation/anteckning:** {markdown(line)}")
    if s.general:
        lines += ["", "## Allmänna synpunkter", ""]
        lines += [f"- {_md_runs(statement_line(st))}" for st in s.general]
    if s.references:
        lines += ["", "## Hänvisningar till andra remissinstansers yttranden", ""]
        for g in s.references:
            lines.append(f"{markdown(reference_lead(g))}.")
            lines.append("")
            lines += [f"- {_md_runs(statement_line(st))}" for st in g.statements]
            lines.append("")
        lines.pop()
    for heading, names in roll_sections(s):
        lines += ["", f"## {heading}", ""]
        lines += [f"- {markdown(name)}" for name in names]
    if s.unreadable:
        lines += ["", "## Svar som inte kunde läsas", ""]
        lines += [
            f"- {markdown(u.respondent)} ({markdown(u.file)}): {markdown(u.reason)}" for u in s.unreadable
        ]
    return "\n".join(lines) + "\n"
