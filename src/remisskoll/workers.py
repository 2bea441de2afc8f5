"""Workers: extract files in child processes, several at a time, within time and memory limits.

PDFs are untrusted: a file that makes the parser loop is stopped after `timeout` seconds, one that
explodes in memory hits an address-space limit, one that crashes the parser takes only its own process
down. Workers are forked from a fork server that has already imported the parsers (and the main
script), and each reads up to FILES_PER_WORKER files, one at a time: a file that kills or stops its
worker costs only that worker, which is replaced. A worker can also analyse what it extracted
(`analyser`), so that the whole per-file pipeline runs on every core. Workers hand results back as
JSON (cache.encode), never pickle.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .cache import FOREIGN, Cache, decode, encode, file_digest
from .model import Document, ReadError, Status

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 2048
EXTRACTOR_VERSION = "2"  # bump when extraction output changes, so cached entries are not reused


@dataclass(frozen=True)
class Options:
    engine: str = "pdfplumber"
    ocr: str = "auto"
    jobs: int = 0  # 0: one per CPU
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB

    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


Result = Document | ReadError
# What a worker runs on its Document after extraction; returns JSON data (a pickled partial is sent in).
Analyser = Callable[[Document], dict[str, Any]]
# Called as each file is done: its index, its result, and the analyser's output if a worker ran it. The
# result is None when a worker analysed the file and cached its Document rather than sending it.
Done = Callable[[int, Result | None, dict[str, Any] | None], None]


@lru_cache(maxsize=2)
def _parser_versions(engine: str) -> str:
    # From the installed distributions' metadata: importing the parsers here would cost the parent
    # ~0.2 s on every run, warm ones included.
    from importlib.metadata import version

    if engine == "pdfplumber":
        return f"pdfplumber-{version('pdfplumber')}-pdfminer-{version('pdfminer.six')}"
    return f"pypdfium2-{version('pypdfium2')}"


def cache_key(digest: str, options: Options) -> str:
    """SHA-256 of the bytes, plus everything that changes what extraction returns."""
    from . import __version__

    versions = _parser_versions(options.engine)
    tag = (
        f"{digest}|{options.engine}|{versions}|ocr-{options.ocr}|remisskoll-{__version__}-{EXTRACTOR_VERSION}"
    )
    return hashlib.sha256(tag.encode()).hexdigest()


def _serve(  # pragma: no cover
    conn: Connection, engine: str, ocr: str, memory_mb: int, analyser: Analyser | None, cache: Cache
) -> None:
    # Runs in the worker process (coverage does not follow it): read the files the parent names (cache
    # key, newline, path), one at a time, until it sends an empty message; every outcome goes back as
    # JSON.
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if not message:
            return
        key, _, rest = message.partition(b"\n")
        send_document, path = rest[:1] == b"D", os.fsdecode(rest[1:])
        payload, exhausted = _read_one(
            path, engine, ocr, memory_mb, analyser, cache if not send_document else None, key.decode("ascii")
        )
        conn.send_bytes(payload)
        if exhausted:
            return  # after running out of memory a process is not to be trusted with the next file


def _read_one(  # pragma: no cover
    path: str,
    engine: str,
    ocr: str,
    memory_mb: int,
    analyser: Analyser | None,
    cache: Cache | None,  # None: send the Document even when analysed
    key: str,
) -> tuple[bytes, bool]:
    from .extract import extract

    exhausted = False
    try:
        result: Result = extract(path, engine=engine, ocr=ocr)
    except ReadError as exc:
        result = exc
    except MemoryError:
        exhausted = True
        result = ReadError(
            Status.ERROR, f"stopped: needed more than {memory_mb} MB of memory — raise --max-memory"
        )
    except Exception as exc:
        result = ReadError(Status.ERROR, f"damaged PDF ({type(exc).__name__}: {str(exc)[:100]})")
    payload: dict[str, Any] = {}
    if analyser is not None and isinstance(result, Document):
        # On a failure the parent analyses again, so any error surfaces there as it would in-process.
        with contextlib.suppress(Exception):
            payload["analysis"] = analyser(result)
    if "analysis" in payload and cache is not None and cache.enabled and key:
        # The parent needs only the analysis: the extraction goes straight to the cache from here.
        cache.put(key, result)
        payload["cached"] = True
    else:
        payload["result"] = encode(result)
    try:
        return json.dumps(payload, ensure_ascii=False).encode("utf-8"), exhausted
    except MemoryError:
        error = ReadError(Status.ERROR, "stopped: out of memory")
        return json.dumps({"result": encode(error)}).encode(), True


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods and sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        # What the server imports, every child inherits; see _preload for what and why.
        ctx.set_forkserver_preload(["__main__", "remisskoll._preload", "pdfplumber"])
        return ctx
    return multiprocessing.get_context("spawn")


def warm_up() -> None:
    """Start the fork server now, in the background: its imports (~0.3 s) then overlap with whatever the
    caller does before the first worker is needed (the command calls it before its own imports; compare
    at its first uncached file, for library callers). Starting it again does nothing."""
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


# Files one worker process reads before it is replaced: bounds what a process can accumulate (caches,
# fragmentation, whatever a hostile file left behind) while sparing a fork per file.
FILES_PER_WORKER = 25


@dataclass
class _Worker:
    process: Any
    conn: Connection
    served: int = 0
    index: int | None = None  # the file it is reading, None when idle
    started: float = 0.0


def extract_all(
    paths: Sequence[Path],
    options: Options,
    cache: Cache,
    done: Done | None = None,
    digests: Sequence[str] | None = None,
) -> list[Result]:
    """Extract every file (in worker processes, cache first); results in input order.

    Files with identical bytes are extracted once. `digests` are the files' SHA-256 if the caller has
    them already (so no file is read twice).
    """
    results = _extract(paths, options, cache, done, digests, None)
    return [r if r is not None else ReadError(Status.ERROR, "not processed") for r in results]


def read_all(
    paths: Sequence[Path],
    options: Options,
    cache: Cache,
    analyser: Analyser,
    done: Done,
    digests: Sequence[str] | None = None,
) -> None:
    """Extract every file and run `analyser` on it, in the workers; `done(i, result, analysis)` for each.

    `result` is the Document or the ReadError; for a file a worker analysed with the cache on it is None
    and `analysis` holds the analyser's output: the worker put the Document in the cache itself, so
    that the parent neither decodes nor re-encodes it. `analysis` is None for files from the cache.
    """
    _extract(paths, options, cache, done, digests, analyser)


def _extract(
    paths: Sequence[Path],
    options: Options,
    cache: Cache,
    done: Done | None,
    digests: Sequence[str] | None,
    analyser: Analyser | None,
) -> list[Result | None]:
    results: list[Result | None] = [None] * len(paths)
    keys: list[str | None] = [None] * len(paths)
    first_with_key: dict[str, int] = {}
    todo: list[int] = []
    for i, path in enumerate(paths):
        try:
            key = cache_key(digests[i] if digests is not None else file_digest(path), options)
        except OSError as exc:
            results[i] = ReadError(Status.ERROR, f"cannot open the file ({exc.strerror or exc})")
            _notify(done, i, results[i])
            continue
        keys[i] = key
        if key in first_with_key:
            continue  # the same bytes under another name: filled in below
        first_with_key[key] = i
        cached = cache.get(key, str(path))
        if cached is not None:
            results[i] = cached
            _notify(done, i, cached)
        else:
            todo.append(i)
    # A file whose bytes recur under another name: its worker sends the Document, for the others.
    shared = {first_with_key[k] for i, k in enumerate(keys) if k is not None and first_with_key[k] != i}
    _run(paths, todo, options, cache, keys, results, done, analyser, shared)
    for i, known in enumerate(keys):
        if known is not None and results[i] is None and first_with_key[known] != i:
            source = results[first_with_key[known]]
            results[i] = _renamed(source, str(paths[i])) if source is not None else None
            _notify(done, i, results[i])
    return results


def _renamed(result: Result, path: str) -> Result:
    if isinstance(result, ReadError):
        return result
    return replace(result, path=path)


def _notify(done: Done | None, i: int, result: Result | None, analysis: dict[str, Any] | None = None) -> None:
    if done is not None and (result is not None or analysis is not None):
        done(i, result, analysis)


def _run(
    paths: Sequence[Path],
    todo: list[int],
    options: Options,
    cache: Cache,
    keys: list[str | None],
    results: list[Result | None],
    done: Done | None,
    analyser: Analyser | None,
    shared: set[int],
) -> None:
    if not todo:
        return
    ctx = _context()
    # Largest files first: the last file to finish is then a small one, and no worker sits idle at the
    # end while another reads a long response (results still come back in input order).
    pending = deque(sorted(todo, key=lambda i: -_size(paths[i])))
    workers: list[_Worker] = []

    def start() -> _Worker:
        mine, theirs = ctx.Pipe(duplex=True)
        process = ctx.Process(
            target=_serve,
            args=(theirs, options.engine, options.ocr, options.memory_mb, analyser, cache),
            daemon=True,
        )
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def retire(worker: _Worker, kill: bool = False) -> None:
        workers.remove(worker)
        if kill:
            worker.process.kill()
        else:
            with contextlib.suppress(OSError):
                worker.conn.send_bytes(b"")  # the empty message: stop
        worker.conn.close()
        worker.process.join(5)

    def give(worker: _Worker) -> None:
        worker.index, worker.started, worker.served = pending.popleft(), time.monotonic(), worker.served + 1
        key = (keys[worker.index] or "").encode("ascii")
        flag = b"D" if worker.index in shared else b"-"
        with contextlib.suppress(OSError):  # if it died, _receive reports the crash
            worker.conn.send_bytes(key + b"\n" + flag + os.fsencode(str(paths[worker.index])))

    try:
        while pending or any(w.index is not None for w in workers):
            while pending and len(workers) < min(options.workers(), len(todo)):
                workers.append(start())
            for w in workers:
                if w.index is None and pending:
                    give(w)
            busy = [w for w in workers if w.index is not None]
            deadline = min(w.started + options.timeout for w in busy)
            wait(
                [w.conn for w in busy] + [w.process.sentinel for w in workers],
                max(0.0, deadline - time.monotonic()),
            )
            for w in list(workers):
                if w.index is None:
                    if not w.process.is_alive():
                        retire(w)  # it stopped itself (out of memory)
                    continue
                received = _receive(w, options)
                if received is None:
                    continue
                index, (data, error, alive) = w.index, received
                w.index = None
                if not alive:
                    retire(w, kill=True)
                elif w.served >= FILES_PER_WORKER:
                    retire(w)
                elif pending:
                    give(w)  # it starts on its next file while this one's result is handled here
                result, analysis = (error, None) if error is not None else _decode(data, str(paths[index]))
                if isinstance(result, ReadError) and result.reason == _NO_RESULT and w.index is not None:
                    # What it sent was not a result: it is not to be trusted with the file it now has.
                    pending.appendleft(w.index)
                    w.index = None
                    retire(w, kill=True)
                results[index] = result  # None: the worker cached the Document and sent its analysis
                key = keys[index]
                if result is not None and key is not None and not transient(result):
                    cache.put(key, result)
                _notify(done, index, result, analysis)
    finally:
        for w in list(workers):
            retire(w, kill=w.index is not None)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_NO_RESULT = "the parser crashed on this file (no result) — it may be damaged"


def _receive(w: _Worker, options: Options) -> tuple[bytes, ReadError | None, bool] | None:
    """What the worker sent for its file (or the error if it died or ran out of time), and whether it
    can go on; None while it is still reading within its time."""
    if w.conn.poll():
        try:
            return w.conn.recv_bytes(), None, True
        except (EOFError, OSError):
            return b"", ReadError(Status.ERROR, _NO_RESULT), False
    if not w.process.is_alive():
        code = w.process.exitcode
        crashed = ReadError(
            Status.ERROR,
            f"the parser crashed on this file (exit {code}) — it may be damaged, or need more than "
            f"{options.memory_mb} MB (--max-memory)",
        )
        return b"", crashed, False
    if time.monotonic() - w.started >= options.timeout:
        stopped = ReadError(
            Status.ERROR,
            f"stopped after {options.timeout:g} s — the PDF may be malformed; raise --timeout to try longer",
        )
        return b"", stopped, False
    return None


def _decode(data: bytes, path: str) -> tuple[Result | None, dict[str, Any] | None]:
    """A worker's message: its result, checked like a cache entry, and its analysis if any. The result
    is None when the worker analysed the Document and put it in the cache itself."""
    try:
        message = json.loads(data.decode("utf-8"))
        analysis = message.get("analysis")
        if message.get("cached") is True and isinstance(analysis, dict):
            return None, analysis
        result = decode(message["result"], path)
    except FOREIGN:
        return ReadError(Status.ERROR, _NO_RESULT), None
    return result, analysis if isinstance(analysis, dict) else None


def transient(result: Result) -> bool:
    """Limits and crashes depend on this run's settings and machine: don't cache them."""
    if not isinstance(result, ReadError):
        return False
    return (
        result.reason.startswith(("stopped", "the parser crashed", "cannot open"))
        or "OCR unavailable" in result.reason
    )
