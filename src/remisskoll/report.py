"""Report: the matrix as a rich table, CSV (Swedish Excel or RFC 4180) or JSON (schema_version 1)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .display import json_text, shown
from .model import REVIEW_THRESHOLD, Basis, Cell, Matrix, Response, RollAnswer, RollEntry, Stance, Status
from .words import Lang, decimal, labels_for, proposition_key, stance_term

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


def _notes(
    r: Response, matrix: Matrix, names: dict[str, str] | None = None, lang: Lang = Lang.EN
) -> list[str]:
    # Status and error stay English codes and messages, like every error message.
    if r.status is not Status.OK:
        return [f"{r.status.value}: {r.error}"]
    words = labels_for(lang)
    notes = []
    if r.references:
        ref = r.references[0]
        notes.append(words.note_reference.format(page=ref.page, quote=ref.quote))
    if r.dissents:
        notes.append(words.note_dissent.format(text=dissent_text(r, names, lang)))
    for group in matrix.duplicate_groups:
        if r.file in group:
            others = ", ".join(shown(Path(f).name) for f in group if f != r.file)
            notes.append(words.note_same_text.format(others=others))
    return notes


def dissent_text(r: Response, names: dict[str, str] | None = None, lang: Lang = Lang.EN) -> str:
    """Who dissented, on what, how and where, in one line; proposals by id, or by `names` (id → label)
    where people read it. English (the default) in CSV, whose cells are the same in every language."""
    words = labels_for(lang)
    parts = []
    for d in r.dissents:
        what = stance_term(d.stance, lang) if d.stance else words.dissent
        on_names = [(names or {}).get(pid, pid) for pid in d.proposals]
        on = words.dissent_on.format(names=", ".join(on_names)) if on_names else ""
        where = words.page.format(page=d.page)
        parts.append(f"{d.who or words.a_member}: {what}{on} ({where})")
    return "; ".join(dict.fromkeys(parts))


RESPONDENT_WIDTH = 18  # below this a respondent's name is unreadable: columns are numbered instead


def _fits(labels: list[str], width: int) -> bool:
    # Each column needs its longest word plus padding and a border; the respondent column its share.
    need = RESPONDENT_WIDTH + 3 + sum(_longest_word(label) + 3 for label in labels)
    return need <= width


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=1)


def legend_lines(entries: list[str], width: int) -> list[str]:
    """Legend entries ("+ positive") packed into lines of at most `width`; an entry is never broken
    between a symbol and its meaning (one longer than a line stands alone on its line)."""
    lines: list[str] = []
    for entry in entries:
        if lines and len(lines[-1]) + 3 + len(entry) <= width:
            lines[-1] += "   " + entry
        else:
            lines.append(entry)
    return lines


def roll_mark(answer: RollAnswer, lang: Lang = Lang.EN) -> str:
    """How the table marks a row by its place in the remisslista (an invited body that answered: none)."""
    words = labels_for(lang)
    mark = {
        RollAnswer.ANSWERED: "",
        RollAnswer.DECLINED: words.roll_declined,
        RollAnswer.NO_ANSWER: words.roll_no_answer,
        RollAnswer.UNSOLICITED: words.roll_unsolicited,
        RollAnswer.AMBIGUOUS: words.roll_ambiguous,
    }[answer]
    return f" ({mark})" if mark else ""


def table_rows(matrix: Matrix) -> list[tuple[RollEntry | None, Response | None]]:
    """The rows as people read them: with a remisslista, every listed body and every response in the
    list's order (a body that did not answer has no response); else the responses in a proposition's
    order (by type, then name)."""
    if not matrix.roll:
        return [(None, r) for r in sorted(matrix.responses, key=proposition_key)]
    by_file = {r.file: r for r in matrix.responses}
    # Unsolicited and ambiguous answers come after the list (order 10**6), as a proposition adds them.
    entries = sorted(matrix.roll, key=lambda e: (e.order, proposition_key(by_file[e.file]) if e.file else ()))
    return [(e, by_file.get(e.file) if e.file is not None else None) for e in entries]


def roll_line(matrix: Matrix, lang: Lang = Lang.EN) -> str:
    """The remisslista's counts in one line."""
    c = matrix.roll_counts()
    words = labels_for(lang)
    line = words.roll_line.format(
        source=matrix.roll_source,
        invited=c["invited"],
        answered=c["answered"],
        declining=words.roll_declining.format(count=c["declined"]) if c["declined"] else "",
        no_answer=c["no_answer"],
        unsolicited=c["unsolicited"],
    )
    return line + (words.roll_unassigned.format(count=c["ambiguous"]) if c["ambiguous"] else "")


