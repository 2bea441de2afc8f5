"""The worker runtime on its own: jobs that loop, crash, raise, eat memory or answer garbage.

Failures are injected through the runtime's public seam, the job it runs (tests/jobs.py), never by
patching its internals. Each test checks what the caller is told and that the batch goes on.
"""

from __future__ import annotations

import sys
from typing import Any

import jobs
import pytest

from remisskoll.errors import Failure, ReadError, UsageError
from remisskoll.runtime import limits as limits_module
from remisskoll.runtime import workers
from remisskoll.runtime.workers import Limits, Outcome


def _run(
    job: Any,
    items: list[dict[str, Any]],
    *,
    jobs_: int = 1,
    timeout: float = 60,
    memory_mb: int = 0,
    **kw: Any,
) -> tuple[list[Outcome | None], list[int]]:
    outcomes: list[Outcome | None] = [None] * len(items)
    order: list[int] = []

    def done(i: int, outcome: Outcome) -> None:
        outcomes[i] = outcome
        order.append(i)

    workers.run(job, {"s": 1}, items, Limits(jobs_, timeout, memory_mb), done, **kw)
    return outcomes, order


def test_every_item_is_answered_with_the_settings() -> None:
    items = [{"n": n} for n in range(5)]
    outcomes, _ = _run(jobs.echo, items, jobs_=2)
    assert [o["item"] for o in outcomes if isinstance(o, dict)] == items
    assert all(isinstance(o, dict) and o["settings"] == {"s": 1} for o in outcomes)


def test_items_start_in_the_given_order() -> None:
    _, order = _run(jobs.echo, [{"n": n} for n in range(4)], order=[2, 0, 3, 1])
    assert order == [2, 0, 3, 1]


def test_a_worker_handles_several_items_and_is_replaced_after_its_share(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = [{"n": n} for n in range(3)]
    together, _ = _run(jobs.echo, items)
    assert len({o["pid"] for o in together if isinstance(o, dict)}) == 1
    monkeypatch.setattr(workers, "FILES_PER_WORKER", 1)
    one_each, _ = _run(jobs.echo, items)
    assert len({o["pid"] for o in one_each if isinstance(o, dict)}) == 3


def test_a_job_that_runs_too_long_is_stopped_and_the_batch_goes_on() -> None:
    outcomes, _ = _run(jobs.misbehave, [{"do": "sleep"}, {"n": 1}], timeout=1)
    assert outcomes[0] == ReadError(
        Failure.TIMEOUT, "stopped after 1 s — the PDF may be malformed; raise --timeout to try longer"
    )
    assert isinstance(outcomes[1], dict) and outcomes[1]["item"] == {"n": 1}


def test_a_worker_that_dies_is_reported_and_replaced() -> None:
    outcomes, _ = _run(jobs.misbehave, [{"do": "crash"}, {"n": 1}], memory_mb=300)
    assert outcomes[0] == ReadError(
        Failure.CRASHED,
        "the parser crashed on this file (exit 3) — it may be damaged, or need more than 300 MB (--max-memory)",
    )
    assert isinstance(outcomes[1], dict)


def test_an_exception_in_the_job_is_a_crash_of_that_item_only() -> None:
    outcomes, _ = _run(jobs.misbehave, [{"do": "raise"}, {"n": 1}])
    assert outcomes[0] == ReadError(
        Failure.CRASHED, "the parser crashed on this file (RuntimeError: a bug in the job)"
    )
    assert isinstance(outcomes[1], dict)


def test_a_read_error_of_the_job_comes_back_as_it_is() -> None:
    outcomes, _ = _run(jobs.misbehave, [{"do": "unreadable"}])
    assert outcomes == [ReadError(Failure.DAMAGED, "damaged PDF (made up by the test)")]


@pytest.mark.skipif(not limits_module.memory_limit_supported(), reason="no memory limit on this platform")
def test_a_job_over_its_memory_limit_is_stopped_and_its_worker_not_trusted_with_the_next() -> None:
    outcomes, _ = _run(jobs.misbehave, [{"do": "memory"}, {"n": 1}, {"n": 2}], memory_mb=400)
    assert outcomes[0] == ReadError(
        Failure.MEMORY, "stopped: needed more than 400 MB of memory — raise --max-memory"
    )
    # the next items are read by a fresh worker, not reported as crashes
    assert [o["item"] for o in outcomes[1:] if isinstance(o, dict)] == [{"n": 1}, {"n": 2}]


def test_a_worker_that_answers_garbage_is_replaced_and_the_next_item_read_by_another() -> None:
    outcomes, _ = _run(jobs.misbehave, [{"do": "garbage"}, {"n": 1}, {"n": 2}])
    assert outcomes[0] == ReadError(Failure.CRASHED, workers.NO_RESULT)
    assert [o["item"] for o in outcomes[1:] if isinstance(o, dict)] == [{"n": 1}, {"n": 2}]


def test_a_job_must_be_importable_by_name() -> None:
    def local(settings: Any, item: dict[str, Any]) -> dict[str, Any]:
        return {}

    with pytest.raises(UsageError, match="not importable by name"):
        workers.run(local, None, [{}], Limits(1, 10, 0), lambda i, o: None)
    assert workers.job_name(jobs.echo) == "jobs:echo"


def test_no_items_start_no_worker() -> None:
    # a job that cannot be imported would fail at once if a worker were started
    workers.run(lambda s, i: {}, None, [], Limits(1, 10, 0), lambda i, o: None)


def test_without_the_resource_module_the_memory_limit_is_not_enforced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "resource", None)  # as on Windows: `import resource` fails
    assert limits_module.memory_limit_supported() is False
    assert limits_module.apply_memory_limit(512) is False
    assert limits_module.apply_memory_limit(0) is False
