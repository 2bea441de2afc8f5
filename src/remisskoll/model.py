"""The values that pass between stages: frozen dataclasses and enums, nothing loose."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from .errors import Failure, OptionsError, ReadError, Status

__all__ = ["ReadError", "Status"]  # re-exported: they lived here before errors.py


class Stance(StrEnum):
    """A respondent's position on one proposal. The values are the public codes."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    CONDITIONAL = "conditional"
    NO_OPINION = "no_opinion"
    NOT_ADDRESSED = "not_addressed"


class Basis(StrEnum):
    """Whether the respondent spoke to the proposal itself or to the inquiry as a whole."""

    EXPLICIT = "explicit"
    GENERAL = "general"


class Part(StrEnum):
    """The parts a municipal response PDF is built of."""

    FRONT = "front"  # letterhead, addresses, title before any part heading
    DECISION = "decision"  # protokollsutdrag, the body's decision, förslag till beslut
    NARRATIVE = "narrative"  # the officials' account of the inquiry (Bakgrund, Ärendet)
    OPINION = "opinion"  # the respondent's own view (Yttrande, Förvaltningens synpunkter)
    DISSENT = "dissent"  # reservation, protokollsanteckning, särskilt yttrande
    OTHER = "other"  # Beslutsunderlag, Yrkanden, signatures, distribution lists


class Voice(StrEnum):
    """Whose words a sentence is. Only RESPONDENT sentences can decide the body's stance."""

    RESPONDENT = "respondent"
    INQUIRY = "inquiry"  # "Utredningen föreslår …", narrative of the report
    RESTATED = "restated"  # a line that restates a proposal ("X – inför ett krav på …")
    DISSENT = "dissent"  # a party's or a member's own position
    HEADING = "heading"
    OTHER = "other"


# --- proposals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """One proposal of the inquiry, as the proposals YAML describes it."""

    id: str
    title: str
    summary: str
    area: str
    terms: tuple[str, ...]
    short: str = ""
    sections: tuple[str, ...] = ()
    # Paraphrase: named concepts, each with its alternatives; a clause that has an alternative of every
    # concept names the proposal ("pengar så att sköterskor kan läsa vidare": medel, utbildning, sköterska).
    concepts: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def label(self) -> str:
        """The short column label, falling back to the id."""
        return self.short or self.id


@dataclass(frozen=True)
class Remiss:
    """The inquiry being consulted on, and its proposals in the report's order."""

    id: str
    title: str
    ministry: str
    proposals: tuple[Proposal, ...]
    dnr: str = ""
    source: str = ""  # the file it was loaded from, for messages

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.proposals)

    def proposal(self, pid: str) -> Proposal:
        for p in self.proposals:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def lookup(self, name: str) -> Proposal | None:
        """The proposal a user means: its id, its column label as the matrix shows it ("Avtal", any
        case), or its column number (narrow terminals number the columns 1, 2, …)."""
        wanted = " ".join(name.split()).casefold()
        for p in self.proposals:
            if wanted in (p.id.casefold(), p.label.casefold()):
                return p
        if wanted.isdigit() and 1 <= int(wanted) <= len(self.proposals):
            return self.proposals[int(wanted) - 1]
        return None


# --- reading options ---------------------------------------------------------------------------


class Engine(StrEnum):
    """Which library reads a PDF's text layer."""

    PDFPLUMBER = "pdfplumber"  # the reference
    PDFIUM = "pdfium"  # pypdfium2: much faster, the same page structure


