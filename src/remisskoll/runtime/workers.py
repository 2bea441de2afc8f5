"""Workers: run a job on files in child processes, several at a time, within time and memory limits.

PDFs are untrusted: a file that makes the parser loop is stopped after `timeout` seconds, one that
explodes in memory hits an address-space limit (where the platform has one), one that crashes the
parser takes only its own process down. Each worker is a fresh interpreter (child.py) that reads up to
FILES_PER_WORKER items, one at a time; a worker that dies or overruns is replaced. Workers answer in
JSON, never pickle, and nothing of the caller's main script runs in them.

The job is any module-level function `job(settings, item) -> dict` the worker can import by name; this
module knows nothing of what it does (the pipeline's job reads and analyses a PDF).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from ..errors import Failure, ReadError, UsageError
from . import protocol

# Items one worker process handles before it is replaced: bounds what a process can accumulate (caches,
# fragmentation, whatever a hostile file left behind) while sparing a start per item.
FILES_PER_WORKER = 100

Job = Callable[[Any, dict[str, Any]], dict[str, Any]]
Outcome = dict[str, Any] | ReadError
# Called in the caller's thread as each item is done: its index and what the job returned (or why not).
Done = Callable[[int, Outcome], None]

# A worker's program: the parent's import path first (as multiprocessing's spawn does), then child.main.
_BOOT = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from remisskoll.runtime.child import main; main()"
)


@dataclass(frozen=True)
class Limits:
    """How many workers at most, and what each may spend on one item."""

    jobs: int
    timeout: float
    memory_mb: int  # 0: no limit


def job_name(job: Job) -> str:
    """The "module:qualname" a worker imports the job by; the job must be importable there."""
    module, qualname = getattr(job, "__module__", None), getattr(job, "__qualname__", "")
    if not module or module == "__main__" or "<" in qualname:
        raise UsageError(
            f"worker job {qualname or job!r} is not importable by name — define it at module level "
            "in an importable module"
        )
    return f"{module}:{qualname}"


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    stdin: IO[bytes]
    served: int = 0
    index: int | None = None  # the item it is on, None when idle
    started: float = 0.0
    retired: bool = False
    reader: threading.Thread | None = field(default=None, repr=False)


def run(
    job: Job,
    settings: Any,
    items: Sequence[dict[str, Any]],
    limits: Limits,
    done: Done,
    order: Sequence[int] | None = None,
) -> None:
    """Run `job(settings, item)` on every item in worker processes; `done(i, outcome)` for each.

    `settings` (JSON data) is sent to each worker once; `order` is the order to start items in (e.g.
    largest files first, so that no worker sits idle at the end). An outcome is the job's dict or a
    ReadError: the job's own, or one saying the worker ran out of time or memory or crashed.
    """
    if not items:
        return
    name = job_name(job)
    setup = json.dumps({"job": name, "settings": settings, "memory_mb": limits.memory_mb}).encode("utf-8")
    pending = deque(order if order is not None else range(len(items)))
    events: queue.Queue[tuple[_Worker, bytes | None]] = queue.Queue()
    workers: list[_Worker] = []
    retired: list[_Worker] = []
    wanted = max(1, min(limits.jobs, len(items)))

    def start() -> _Worker:
        env = dict(os.environ)
        # Tesseract's OpenMP threads oversubscribe the cores; parallelism comes from the workers.
        env.setdefault("OMP_THREAD_LIMIT", "1")
        process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, json.dumps(sys.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        assert process.stdin is not None and process.stdout is not None
        worker = _Worker(process, process.stdin)
        worker.reader = threading.Thread(target=_read, args=(worker, process.stdout, events), daemon=True)
        worker.reader.start()
        _send(worker, setup)
        return worker

    def retire(worker: _Worker, kill: bool = False) -> None:
        workers.remove(worker)
        worker.retired = True
        if kill:
            worker.process.kill()
        else:
            _send(worker, b"")  # the empty frame: stop
        with contextlib.suppress(OSError):
            worker.stdin.close()
        retired.append(worker)

    def give(worker: _Worker) -> None:
        worker.index, worker.started, worker.served = pending.popleft(), time.monotonic(), worker.served + 1
        _send(worker, json.dumps(items[worker.index]).encode("utf-8"))  # if it died, its reader says so

    try:
        while pending or any(w.index is not None for w in workers):
            while pending and len(workers) < wanted:
                workers.append(start())
            for w in workers:
                if w.index is None and pending:
                    give(w)
            busy = [w for w in workers if w.index is not None]
            wait = max(0.0, min(w.started + limits.timeout for w in busy) - time.monotonic()) if busy else 0.1
            try:
                worker, payload = events.get(timeout=wait)
            except queue.Empty:
                worker, payload = None, None
            if worker is not None and not worker.retired:
                _handle(worker, payload, pending, limits, give, retire, done)
            now = time.monotonic()
            for w in list(workers):
                if w.index is not None and now - w.started >= limits.timeout:
                    index, w.index = w.index, None
                    retire(w, kill=True)
                    done(index, _timeout(limits))
    finally:
        for w in list(workers):
            retire(w, kill=w.index is not None)
        for w in retired:
            try:
                w.process.wait(5)
            except subprocess.TimeoutExpired:
                w.process.kill()
                w.process.wait()


def _handle(
    worker: _Worker,
    payload: bytes | None,
    pending: deque[int],
    limits: Limits,
    give: Callable[[_Worker], None],
    retire: Callable[..., None],
    done: Done,
) -> None:
    """One event from a worker: an answer, or the end of its output (it died)."""
    index = worker.index
    if payload is None:  # it died, with or without an item
        retire(worker, kill=True)
        if index is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(5)
            done(index, _crashed(worker.process.returncode, limits))
        return
    if index is None:
        retire(worker, kill=True)  # an answer nobody asked for: not to be trusted
        return
    worker.index = None
    outcome = _decode(payload)
    last = payload[1:2] == protocol.LAST
    if outcome is None:
        retire(worker, kill=True)  # what it sent was not an answer: not to be trusted with more
        done(index, ReadError(Failure.CRASHED, NO_RESULT))
        return
    if last or worker.served >= FILES_PER_WORKER:
        retire(worker)
    elif pending:
        give(worker)  # it starts on its next item while this one's answer is handled here
    done(index, outcome)


NO_RESULT = "the parser crashed on this file (no result) — it may be damaged"


def _decode(payload: bytes) -> Outcome | None:
    """A worker's answer as an outcome, or None when it is not a well-formed answer."""
    kind, body = payload[:1], payload[2:]
    try:
        data = json.loads(body.decode("utf-8"))
        if not isinstance(data, dict):
            return None
        if kind == protocol.RESULT:
            return data
        if kind == protocol.FAILURE:
            return ReadError(Failure[data["failure"]], str(data["reason"]))
        if kind == protocol.CRASH:
            return ReadError(Failure.CRASHED, f"the parser crashed on this file ({str(data['error'])[:200]})")
    except (ValueError, KeyError, TypeError):
        return None
    return None


def _crashed(code: int | None, limits: Limits) -> ReadError:
    memory = f", or need more than {limits.memory_mb} MB (--max-memory)" if limits.memory_mb else ""
    return ReadError(
        Failure.CRASHED, f"the parser crashed on this file (exit {code}) — it may be damaged{memory}"
    )


def _timeout(limits: Limits) -> ReadError:
    return ReadError(
        Failure.TIMEOUT,
        f"stopped after {limits.timeout:g} s — the PDF may be malformed; raise --timeout to try longer",
    )


def _send(worker: _Worker, payload: bytes) -> None:
    with contextlib.suppress(OSError, ValueError):  # a dead worker: its reader reports the end
        protocol.write_frame(worker.stdin, payload)


def _read(worker: _Worker, stream: IO[bytes], events: queue.Queue[tuple[_Worker, bytes | None]]) -> None:
    """In a thread per worker: pass each frame it writes to the caller's loop; None when it ends."""
    while True:
        frame = protocol.read_frame(stream)
        events.put((worker, frame))
        if frame is None:
            stream.close()
            return
