"""References to inquiries and ministry diary numbers in a text ("SOU 2024:72", "S2024/01983")."""

from __future__ import annotations

import re

_INQUIRY = re.compile(r"\b(SOU|Ds|Dir\.)\s?(\d{4}):(\d{1,3})\b")
_MINISTRY_DNR = re.compile(r"\b([A-Z][a-zA-Z]{0,2}\d{4}/\d{3,6})\b")


def is_ministry_dnr(reference: str) -> bool:
    """Whether an inquiry_references() entry is a ministry diary number ("S2024/01983")."""
    return _MINISTRY_DNR.fullmatch(reference) is not None


def inquiry_references(text: str) -> tuple[str, ...]:
    """Inquiry numbers and ministry diary numbers a text cites, normalised and in order of appearance."""
    found = [f"{kind} {year}:{number}" for kind, year, number in _INQUIRY.findall(text)]
    found += _MINISTRY_DNR.findall(text)
    return tuple(dict.fromkeys(found))