def next_step(matrix: Matrix, lang: Lang = Lang.EN) -> str:
    """One line after the table: what a reader can do next, with a command that works on this matrix."""
    names = {p.id: p.label for p in matrix.remiss.proposals}
    words = labels_for(lang)

    rows = table_rows(matrix)  # the first cell to check as the table shows it
    to_check = [(r, c) for _, r in rows if r is not None for c in r.cells if needs_review(c)]
    if to_check:
        r, c = to_check[0]
        label = command_arg(names[c.proposal])
        example = f"remisskoll explain {shown(command_arg(r.file))} --proposal {label}"
        template = words.next_review_one if len(to_check) == 1 else words.next_review_many
        return template.format(example=example, count=len(to_check))
    return words.next_plain


def legend(lang: Lang = Lang.EN) -> list[str]:
    """The table's legend entries in `lang`, the review mark's with the review threshold."""
    words = labels_for(lang)
    entries = list(words.legend)
    entries.insert(6, words.legend_review.format(threshold=decimal(REVIEW_THRESHOLD, 1, lang)))
    return entries


def _cell_text(r: Response | None, pid: str) -> Text:
    """One cell of the matrix: the stance's symbol with its marks, styled."""
    if r is None:  # an invited body that did not answer
        return Text("–", style="dim")
    cell = r.cell(pid)
    if r.status is not Status.OK or cell is None:
        return Text("✗", style="bold magenta")
    style = STYLE[cell.stance] + (" italic" if cell.basis is Basis.GENERAL else "")
    # An OCR cell is always below the review line; its ° says so without a second mark.
    review = "?" if needs_review(cell) and not cell.ocr else ""
    marks = ("✓" if cell.review else review) + ("°" if cell.ocr else "")
    return Text(cell_symbol(cell) + marks, style=style)


def render_table(matrix: Matrix, width: int = 80, lang: Lang = Lang.EN) -> Group:
    """The stance matrix, a legend, notes per respondent, counts per proposal and what to do next, as
    rich renderables, labelled in `lang`. Rows are in the order a proposition lists remissinstanser (by
    type, then name).

    When the proposals' labels do not fit in `width`, columns are numbered and a key is printed.
    Names get the width the columns leave and wrap at word boundaries; nothing is cut.
    """

    words = labels_for(lang)
    labels = [p.label for p in matrix.remiss.proposals]
    by_id = {p.id: p.label for p in matrix.remiss.proposals}
    numbered = not _fits(labels, width)
    rows = table_rows(matrix)
    starred = {r.file for _, r in rows if r is not None and _notes(r, matrix)}
    names = [
        shown(r.respondent if r is not None else e.name if e is not None else "")
        + (roll_mark(e.answer, lang) if e is not None else "")
        + (" *" if r is not None and r.file in starred else "")
        for e, r in rows
    ]
    # Every cell's text first: a column must be as wide as its widest cell ("(0)?°"), never cut.
    cells = [[_cell_text(r, pid) for pid in matrix.remiss.ids] for _, r in rows]
    content = [max((len(row[i].plain) for row in cells), default=1) for i in range(len(labels))]
    longest_name = max((len(n) for n in names), default=RESPONDENT_WIDTH)
    pad = 0 if numbered else 2  # padding (0, 1): a space each side of a cell

    def columns(header: list[int]) -> int:
        # each proposal column: its header or widest cell, padding, and the border on its left; then
        # the table's right border (the last column has no right padding: pad_edge is off)
        return sum(max(h, c) + pad + 1 for h, c in zip(header, content, strict=True)) + 1 - pad // 2

    whole_headers = [len(label) for label in labels]
    word_headers = [len(str(i)) if numbered else _longest_word(label) for i, label in enumerate(labels, 1)]
    # Labels on one line when names still get their full width; else labels wrap at their spaces.
    whole = not numbered and 1 + longest_name + 1 + columns(whole_headers) <= width
    room = max(RESPONDENT_WIDTH, width - columns(whole_headers if whole else word_headers) - 2)
    name_width = min(longest_name, room)
    name_min = min(max((_longest_word(n) for n in names), default=RESPONDENT_WIDTH), room)
    # Numbered columns hold a symbol and up to two marks ("(+)?°"): without padding, nine fit in 80.
    table = Table(
        title=matrix.remiss.title,
        title_justify="left",
        pad_edge=False,
        padding=(0, 0) if numbered else (0, 1),
    )
    table.add_column(words.respondent, overflow="fold", min_width=name_min, width=max(name_width, 10))
    for i, label in enumerate(labels, start=1):
        table.add_column(
            str(i) if numbered else label,
            justify="center",
            min_width=max(3, content[i - 1]),
            max_width=None if numbered or whole else max(_longest_word(label), 4, content[i - 1]),
        )
    for (_, r), name, row_cells in zip(rows, names, cells, strict=True):
        if r is None:  # an invited body that did not answer
            table.add_row(Text(name, style="dim"), *row_cells)
            continue
        table.add_row(Text(name), *row_cells)

    parts: list[Table | Text] = [table]
    if numbered:
        keys = [f"{i} {label}" for i, label in enumerate(labels, start=1)]
        parts.append(Text("\n".join(legend_lines(keys, width))))
    entries = legend(lang)
    if matrix.roll:
        entries.append(labels_for(lang).roll_legend)
    parts.append(Text("\n".join(legend_lines(entries, width)), style="dim"))
    noted = [(r, n) for _, r in rows if r is not None for n in _notes(r, matrix, by_id, lang)]
    if noted:
        parts.append(Text(""))
        for r, note in noted:
            style = "magenta" if r.status is not Status.OK else ""
            parts.append(
                Text.assemble(
                    ("* ", "dim"),
                    (shown(r.respondent), "bold"),
                    (f" ({shown(r.file)}): ", "dim"),
                    (shown(note), style),
                )
            )

    counts = Table(title=words.per_proposal, title_justify="left", pad_edge=False)
    counts.add_column(words.proposal)
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
    if matrix.roll:
        parts += [Text(""), Text(shown(roll_line(matrix, lang)))]
    parts += [Text(""), Text(next_step(matrix, lang), style="dim")]
    return Group(*parts)


