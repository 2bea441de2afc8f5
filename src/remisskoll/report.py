"""Report: the matrix as a rich table, CSV (Swedish Excel or RFC 4180) or JSON (schema_version 1)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .model import REVIEW_THRESHOLD, Basis, Cell, Matrix, Response, Stance, Status

SCHEMA_VERSION = 1


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"  # the analyst's workbook: written by workbook.to_xlsx


class CsvDialect(StrEnum):
    EXCEL_SV = "excel-sv"  # what Swedish Excel opens by double-click: UTF-8 with BOM, ';', decimal comma
    RFC4180 = "rfc4180"  # plain comma-separated UTF-8, no BOM, decimal point


SYMBOL = {
    Stance.POSITIVE: "+",
    Stance.CONDITIONAL: "±",
    Stance.NEGATIVE: "−",
    Stance.NO_OPINION: "0",
    Stance.NOT_ADDRESSED: "·",
}
STYLE = {
    Stance.POSITIVE: "bold green",
    Stance.CONDITIONAL: "bold yellow",
    Stance.NEGATIVE: "bold red",
    Stance.NO_OPINION: "cyan",
    Stance.NOT_ADDRESSED: "dim",
}
LEGEND = (
    "+ positive   ± conditional   − negative   0 no opinion   · not addressed   "
    "(+) inherited from a general statement"
)


def command_arg(path: str) -> str:
    """A path as one argument of a command line to copy: in double quotes when it has a space or a
    character a shell would read. Double quotes work in cmd.exe, PowerShell and POSIX shells alike (only
    "$" and "`" stay special inside them in a POSIX shell, and file names rarely have them)."""
    return f'"{path}"' if re.search(r"[\s&|<>()^;'$`!*?\[\]{}]", path) else path


def needs_review(cell: Cell) -> bool:
    """A cell an analyst should check: below the review threshold and not reviewed yet."""
    return cell.review is None and cell.confidence < REVIEW_THRESHOLD


def inherited(cell: Cell) -> bool:
    """A stance taken from a blanket statement about the whole inquiry, not said of the proposal."""
    return cell.basis is Basis.GENERAL and cell.stance is not Stance.NOT_ADDRESSED


def cell_symbol(cell: Cell) -> str:
    """The matrix symbol: inherited (general) stances in parentheses."""
    sym = SYMBOL[cell.stance]
    return f"({sym})" if inherited(cell) else sym


ORDER = (Stance.POSITIVE, Stance.CONDITIONAL, Stance.NEGATIVE, Stance.NO_OPINION, Stance.NOT_ADDRESSED)


def _notes(r: Response, matrix: Matrix) -> list[str]:
    if r.status is not Status.OK:
        return [f"{r.status.value}: {r.error}"]
    notes = []
    if r.references:
        notes.append(
            f"refers to another body's answer (p. {r.references[0].page}): “{r.references[0].quote}”"
        )
    if r.dissents:
        notes.append(f"dissent not counted as the body's stance: {dissent_text(r)}")
    for group in matrix.duplicate_groups:
        if r.file in group:
            others = ", ".join(Path(f).name for f in group if f != r.file)
            notes.append(f"largely the same text as {others}")
    return notes


def dissent_text(r: Response) -> str:
    """Who dissented, on what, how and where, in one line."""
    parts = []
    for d in r.dissents:
        what = d.stance.value if d.stance else "dissent"
        on = f" on {', '.join(d.proposals)}" if d.proposals else ""
        parts.append(f"{d.who or 'a member'}: {what}{on} (p. {d.page})")
    return "; ".join(dict.fromkeys(parts))


RESPONDENT_WIDTH = 18


def _fits(labels: list[str], width: int) -> bool:
    # Each column needs its longest word plus padding and a border; the respondent column its share.
    need = RESPONDENT_WIDTH + 3 + sum(max(len(w) for w in label.split()) + 3 for label in labels)
    return need <= width


def render_table(matrix: Matrix, width: int = 80) -> Group:
    """The stance matrix, a legend, notes per respondent and counts per proposal, as rich renderables.

    When the proposals' labels do not fit in `width`, columns are numbered and a key is printed.
    """
    labels = [p.label for p in matrix.remiss.proposals]
    numbered = not _fits(labels, width)
    # Numbered columns hold a symbol and up to two marks ("(+)?°"): without padding, nine fit in 80.
    table = Table(
        title=matrix.remiss.title,
        title_justify="left",
        pad_edge=False,
        padding=(0, 0) if numbered else (0, 1),
    )
    table.add_column("Respondent", overflow="fold", min_width=RESPONDENT_WIDTH, max_width=32)
    for i, label in enumerate(labels, start=1):
        table.add_column(str(i) if numbered else label, justify="center", min_width=3)
    for r in matrix.responses:
        row: list[Text] = [Text(r.respondent + (" *" if _notes(r, matrix) else ""))]
        for pid in matrix.remiss.ids:
            cell = r.cell(pid)
            if r.status is not Status.OK or cell is None:
                row.append(Text("✗", style="bold magenta"))
                continue
            style = STYLE[cell.stance] + (" italic" if cell.basis is Basis.GENERAL else "")
            # An OCR cell is always below the review line; its ° says so without a second mark.
            review = "?" if needs_review(cell) and not cell.ocr else ""
            marks = ("✓" if cell.review else review) + ("°" if cell.ocr else "")
            row.append(Text(cell_symbol(cell) + marks, style=style))
        table.add_row(*row)

    parts: list[Table | Text] = [table]
    if numbered:
        parts.append(Text("   ".join(f"{i} {label}" for i, label in enumerate(labels, start=1))))
    parts.append(
        Text(
            LEGEND + f"   ? check it (confidence below {REVIEW_THRESHOLD:.1f}: `--review` lists them)"
            "   ✓ reviewed by an analyst   ° read by OCR (check it against the page)   ✗ file not read",
            style="dim",
        )
    )
    noted = [(r, n) for r in matrix.responses for n in _notes(r, matrix)]
    if noted:
        parts.append(Text(""))
        for r, note in noted:
            style = "magenta" if r.status is not Status.OK else ""
            parts.append(
                Text.assemble(("* ", "dim"), (r.respondent, "bold"), (f" ({r.file}): ", "dim"), (note, style))
            )

    counts = Table(title="Per proposal", title_justify="left", pad_edge=False)
    counts.add_column("Proposal")
    for stance in ORDER:
        counts.add_column(SYMBOL[stance], justify="right", style=STYLE[stance])
    counts.add_column("✗", justify="right", style="magenta")
    failed = len(matrix.failed)
    for p in matrix.remiss.proposals:
        tally = Counter(
            c.stance for r in matrix.responses if r.status is Status.OK if (c := r.cell(p.id)) is not None
        )
        counts.add_row(p.label, *(str(tally[s]) for s in ORDER), str(failed))
    parts += [Text(""), counts]
    return Group(*parts)


def print_table(matrix: Matrix, console: Console) -> None:
    console.print(render_table(matrix, console.width))


# --- CSV ---------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """Neutralise spreadsheet formula injection (OWASP): a leading =, +, -, @, tab or CR gets a '."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _confidence(value: float, dialect: CsvDialect) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if dialect is CsvDialect.EXCEL_SV else text


