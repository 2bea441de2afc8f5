"""The summary as a Word file (.docx, python-docx): the same text as the Markdown, with headings, the
count table as a real table and the respondents' own words in italics, ready to paste into a draft.

(Not named document.py: model.Document is the read PDF.)
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from .summary import (
    KEYS,
    ProposalSummary,
    Run,
    Summary,
    dissent_line,
    intro,
    key_word,
    reference_lead,
    roll_sections,
    statement_line,
    type_word,
)
from .words import Lang, labels_for

# Characters XML 1.0 cannot hold (a PDF's text may carry them); python-docx would refuse the text.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# A4 with 2 cm margins leaves 17 cm: the type column and seven count columns fit in it, the stance words
# in the header a little smaller so that "Tillstyrker" is not broken.
FIRST_COLUMN, COLUMN, MARGIN = Cm(2.9), Cm(2.0), Cm(2.0)
TABLE_FONT, HEADER_FONT = Pt(9), Pt(8)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _runs(paragraph: Paragraph, runs: tuple[Run, ...]) -> None:
    for r in runs:
        paragraph.add_run(_clean(r.text)).italic = r.quote or None


def _count_table(doc: DocxDocument, ps: ProposalSummary, lang: Lang) -> None:
    word = labels_for(lang).total
    headers = ["", *(key_word(k, lang) for k in KEYS), word]
    rows = [
        [type_word(t, lang), *(str(row[k]) for k in KEYS), str(sum(row.values()))]
        for t, row in ps.by_type.items()
    ]
    total = [word, *(str(ps.counts[k]) for k in KEYS), str(sum(ps.counts.values()))]
    table = doc.add_table(rows=1 + len(rows) + 1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    # The type names need room; the counts do not. Word reads the cells' widths, LibreOffice the grid's.
    widths = [FIRST_COLUMN, *[COLUMN] * (len(headers) - 1)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for i, values in enumerate([headers, *rows, total]):
        bold = i == 0 or i == len(rows) + 1
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            cell.width = widths[j]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value)
            run.bold = bold or None
            run.font.size = HEADER_FONT if i == 0 else TABLE_FONT
            if j > 0 and i > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def to_docx(s: Summary, lang: Lang = Lang.SV) -> bytes:
    """The summary as the bytes of a .docx file; `lang` is the language of the count tables and their
    caption (the prose is Swedish in both)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4, as a Swedish ministry prints
    section.left_margin = section.right_margin = MARGIN
    props = doc.core_properties
    props.title = _clean(f"Sammanställning av remissvar: {s.title}")
    props.author = props.last_modified_by = "remisskoll"
    doc.add_heading(props.title, level=1)
    for line in intro(s):
        doc.add_paragraph(_clean(line))
    for ps in s.proposals:
        doc.add_heading(_clean(ps.proposal.title), level=2)
        paragraph = doc.add_paragraph()
        paragraph.add_run("Remissinstanserna: ").italic = True
        _runs(paragraph, ps.prose)
        doc.add_paragraph(labels_for(lang).count_caption)
        _count_table(doc, ps, lang)
        for line in dict.fromkeys(dissent_line(who, d) for who, d in ps.dissents):
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.add_run("Reservation/anteckning: ").bold = True
            paragraph.add_run(_clean(line))
    if s.general:
        doc.add_heading("Allmänna synpunkter", level=2)
        for st in s.general:
            _runs(doc.add_paragraph(style="List Bullet"), statement_line(st))
    if s.references:
        doc.add_heading("Hänvisningar till andra remissinstansers yttranden", level=2)
        for g in s.references:
            doc.add_paragraph(_clean(reference_lead(g)) + ".")
            for st in g.statements:
                _runs(doc.add_paragraph(style="List Bullet"), statement_line(st))
    for heading, names in roll_sections(s):
        doc.add_heading(heading, level=2)
        for name in names:
            doc.add_paragraph(_clean(name), style="List Bullet")
    if s.unreadable:
        doc.add_heading("Svar som inte kunde läsas", level=2)
        for u in s.unreadable:
            doc.add_paragraph(_clean(f"{u.respondent} ({u.file}): {u.reason}"), style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
