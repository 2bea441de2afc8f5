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


def main() -> None:  # pragma: no cover - runs in the worker process, where coverage does not follow
    """Serve the parent on stdin/stdout."""
    # Ctrl-C reaches the whole process group; the parent decides what happens to its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inp = sys.stdin.buffer
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt the frames
    setup = protocol.read_frame(inp)
    if not setup:
        return
    config = json.loads(setup.decode("utf-8"))
    memory_mb = int(config["memory_mb"])
    apply_memory_limit(memory_mb)
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


def _answer(job: Any, settings: Any, item: Any, memory_mb: int) -> tuple[bytes, bool]:
    """The kind byte and JSON for one item, and whether this process must stop after it."""
    try:
        return protocol.RESULT + _dumps(job(settings, item)), False
    except ReadError as exc:
        return protocol.FAILURE + _dumps({"failure": exc.failure.name, "reason": exc.reason}), False
    except MemoryError:
        reason = f"stopped: needed more than {memory_mb} MB of memory — raise --max-memory"
        return protocol.FAILURE + _dumps({"failure": Failure.MEMORY.name, "reason": reason}), True
    except Exception as exc:
        return protocol.CRASH + _dumps({"error": f"{type(exc).__name__}: {str(exc)[:200]}"}), False


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
