"""The messages between the parent and a worker process: length-prefixed frames over its pipes.

A frame is a 4-byte big-endian length and that many bytes; an empty frame asks a worker to stop.
The parent sends JSON (the set-up, then one item at a time); a worker answers each item with a kind
byte (RESULT, FAILURE, CRASH), a flag byte (MORE, or LAST when it stops after this answer) and JSON.
"""

from __future__ import annotations

from typing import IO

RESULT, FAILURE, CRASH = b"R", b"F", b"X"
MORE, LAST = b"+", b"."
# A worker's answer larger than this is not believed (the largest real Document is a few MB).
MAX_FRAME = 256 * 1024 * 1024


def write_frame(stream: IO[bytes], payload: bytes) -> None:
    """Send one frame and flush it."""
    stream.write(len(payload).to_bytes(4, "big") + payload)
    stream.flush()


def read_frame(stream: IO[bytes], limit: int = MAX_FRAME) -> bytes | None:
    """One frame's bytes, or None at the end of the stream or for a frame that is cut off or too long."""
    head = stream.read(4)
    if len(head) < 4:
        return None
    size = int.from_bytes(head, "big")
    if size > limit:
        return None
    payload = stream.read(size) if size else b""
    return payload if len(payload) == size else None
