"""Jobs for the worker runtime's tests: each misbehaves in one way a parser can.

They live in a module of their own because a worker imports its job by name, as it does the
pipeline's (remisskoll.pipeline.analyse_job).
"""

from __future__ import annotations

import os
import time
from typing import Any

from remisskoll.errors import Failure, ReadError


def echo(settings: Any, item: dict[str, Any]) -> dict[str, Any]:
    """The item back, with the settings and the worker's process id."""
    return {"item": item, "settings": settings, "pid": os.getpid()}


def misbehave(settings: Any, item: dict[str, Any]) -> Any:
    """What item["do"] says: sleep, crash, raise, eat memory, answer garbage or fail to read."""
    do = item.get("do", "echo")
    if do == "sleep":
        time.sleep(600)
    if do == "crash":
        os._exit(3)
    if do == "raise":
        raise RuntimeError("a bug in the job")
    if do == "memory":
        hog = [bytearray(50 * 1024 * 1024) for _ in range(100)]  # 5 GB, far above any limit a test sets
        return {"size": len(hog)}
    if do == "garbage":
        return ["not", "an", "answer"]
    if do == "unreadable":
        raise ReadError(Failure.DAMAGED, "damaged PDF (made up by the test)")
    return echo(settings, item)


def foreign_analysis(settings: Any, item: dict[str, Any]) -> dict[str, Any]:
    """A pipeline job whose answer has the right shape but is not a remisskoll response."""
    return {"response": {"codec": 999, "respondent": "Mallory"}}


def analysis_with_a_bug(settings: Any, item: dict[str, Any]) -> dict[str, Any]:
    """The pipeline's own job, in a worker whose analysis fails as a bug in the rules would."""
    from remisskoll import pipeline

    def broken(*args: object) -> object:
        raise RuntimeError("a bug in the rules")

    pipeline.analyse_document = broken  # type: ignore[assignment]  # in this worker process only
    return pipeline.analyse_job(settings, item)


_POISONED: list[bool] = []


def poisoned(settings: Any, item: dict[str, Any]) -> dict[str, Any]:
    """An item with "poison" leaves its process broken (as a parser that ran out of memory may): the
    next item in the same process kills it."""
    if _POISONED:
        os._exit(3)
    if item.get("poison"):
        _POISONED.append(True)
    return echo(settings, item)


def announce_and_sleep(settings: Any, item: dict[str, Any]) -> dict[str, Any]:
    """Write the worker's process id to item["pidfile"], then sleep for ever (a looping parser)."""
    with open(item["pidfile"], "w", encoding="utf-8") as fh:
        fh.write(str(os.getpid()))
    time.sleep(600)
    return {}


def replaced_while_read(settings: Any, item: dict[str, Any]) -> dict[str, Any]:
    """The pipeline's own job on a file that is replaced (a sync, a new download) after the parent
    hashed it: the bytes of $REMISSKOLL_TEST_REPLACEMENT are written over it first."""
    from remisskoll import pipeline

    with open(os.environ["REMISSKOLL_TEST_REPLACEMENT"], "rb") as src, open(item["path"], "wb") as dst:
        dst.write(src.read())
    return pipeline.analyse_job(settings, item)


def emptied_while_read(settings: Any, item: dict[str, Any]) -> dict[str, Any]:
    """The pipeline's own job on a file that is emptied (a download starting over) after the parent
    hashed it: reading it then fails, and that verdict is about other bytes."""
    from remisskoll import pipeline

    open(item["path"], "wb").close()
    return pipeline.analyse_job(settings, item)
