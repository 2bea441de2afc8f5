"""The text artefacts Tesseract leaves in OCR'd lines, normalised in one place.

Applied to OCR'd lines only (a text layer is never touched), after ocr.py has built the lines. Every rule
is written for the genre (Swedish consultation responses, protokoll, letterheads), never for a file,
and only where the reading is unambiguous: a rule that could change a real word is worse than none.

- bullets: a list bullet at a line start is read as «, », »«, ©, *, =, +, -, —, or as the letters e/o
  before a capital; they all become "• ". A lone "o"/"e" before a lowercase word is a bullet only in a
  run of bullets (a nested list), see clean_lines.
- §: the paragraph sign of a protokoll is read as 8, &, 8& or $ ("8 23 Yttrande …", "$38 Dnr …"); at a
  line start before a paragraph number and a capitalised word, and after an ISO date ("protokoll
  2025-02-18 8 22"), it is put back; so is an S run into a paragraph number at a line start ("S9 Dnr").
- dashes: Tesseract reads the en dash as an em dash or a hyphen. "—" becomes "–" (Swedish prose uses the
  en dash), and so do a hyphen with a space on both sides between words (a hyphen never has) and a
  dash standing alone (an empty table cell).
- "@" read as Q, QQ, (Q or (O inside an e-mail address.
- an acronym's genitive "VKM:s" read as "VKM:S" before a lowercase word.
- specks: a lone "|" (a speck or a table rule, never a word) and logo shapes read as "C]", "[]" at a
  line start are dropped, and so are marks after a word's last mark ("efterfrågar.;"), a dash with
  marks at a line end ("dygnet -:") and a mark between a suspended compound's hyphen and "och"
  ("hälso-.och"); a space Tesseract puts before , . ; : ! ? is removed. A line left with no word of
  two characters (nor a page number) is dust and is dropped (clean_lines).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

BULLET = "• "

# Glyphs a bullet is read as. A run of them ("»«", "= -") is one bullet.
_BULLET_GLYPHS = "«»©*•=·▪■●◦"
_BULLET_RUN = re.compile(
    rf"^(?:[{_BULLET_GLYPHS}]+|[-–—]+|\+(?=\s+[A-ZÅÄÖ]))(?:\s+(?:[{_BULLET_GLYPHS}]+|[-–—]+))*\s+(?=[\w\"”»(])"
)
# "e"/"o" alone before a capitalised word: no Swedish sentence starts like that.
_LETTER_BULLET = re.compile(r"^[eo]\s+(?=[A-ZÅÄÖ])")
# ... and before a lowercase word only inside a run of bullets (see clean_lines).
_LETTER_BULLET_LOWER = re.compile(r"^[eo]\s+(?=[a-zåäö]{2,})")

# § read as 8, &, 8&, $ before a paragraph number (1–999) and a capitalised word, at a line start.
_PARAGRAPH_START = re.compile(r"^(?:8&|8|&|\$|§)\s?([1-9]\d{0,2})(?=\s+[A-ZÅÄÖ])")
# ... or as an S run into the number ("S9 Dnr …"); a ministry's diary number (S2024/01960) has four digits.
_PARAGRAPH_S = re.compile(r"^S([1-9]\d{0,2})(?=\s)")
# ... and after an ISO date: "protokoll 2025-02-18 § 22".
_PARAGRAPH_AFTER_DATE = re.compile(r"(?<=\b\d{4}-\d{2}-\d{2}\s)(?:8&|8|&|\$)\s?(?=[1-9]\d{0,2}\b)")

_EM_DASH = re.compile("—")
_SPACED_HYPHEN = re.compile(r"(?<=[\w),.]) - (?=[\w(])")

# "s.remissvarQregeringskansliet.se", "registrator(Onorrback.example", "infoQ rhp.example", "info Qrhp.se".
_AT = re.compile(
    r"(?<=[a-z0-9._-])\s?(?:\(Q|\(O|\(0|QQ|Q|©)\s?(?=[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:se|nu|com|org|net|eu|example)\b)"
)
_GENITIVE = re.compile(r"\b([A-ZÅÄÖ]{2,}):S(?=\s+[a-zåäö])")

_LOGO_START = re.compile(r"^(?:\[\]|\[C\]|C\]|\[|\])\s+(?=\S)")
_BAR = re.compile(r"(?:^|\s)\|(?=\s|$)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])(?=\s|$)")
_SPACES = re.compile(r"\s{2,}")
# A speck after a sentence's last mark ("efterfrågar.;", "dygnet,:"), or standing alone at the end.
_MARKS_AFTER_MARK = re.compile(r"(?<=[^\W\d_]|\))([.,;:!?])[.,;:]+$")
_TRAILING_MARKS = re.compile(r"\s+[-–—][.,;:]+$")
# A dash standing alone (an empty table cell, "–"), whichever dash it was read as.
_LONE_DASH = re.compile(r"^[-–—]$")
# A speck read as a full stop after a suspended compound's hyphen: "hälso-.och sjukvård".
_HYPHEN_SPECK = re.compile(r"(?<=\w)-\s?[.,'`]\s?(?=(?:och|eller|samt|respektive|till)\b)")


def clean_line(text: str) -> str:
    """One OCR'd line with Tesseract's artefacts normalised (see the module docstring)."""
    text = _BAR.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    text = _LOGO_START.sub("", text)
    text = _TRAILING_MARKS.sub("", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _MARKS_AFTER_MARK.sub(r"\1", text)
    text = _BULLET_RUN.sub(BULLET, text)
    text = _LETTER_BULLET.sub(BULLET, text)
    text = _PARAGRAPH_START.sub(r"§ \1", text)
    text = _PARAGRAPH_S.sub(r"§ \1", text)
    text = _PARAGRAPH_AFTER_DATE.sub("§ ", text)
    text = _EM_DASH.sub("–", text)
    text = _LONE_DASH.sub("–", text)
    text = _SPACED_HYPHEN.sub(" – ", text)
    text = _HYPHEN_SPECK.sub("- ", text)
    text = _AT.sub("@", text)
    text = _GENITIVE.sub(r"\1:s", text)
    return text


def clean_lines(texts: Sequence[str]) -> list[str]:
    """A page's OCR'd lines, in reading order, each cleaned; a lone "o"/"e" before a lowercase word
    becomes a bullet when the line before it is a bullet (the items of a nested list)."""
    out = [clean_line(t) for t in texts]
    for i in range(1, len(out)):
        if out[i - 1].startswith(BULLET) and _LETTER_BULLET_LOWER.match(out[i]):
            out[i] = _LETTER_BULLET_LOWER.sub(BULLET, out[i])
    return [t if _content(t) else "" for t in out]


def _content(text: str) -> bool:
    """A line says something: a word of two characters or more, or a number (a page number)."""
    alnum = [c for c in text if c.isalnum()]
    return len(alnum) >= 2 or (len(alnum) == 1 and alnum[0].isdigit())
