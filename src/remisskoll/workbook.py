"""The analyst's workbook: the matrix as an Excel file (values only), and the review it comes back with.

    to_xlsx(matrix, run) -> bytes                  sheets Matris, Citat, Reservationer, Ej lästa,
                                                   Per förslag, Om körningen
    read_reviews(path) -> tuple[Reviewed, ...]     the filled "Granskad ställning" cells of Citat
    overrides_yaml(reviews, reviewer, date) -> str an overrides file that `compare --overrides` loads

Every cell is a value, never a formula: a quote that begins with "=" stays the text it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import __version__
from .errors import ConfigError
from .model import (
    REVIEW_THRESHOLD,
    Cell,
    Engine,
    Matrix,
    OcrMode,
    ReadOptions,
    Response,
    RollAnswer,
    Stance,
    Status,
)
from .proposals import DEFAULT_NAME
from .report import ORDER, inherited, needs_review, roll_mark, table_rows
from .runtime.cache import file_digest
from .words import (
    TYPE_ORDER,
    TYPE_WORDS,
    UNREADABLE_WORD,
    Lang,
    decimal,
    labels_for,
    proposition_key,
    stance_word,
)


class WorkbookError(ConfigError):
    """A reviewed workbook that cannot be turned into overrides; each line names the sheet cell."""


@dataclass(frozen=True)
class RunInfo:
    """What a run was made with, for the sheet "Om körningen": enough to make the same matrix again."""

    version: str
    proposals: str  # the proposals file as given (or the bundled one's name)
    proposals_sha256: str
    overrides: str  # "" when none was applied
    date: str  # ISO date of the run
    engine: Engine
    ocr: OcrMode
    files: int


def run_info(
    matrix: Matrix,
    options: ReadOptions,
    proposals: Path | None = None,
    overrides: Path | None = None,
    today: dt.date | None = None,
) -> RunInfo:
    """Describe a run: `proposals` None is the bundled file, hashed from the installed package."""
    if proposals is None:
        data = resources.files("remisskoll").joinpath("data", DEFAULT_NAME).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
    else:
        digest = file_digest(proposals)
    return RunInfo(
        version=__version__,
        proposals=matrix.remiss.source or str(proposals or DEFAULT_NAME),
        proposals_sha256=digest,
        overrides=str(overrides) if overrides is not None else "",
        date=(today or dt.date.today()).isoformat(),
        engine=options.engine,
        ocr=options.ocr,
        files=len(matrix.responses),
    )


# --- writing -----------------------------------------------------------------------------------

SHEETS = ("Matris", "Citat", "Reservationer", "Ej lästa", "Per förslag", "Om körningen")

FILLS = {
    Stance.POSITIVE: "C6EFCE",
    Stance.CONDITIONAL: "FFEB9C",
    Stance.NEGATIVE: "FFC7CE",
    Stance.NO_OPINION: "DDEBF7",
    Stance.NOT_ADDRESSED: "F2F2F2",
}
UNREADABLE_FILL = "BFBFBF"
HEADER_FILL = "D9D9D9"
# A cell to check keeps its word (COUNTIF still counts it) and gets a red frame.
REVIEW_SIDE = Side(style="medium", color="C00000")
REVIEW_BORDER = Border(left=REVIEW_SIDE, right=REVIEW_SIDE, top=REVIEW_SIDE, bottom=REVIEW_SIDE)

CITAT_COLUMNS = (
    "Remissinstans",
    "Fil",
    "Förslag",
    "Förslags-id",
    "Ställning",
    "Grund",
    "Säkerhet",
    "Granska",
    "Sida",
    "Citat",
    "Granskad av",
    "Länk",
    "Granskad ställning",
    "Anteckning",
)
REVIEW_COLUMN = "Granskad ställning"
NOTE_COLUMN = "Anteckning"
MAX_TEXT = 32767  # Excel's limit for one cell


def _clean(text: str) -> str:
    # Control characters from a PDF's text cannot be stored in a worksheet; Excel cuts cells at 32767.
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_TEXT]


def _put(ws: Worksheet, row: int, col: int, value: str | float | None) -> None:
    """Write a value; text is always stored as text, so "=…", "+46…" or "#N/A" is never a formula."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = _clean(value)
        cell.data_type = "s"
    else:
        cell.value = value


