"""Segment: a Document into headings, paragraphs and list items, sentences, parts and voices.

Voice is what keeps the inquiry's words and a party's dissent out of the body's stance:
the officials' account of the report ("Utredningen föreslår …") is INQUIRY, a reservation or
protokollsanteckning is DISSENT, and only RESPONDENT sentences may decide a cell.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..model import Block, BlockKind, Document, Line, Part, Segmented, Sentence, Voice
from . import lexicon

_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+){0,4})\.?\s+[A-ZÅÄÖ\"”»(]")
_BULLET = re.compile(r"^(?:[•▪◦‣*]|[-–—](?=\s)|o(?=\s{1,3}[A-ZÅÄÖ])|\d{1,2}[).](?=\s)|[a-z]\))\s*")
# A full stop and a new sentence inside a line: running text, never a heading ("1. Kravet … (avsnitt 7.2).
# Nämnden delar …").
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[A-ZÅÄÖ]")
_PARAGRAPH_SIGN = re.compile(r"^§\s*\d+")
_ABBREVIATIONS = {
    "bl.a",
    "t.ex",
    "s.k",
    "m.m",
    "dvs",
    "d.v.s",
    "ca",
    "jfr",
    "kap",
    "resp",
    "enl",
    "t.o.m",
    "fr.o.m",
    "nr",
    "s",
    "st",
    "f.d",
    "o.d",
    "p.g.a",
    "pga",
    "m.fl",
    "mfl",
    "etc",
    "prop",
    "dnr",
    "sid",
    "ff",
    "tel",
    "e.d",
    "osv",
    "inkl",
    "exkl",
    "avd",
    "ang",
    "bet",
    "kl",
    "sfs",
    "fig",
    "tab",
    "u.a",
    "mkr",
    "tkr",
    "kr",
    "o.s.v",
    "a.a",
    "f",
    "jan",
    "feb",
    "mar",
    "apr",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
    "doc",
}
# "men", "medan" join clauses; "dock", "däremot" are mostly adverbs after the verb ("avstyrker dock
# förslaget"), so they only split after a comma.
_CLAUSE_SPLIT = re.compile(
    r";\s*|\s+[–—]\s+|:\s+|,?\s+(?=(?:men|medan|samtidigt\s+som)\b)|,\s+(?=(?:dock|däremot|emellertid)\b)"
    # "SKR är positivt till X, och nämnden delar den uppfattningen": another subject takes over
    r"|,\s+(?=och\s+(?:\w+\s+)?(?:nämnden|kommunen|regionen|förvaltningen|styrelsen|vi|förbundet|föreningen"
    r"|myndigheten)\b)"
    # "tillstyrker förslagen i kapitel 8, …, och har inga synpunkter på förslaget om X": a second verdict
    r"|,\s+(?=och\s+(?:har|är|avstår|lämnar|tillstyrker|avstyrker|ställer|välkomnar|motsätter|ser)\s)"
    # "tillstyrker samtliga förslag utom förslaget om X": the exception is a clause of its own
    r"|,?\s+(?=(?:utom|med\s+undantag\s+(?:av|för))\s)"
)
# A heading's numbering ("6.3 ", "2. "), stripped before its words are compared.
NUMBERING = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»)]?\s+(?=[\"“”»(]?[A-ZÅÄÖ0-9•§])")


@dataclass
class _Draft:
    kind: BlockKind
    lines: list[tuple[int, str]]  # (page, text)
    bold: bool = False
    cells: tuple[str, ...] = ()  # a table row's cells

    def text(self) -> str:
        return " ".join(t for _, t in self.lines).strip()


def part_of_heading(text: str) -> str | None:
    """Which part a heading opens ('decision', 'narrative', 'opinion', 'dissent', 'other', 'document')."""
    t = NUMBERING.sub("", text.strip().lower()).rstrip(" :")
    for name, pattern in lexicon.PART_HEADINGS:
        if pattern.search(t):
            return name
    return None


def split_sentences(text: str) -> list[str]:
    """Split Swedish prose into sentences without breaking at common abbreviations (t.ex., bl.a.)."""
    parts = _SENTENCE_END.split(text.strip())
    out: list[str] = []
    for part in parts:
        if out:
            prev_word = out[-1].rstrip().rsplit(" ", 1)[-1].lower().rstrip(".")
            single_initial = len(prev_word) == 1 and prev_word.isalpha()
            if prev_word in _ABBREVIATIONS or single_initial:
                out[-1] = f"{out[-1]} {part}"
                continue
        out.append(part)
    return [s.strip() for s in out if s.strip()]


def split_clauses(text: str) -> list[str]:
    """Cut a sentence at contrastive conjunctions, semicolons, spaced dashes and a colon before a capital.

    One sentence often carries several verdicts: "tillstyrker A och B men avstyrker C".
    """
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]


def _is_heading(line: Line, body_size: float) -> bool:
    text = line.text.strip()
    if len(text) < 2 or len(text) > 120 or text.startswith("•"):
        return False
    if _PARAGRAPH_SIGN.match(text):
        return True
    if text.endswith((".", ",", ";")) and not text.endswith(("m.m.", "etc.")):
        return False
    larger = line.bold or line.size >= body_size + 1.5
    if text[0].islower() and not larger:
        return False  # a sentence running on from the line before ("utredningens förslag, med …:")
    if len(text) <= 60 and part_of_heading(text) is not None:
        return True
    if larger:
        return True
    if _NUMBERED_HEADING.match(text) and len(text) <= 100 and not _SENTENCE_INSIDE.search(text):
        return True
    if len(text) > 60:
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _blocks(doc: Document) -> list[_Draft]:
    lines = [(page.number, line) for page in doc.pages for line in page.lines]
    if not lines:
        return []
    sizes: Counter[float] = Counter()
    for _, line in lines:
        sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0]
    gaps = [
        b.top - a.bottom
        for (pa, a), (pb, b) in itertools.pairwise(lines)
        if pa == pb and 0 <= b.top - a.bottom < 3 * max(a.size, 1)
    ]
    # The gap between lines of one paragraph: a low percentile, since in a response of short paragraphs
    # most gaps are paragraph gaps and the median would be one of them.
    usual_gap = sorted(gaps)[len(gaps) // 5] if gaps else 2.0

    drafts: list[_Draft] = []
    prev: tuple[int, Line] | None = None
    for page, line in lines:
        text = line.text.strip()
        if line.cells:
            drafts.append(_Draft(BlockKind.ROW, [(page, text)], line.bold, line.cells))
            prev = (page, line)
            continue
        heading = _is_heading(line, body_size)
        bullet = _BULLET.match(text)
        new_page = prev is None or prev[0] != page
        gap = 0.0 if new_page or prev is None else line.top - prev[1].bottom
        big_gap = gap > usual_gap + 0.45 * max(line.size, 1)
        last = drafts[-1] if drafts else None
        if heading:
            # A long heading wrapped over two lines stays one heading.
            if (
                last is not None
                and last.kind is BlockKind.HEADING
                and not new_page
                and not big_gap
                and len(last.text()) >= 45
                and part_of_heading(text) is None
            ):
                last.lines.append((page, text))
            else:
                drafts.append(_Draft(BlockKind.HEADING, [(page, text)], line.bold))
        elif bullet:
            drafts.append(_Draft(BlockKind.ITEM, [(page, text[bullet.end() :].strip())]))
        elif last is None or last.kind is BlockKind.HEADING or big_gap:
            drafts.append(_Draft(BlockKind.PARAGRAPH, [(page, text)]))
        elif new_page:
            # Continue across the page break only when the sentence visibly runs on.
            runs_on = not re.search(r"[.!?:]$", last.text()) and text[:1].islower()
            if runs_on:
                last.lines.append((page, text))
            else:
                drafts.append(_Draft(BlockKind.PARAGRAPH, [(page, text)]))
        else:
            last.lines.append((page, text))
        prev = (page, line)
    return drafts


def _sentence_pages(draft: _Draft) -> list[tuple[str, int]]:
    """Sentences of a block with the page each begins on."""
    text = ""
    starts: list[tuple[int, int]] = []  # (offset, page)
    for page, t in draft.lines:
        if text:
            text += " "
        starts.append((len(text), page))
        text += t
    out: list[tuple[str, int]] = []
    pos = 0
    for sentence in split_sentences(text):
        at = text.find(sentence, pos)
        at = pos if at < 0 else at
        page = max((p for off, p in starts if off <= at), default=starts[0][1])
        out.append((sentence, page))
        pos = at + len(sentence)
    return out


# A whole sentence that is nothing but an answer ("Inga synpunkter.", "Tillstyrks med förbehåll."):
# under a restated proposal only the respondent says so.
_BARE_VERDICT = re.compile(
    r"^\W*(?:(?:inga\s+(?:\w+\s+)?(?:synpunkter|kommentarer|invändningar)|ingen\s+erinran|utan\s+erinran)"
    r"(?:\s+på\s+(?:\w+\s+)?förslag\w*(?:\s+om\s+[^.;:!?]{1,80})?)?|(?:till|av)styrk(?:s|es)(?:\s+med\s+förbehåll)?)"
    # "Inga synpunkter i övrigt.", "Tillstyrks i sin helhet."
    r"(?:\s+(?:i\s+övrigt|i\s+sin\s+helhet|heller))?\W*$"
)


@lru_cache(maxsize=64)
def _names(own: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern for the respondent's names, compiled once per document (not once per sentence)."""
    names = sorted((n for n in own if len(n) >= 3), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None


def sentence_voice(text: str, part: Part, own: frozenset[str] = frozenset()) -> Voice:
    """Whose words a sentence is, from its part and its wording. `own`: how the respondent names itself
    (classify.own_names), so that "Omsorgsinspektionen tillstyrker …" in its own background section is
    its voice."""
    if part is Part.DISSENT:
        return Voice.DISSENT
    if part is Part.OTHER:
        return Voice.OTHER
    low = text.lower()

    def own_verdict() -> bool:  # the respondent speaks with a verdict; only asked when needed
        if _BARE_VERDICT.match(low):
            return True
        named = (pattern := _names(own)) is not None and pattern.search(low) is not None
        if not (named or lexicon.RESPONDENT_SUBJECT.search(low)) or lexicon.first_cue(low) < 0:
            return False
        # welcoming that the question is looked into, or others' views it reports, is no verdict
        return not (lexicon.APPRECIATION.search(low) or lexicon.REPORTED_VIEW.search(low))

    if lexicon.INQUIRY_VOICE.search(low):
        # "Utredningen föreslår X, vilket förvaltningen välkomnar" still carries the respondent's verdict.
        tail = re.split(r",\s*(?:vilket|något|och\s+det)\b", low, maxsplit=1)
        if len(tail) == 2 and lexicon.RESPONDENT_SUBJECT.search(tail[1]) and own_verdict():
            return Voice.RESPONDENT
        return Voice.INQUIRY
    if part is Part.NARRATIVE:
        return Voice.RESPONDENT if own_verdict() else Voice.INQUIRY
    return Voice.RESPONDENT


@dataclass(frozen=True)
class _Columns:
    """What a table's columns hold, from its header row: the subject (proposal) and the verdict."""

    subject: int = 0
    verdict: int | None = None
    header: bool = False  # learnt from a header row


_SUBJECT_HEADER = re.compile(r"^(?:förslag|avsnitt|kapitel|rubrik|område|nr\b|punkt|betänkandets)", re.I)
_VERDICT_HEADER = re.compile(r"^(?:ställningstagande|ställning|inställning|bedömning|svar|position)", re.I)
_OTHER_HEADER = re.compile(r"^(?:kommentar|synpunkt|motivering|skäl|övrigt|anmärkning)", re.I)


def _columns_of(cells: tuple[str, ...], bold: bool) -> _Columns | None:
    """The roles of a header row's cells, or None when the row is not a header: two cells that name
    columns, or one in a bold row, and none longer than a column name."""
    names = [c.strip().lower() for c in cells]
    subject = next((i for i, n in enumerate(names) if _SUBJECT_HEADER.match(n)), None)
    verdict = next((i for i, n in enumerate(names) if _VERDICT_HEADER.match(n)), None)
    headers = (_SUBJECT_HEADER, _VERDICT_HEADER, _OTHER_HEADER)
    named = sum(1 for n in names if any(h.match(n) for h in headers))
    if named < (1 if bold else 2) or any(len(n) > 40 for n in names):
        return None
    return _Columns(subject if subject is not None else 0, verdict, header=True)


def _row(
    draft: _Draft, index: int, part: Part, columns: _Columns, own: frozenset[str]
) -> tuple[Block, list[Sentence]]:
    """A table row as a block and its sentences: the subject cell as a heading (not a stance), then the
    verdict cell and the other cells' sentences in the row's part's voice."""
    page = draft.lines[0][0]
    cells = draft.cells
    is_header = _columns_of(cells, draft.bold) is not None
    subject = cells[columns.subject] if columns.subject < len(cells) and not is_header else ""
    block = Block(BlockKind.ROW, " | ".join(cells), page, part, index, subject)
    if is_header:
        return block, [Sentence(block.text, page, index, part, Voice.HEADING)]
    order = [i for i in range(len(cells)) if i != columns.subject]
    if columns.verdict is not None and columns.verdict in order:
        order = [columns.verdict] + [i for i in order if i != columns.verdict]
    out = [Sentence(subject, page, index, part, Voice.HEADING)] if subject else []
    for i in order:
        for sentence in split_sentences(cells[i]):
            out.append(Sentence(sentence, page, index, part, sentence_voice(sentence, part, own)))
    return block, out


def segment(doc: Document, own: frozenset[str] = frozenset()) -> Segmented:
    """Cut a document into blocks and sentences, each with its part and voice. `own`: how the respondent
    names itself (classify.own_names), for its voice in parts that retell the inquiry."""
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    part = Part.FRONT
    before_dissent = Part.FRONT
    columns = _Columns()
    for index, draft in enumerate(_blocks(doc)):
        text = draft.text()
        first_page = draft.lines[0][0]
        if draft.kind is BlockKind.HEADING:
            name = part_of_heading(text)
            if name == "dissent":
                if part is not Part.DISSENT:
                    before_dissent = part
                part = Part.DISSENT
            elif name == "document":
                part = Part.FRONT
            elif name is not None:
                part = Part(name)
            elif part is Part.DISSENT:
                # A dissent runs to the next heading; what follows belongs to the part before it.
                part = before_dissent
        elif part is not Part.DISSENT and lexicon.DISSENT_START.search(text.lower()):
            before_dissent = part
            part = Part.DISSENT
        if draft.kind is BlockKind.ROW:
            columns = _columns_of(draft.cells, draft.bold) or columns
            block, row = _row(draft, index, part, columns, own)
            blocks.append(block)
            sentences += row
            continue
        blocks.append(Block(kind=draft.kind, text=text, page=first_page, part=part, index=index))
        if draft.kind is BlockKind.HEADING:
            sentences.append(
                Sentence(text=text, page=first_page, block=index, part=part, voice=Voice.HEADING)
            )
            continue
        speaking = False
        for sentence, page in _sentence_pages(draft):
            voice = sentence_voice(sentence, part, own)
            # A paragraph in which the respondent has taken the word goes on in its voice ("Kommunen ser
            # ett värde i … Ställningstagandet gäller dock under förutsättning att …") unless a sentence
            # says it reports the inquiry again.
            continues = part is Part.NARRATIVE and speaking and voice is Voice.INQUIRY
            if continues and not lexicon.INQUIRY_VOICE.search(sentence.lower()):
                voice = Voice.RESPONDENT
            speaking = voice is Voice.RESPONDENT
            sentences.append(Sentence(text=sentence, page=page, block=index, part=part, voice=voice))
    return Segmented(blocks=tuple(blocks), sentences=tuple(sentences))