class OcrMode(StrEnum):
    """When pages are read by OCR: pages without a text layer (auto), every page, or none."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class ReadOptions:
    """How files are read: engine and OCR (they change what is read), and the limits of the worker
    processes that read them. Strings are accepted for the enums; anything else is an OptionsError."""

    engine: Engine = Engine.PDFPLUMBER
    ocr: OcrMode = OcrMode.AUTO
    jobs: int = 0  # worker processes; 0: one per CPU
    timeout: float = DEFAULT_TIMEOUT  # seconds per file
    memory_mb: int = DEFAULT_MEMORY_MB  # address space per worker; 0: no limit

    def __post_init__(self) -> None:
        object.__setattr__(self, "engine", _member(Engine, self.engine, "engine"))
        object.__setattr__(self, "ocr", _member(OcrMode, self.ocr, "ocr"))
        for name, low in (("jobs", 0), ("memory_mb", 0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise OptionsError(f"{name} must be a whole number ≥ {low}, not {value!r}")
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, int | float) or self.timeout <= 0:
            raise OptionsError(f"timeout must be a number of seconds > 0, not {self.timeout!r}")
        object.__setattr__(self, "timeout", float(self.timeout))

    def workers(self) -> int:
        """How many worker processes to run at most."""
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


_E = TypeVar("_E", bound=StrEnum)


def _member(kind: type[_E], value: object, name: str) -> _E:
    try:
        return kind(value)  # type: ignore[arg-type]  # anything: what is not a member is refused
    except ValueError:
        known = ", ".join(k.value for k in kind)
        raise OptionsError(f"unknown {name} {value!r} — use one of: {known}") from None


# Cells below this confidence are marked for an analyst's review (the matrix's "?", `compare --review`).
REVIEW_THRESHOLD = 0.9


# --- extraction ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One text line of a page, with what layout tells about it."""

    text: str
    top: float
    bottom: float
    x0: float
    size: float
    bold: bool
    # A row of a ruled table: its cells' text, left to right ("text" is them joined with " | ").
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, as a reader counts
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Document:
    """A read PDF: its pages after letterhead/footer removal and normalisation."""

    path: str
    pages: tuple[Page, ...]
    page_count: int
    # Lines dropped as letterhead/footer, once each: the respondent's name is often there.
    letterhead: tuple[str, ...] = ()
    ocr: bool = False  # some page's text came from OCR
    ocr_confidence: float | None = None  # mean Tesseract word confidence over OCR'd pages, 0–1

    @property
    def has_text(self) -> bool:
        return any(line.text.strip() for page in self.pages for line in page.lines)


# --- segmentation ----------------------------------------------------------------------------


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a bullet or list item
    ROW = "row"  # a row of a table: its subject (the proposal) in one cell, the answer in the others


@dataclass(frozen=True)
class Sentence:
    text: str
    page: int
    block: int  # index of the block it belongs to
    part: Part
    voice: Voice


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    page: int
    part: Part
    index: int
    subject: str = ""  # a table row's cell that names what the row is about (a proposal, a section)


@dataclass(frozen=True)
class Segmented:
    """A document cut into blocks and sentences, each with its part and voice."""

    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]


# --- matching --------------------------------------------------------------------------------


class MatchHow(StrEnum):
    TERM = "term"  # the sentence itself names the proposal
    SECTION = "section"  # the sentence cites one of the proposal's report sections
    CONCEPT = "concept"  # the sentence speaks of it in its own words (every concept of the proposal)
    PARAGRAPH = "paragraph"  # an earlier sentence of the same paragraph named it
    HEADING = "heading"  # the sentence stands under a heading that names it


@dataclass(frozen=True)
class Match:
    proposal: str
    score: float  # 0–100
    how: MatchHow
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClauseMatch:
    """A clause of a sentence and the proposals it names itself (terms or section references)."""

    text: str
    matches: tuple[Match, ...]
    restated: bool = False  # restates a proposal ("Krav på … dygnet runt – kommunen ska …"): not a stance


@dataclass(frozen=True)
class MatchedSentence:
    sentence: Sentence
    matches: tuple[Match, ...]  # the sentence's own matches, else those from its context
    clauses: tuple[ClauseMatch, ...] = ()
    # What its context is about (its paragraph, the paragraph before, its heading), even when it names
    # something itself: "tillstyrker förslaget, förutsatt att … läkarbedömningar …" is about the context.
    context: tuple[Match, ...] = ()

    def proposals(self) -> tuple[str, ...]:
        return tuple(m.proposal for m in self.matches)


# --- classification --------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    page: int
    quote: str


@dataclass(frozen=True)
class Review:
    """An analyst's correction of a cell, from an overrides file."""

    reviewer: str
    note: str
    date: str
    original: Stance | None  # what remisskoll had said (None: the file could not be read)


@dataclass(frozen=True)
class Cell:
    """The stance of one respondent on one proposal, with what shows it."""

    proposal: str
    stance: Stance
    basis: Basis
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    rule: str = ""  # which rule decided, for explanations
    review: Review | None = None
    ocr: bool = False  # read from OCR text: check the quote against the page image


