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
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from ..errors import Failure, ReadError, Terminated, UsageError
from . import protocol
from .limits import own_peak_memory, rss_bytes

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
    # What it wrote to stderr since its last answer (the tail of it): passed on when it answers; read
    # to tell why it died when it does not (a fatal-error dump is not passed on, the row says it).
    err: bytearray = field(default_factory=bytearray, repr=False)
    err_reader: threading.Thread | None = field(default=None, repr=False)
    err_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    peak: int = 0  # the most resident memory seen while it worked (bytes; Linux, see _watch_memory)

    def take_err(self) -> bytes:
        """What it wrote to stderr since last asked."""
        with self.err_lock:
            said = bytes(self.err)
            self.err.clear()
        return said


def run(
    job: Job,
    settings: Any,
    items: Sequence[dict[str, Any]],
    limits: Limits,
    done: Done,
    order: Sequence[int] | None = None,
    spent: Sequence[float] | None = None,
) -> None:
    """Run `job(settings, item)` on every item in worker processes; `done(i, outcome)` for each.

    `settings` (JSON data) is sent to each worker once; `order` is the order to start items in (e.g.
    largest files first, so that no worker sits idle at the end); `spent` the seconds of its time limit
    each item has used already (e.g. hashing the file). An outcome is the job's dict or a ReadError: the
    job's own, or one saying the worker ran out of time or memory or crashed.

    SIGTERM ends the run as Ctrl-C does (Terminated, a KeyboardInterrupt), and every worker with it.
    """
    if not items:
        return
    with sigterm_raises():
        _run(job, settings, items, limits, done, order, spent)


def _run(
    job: Job,
    settings: Any,
    items: Sequence[dict[str, Any]],
    limits: Limits,
    done: Done,
    order: Sequence[int] | None,
    spent: Sequence[float] | None,
) -> None:
    name = job_name(job)
    config = {"job": name, "settings": settings, "memory_mb": limits.memory_mb, "parent": os.getpid()}
    setup = json.dumps(config).encode("utf-8")
    retried: set[int] = set()  # items re-queued after a worker died on them
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
            stderr=subprocess.PIPE,
            env=env,
        )
        assert process.stdin is not None and process.stdout is not None and process.stderr is not None
        worker = _Worker(process, process.stdin)
        worker.reader = threading.Thread(target=_read, args=(worker, process.stdout, events), daemon=True)
        worker.reader.start()
        worker.err_reader = threading.Thread(target=_read_err, args=(worker, process.stderr), daemon=True)
        worker.err_reader.start()
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
        index = pending.popleft()
        worker.index, worker.served = index, worker.served + 1
        worker.started = time.monotonic() - (spent[index] if spent is not None else 0.0)
        _send(worker, json.dumps(items[index]).encode("utf-8"))  # if it died, its reader says so

    def died(worker: _Worker, index: int) -> None:
        """A worker ended without answering `index`: re-queue it once if the worker had read other
        items first (what killed it may be left over from those), else report why it died."""
        peak = _reap(worker.process)
        if worker.err_reader is not None:
            worker.err_reader.join(1)
        if worker.served > 1 and index not in retried:
            retried.add(index)
            pending.appendleft(index)
            worker.take_err()  # its dying words concern what it read before, not this item
            return
        done(index, _crashed(worker, limits, peak))

    try:
        while pending or any(w.index is not None for w in workers):
            while pending and len(workers) < wanted:
                workers.append(start())
            for w in workers:
                if w.index is None and pending:
                    give(w)
            busy = [w for w in workers if w.index is not None]
            wait = max(0.0, min(w.started + limits.timeout for w in busy) - time.monotonic()) if busy else 0.1
            if busy and limits.memory_mb and _PROC_STATUS:
                wait = min(wait, _MEMORY_POLL)
                for w in busy:
                    _watch_memory(w)
            try:
                worker, payload = events.get(timeout=wait)
            except queue.Empty:
                worker, payload = None, None
            if worker is not None and not worker.retired:
                _handle(worker, payload, pending, give, retire, died, done)
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
            if w.err_reader is not None:
                w.err_reader.join(1)
            _forward(w)


def _handle(
    worker: _Worker,
    payload: bytes | None,
    pending: deque[int],
    give: Callable[[_Worker], None],
    retire: Callable[..., None],
    died: Callable[[_Worker, int], None],
    done: Done,
) -> None:
    """One event from a worker: an answer, or the end of its output (it died)."""
    index = worker.index
    if payload is None:  # it died, with or without an item
        if index is not None:
            died(worker, index)  # first: reaping it tells its peak memory, and kill() would reap it
        retire(worker, kill=True)
        return
    _forward(worker)
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
    except (ValueError, KeyError, TypeError, RecursionError):  # what a hostile worker may send
        return None
    return None


# What a process that ran out of memory writes as it dies: Python's fatal error while handling a
# MemoryError, C++'s std::bad_alloc, C libraries' "out of memory" / ENOMEM.
_OUT_OF_MEMORY = (b"memoryerror", b"bad_alloc", b"out of memory", b"cannot allocate memory")


