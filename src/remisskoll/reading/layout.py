"""Layout: words to lines, columns, joined hyphens and normalised text, letterheads and footers removed.

The engines give words with their font and position; lines are built here so that layout (gaps, bold,
size) survives for the segmenter. Two-column pages are read column by column, words split at a line end
are joined (suspended compounds keep their hyphen), and lines that repeat at the same height on most
pages are dropped as letterheads and footers.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..model import Line, Page

# Words placed without space glyphs (Calibri-like fonts, justified text) merge at pdfplumber's default
# x_tolerance of 3; 1.5 keeps them apart without splitting ordinary words.
X_TOLERANCE = 1.5
Y_TOLERANCE = 3.0

# A line repeating (digits masked) on at least this share of pages is a letterhead or footer.
REPEAT_SHARE = 0.6
# ... at the same height on the page, within this many points,
POSITION_TOLERANCE = 6.0
# ... within this share of the text's height (all pages) from its top or its bottom.
MARGIN_SHARE = 0.25

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u200b": "",  # zero-width space
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\ufffe": "\u00ad",  # a line-break hyphen mark outside the pdfium reader (which maps it to "-")
        # Word's private-use bullets (Symbol/Wingdings) and the usual bullet glyphs
        "\uf0b7": "•",
        "\uf0a7": "•",
        "\uf076": "•",
        "\uf0d8": "•",
        "\uf0fc": "•",
        "\u25cf": "•",
        "\u25aa": "•",
        "\u25a0": "•",
        "\u25e6": "•",
        "\u2023": "•",
        "\u2043": "•",
        "\u00b7": "•",
    }
)

# Any character _TRANSLATE maps.
_ODD = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")

_PAGE_NUMBER = re.compile(
    r"^(?:sida|page|s\.)?\s*\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|/\s*\d{1,4}|of\s+\d{1,4})?$",
    re.IGNORECASE,
)
_DASHED_NUMBER = re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$")
# Suspended compounds: "hälso- och sjukvård", "för- eller nackdelar" keep their hyphen and space.
_KEEP_HYPHEN_NEXT = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "&"}
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


_CID_START = re.compile(r"^\s*\(cid:\d+\)\s*")
_CID = re.compile(r"\(cid:\d+\)")
_SPACES = re.compile(r"[ \t]+")
_LINE_END_HYPHEN = re.compile(r"(\w)[-\u00ad]$")
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """NFC-compose (combining diaeresis → ä), map bullets, ligatures and odd spaces; collapse spaces.

    pdfminer writes "(cid:N)" for a glyph without a Unicode mapping: at a line start that is almost
    always a bullet, elsewhere it is dropped.
    """
    if "(cid:" in text:
        text = _CID.sub("", _CID_START.sub("• ", text))
    text = unicodedata.normalize("NFC", text)
    if _ODD.search(text):  # translate looks up every character: only where there is one to map
        text = text.translate(_TRANSLATE)
    if not text.isprintable():  # rare: only then look at each character's category
        text = "".join(ch for ch in text if ch in "\t\u00ad" or not unicodedata.category(ch).startswith("C"))
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


@dataclass(frozen=True)
class Rule:
    """A line drawn on the page (or a side of a drawn rectangle), in points from the top left."""

    x0: float
    top: float
    x1: float
    bottom: float


# Rules closer than this (points) are snapped and joined into one, as pdfplumber's table finder does.
RULE_TOLERANCE = 3.0


def page_lines(words: Sequence[dict[str, Any]], width: float, rules: Sequence[Rule] = ()) -> list[Line]:
    """A page's lines in reading order: each row of a ruled table is one Line with its cells, the rest
    of the words are built into lines as by words_to_lines."""
    tables = find_tables(rules) if rules else []
    if not tables:
        return words_to_lines(words, width)
    rest: list[dict[str, Any]] = []
    cells: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
    for word in words:
        x, y = (float(word["x0"]) + float(word["x1"])) / 2, (float(word["top"]) + float(word["bottom"])) / 2
        at = next(
            (
                (t, r, c)
                for t, rows in enumerate(tables)
                for r, row in enumerate(rows)
                for c, (x0, top, x1, bottom) in enumerate(row)
                if x0 <= x <= x1 and top <= y <= bottom
            ),
            None,
        )
        if at is None:
            rest.append(word)
        else:
            cells.setdefault(at, []).append(word)
    lines = words_to_lines(rest, width)
    for t, rows in enumerate(tables):
        for r, row in enumerate(rows):
            texts = tuple(_cell_text(cells.get((t, r, c), [])) for c in range(len(row)))
            if not any(texts):
                continue
            inside = [w for c in range(len(row)) for w in cells.get((t, r, c), [])]
            sizes = sorted(float(w.get("size", 0.0)) for w in inside)
            lines.append(
                Line(
                    text=" | ".join(texts),
                    top=row[0][1],
                    bottom=max(cell[3] for cell in row),
                    x0=row[0][0],
                    size=round(sizes[len(sizes) // 2], 1),
                    bold=all(_is_bold(str(w.get("fontname", ""))) for w in inside),
                    cells=texts,
                )
            )
    lines.sort(key=lambda line: line.top)  # stable: the other lines keep their (column) order
    return lines


def find_tables(rules: Sequence[Rule]) -> list[list[list[tuple[float, float, float, float]]]]:
    """Ruled tables: per table, its rows top to bottom, each a list of cell boxes (x0, top, x1, bottom)
    left to right. A grid needs two rows and two columns; a single framed box is not a table."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges: list[dict[str, Any]] = []
    for r in rules:
        w, h = r.x1 - r.x0, r.bottom - r.top
        if w >= h and w > RULE_TOLERANCE:
            y = (r.top + r.bottom) / 2
            edges.append(
                {"x0": r.x0, "x1": r.x1, "top": y, "bottom": y, "width": w, "height": 0.0, "orientation": "h"}
            )
        elif h > w and h > RULE_TOLERANCE:
            x = (r.x0 + r.x1) / 2
            edges.append(
                {
                    "x0": x,
                    "x1": x,
                    "top": r.top,
                    "bottom": r.bottom,
                    "width": 0.0,
                    "height": h,
                    "orientation": "v",
                }
            )
    if not edges:
        return []
    t = RULE_TOLERANCE
    merged = [e for e in merge_edges(edges, t, t, t, t) if max(e["width"], e["height"]) >= t]
    found = cells_to_tables(intersections_to_cells(edges_to_intersections(merged, t, t)))
    tables = []
    for boxes in found:
        rows: dict[int, list[tuple[float, float, float, float]]] = {}
        for x0, top, x1, bottom in boxes:
            rows.setdefault(round(top), []).append((float(x0), float(top), float(x1), float(bottom)))
        grid = [sorted(cells) for _, cells in sorted(rows.items())]
        if len(grid) >= 2 and max(len(row) for row in grid) >= 2:
            tables.append(grid)
    return tables


