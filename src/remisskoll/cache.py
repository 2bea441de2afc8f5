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

from .model import Document, Line, Page, ReadError, Status

CODEC_VERSION = 1


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
        if not self.enabled:
            return None
        try:
            data = json.loads(self._path(key).read_text("utf-8"))
            if data.get("key") != key:
                return None  # a foreign entry under our name
            return decode(data["result"], path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, corrupt or foreign: rebuild

    def put(self, key: str, result: Document | ReadError) -> None:
        if not self.enabled:
            return
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(
                        {"key": key, "result": encode(result)}, fh, ensure_ascii=False, separators=(",", ":")
                    )
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