def print_table(matrix: Matrix, console: Console, lang: Lang = Lang.EN) -> None:
    """Print the matrix (render_table) at the console's width."""
    console.print(render_table(matrix, console.width, lang))


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
    # With a remisslista: the list's order, a row for each invited body that did not answer (its
    # status and cells empty) and a last column `answer`; without one, the files in the order read.
    rows = table_rows(matrix) if matrix.roll else [(None, r) for r in matrix.responses]
    roll = ["answer"] if matrix.roll else []

    def answer(e: RollEntry | None) -> list[str]:
        return [e.answer.value] if e is not None else []

    if long:
        writer.writerow([*LONG_COLUMNS, *roll])
        for e, maybe in rows:
            if maybe is None:
                assert e is not None
                for pid in ids:
                    row = ["", shown(e.name), "", pid, "", "", "", "", "", "", e.type.value, "", ""]
                    writer.writerow(_safe([*row, *answer(e)]))
                continue
            r = maybe
            head = [shown(r.file), shown(r.respondent), r.status.value]
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
                writer.writerow(_safe([*row, *answer(e)]))
    else:
        writer.writerow(["file", "respondent", "status", *ids, *WIDE_EXTRA, *roll])
        for e, maybe in rows:
            if maybe is None:
                assert e is not None
                empty = [""] * len(ids)
                extra = ["", e.type.value, "", "", ""]
                writer.writerow(_safe(["", shown(e.name), "", *empty, *extra, *answer(e)]))
                continue
            r = maybe
            cells = [_cell_value(r.cell(pid)) for pid in ids]
            extra = [
                r.error or "",
                r.respondent_type.value,
                _reviews(r),
                dissent_text(r),
                _inherited_ids(r, ids),
            ]
            writer.writerow(
                _safe([shown(r.file), shown(r.respondent), r.status.value, *cells, *extra, *answer(e)])
            )
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
    } | ({"remisslista": _roll_dict(matrix)} if matrix.roll else {})


def _roll_dict(matrix: Matrix) -> dict[str, Any]:
    """`--invited`: the counts, and every listed body and response in the list's order."""
    return {
        "source": matrix.roll_source,
        "counts": matrix.roll_counts(),
        "bodies": [
            {"name": e.name, "type": e.type.value, "answer": e.answer.value, "file": e.file}
            | ({"candidates": list(e.candidates)} if e.candidates else {})
            for e, _ in table_rows(matrix)
            if e is not None
        ],
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
    return json_text(to_dict(matrix), indent=2) + "\n"


# --- review list -------------------------------------------------------------------------------


def review_list(matrix: Matrix, lang: Lang = Lang.EN) -> str:
    """The cells an analyst should check (confidence below the review threshold), as plain text labelled
    in `lang`: file by file in the matrix's order, and within a file in page order, so that each PDF is
    read once from the front; cells with no quote ("not addressed") come last in their file, with the
    verdicts the rules could not place, where the answer may be."""
    words = labels_for(lang)
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
        lines += ["", f"{shown(r.file)} — {shown(r.respondent)}"]
        for c in todo:
            basis = words.review_inherited if c.basis is Basis.GENERAL else ""
            ocr = words.review_ocr if c.ocr else ""
            confidence = words.review_confidence.format(value=decimal(c.confidence, 2, lang))
            head = (
                f"  {labels[c.proposal]}: {stance_term(c.stance, lang)}{basis}, {confidence} — {c.rule}{ocr}"
            )
            lines.append(head)
            for e in c.evidence:
                lines.append("    " + words.quote_at.format(page=e.page, quote=e.quote))
            if not c.evidence and r.unplaced:
                lines += [
                    "    " + words.review_unplaced.format(page=u.page, quote=u.quote) for u in r.unplaced[:3]
                ]
            lines.append(f"    remisskoll explain {shown(command_arg(r.file))} --proposal {c.proposal}")
    threshold = decimal(REVIEW_THRESHOLD, 2, lang)
    top = words.review_top.format(count=count, total=total, threshold=threshold, files=files)
    return "\n".join([top, *lines]) + "\n"