def _header(ws: Worksheet, row: int, values: Sequence[str]) -> None:
    for col, value in enumerate(values, start=1):
        _put(ws, row, col, value)
        ws.cell(row=row, column=col).font = Font(bold=True)
        ws.cell(row=row, column=col).fill = PatternFill("solid", fgColor=HEADER_FILL)


def _widths(ws: Worksheet, widths: Iterable[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _width(texts: Iterable[str], low: int = 8, high: int = 50) -> int:
    return max(low, min(high, max((len(t) for t in texts), default=0) + 2))


def _ordered(matrix: Matrix) -> list[Response]:
    # The remisslista's order when there is one, else a proposition's (by type, then name).
    if matrix.roll:
        return [r for _, r in table_rows(matrix) if r is not None]
    return sorted(matrix.responses, key=proposition_key)


def _pages(cell: Cell) -> list[int]:
    return list(dict.fromkeys(e.page for e in cell.evidence))


def _basis_word(cell: Cell, lang: Lang) -> str:
    words = labels_for(lang)
    return words.xlsx_basis_general if inherited(cell) else words.xlsx_basis_explicit


def _comment(cell: Cell, lang: Lang) -> str:
    words = labels_for(lang)
    lines = [words.quote_at.format(page=e.page, quote=e.quote) for e in cell.evidence]
    if inherited(cell):
        lines.append(words.xlsx_inherited)
    if needs_review(cell):
        confidence, threshold = decimal(cell.confidence, 2, lang), decimal(REVIEW_THRESHOLD, 2, lang)
        lines.append(words.xlsx_check.format(confidence=confidence, threshold=threshold))
    if cell.ocr:
        lines.append(words.xlsx_ocr)
    if cell.review is not None:
        note = f": {cell.review.note}" if cell.review.note else ""
        lines.append(
            words.xlsx_reviewed.format(reviewer=cell.review.reviewer, date=cell.review.date, note=note)
        )
    return _clean("\n".join(lines))


def _link(file: str, page: int | None, base: Path | None) -> str:
    # Relative to the workbook's folder, so the link works wherever the folder (PDFs beside it) is moved.
    path = Path(file)
    if base is not None:
        try:
            target = os.path.relpath(path.resolve(), base.resolve())
        except ValueError:  # another drive on Windows: no relative path exists
            target = str(path.resolve())
    else:
        target = str(path)
    target = target.replace(os.sep, "/").replace("%", "%25").replace("#", "%23")
    return f"{target}#page={page}" if page is not None else target


def to_xlsx(matrix: Matrix, run: RunInfo, link_base: Path | None = None, lang: Lang = Lang.SV) -> bytes:
    """The workbook as bytes. `link_base`: the folder the workbook will be saved in, so that links to
    the PDFs are relative to it (None: the files' paths as given). `lang`: the language of the words in
    the cells (stances, types, comments); the sheet and column names are Swedish in both, so that a
    workbook has one shape (read_reviews, a colleague's formulas) whoever wrote it."""
    wb = Workbook()
    matris = wb.active
    assert matris is not None  # a new Workbook always has one sheet
    matris.title = SHEETS[0]
    responses = _ordered(matrix)
    _matris(matris, matrix, responses, lang)
    _citat(wb.create_sheet(SHEETS[1]), matrix, responses, link_base, lang)
    _dissents(wb.create_sheet(SHEETS[2]), matrix, responses, lang)
    _unread(wb.create_sheet(SHEETS[3]), responses)
    _per_proposal(wb.create_sheet(SHEETS[4]), matrix, responses, lang)
    _about(wb.create_sheet(SHEETS[5]), matrix, run, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _matris(ws: Worksheet, matrix: Matrix, responses: list[Response], lang: Lang) -> None:
    proposals = matrix.remiss.proposals
    _header(ws, 1, ["Remissinstans", "Typ", "Fil", *(p.label for p in proposals)])
    _header(ws, 2, ["", "", "", *(p.id for p in proposals)])
    for col in range(4, 4 + len(proposals)):
        ws.cell(row=2, column=col).font = Font(italic=True, color="595959")
    unreadable = UNREADABLE_WORD[lang]
    # A row's place in the remisslista, as the table marks it: " (avstår)", " (ej remissinstans)".
    marks = {e.file: roll_mark(e.answer, lang) for e in matrix.roll if e.file is not None}
    for row, r in enumerate(responses, start=3):
        _put(ws, row, 1, r.respondent + marks.get(r.file, ""))
        _put(ws, row, 2, TYPE_WORDS[lang][r.respondent_type])
        _put(ws, row, 3, r.file)
        for col, p in enumerate(proposals, start=4):
            cell = r.cell(p.id)
            target = ws.cell(row=row, column=col)
            if r.status is not Status.OK or cell is None:
                _put(ws, row, col, unreadable)
                target.fill = PatternFill("solid", fgColor=UNREADABLE_FILL)
                continue
            _put(ws, row, col, stance_word(cell.stance, lang))
            target.fill = PatternFill("solid", fgColor=FILLS[cell.stance])
            if inherited(cell):
                target.font = Font(italic=True)
            if needs_review(cell):
                target.border = REVIEW_BORDER
            text = _comment(cell, lang)
            if text:
                comment = Comment(text, "remisskoll")
                comment.width, comment.height = 420, 40 + 18 * text.count("\n") + len(text) // 3
                target.comment = comment
    # Invited bodies that did not answer: a row each, so that the sheet is the whole remisslista.
    missing = [e for e in matrix.roll if e.answer is RollAnswer.NO_ANSWER]
    for row, e in enumerate(missing, start=3 + len(responses)):
        _put(ws, row, 1, e.name + roll_mark(e.answer, lang))
        _put(ws, row, 2, TYPE_WORDS[Lang.SV][e.type])
        for col in range(4, 4 + len(proposals)):
            _put(ws, row, col, "–")
            ws.cell(row=row, column=col).font = Font(color="808080")
    last = ws.cell(row=max(2, 2 + len(responses) + len(missing)), column=3 + len(proposals)).coordinate
    ws.auto_filter.ref = f"A2:{last}"
    ws.freeze_panes = "B3"
    words = [stance_word(s, lang) for s in ORDER]
    _widths(
        ws,
        [
            _width((r.respondent for r in responses), 16, 40),
            _width(TYPE_WORDS[lang].values(), 10, 18),
            _width((r.file for r in responses), 10, 45),
            *(_width([p.label, p.id, *words], 10, 28) for p in proposals),
        ],
    )


def _citat(ws: Worksheet, matrix: Matrix, responses: list[Response], base: Path | None, lang: Lang) -> None:
    words = labels_for(lang)
    _header(ws, 1, CITAT_COLUMNS)
    col = {name: i for i, name in enumerate(CITAT_COLUMNS, start=1)}
    row = 1
    for r in responses:
        if r.status is not Status.OK:
            continue  # no cells: the file is on "Ej lästa"
        for p in matrix.remiss.proposals:
            cell = r.cell(p.id)
            if cell is None:
                continue
            row += 1
            pages = _pages(cell)
            values: dict[str, str | float | None] = {
                "Remissinstans": r.respondent,
                "Fil": r.file,
                "Förslag": p.label,
                "Förslags-id": p.id,
                "Ställning": stance_word(cell.stance, lang),
                "Grund": _basis_word(cell, lang),
                "Säkerhet": cell.confidence,
                "Granska": words.xlsx_yes if needs_review(cell) else "",
                # A number when there is one page, so that the column sorts.
                "Sida": pages[0] if len(pages) == 1 else ", ".join(map(str, pages)) or None,
                "Citat": " | ".join(e.quote for e in cell.evidence),
                "Granskad av": cell.review.reviewer if cell.review else "",
            }
            for name, value in values.items():
                _put(ws, row, col[name], value)
            ws.cell(row=row, column=col["Säkerhet"]).number_format = "0.00"
            link = ws.cell(row=row, column=col["Länk"])
            _put(ws, row, col["Länk"], words.xlsx_link.format(page=pages[0]) if pages else words.xlsx_open)
            link.hyperlink = _link(r.file, pages[0] if pages else None, base)
            link.style = "Hyperlink"
    choices = ",".join(stance_word(s, lang) for s in ORDER)
    # A warning, not a stop: the English codes (and either language's words) are accepted when read back.
    choice = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, errorStyle="warning")
    choice.error = words.xlsx_choose
    review_letter = get_column_letter(col[REVIEW_COLUMN])
    choice.add(f"{review_letter}2:{review_letter}{max(row, 2)}")
    ws.add_data_validation(choice)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(CITAT_COLUMNS))}{max(row, 1)}"
    _widths(ws, [30, 30, 16, 16, 22, 20, 9, 8, 7, 80, 14, 8, 24, 30])


