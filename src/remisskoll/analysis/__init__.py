"""Analysis: a Document to a Response — pure rules, no I/O.

    segment (parts, blocks, sentences, voices) → match (which proposals each sentence names)
    → classify (the respondent's stance per proposal) ; respondent (name and type) ; references

The words the rules look for are in lexicon.py; duplicates.py finds near-identical responses across a
batch. Nothing here reads a file or starts a process: the same Document always gives the same Response.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import (
    REVIEW_THRESHOLD,
    BlockKind,
    Document,
    MatchedSentence,
    MatchHow,
    Part,
    Remiss,
    Response,
    Segmented,
    Status,
)
from .classify import Classified, classify, own_names
from .match import match
from .references import inquiry_references
from .respondent import detect_respondent_and_type
from .segment import segment


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis learnt about one readable file, for `explain` and tests."""

    document: Document
    segmented: Segmented
    matched: tuple[MatchedSentence, ...]
    classified: Classified
    response: Response


def analyse_document(doc: Document, remiss: Remiss) -> Analysis:
    """Segment, match and classify a read document; the Response is its row of the matrix."""
    # The respondent first: how it names itself tells its voice in parts that retell the inquiry.
    name, kind = detect_respondent_and_type(doc)
    seg = segment(doc, own_names(name, (page.text for page in doc.pages)))
    matched = match(seg, remiss)
    result = classify(matched, remiss, name)
    cells = result.cells
    if doc.ocr:
        # OCR text may hide a word that decides a cell and its quote may be misread: mark every cell,
        # lower its confidence by half of Tesseract's doubt about the words, and keep it under the review
        # line, since only the page image can confirm the quote.
        factor = 0.5 + 0.5 * (doc.ocr_confidence if doc.ocr_confidence is not None else 0.5)
        ceiling = round(REVIEW_THRESHOLD - 0.05, 2)
        cells = tuple(
            replace(c, ocr=True, confidence=min(round(c.confidence * factor, 2), ceiling)) for c in cells
        )
    own = (MatchHow.TERM, MatchHow.SECTION, MatchHow.CONCEPT)
    named = {m.proposal for ms in matched for m in ms.matches if m.how in own}
    response = Response(
        file=doc.path,
        respondent=name,
        status=Status.OK,
        pages=doc.page_count,
        cells=cells,
        dissents=result.dissents,
        references=result.references,
        unplaced=result.unplaced,
        respondent_type=kind,
        ocr=doc.ocr,
        inquiries=inquiry_references(" ".join(page.text for page in doc.pages)),
        named=tuple(pid for pid in remiss.ids if pid in named),
        paragraphs=tuple(
            b.text for b in seg.blocks if b.kind is not BlockKind.HEADING and b.part is not Part.OTHER
        ),
    )
    return Analysis(doc, seg, matched, result, response)
