"""Respondent: the answering body's name, from the letterhead and first page, else the file name."""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Document, RespondentType

_NAME_WORD = r"[A-ZÅÄÖ][\wåäöéü-]+"
_NOT_A_NAME = {
    "varje",
    "den",
    "en",
    "vår",
    "samma",
    "berörd",
    "respektive",
    "aktuell",
    "hemmahörande",
    "denna",
    "egen",
    "annan",
    "enskild",
    "utredningen",
    "att",
    "och",
    "som",
    "för",
    "till",
    "från",
    "per",
    "där",
}
_MUNICIPALITY = re.compile(rf"\b((?:{_NAME_WORD}\s+)?{_NAME_WORD})\s+(kommun|stad)\b")
_REGION = re.compile(
    rf"\b(Region\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?)\b|\b((?:{_NAME_WORD}\s+)?[A-ZÅÄÖ][\wåäö]{{2,}}regionen)\b"
)
_ORGANISATION = re.compile(
    r"\b(?:[\wåäöÅÄÖ-]*(?:förbund|förening|myndighet|verk|inspektion|universitet|högskola|institut"
    r"|ombud|kollegium|akademi|råd)(?:et|en|s)?\b|Sveriges\s+\w+(?:\s+\w+){0,3})"
)
_NAMND = re.compile(r"\b([A-ZÅÄÖ][\wåäö-]*(?:\s+och\s+[\wåäö]+)?(?:nämnden|styrelsen))\b")
_NOT_RESPONDENT = re.compile(r"departementet|regeringskansliet|^till\b|^er\s+ref|^mottagare|utredning", re.I)

TOP_LINES = 12


def detect_respondent(doc: Document) -> str:
    """The body's name ("Norrby kommun", "Region Västland", an organisation), else the file stem."""
    first = doc.pages[0].lines if doc.pages else ()
    top = list(doc.letterhead) + [line.text for line in first[:TOP_LINES]]
    body = [line.text for line in first[TOP_LINES:]]
    # The letterhead and the top of page 1 first; the body of page 1 only if they name nobody.
    for text in top:
        if _NOT_RESPONDENT.search(text):
            continue
        if name := _municipality_or_region(text):
            return name
    for text in top:
        if _NOT_RESPONDENT.search(text) or len(text) > 70 or text.endswith("."):
            continue
        if _ORGANISATION.search(text) and not re.search(r"\d", text):
            return text.strip(" :")
    for text in body:
        if not _NOT_RESPONDENT.search(text) and (name := _municipality_or_region(text)):
            return name
    for text in top + body:
        m = _NAMND.search(text)
        if m and not _NOT_RESPONDENT.search(text):
            return m.group(1)
    return fallback_name(doc.path)


def _municipality_or_region(text: str) -> str | None:
    m = _REGION.search(text)
    if m:
        return (m.group(1) or m.group(2)).strip()
    for m in _MUNICIPALITY.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _NOT_A_NAME:
            words = words[1:]
        if words:
            return f"{' '.join(words)} {m.group(2)}"
    return None


def fallback_name(path: str) -> str:
    """A readable name from a file name: "norrby-kommun.pdf" → "Norrby kommun"."""
    name = re.sub(r"[-_]+", " ", Path(path).stem).strip() or Path(path).name
    return name[:1].upper() + name[1:]


_TYPE_RULES: tuple[tuple[RespondentType, re.Pattern[str]], ...] = (
    (RespondentType.KOMMUN, re.compile(r"\bkommun\b|\bstad\b|\bkommunstyrelsen\b|\bkommunförbund")),
    (RespondentType.REGION, re.compile(r"^region\s|regionen$|\blandsting|^regionstyrelsen")),
    (
        RespondentType.MYNDIGHET,
        re.compile(
            r"myndighet|verket\b|inspektion|styrelsen\b|ombudsman|kollegiet|domstol|rätten\b|universitet"
            r"|högskola|länsstyrelse|\bstatens\s|institutet\b|kommissionen|myndigheten"
        ),
    ),
    (
        RespondentType.ORGANISATION,
        re.compile(
            r"förbund|förening|^sveriges\s|organisation|\bab\b|akademi|rådet\b|stiftelse|samfund|fack"
        ),
    ),
)


def respondent_type(name: str) -> RespondentType:
    """kommun, region, myndighet, organisation or other, from the respondent's name."""
    low = name.strip().lower()
    for kind, pattern in _TYPE_RULES:
        if pattern.search(low):
            return kind
    return RespondentType.OTHER