def _dissents(ws: Worksheet, matrix: Matrix, responses: list[Response], lang: Lang) -> None:
    _header(ws, 1, ["Remissinstans", "Fil", "Vem", "Förslag", "Ställning", "Sida", "Citat"])
    labels = {p.id: p.label for p in matrix.remiss.proposals}
    row = 1
    for r in responses:
        for d in r.dissents:
            row += 1
            values: list[str | float | None] = [
                r.respondent,
                r.file,
                d.who,
                ", ".join(labels.get(pid, pid) for pid in d.proposals),
                stance_word(d.stance, lang) if d.stance else "",
                d.page,
                d.quote,
            ]
            for c, value in enumerate(values, start=1):
                _put(ws, row, c, value)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{max(row, 1)}"
    _widths(ws, [30, 30, 26, 30, 22, 7, 80])


def _unread(ws: Worksheet, responses: list[Response]) -> None:
    _header(ws, 1, ["Fil", "Remissinstans", "Orsak", "Åtgärd"])
    row = 1
    for r in responses:
        if r.status is Status.OK:
            continue
        row += 1
        hint = r.failure.hint if r.failure is not None else "check the file"
        for c, value in enumerate([r.file, r.respondent, r.error or r.status.value, hint], start=1):
            _put(ws, row, c, value)
    ws.freeze_panes = "A2"
    _widths(ws, [40, 30, 50, 60])