def _cell_value(cell: Cell | None) -> str:
    # The code alone, so that a spreadsheet's COUNTIF counts every cell; inheritance has its own column.
    return "" if cell is None else cell.stance.value


def _inherited_ids(r: Response, ids: tuple[str, ...]) -> str:
    return ", ".join(pid for pid in ids if (c := r.cell(pid)) is not None and inherited(c))


WIDE_EXTRA = ("error", "respondent_type", "reviewed", "dissent", "inherited")
LONG_COLUMNS = (
    "file",
    "respondent",
    "status",
    "proposal",
    "stance",
    "basis",
    "confidence",
    "page",
    "quote",
    "error",
    "respondent_type",
    "reviewed_by",
    "review_note",
)


def _reviews(r: Response) -> str:
    return "; ".join(
        f"{c.proposal}: {c.review.reviewer}" + (f" – {c.review.note}" if c.review.note else "")
        for c in r.cells
        if c.review is not None
    )


def to_csv(matrix: Matrix, dialect: CsvDialect = CsvDialect.EXCEL_SV, long: bool = False) -> str:
    """Wide (one row per respondent) or long (one row per cell) CSV text, BOM included for excel-sv.

    Wide columns: file, respondent, status, one per proposal id (the stance code alone), then WIDE_EXTRA,
    whose `inherited` lists the ids of the cells inherited from a general statement. Long: LONG_COLUMNS.
    """
    buf = io.StringIO()
    delimiter = ";" if dialect is CsvDialect.EXCEL_SV else ","
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    ids = matrix.remiss.ids
    if long:
        writer.writerow(LONG_COLUMNS)
        for r in matrix.responses:
            head = [r.file, r.respondent, r.status.value]
            for pid in ids:
                cell = r.cell(pid)
                if cell is None:
                    row = [*head, pid, "", "", "", "", "", r.error or "", r.respondent_type.value, "", ""]
                else:
                    pages = ", ".join(str(p) for p in dict.fromkeys(e.page for e in cell.evidence))
                    quotes = " | ".join(e.quote for e in cell.evidence)
                    conf = _confidence(cell.confidence, dialect)
                    reviewer, note = (cell.review.reviewer, cell.review.note) if cell.review else ("", "")
                    row = [
                        *head,
                        pid,
                        cell.stance.value,
                        cell.basis.value,
                        conf,
                        pages,
                        quotes,
                        r.error or "",
                    ]
                    row += [r.respondent_type.value, reviewer, note]
                writer.writerow(_safe(row))
    else:
        writer.writerow(["file", "respondent", "status", *ids, *WIDE_EXTRA])
        for r in matrix.responses:
            cells = [_cell_value(r.cell(pid)) for pid in ids]
            extra = [
                r.error or "",
                r.respondent_type.value,
                _reviews(r),
                dissent_text(r),
                _inherited_ids(r, ids),
            ]
            writer.writerow(_safe([r.file, r.respondent, r.status.value, *cells, *extra]))
    text = buf.getvalue()
    return "\ufeff" + text if dialect is CsvDialect.EXCEL_SV else text


