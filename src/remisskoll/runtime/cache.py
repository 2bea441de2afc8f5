"""The cache: read documents and analysed responses on disk, keyed by what they depend on.

The keys are built by the pipeline (from the file's SHA-256, the reading options, the proposals and the
versions); this module only stores and validates. Entries are written atomically and checked on read:
a corrupt or foreign entry is removed and rebuilt, never trusted; nothing in an entry can make a
read fail.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..model import Document, Response
from .codec import checked_response, decode_document, encode_document, encode_response

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


class NotRegularFile(OSError):
    """A path that names a pipe, device or socket: reading it may never end (a FIFO, /dev/zero)."""


def file_digest(path: str | Path, deadline: float | None = None) -> str:
    """SHA-256 of a regular file's bytes, read in chunks (see identify_file)."""
    return identify_file(path, deadline)[0]


def identify_file(path: str | Path, deadline: float | None = None) -> tuple[str, int]:
    """SHA-256 of a regular file's bytes and its size. Raises NotRegularFile for anything else (opened
    without blocking, so a FIFO cannot hang it), TimeoutError once time.monotonic() passes `deadline`
    (a huge file), OSError when it cannot be read."""
    # O_NONBLOCK: opening a FIFO would wait for a writer; it does nothing to a regular file.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb", closefd=True) as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise NotRegularFile(f"{path}: not a regular file")
        h = hashlib.sha256()
        size = 0
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"{path}: not read within the time limit")
    return h.hexdigest(), size


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
        if data is None:
            return None
        try:
            return decode_document(data, path)
        except Exception:  # any failure to decode is a corrupt entry (FOREIGN, and whatever else)
            self._drop(key)
            return None

    def put_document(self, key: str, result: Document | ReadError) -> None:
        self._write(key, encode_document(result))

    def get_response(
        self, key: str, path: str, name: str | None = None
    ) -> tuple[Response, str | None] | None:
        """An analysed response and the file name it depends on (see put_response), or None when
        missing, corrupt or foreign, or analysed under another name than `name` and depending on it."""
        data = self._read(key)
        if data is None:
            return None
        try:
            bound = data["bound"]
            if bound is not None and not isinstance(bound, str):
                raise TypeError("bad bound name")
            response = checked_response(data["response"], path)
        except Exception:
            response = None
        if response is None:
            self._drop(key)
            return None
        return (response, bound) if bound is None or bound == name else None

    def put_response(self, key: str, response: Response, bound: str | None = None) -> None:
        """Store an analysed response; `bound` is the file name it depends on (its respondent came
        from the file name), None when any name of the same bytes would give the same analysis."""
        self._write(key, {"response": encode_response(response), "bound": bound})

    def _read(self, key: str) -> Any:
        if not self.enabled:
            return None
        try:
            text = self._path(key).read_text("utf-8")
        except OSError:
            return None  # missing (or unreadable): rebuild
        try:
            data = json.loads(text)
        except Exception:  # not JSON, nested beyond recursion, too large a number: corrupt
            self._drop(key)
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            self._drop(key)  # a foreign entry under our name
            return None
        return data.get("result")

    def _drop(self, key: str) -> None:
        """Remove a corrupt entry, so that no later run trips over it (a read-only cache keeps it)."""
        with contextlib.suppress(OSError):
            self._path(key).unlink()

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
