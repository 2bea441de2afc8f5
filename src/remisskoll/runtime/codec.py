"""JSON codec for what crosses a process boundary or lands in the cache: Documents, ReadErrors,
Responses and the proposals (Remiss) a worker analyses against.

JSON rather than pickle, because a worker that parsed a hostile PDF must not be able to hand the parent
anything but data; every decoder checks the shape it reads and raises one of FOREIGN on anything else.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from ..errors import Failure, ReadError
from ..model import (
    Basis,
    Cell,
    Dissent,
    Document,
    Evidence,
    Line,
    Page,
    Proposal,
    Remiss,
    RespondentType,
    Response,
    Stance,
    Status,
)

CODEC_VERSION = 3  # bump when what encode writes changes shape; keys include it, so old entries are not read
# What the decoders raise on data they did not write: wrong shapes, Infinity where a number is turned
# into an int (OverflowError), nesting deeper than Python recurses (RecursionError).
FOREIGN = (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError)


def encode_document(result: Document | ReadError) -> dict[str, Any]:
    """A Document or a ReadError as plain JSON data."""
    if isinstance(result, ReadError):
        return {"codec": CODEC_VERSION, "error": {"failure": result.failure.name, "reason": result.reason}}
    return {
        "codec": CODEC_VERSION,
        "page_count": result.page_count,
        "letterhead": list(result.letterhead),
        "ocr": result.ocr,
        "ocr_confidence": result.ocr_confidence,
        "pages": [
            [
                [ln.text, ln.top, ln.bottom, ln.x0, ln.size, ln.bold, *([list(ln.cells)] if ln.cells else [])]
                for ln in page.lines
            ]
            for page in result.pages
        ],
    }


def decode_document(data: Any, path: str) -> Document | ReadError:
    """The inverse of encode_document; raises one of FOREIGN on anything encode_document does not write."""
    if not isinstance(data, dict) or data.get("codec") != CODEC_VERSION:
        raise ValueError("not a remisskoll extraction")
    if "error" in data:
        err = data["error"]
        if not isinstance(err, dict) or not isinstance(err.get("reason"), str):
            raise ValueError("bad error entry")
        return ReadError(Failure[err["failure"]], err["reason"])
    pages = []
    for number, lines in enumerate(data["pages"], start=1):
        if not isinstance(lines, list):
            raise ValueError("bad page")
        built = []
        for item in lines:
            text, top, bottom, x0, size, bold, *rest = item
            cells = tuple(rest[0]) if rest else ()
            if not isinstance(text, str) or not isinstance(bold, bool) or len(rest) > 1:
                raise ValueError("bad line")
            if not all(isinstance(c, str) for c in cells):
                raise ValueError("bad table row")
            built.append(Line(text, _real(top), _real(bottom), _real(x0), _real(size), bold, cells))
        pages.append(Page(number, tuple(built)))
    letterhead = data["letterhead"]
    if not isinstance(letterhead, list) or not all(isinstance(x, str) for x in letterhead):
        raise ValueError("bad letterhead")
    confidence = data.get("ocr_confidence")
    return Document(
        path=path,
        pages=tuple(pages),
        page_count=int(data["page_count"]),
        letterhead=tuple(letterhead),
        ocr=bool(data.get("ocr", False)),
        ocr_confidence=_real(confidence) if confidence is not None else None,
    )


def _real(value: Any) -> float:
    """A finite number: JSON from outside may say NaN or Infinity, which no field of ours holds."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def encode_response(r: Response) -> dict[str, Any]:
    """A read response (before analysts' overrides) as plain JSON data."""
    return {
        "codec": CODEC_VERSION,
        "respondent": r.respondent,
        "status": r.status.value,
        "pages": r.pages,
        "error": r.error,
        "failure": r.failure.name if r.failure is not None else None,
        "respondent_type": r.respondent_type.value,
        "ocr": r.ocr,
        "inquiries": list(r.inquiries),
        "named": list(r.named),
        "paragraphs": list(r.paragraphs),
        "references": [[e.page, e.quote] for e in r.references],
        "unplaced": [[e.page, e.quote] for e in r.unplaced],
        "dissents": [
            [d.page, d.quote, list(d.proposals), d.who, d.stance.value if d.stance else None]
            for d in r.dissents
        ],
        "cells": [
            [
                c.proposal,
                c.stance.value,
                c.basis.value,
                c.confidence,
                [[e.page, e.quote] for e in c.evidence],
                c.rule,
                c.ocr,
            ]
            for c in r.cells
        ],
    }


def checked_response(data: Any, path: str) -> Response | None:
    """decode_response, or None for no data or anything that is not exactly what encode_response writes
    (a cache entry, or a worker's message: neither is trusted)."""
    try:
        return decode_response(data, path) if data is not None else None
    except FOREIGN:
        return None


def decode_response(data: Any, path: str) -> Response:
    """The inverse of encode_response; raises ValueError, KeyError or TypeError on anything else."""
    if not isinstance(data, dict) or data.get("codec") != CODEC_VERSION:
        raise ValueError("not a remisskoll response")

    def evidence(items: Any) -> tuple[Evidence, ...]:
        return tuple(Evidence(int(page), str(quote)) for page, quote in items)

    cells = tuple(
        Cell(str(pid), Stance(stance), Basis(basis), _real(conf), evidence(ev), str(rule), ocr=bool(ocr))
        for pid, stance, basis, conf, ev, rule, ocr in data["cells"]
    )
    dissents = tuple(
        Dissent(int(page), str(quote), tuple(map(str, pids)), str(who), Stance(stance) if stance else None)
        for page, quote, pids, who, stance in data["dissents"]
    )
    return Response(
        file=path,
        respondent=str(data["respondent"]),
        status=Status(data["status"]),
        pages=int(data["pages"]),
        cells=cells,
        error=data["error"] if data["error"] is None else str(data["error"]),
        dissents=dissents,
        references=evidence(data["references"]),
        unplaced=evidence(data["unplaced"]),
        respondent_type=RespondentType(data["respondent_type"]),
        ocr=bool(data["ocr"]),
        inquiries=tuple(map(str, data["inquiries"])),
        named=tuple(map(str, data["named"])),
        paragraphs=tuple(map(str, data["paragraphs"])),
        failure=Failure[data["failure"]] if data["failure"] is not None else None,
    )


def encode_remiss(remiss: Remiss) -> dict[str, Any]:
    """The proposals in use as plain JSON data (a worker analyses against them)."""
    return {"codec": CODEC_VERSION, "remiss": dataclasses.asdict(remiss)}


def decode_remiss(data: Any) -> Remiss:
    """The inverse of encode_remiss."""
    if not isinstance(data, dict) or data.get("codec") != CODEC_VERSION:
        raise ValueError("not a remisskoll remiss")
    fields = dict(data["remiss"])
    proposals = tuple(Proposal(**_tuples(p)) for p in fields.pop("proposals"))
    return Remiss(proposals=proposals, **fields)


def _tuples(fields: dict[str, Any]) -> dict[str, Any]:
    # JSON has lists where the records have tuples (of strings, or of tuples of strings).
    def tup(value: Any) -> Any:
        return tuple(tup(v) for v in value) if isinstance(value, list) else value

    return {k: tup(v) for k, v in fields.items()}