def _safe(values: list[str]) -> list[str]:
    return [csv_safe(v) for v in values]


# --- JSON --------------------------------------------------------------------------------------


def to_dict(matrix: Matrix) -> dict[str, Any]:
    """The JSON contract (schema_version 1) as plain data."""
    remiss = matrix.remiss
    return {
        "schema_version": SCHEMA_VERSION,
        "remiss": {
            "id": remiss.id,
            "title": remiss.title,
            "ministry": remiss.ministry,
            "dnr": remiss.dnr or None,
        },
        "proposals": [{"id": p.id, "title": p.title} for p in remiss.proposals],
        "responses": [_response_dict(r) for r in matrix.responses],
        "duplicate_groups": [list(g) for g in matrix.duplicate_groups],
    }


def _response_dict(r: Response) -> dict[str, Any]:
    return {
        "file": r.file,
        "respondent": r.respondent,
        "status": r.status.value,
        "error": r.error,
        "pages": r.pages,
        "stances": {c.proposal: _cell_dict(c) for c in r.cells},
        "respondent_type": r.respondent_type.value,
        "references": [{"page": e.page, "quote": e.quote} for e in r.references],
        "unplaced": [{"page": e.page, "quote": e.quote} for e in r.unplaced],
        "dissents": [
            {
                "page": d.page,
                "who": d.who or None,
                "stance": d.stance.value if d.stance else None,
                "proposals": list(d.proposals),
                "quote": d.quote,
            }
            for d in r.dissents
        ],
    }


def _cell_dict(c: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {
        "stance": c.stance.value,
        "basis": c.basis.value,
        "confidence": c.confidence,
        "evidence": [{"page": e.page, "quote": e.quote} for e in c.evidence],
    }
    if c.ocr:
        out["ocr"] = True
    if c.review is not None:
        out["review"] = {
            "reviewer": c.review.reviewer,
            "note": c.review.note,
            "date": c.review.date,
            "original": c.review.original.value if c.review.original else None,
        }
    return out


def to_json(matrix: Matrix) -> str:
    return json.dumps(to_dict(matrix), ensure_ascii=False, indent=2) + "\n"


# --- review list -------------------------------------------------------------------------------


def review_list(matrix: Matrix) -> str:
    """The cells an analyst should check (confidence below the review threshold), as plain text: file by
    file in the matrix's order, and within a file in page order, so that each PDF is read once from the
    front; cells with no quote ("not addressed") come last in their file, with the verdicts the rules
    could not place, where the answer may be."""
    labels = {p.id: p.label for p in matrix.remiss.proposals}
    order = {pid: i for i, pid in enumerate(matrix.remiss.ids)}
    total = sum(len(r.cells) for r in matrix.responses if r.status is Status.OK)
    lines: list[str] = []
    count = files = 0
    for r in matrix.responses:
        if r.status is not Status.OK:
            continue
        todo = [c for c in r.cells if needs_review(c)]
        if not todo:
            continue
        files += 1
        count += len(todo)
        todo.sort(key=lambda c: (c.evidence[0].page if c.evidence else 10**6, order[c.proposal]))
        lines += ["", f"{r.file} — {r.respondent}"]
        for c in todo:
            basis = " (inherited)" if c.basis is Basis.GENERAL else ""
            ocr = " (read by OCR: check the quote against the page)" if c.ocr else ""
            head = (
                f"  {labels[c.proposal]}: {c.stance.value}{basis}, confidence {c.confidence:.2f}"
                f" — {c.rule}{ocr}"
            )
            lines.append(head)
            for e in c.evidence:
                lines.append(f"    p. {e.page}: “{e.quote}”")
            if not c.evidence and r.unplaced:
                lines += [f"    placed on no proposal, p. {u.page}: “{u.quote}”" for u in r.unplaced[:3]]
            lines.append(f"    remisskoll explain {command_arg(r.file)} --proposal {c.proposal}")
    top = f"{count} of {total} cells to check (confidence below {REVIEW_THRESHOLD:.2f}), in {files} file(s)"
    return "\n".join([top, *lines]) + "\n"