# A worker that died with its peak resident memory this close to its address-space limit died of the
# limit: Python can fail anywhere when memory runs out (a fatal error, even a segmentation fault), and a
# C library aborts. Resident memory stays below the limit by what is mapped but unused (~100 MB: thread
# stacks, libraries); a worker reading an ordinary response stays far below (~40 MB). A worker's peak
# starts at its parent's (Linux carries it over fork and exec), so only a peak above the parent's tells.
_NEAR_LIMIT = 0.6


def _crashed(worker: _Worker, limits: Limits, peak: int | None) -> ReadError:
    """Why a worker died without answering: its memory limit when its peak memory or what it wrote
    says so, else a crash."""
    # What it wrote is read, not passed on: a dying interpreter's stack dump is not for the user.
    said = worker.take_err().lower()
    limit = limits.memory_mb * 1024 * 1024
    if peak is None or peak <= own_peak_memory():
        peak = 0  # wait4's peak may be the parent's, carried over: only the sampled one is the worker's
    grew = max(peak, worker.peak) >= _NEAR_LIMIT * limit
    if limit and (grew or any(sign in said for sign in _OUT_OF_MEMORY)):
        return memory_error(limits.memory_mb)
    memory = f", or need more than {limits.memory_mb} MB (--max-memory)" if limits.memory_mb else ""
    code = worker.process.returncode
    return ReadError(
        Failure.CRASHED, f"the parser crashed on this file (exit {code}) — it may be damaged{memory}"
    )


def memory_error(memory_mb: int) -> ReadError:
    """The outcome of an item that needed more memory than a worker may use."""
    return ReadError(
        Failure.MEMORY, f"stopped: needed more than {memory_mb} MB of memory — raise --max-memory"
    )


def _timeout(limits: Limits) -> ReadError:
    return ReadError(
        Failure.TIMEOUT,
        f"stopped after {limits.timeout:g} s — the PDF may be malformed; raise --timeout to try longer",
    )


def _send(worker: _Worker, payload: bytes) -> None:
    with contextlib.suppress(OSError, ValueError):  # a dead worker: its reader reports the end
        protocol.write_frame(worker.stdin, payload)


# Linux shows a live process's peak resident memory since it started its program (VmHWM), which wait4's
# peak is not; the loop reads it this often while a worker works with a memory limit.
_PROC_STATUS = sys.platform.startswith("linux")
_MEMORY_POLL = 0.1


def _watch_memory(worker: _Worker) -> None:
    """Note the worker's peak resident memory so far (Linux: /proc/PID/status)."""
    status = f"/proc/{worker.process.pid}/status"
    with contextlib.suppress(OSError, ValueError, IndexError), open(status, "rb") as fh:
        for line in fh:
            if line.startswith(b"VmHWM:"):
                worker.peak = max(worker.peak, int(line.split()[1]) * 1024)
                return


def _reap(process: subprocess.Popen[bytes], seconds: float = 5.0) -> int | None:
    """Wait for a worker that has ended (or been killed) and return its peak resident memory in bytes,
    where the platform tells it (os.wait4: Linux, macOS); None elsewhere."""
    if not hasattr(os, "wait4"):
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(seconds)
        return None
    deadline = time.monotonic() + seconds
    try:
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                return rss_bytes(int(usage.ru_maxrss))
            if time.monotonic() > deadline:
                process.kill()
                deadline = time.monotonic() + seconds
            time.sleep(0.01)
    except ChildProcessError:  # reaped already
        return None


# The most of a worker's stderr kept between answers; older output is dropped.
_ERR_TAIL = 64 * 1024


def _read_err(worker: _Worker, stream: IO[bytes]) -> None:
    """In a thread per worker: keep the tail of what it writes to stderr."""
    read = getattr(stream, "read1", stream.read)
    while chunk := read(8192):
        with worker.err_lock:
            worker.err += chunk
            del worker.err[:-_ERR_TAIL]
    stream.close()


def _forward(worker: _Worker) -> None:
    """Pass on what a worker wrote to stderr (warnings of the libraries it runs) as the caller's own."""
    if said := worker.take_err():
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(said.decode("utf-8", "replace"))
            sys.stderr.flush()


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """While in this block, SIGTERM raises Terminated (a KeyboardInterrupt) in the main thread, so that
    `finally` blocks stop the workers; where SIGTERM keeps Python's default. Elsewhere (another thread,
    a handler of the caller's own, no SIGTERM on the platform) it changes nothing."""
    term = getattr(signal, "SIGTERM", None)
    if term is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    if signal.getsignal(term) is not signal.SIG_DFL:
        yield
        return

    def raise_terminated(signum: int, frame: object) -> None:
        signal.signal(term, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
        raise Terminated()

    signal.signal(term, raise_terminated)
    try:
        yield
    finally:
        signal.signal(term, signal.SIG_DFL)


def _read(worker: _Worker, stream: IO[bytes], events: queue.Queue[tuple[_Worker, bytes | None]]) -> None:
    """In a thread per worker: pass each frame it writes to the caller's loop; None when it ends."""
    while True:
        frame = protocol.read_frame(stream)
        events.put((worker, frame))
        if frame is None:
            stream.close()
            return