def _cell_text(words: list[dict[str, Any]]) -> str:
    """A cell's words as one text: its lines in order, split words joined."""
    parts: list[str] = []
    for row in _cluster(words):
        text = " ".join(str(w["text"]) for w in sorted(row, key=_x0))
        if parts and _LINE_END_HYPHEN.search(parts[-1]) and text[:1].islower():
            first, _, rest = text.partition(" ")
            if first not in _KEEP_HYPHEN_NEXT:
                parts[-1] = parts[-1][:-1] + first
                text = rest
        if text:
            parts.append(text)
    return normalise(" ".join(parts))


def words_to_lines(words: Sequence[dict[str, Any]], width: float | None = None) -> list[Line]:
    """Group words into lines by their top coordinate, left to right within a line.

    With the page `width`, a two-column page is read column by column: left, then right (lines that span
    both columns, such as a title, stay where they are).
    """
    rows = _cluster(words)  # once: the gutter search and a one-column page's lines share it
    gutter = _gutter(rows, width) if width else None
    if gutter is not None:
        return _in_columns(rows, gutter)
    run = _column_run(rows, width) if width else None
    if run is None:
        return _lines(rows)
    # Two columns from a row on, or up to one: one-column text above and below the run stays as it is.
    gutter, start, end = run
    return _lines(rows[:start]) + _in_columns(rows[start:end], gutter) + _lines(rows[end:])