def _per_proposal(ws: Worksheet, matrix: Matrix, responses: list[Response], lang: Lang) -> None:
    unreadable = UNREADABLE_WORD[lang]
    # The stance columns are headed by the stance words, in the language of the cells they count.
    stances = [stance_word(s, lang) for s in ORDER]
    _header(ws, 1, ["Förslag", "Förslags-id", "Grupp", *stances, unreadable, "Totalt"])
    types = [t for t in TYPE_ORDER if any(r.respondent_type is t for r in responses)]
    groups: list[tuple[str, list[Response]]] = [(labels_for(lang).xlsx_all, responses)]
    groups += [(TYPE_WORDS[lang][t], [r for r in responses if r.respondent_type is t]) for t in types]
    row = 1
    for p in matrix.remiss.proposals:
        for index, (name, members) in enumerate(groups):
            row += 1
            tally = Counter(x.stance for r in members if r.status is Status.OK if (x := r.cell(p.id)))
            failed = sum(1 for r in members if r.status is not Status.OK)
            counts = [tally[s] for s in ORDER]
            values: list[str | float | None] = [p.label, p.id, name, *counts, failed, len(members)]
            for c, value in enumerate(values, start=1):
                _put(ws, row, c, value)
            if index == 0:  # all respondents
                for c in range(1, len(values) + 1):
                    ws.cell(row=row, column=c).font = Font(bold=True)
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{get_column_letter(5 + len(ORDER))}{max(row, 1)}"
    _widths(ws, [18, 24, 16, *(_width([word], 10, 26) for word in stances), 18, 8])


