"""A worker process's main loop: set up, then run the job on one item at a time until told to stop.

Started by workers.py as a fresh interpreter with the parent's import path, so that it imports nothing
of the parent's main script (a library user's script needs no `if __name__ == "__main__":` guard).
Its standard output carries only protocol frames: anything else the job prints goes to stderr.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import threading
import time
from typing import Any

from ..errors import Failure, ReadError
from . import protocol
from .limits import apply_memory_limit


def load_job(name: str) -> Any:
    """The callable named "module:qualified.name"."""
    module, _, qualname = name.partition(":")
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


# Memory set aside when the worker starts and given back when a job runs out: enough to write the answer
# that names the memory limit, where formatting it could otherwise fail for want of a few bytes.
RESERVE_BYTES = 8 * 1024 * 1024
_reserve: list[bytearray] = []


def main() -> None:  # pragma: no cover - runs in the worker process, where coverage does not follow
    """Serve the parent on stdin/stdout."""
    # Ctrl-C reaches the whole process group; the parent decides what happens to its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inp = sys.stdin.buffer
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt the frames
    try:
        _serve(inp, out)
    except OSError:
        # The parent has gone (a broken pipe): nobody is left to tell, and nothing to clean up.
        os._exit(0)


def _serve(inp: Any, out: Any) -> None:  # pragma: no cover - runs in the worker process
    setup = protocol.read_frame(inp)
    if not setup:
        return
    config = json.loads(setup.decode("utf-8"))
    die_with_parent(int(config.get("parent", 0)))
    memory_mb = int(config["memory_mb"])
    apply_memory_limit(memory_mb)
    _reserve.append(bytearray(RESERVE_BYTES))
    job = load_job(config["job"])
    settings = config["settings"]
    while True:
        frame = protocol.read_frame(inp)
        if not frame:
            return
        answer, last = _answer(job, settings, json.loads(frame.decode("utf-8")), memory_mb)
        protocol.write_frame(out, answer[:1] + (protocol.LAST if last else protocol.MORE) + answer[1:])
        if last:
            return  # after running out of memory a process is not to be trusted with the next item


def die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the worker process
    """End this process when its parent ends, however it ends (SIGKILL included): a worker busy with a
    looping PDF would otherwise run on for ever, reading no more of its input.

    Linux kills it at once (PR_SET_PDEATHSIG); elsewhere a thread notices the new parent within a second.
    """
    if not parent or not hasattr(os, "getppid"):
        return
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before we asked
        os._exit(0)
    if sys.platform == "win32":
        return  # a Windows parent's id does not change when it dies; the pipes end the worker there

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _answer(job: Any, settings: Any, item: Any, memory_mb: int) -> tuple[bytes, bool]:
    """The kind byte and JSON for one item, and whether this process must stop after it."""
    try:
        return protocol.RESULT + _dumps(job(settings, item)), False
    except ReadError as exc:
        return protocol.FAILURE + _dumps({"failure": exc.failure.name, "reason": exc.reason}), False
    except MemoryError:
        pass  # answered below: until this block ends, the traceback keeps the job's memory in use
    except Exception as exc:
        return protocol.CRASH + _dumps({"error": f"{type(exc).__name__}: {str(exc)[:200]}"}), False
    _reserve.clear()
    reason = f"stopped: needed more than {memory_mb} MB of memory — raise --max-memory"
    return protocol.FAILURE + _dumps({"failure": Failure.MEMORY.name, "reason": reason}), True


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