class RespondentType(StrEnum):
    """What kind of body answered, as a ministry's compilation groups them."""

    KOMMUN = "kommun"
    REGION = "region"
    MYNDIGHET = "myndighet"
    ORGANISATION = "organisation"
    FORETAG = "foretag"  # a company
    ENSKILD = "enskild"  # a private person
    OTHER = "other"


@dataclass(frozen=True)
class Dissent:
    """A party's or member's reservation or note, kept apart from the body's stance."""

    page: int
    quote: str
    proposals: tuple[str, ...]
    who: str = ""  # "Per Lindqvist (SD)", "Vänsterpartiet"
    stance: Stance | None = None  # the dissenters' own stance on those proposals, if stated


@dataclass(frozen=True)
class Response:
    """One input file's row of the matrix."""

    file: str
    respondent: str
    status: Status
    pages: int
    cells: tuple[Cell, ...] = ()
    error: str | None = None
    dissents: tuple[Dissent, ...] = ()
    references: tuple[Evidence, ...] = field(default=())  # "instämmer i SKR:s yttrande"
    # Verdicts in the respondent's voice that the rules placed on no proposal: worth a look when a cell
    # says "not addressed".
    unplaced: tuple[Evidence, ...] = ()
    respondent_type: RespondentType = RespondentType.OTHER
    ocr: bool = False  # some of the text came from OCR
    # Inquiry references in the text ("SOU 2024:72", "Ds 2023:5", "S2024/01983").
    inquiries: tuple[str, ...] = ()
    named: tuple[str, ...] = ()  # proposals the text names itself (terms or sections), in any voice
    paragraphs: tuple[str, ...] = field(default=(), compare=False, repr=False)  # for near-duplicate detection
    failure: Failure | None = None  # why the file could not be read (status unreadable or error)

    def cell(self, pid: str) -> Cell | None:
        for c in self.cells:
            if c.proposal == pid:
                return c
        return None


class RollAnswer(StrEnum):
    """How an invited body (or an uninvited one) figures in the remisslista's roll call."""

    ANSWERED = "answered"
    DECLINED = "declined"  # answered, but "avstår" / "inga synpunkter" on everything
    NO_ANSWER = "no_answer"  # invited, no response among the files
    UNSOLICITED = "unsolicited"  # a response from a body not on the list ("ej remissinstans")
    AMBIGUOUS = "ambiguous"  # a response whose name fits two invited bodies: reported, not assigned


@dataclass(frozen=True)
class Invitee:
    """A body on the remisslista."""

    name: str
    type: RespondentType
    order: int  # its place in the list
    line: int = 0  # where the list names it, for messages


@dataclass(frozen=True)
class RollEntry:
    """One line of the roll call: a listed body and its response, or a response from outside the list."""

    name: str  # the list's name for an invited body; the respondent's own otherwise
    type: RespondentType
    answer: RollAnswer
    file: str | None  # the response; None when the body did not answer
    order: int
    candidates: tuple[str, ...] = ()  # AMBIGUOUS: the invited bodies it could be


@dataclass(frozen=True)
class Matrix:
    remiss: Remiss
    responses: tuple[Response, ...]
    # Groups of files whose text is largely the same paragraphs (e.g. copied from SKR's answer).
    duplicate_groups: tuple[tuple[str, ...], ...] = ()
    # With a remisslista (`--invited`): every listed body and every response, in the list's order.
    roll: tuple[RollEntry, ...] = ()
    roll_source: str = ""

    def roll_counts(self) -> dict[str, int]:
        """invited, answered (declined included), declined, no_answer, unsolicited, ambiguous."""
        count = {a: sum(1 for e in self.roll if e.answer is a) for a in RollAnswer}
        # A body that sent two files is one body: invited and answered count bodies, not files.
        invited = (RollAnswer.ANSWERED, RollAnswer.DECLINED, RollAnswer.NO_ANSWER)
        listed = {e.name for e in self.roll if e.answer in invited}
        answered = {e.name for e in self.roll if e.answer in (RollAnswer.ANSWERED, RollAnswer.DECLINED)}
        return {
            "invited": len(listed),
            "answered": len(answered),
            "declined": len({e.name for e in self.roll if e.answer is RollAnswer.DECLINED}),
            "no_answer": count[RollAnswer.NO_ANSWER],
            "unsolicited": count[RollAnswer.UNSOLICITED],
            "ambiguous": count[RollAnswer.AMBIGUOUS],
        }

    @property
    def failed(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.status is not Status.OK)