def _about(ws: Worksheet, matrix: Matrix, run: RunInfo, lang: Lang) -> None:
    words = labels_for(lang)
    read = sum(1 for r in matrix.responses if r.status is Status.OK)
    rows: list[tuple[str, str | float]] = [
        ("Remiss", f"{matrix.remiss.title} ({matrix.remiss.id})"),
        ("Verktyg", f"remisskoll {run.version}"),
        ("Förslagsfil", run.proposals),
        ("Förslagsfilens SHA-256", run.proposals_sha256),
        ("Granskningsfil (overrides)", run.overrides or words.xlsx_none),
        ("Datum", run.date),
        ("Läsmotor", run.engine.value),
        ("OCR", run.ocr.value),
        ("Antal filer", run.files),
        ("Lästa", read),
        ("Ej lästa", run.files - read),
        ("Granskningsgräns", REVIEW_THRESHOLD),
    ]
    if matrix.roll:
        c = matrix.roll_counts()
        rows += [
            ("Remisslista", matrix.roll_source),
            ("Remissinstanser", c["invited"]),
            ("Har svarat", c["answered"]),
            ("varav avstår", c["declined"]),
            ("Har inte svarat", c["no_answer"]),
            ("Svar från andra (ej remissinstans)", c["unsolicited"]),
            ("Svar som inte kunde föras till en remissinstans", c["ambiguous"]),
        ]
    _header(ws, 1, ["Uppgift", "Värde"])
    for row, (key, value) in enumerate(rows, start=2):
        _put(ws, row, 1, key)
        _put(ws, row, 2, value)
    row = len(rows) + 3
    _put(ws, row, 1, "Teckenförklaring (Matris)")
    ws.cell(row=row, column=1).font = Font(bold=True)
    legend: list[tuple[str, PatternFill | None, Font | None, Border | None]] = [
        (stance_word(s, lang), PatternFill("solid", fgColor=FILLS[s]), None, None) for s in ORDER
    ]
    threshold = decimal(REVIEW_THRESHOLD, 2, lang)
    legend += [
        (UNREADABLE_WORD[lang], PatternFill("solid", fgColor=UNREADABLE_FILL), None, None),
        (words.xlsx_italic, None, Font(italic=True), None),
        (words.xlsx_frame.format(threshold=threshold), None, None, REVIEW_BORDER),
        (words.xlsx_comment, None, None, None),
    ]
    for i, (text, fill, font, border) in enumerate(legend, start=row + 1):
        _put(ws, i, 1, text)
        target = ws.cell(row=i, column=1)
        if fill is not None:
            target.fill = fill
        if font is not None:
            target.font = font
        if border is not None:
            target.border = border
    _widths(ws, [58, 70])


# --- reading the review back -------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewed:
    """One filled "Granskad ställning" cell: which file and proposal, the analyst's stance and note."""

    file: str
    proposal: str
    stance: Stance
    note: str
    cell: str  # "Citat!M5", for messages


def _stances() -> dict[str, Stance]:
    words = {stance_word(s, lang).casefold(): s for s in Stance for lang in Lang}
    return words | {s.value: s for s in Stance}