def _in_columns(rows: list[list[dict[str, Any]]], gutter: float) -> list[Line]:
    out: list[Line] = []
    for group in _columns(rows, gutter):
        out.extend(_lines(_cluster(group)))
    return out


# A gap between words of at least this width (points), in the middle of the page, may be a gutter.
GUTTER_GAP = 10.0


def _column_run(rows: list[list[dict[str, Any]]], width: float) -> tuple[float, int, int] | None:
    """A gutter that only part of the page has (a letter that turns to two columns half way down):
    (gutter x, first row, row after the last) of the longest run of at least six rows that no word
    crosses at that x, with both columns well filled; None when no part of the page has one."""
    lo, hi = width * 0.3, width * 0.7
    gaps: list[tuple[float, float]] = []
    for row in rows:
        spans = sorted((float(w["x0"]), float(w["x1"])) for w in row)
        for (_, b), (c, _) in itertools.pairwise(spans):
            if c - b >= GUTTER_GAP and lo <= (b + c) / 2 <= hi:
                gaps.append((b, c))
    if len(gaps) < 6:  # one-column pages stop here: their word gaps are a few points wide
        return None
    votes: dict[int, int] = {}
    for b, c in gaps:
        for at in range(math.ceil(b), math.floor(c) + 1):
            votes[at] = votes.get(at, 0) + 1
    x = float(max(votes, key=lambda k: (votes[k], -abs(k - width / 2))))
    # A wide vertical gap also ends a run: a footer far below the columns is not part of them.
    tops = [float(row[0]["top"]) for row in rows]
    steps = sorted(b - a for a, b in itertools.pairwise(tops))
    far = 3 * steps[len(steps) // 2] if steps else math.inf
    best: tuple[int, int] | None = None
    start = 0
    for i in range(len(rows) + 1):
        crosses = i < len(rows) and any(float(w["x0"]) < x < float(w["x1"]) for w in rows[i])
        gap = 0 < i < len(rows) and tops[i] - tops[i - 1] > far and i > start
        if i < len(rows) and not crosses and not gap:
            continue
        run = rows[start:i]
        # Both columns well filled (their rows need not line up: a row may hold one column's line only).
        left = sum(1 for row in run if any(float(w["x1"]) <= x for w in row))
        right = sum(1 for row in run if any(float(w["x0"]) >= x for w in row))
        filled = min(left, right) >= 0.4 * len(run)
        if len(run) >= 6 and filled and (best is None or i - start > best[1] - best[0]):
            best = (start, i)
        start = i if gap and not crosses else i + 1
    return (x, *best) if best is not None else None


def _top_x0(word: dict[str, Any]) -> tuple[float, float]:
    return round(float(word["top"]), 1), float(word["x0"])


def _x0(word: dict[str, Any]) -> float:
    return float(word["x0"])


def _cluster(words: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words in rows: sorted by top, a word within Y_TOLERANCE of a row's first word joins that row."""
    rows: list[list[dict[str, Any]]] = []
    row_top = 0.0
    for word in sorted(words, key=_top_x0):
        top = float(word["top"])
        if rows and abs(top - row_top) <= Y_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
            row_top = top
    return rows


@functools.lru_cache(maxsize=256)
def _is_bold(fontname: str) -> bool:
    return _BOLD.search(fontname) is not None


def _lines(rows: list[list[dict[str, Any]]]) -> list[Line]:
    out: list[Line] = []
    for group in rows:
        if len(group) == 1:  # pdfium's runs: most lines are one (the same Line as the loop below makes)
            (word,) = group
            raw = str(word["text"])
            text = normalise(raw)
            if text:
                out.append(
                    Line(
                        text=text,
                        top=float(word["top"]),
                        bottom=float(word["bottom"]),
                        x0=float(word["x0"]),
                        size=round(float(word.get("size", 0.0)), 1),
                        bold=_is_bold(str(word.get("fontname", ""))),
                    )
                )
            continue
        group.sort(key=_x0)
        texts = [str(w["text"]) for w in group]
        text = normalise(" ".join(texts))
        if not text:
            continue
        chars = bold = 0
        for w, t in zip(group, texts, strict=True):
            chars += len(t)
            if _is_bold(str(w.get("fontname", ""))):
                bold += len(t)
        sizes = sorted(float(w.get("size", 0.0)) for w in group)
        out.append(
            Line(
                text=text,
                top=float(min(w["top"] for w in group)),
                bottom=float(max(w["bottom"] for w in group)),
                x0=float(group[0]["x0"]),
                size=round(sizes[len(sizes) // 2], 1),
                bold=bold / (chars or 1) >= 0.8,
            )
        )
    return out


def find_gutter(words: Sequence[dict[str, Any]], width: float) -> float | None:
    """The x of a vertical band between two columns, or None for a one-column page.

    A gutter is a band, in the middle 40 % of the page, that almost no line's words cover while most
    lines have words on both sides of it. In one-column text every x is covered by most lines' words
    (a space falls at a given x on few lines), so no band qualifies.
    """
    return _gutter(_cluster(words), width)


def _gutter(lines: list[list[dict[str, Any]]], width: float) -> float | None:
    if len(lines) < 6:
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    # Per-x counts by difference arrays over [lo, hi): one pass over the words, not one per x.
    covered = [0] * (hi - lo + 1)
    both = [0] * (hi - lo + 1)

    def add(counts: list[int], first: int, last: int) -> None:
        first, last = max(first, lo), min(last, hi - 1)
        if first <= last:
            counts[first - lo] += 1
            counts[last - lo + 1] -= 1

    for line in lines:
        spans = sorted((float(w["x0"]), float(w["x1"])) for w in line)
        merged: list[list[float]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        for a, b in merged:  # disjoint, so each line counts once at any x with a <= x <= b
            add(covered, math.ceil(a), math.floor(b))
        # words on both sides: some word ends before x and some starts after it
        add(both, math.floor(min(b for _, b in spans)) + 1, math.ceil(max(a for a, _ in spans)) - 1)
    best: list[int] = []
    run: list[int] = []
    n_covered = n_both = 0
    for x in range(lo, hi):
        n_covered += covered[x - lo]
        n_both += both[x - lo]
        if n_covered <= 0.05 * len(lines) and n_both >= 0.5 * len(lines):
            run.append(x)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return (best[0] + best[-1]) / 2 if len(best) >= 6 else None


def _columns(rows: list[list[dict[str, Any]]], gutter: float) -> list[list[dict[str, Any]]]:
    """Word groups in reading order on a two-column page: left then right between full-width lines."""
    groups: list[list[dict[str, Any]]] = []
    left: list[dict[str, Any]] = []
    right: list[dict[str, Any]] = []
    for line in rows:
        if any(float(w["x0"]) < gutter < float(w["x1"]) for w in line):
            groups += [g for g in (left, right) if g]
            left, right = [], []
            groups.append(line)
        else:
            left += [w for w in line if float(w["x1"]) <= gutter]
            right += [w for w in line if float(w["x0"]) >= gutter]
    groups += [g for g in (left, right) if g]
    return groups


def join_hyphens(pages: Iterable[Page]) -> list[Page]:
    """Join words split by a hyphen at a line end (kommu-/nernas), keeping suspended compounds."""
    out: list[Page] = []
    for page in pages:
        lines = list(page.lines)
        for i in range(len(lines) - 1):
            cur, nxt = lines[i], lines[i + 1]
            if cur.cells or nxt.cells:
                continue  # a table row keeps its cells apart
            m = _LINE_END_HYPHEN.search(cur.text)
            if not m or not nxt.text or not nxt.text[0].islower():
                continue
            first, _, rest = nxt.text.partition(" ")
            if first in _KEEP_HYPHEN_NEXT:
                # "hälso-⏎och sjukvård": a suspended compound keeps a visible hyphen, whatever marked it.
                lines[i] = _with_text(cur, cur.text[:-1] + "-")
                continue
            lines[i] = _with_text(cur, cur.text[:-1] + first)
            lines[i + 1] = _with_text(nxt, rest)
        # A soft hyphen that did not end up at a join is invisible in print: drop it.
        out.append(
            Page(
                number=page.number,
                lines=tuple(
                    _with_text(line, line.text.replace("\u00ad", "")) if "\u00ad" in line.text else line
                    for line in lines
                    if line.text.strip()
                ),
            )
        )
    return out


def _with_text(line: Line, text: str) -> Line:
    return replace(line, text=text)


def _mask(text: str) -> str:
    # Digits vary (page numbers, dates); punctuation too on a scan, where a speck reads as '"' or '.'.
    return " ".join(_NOT_WORD.sub(" ", _DIGITS.sub("#", text.lower())).split())


_NOT_WORD = re.compile(r"[^\w#]+")


def drop_repeated_lines(pages: Sequence[Page]) -> tuple[list[Page], list[str]]:
    """Remove letterheads, footers and page numbers.

    A letterhead or footer line repeats (digits masked) on most pages *at the same height*, in the top
    or bottom MARGIN_SHARE of the text. Requiring the same position keeps body text that happens to
    recur, such as "Kommunen har inga synpunkter på förslaget." on both pages of a two-page answer.
    Pages that are the same throughout (a response printed twice) count once: their lines repeat
    because the page does. And a page is never emptied: if every line of it would go, it keeps them.
    Returns the pages and the distinct removed lines.
    """
    count = len(pages)
    anchors: dict[str, float] = {}
    masks = [[_mask(line.text) for line in page.lines] for page in pages] if count >= 2 else []
    # Identical pages (the same lines at the same heights, digits masked) are one page for counting.
    copies: dict[tuple[tuple[str, int], ...], int] = {}
    copy_of = []
    for page, keys in zip(pages, masks, strict=True) if masks else ():
        content = tuple((key, round(line.top)) for key, line in zip(keys, page.lines, strict=True))
        copy_of.append(copies.setdefault(content, len(copies)))
    if len(copies) >= 2:
        tops_all = [line.top for page in pages for line in page.lines]
        bottoms_all = [line.bottom for page in pages for line in page.lines]
        first, last = min(tops_all), max(bottoms_all)
        band = MARGIN_SHARE * (last - first)
        tops: dict[str, list[tuple[int, float]]] = {}
        for page, keys, copy in zip(pages, masks, copy_of, strict=True):
            for line, key in zip(page.lines, keys, strict=True):
                if line.top <= first + band or line.bottom >= last - band:
                    tops.setdefault(key, []).append((copy, line.top))
        need = max(2, math.ceil(REPEAT_SHARE * len(copies)))
        for key, seen in tops.items():
            if len(key) < 2 or len({p for p, _ in seen}) < need:
                continue
            for _, anchor in seen:
                near = {p for p, top in seen if abs(top - anchor) <= POSITION_TOLERANCE}
                if len(near) >= need:
                    anchors[key] = anchor
                    break
    removed: list[str] = []
    out: list[Page] = []
    for index, page in enumerate(pages):
        kept: list[Line] = []
        repeated: list[Line] = []
        for i, line in enumerate(page.lines):
            edge = i < 3 or i >= len(page.lines) - 3
            text = line.text.strip()
            is_number = bool(_PAGE_NUMBER.match(text) or _DASHED_NUMBER.match(text))
            # A bare number mid-page may be a table cell; only edge lines are page numbers.
            if is_number and (edge or not text.isdigit()):
                continue
            at = anchors.get(masks[index][i]) if anchors and not line.cells else None
            if at is not None and abs(line.top - at) <= POSITION_TOLERANCE:
                repeated.append(line)
                continue
            kept.append(line)
        if repeated and not kept:
            kept = repeated  # the page would be empty: what repeats on it is its text
        else:
            removed += [t for t in dict.fromkeys(line.text.strip() for line in repeated) if t not in removed]
        out.append(Page(number=page.number, lines=tuple(kept)))
    return out, removed
