"""The cache: read documents and analysed responses on disk, keyed by what they depend on.

The keys are built by the pipeline (from the file's SHA-256, the reading options, the proposals and the
versions); this module only stores and validates. Entries are written atomically and checked on read:
a corrupt or foreign entry is ignored (and rebuilt), never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..model import Document, Response
from .codec import FOREIGN, checked_response, decode_document, encode_document, encode_response

APP = "remisskoll"


def cache_dir() -> Path:
    """Where the cache lives: $REMISSKOLL_CACHE_DIR, else $XDG_CACHE_HOME/remisskoll, else the
    platform's user cache directory (~/.cache/remisskoll on Linux, %LOCALAPPDATA%\\remisskoll\\Cache on
    Windows, ~/Library/Caches/remisskoll on macOS)."""
    if own := os.environ.get("REMISSKOLL_CACHE_DIR"):
        return Path(own)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / APP
    import platformdirs  # imported here: only runs that use the cache need it

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Cache:
    """A directory of cache entries; `enabled=False` makes every lookup a miss and writes nothing."""

    directory: Path
    enabled: bool = True

    @classmethod
    def default(cls, enabled: bool = True) -> Cache:
        """The user's cache directory (see cache_dir)."""
        return cls(cache_dir(), enabled)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get_document(self, key: str, path: str) -> Document | ReadError | None:
        """A read document (or why it could not be read), or None when missing, corrupt or foreign."""
        data = self._read(key)
        try:
            return decode_document(data, path) if data is not None else None
        except FOREIGN:
            return None

    def put_document(self, key: str, result: Document | ReadError) -> None:
        self._write(key, encode_document(result))

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