def read_reviews(path: str | Path) -> tuple[Reviewed, ...]:
    """The analyst's stances from the "Granskad ställning" column of a workbook written by `to_xlsx`.

    Swedish words and English codes are accepted (any case); anything else is a WorkbookError naming
    the sheet cell, as is a cell that contradicts another for the same file and proposal."""
    source = str(path)
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError:
        raise WorkbookError(f"{source}: no such file — give the workbook written by compare") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise WorkbookError(
            f"{source}: not an Excel workbook ({type(exc).__name__}) — give the .xlsx that "
            "`remisskoll compare --format xlsx` wrote"
        ) from None
    try:
        if "Citat" not in wb.sheetnames:
            raise WorkbookError(
                f"{source}: no sheet 'Citat' — give the .xlsx that `remisskoll compare --format xlsx` wrote"
            )
        rows = list(wb["Citat"].iter_rows(values_only=True))
    finally:
        wb.close()
    header = [str(v).strip() if v is not None else "" for v in (rows[0] if rows else ())]
    needed = ("Fil", "Förslags-id", REVIEW_COLUMN)
    missing = [name for name in needed if name not in header]
    if missing:
        raise WorkbookError(
            f"{source}: Citat: no column {', '.join(repr(m) for m in missing)} in the first row — "
            "keep the header row as compare wrote it"
        )
    at = {name: header.index(name) for name in header if name}
    letter = get_column_letter(at[REVIEW_COLUMN] + 1)
    known = _stances()
    problems: list[str] = []
    found: dict[tuple[str, str], Reviewed] = {}
    for number, values in enumerate(rows[1:], start=2):

        def text(name: str, values: tuple[object, ...] = values) -> str:
            i = at.get(name)
            value = values[i] if i is not None and i < len(values) else None
            return "" if value is None else str(value).strip()

        word = text(REVIEW_COLUMN)
        if not word:
            continue
        where = f"Citat!{letter}{number}"
        stance = known.get(word.casefold())
        if stance is None:
            accepted = ", ".join(stance_word(s) for s in ORDER) + " (or " + ", ".join(s.value for s in ORDER)
            problems.append(f"{source}: {where}: unknown stance {word!r} — use one of: {accepted})")
            continue
        file, proposal = text("Fil"), text("Förslags-id")
        if not file or not proposal:
            problems.append(f"{source}: {where}: the row has no Fil or Förslags-id — keep them as written")
            continue
        item = Reviewed(file, proposal, stance, text(NOTE_COLUMN), where)
        earlier = found.get((file, proposal))
        if earlier is not None and earlier.stance is not stance:
            problems.append(
                f"{source}: {where}: {file} / {proposal} is already {earlier.stance.value} in {earlier.cell} "
                "— keep one of them"
            )
            continue
        found.setdefault((file, proposal), item)
    if problems:
        raise WorkbookError("\n".join(problems))
    return tuple(found.values())


def overrides_yaml(reviews: Sequence[Reviewed], reviewer: str, date: str, source: str = "") -> str:
    """An overrides file (the format `compare --overrides` loads) with one entry per reviewed cell.

    Files are named by their file name, as `explain` stanzas do, unless two reviewed files share a name:
    then by the path the workbook shows."""
    names = Counter(Path(f).name for f in dict.fromkeys(r.file for r in reviews))
    entries = []
    for r in reviews:
        name = Path(r.file).name
        entry: dict[str, str] = {
            "file": name if names[name] == 1 else r.file,
            "proposal": r.proposal,
            "stance": r.stance.value,
        }
        if r.note:
            entry["note"] = r.note
        entry |= {"reviewer": reviewer, "date": date}
        entries.append(entry)
    head = f"# Written by remisskoll overrides from-xlsx{' from ' + source if source else ''}.\n"
    head += "# Use it with: remisskoll compare … --overrides THIS_FILE\n"
    return head + yaml.safe_dump({"overrides": entries}, allow_unicode=True, sort_keys=False, width=100)
