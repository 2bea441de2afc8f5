"""Cache of extracted pages, and the JSON codec that worker processes also use to hand results back.

Entries are keyed by the SHA-256 of the file's bytes, the engine and the extractor versions, written
atomically, and validated on read: a corrupt or foreign entry is ignored (and rebuilt), never trusted.
JSON rather than pickle, because a worker that parsed a hostile PDF must not be able to hand the parent
anything but data.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import (
    Basis,
    Cell,
    Dissent,
    Document,
    Evidence,
    Line,
    Page,
    ReadError,
    RespondentType,
    Response,
    Stance,
    Status,
)

CODEC_VERSION = 1
# What decode and decode_response raise on data they did not write.
FOREIGN = (ValueError, KeyError, TypeError, AttributeError)


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/remisskoll, else ~/.cache/remisskoll."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "remisskoll"


def file_digest(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --- codec -------------------------------------------------------------------------------------


def encode(result: Document | ReadError) -> dict[str, Any]:
    """A Document or a ReadError as plain JSON data."""
    if isinstance(result, ReadError):
        return {"codec": CODEC_VERSION, "error": {"status": result.status.value, "reason": result.reason}}
    return {
        "codec": CODEC_VERSION,
        "page_count": result.page_count,
        "letterhead": list(result.letterhead),
        "ocr": result.ocr,
        "ocr_confidence": result.ocr_confidence,
        "pages": [
            [[ln.text, ln.top, ln.bottom, ln.x0, ln.size, ln.bold] for ln in page.lines]
            for page in result.pages
        ],
    }


def decode(data: Any, path: str) -> Document | ReadError:
    """The inverse of encode; raises ValueError on anything that is not exactly what encode writes."""
    if not isinstance(data, dict) or data.get("codec") != CODEC_VERSION:
        raise ValueError("not a remisskoll extraction")
    if "error" in data:
        err = data["error"]
        if not isinstance(err, dict) or not isinstance(err.get("reason"), str):
            raise ValueError("bad error entry")
        return ReadError(Status(err["status"]), err["reason"])
    pages = []
    for number, lines in enumerate(data["pages"], start=1):
        if not isinstance(lines, list):
            raise ValueError("bad page")
        built = []
        for item in lines:
            text, top, bottom, x0, size, bold = item
            if not isinstance(text, str) or not isinstance(bold, bool):
                raise ValueError("bad line")
            built.append(Line(text, float(top), float(bottom), float(x0), float(size), bold))
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
        ocr_confidence=float(confidence) if confidence is not None else None,
    )


# --- store -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cache:
    """A directory of extraction results; `enabled=False` makes every lookup a miss and writes nothing."""

    directory: Path
    enabled: bool = True

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, path: str) -> Document | ReadError | None:
        """An extraction result, or None when missing, corrupt or foreign."""
        data = self._read(key)
        try:
            return decode(data, path) if data is not None else None
        except FOREIGN:
            return None

    def put(self, key: str, result: Document | ReadError) -> None:
        self._write(key, encode(result))

    def get_response(self, key: str, path: str) -> Response | None:
        """An analysed response, or None when missing, corrupt or foreign."""
        return checked_response(self._read(key), path)

    def put_response(self, key: str, response: Response) -> None:
        self._write(key, encode_response(response))

    def _read(self, key: str) -> Any:
        if not self.enabled:
            return None
        try:
            data = json.loads(self._path(key).read_text("utf-8"))
        except (OSError, ValueError):
            return None  # missing or corrupt: rebuild
        if not isinstance(data, dict) or data.get("key") != key:
            return None  # a foreign entry under our name
        return data.get("result")

    def _write(self, key: str, payload: dict[str, Any]) -> None:
        if not self.enabled:
            return
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                # dumps and one write: json.dump writes chunk by chunk, several times slower here
                text = json.dumps({"key": key, "result": payload}, ensure_ascii=False, separators=(",", ":"))
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def info(self) -> tuple[int, int]:
        """(entries, bytes) in the cache directory."""
        files = list(self.directory.glob("*/*.json")) if self.directory.is_dir() else []
        return len(files), sum(f.stat().st_size for f in files)

    def clear(self) -> int:
        """Remove every entry; returns how many."""
        count = 0
        if self.directory.is_dir():
            for f in self.directory.glob("*/*.json"):
                f.unlink(missing_ok=True)
                count += 1
            for d in self.directory.iterdir():
                if d.is_dir() and not any(d.iterdir()):
                    d.rmdir()
        return count


# --- analysed responses ------------------------------------------------------------------------


def encode_response(r: Response) -> dict[str, Any]:
    """A read response (before analysts' overrides) as plain JSON data."""
    return {
        "codec": CODEC_VERSION,
        "respondent": r.respondent,
        "status": r.status.value,
        "pages": r.pages,
        "error": r.error,
        "respondent_type": r.respondent_type.value,
        "ocr": r.ocr,
        "inquiries": list(r.inquiries),
        "named": list(r.named),
        "paragraphs": list(r.paragraphs),
        "references": [[e.page, e.quote] for e in r.references],
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
        Cell(str(pid), Stance(stance), Basis(basis), float(conf), evidence(ev), str(rule), ocr=bool(ocr))
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
        respondent_type=RespondentType(data["respondent_type"]),
        ocr=bool(data["ocr"]),
        inquiries=tuple(map(str, data["inquiries"])),
        named=tuple(map(str, data["named"])),
        paragraphs=tuple(map(str, data["paragraphs"])),
    )
