"""Hostile and careless worlds around the PDFs (issue #14): files that change or hang, caches that lie,
workers that die, signals. Each test failed before its fix."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jobs
import pytest
from test_hostile import _bomb, _pdf
from typer.testing import CliRunner

from remisskoll import pipeline
from remisskoll.analysis.respondent import fallback_name
from remisskoll.cli import app
from remisskoll.errors import Failure, ReadError, Status
from remisskoll.model import ReadOptions, Remiss, RespondentType
from remisskoll.pipeline import compare
from remisskoll.runtime import limits as limits_module
from remisskoll.runtime import workers
from remisskoll.runtime.cache import Cache
from remisskoll.runtime.workers import Limits, Outcome

from conftest import ROOT, SAMPLES

NEVER = ReadOptions(ocr="never")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and SIGTERM as on POSIX")
MEMORY_LIMIT = pytest.mark.skipif(
    not limits_module.memory_limit_supported(), reason="no memory limit on this platform"
)


def _rows(stdout: str) -> list[tuple[str, str, str | None]]:
    return [(Path(r["file"]).name, r["status"], r["error"]) for r in json.loads(stdout)["responses"]]


def _run(job: Any, items: list[dict[str, Any]], limits: Limits) -> list[Outcome | None]:
    outcomes: list[Outcome | None] = [None] * len(items)

    def done(i: int, outcome: Outcome) -> None:
        outcomes[i] = outcome

    workers.run(job, {}, items, limits, done)
    return outcomes


# --- 1: a file changed during a run ------------------------------------------------------------------


def test_a_file_replaced_after_hashing_is_reported_and_poisons_no_cache(
    remiss: Remiss, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "svar.pdf"
    shutil.copyfile(SAMPLES / "lillasjo-kommun.pdf", path)
    cache = Cache(tmp_path / "cache")
    (reference,) = compare([path], remiss, NEVER, Cache(tmp_path / "none", enabled=False)).responses
    # A sync writes Norrby's answer over the file after the parent hashed it, before the worker reads it.
    monkeypatch.setenv("REMISSKOLL_TEST_REPLACEMENT", str(SAMPLES / "norrby-kommun.pdf"))
    monkeypatch.setattr(pipeline, "analyse_job", jobs.replaced_while_read)
    (changed,) = compare([path], remiss, NEVER, cache).responses
    assert (changed.status, changed.error) == (
        Status.ERROR,
        "the file changed while it was being read — run again once it is complete",
    )
    assert changed.failure is Failure.CHANGED and changed.cells == ()
    monkeypatch.undo()
    # The old bytes come back (the sync is undone): their own answer, not Norrby's from the cache.
    shutil.copyfile(SAMPLES / "lillasjo-kommun.pdf", path)
    (again,) = compare([path], remiss, NEVER, cache).responses
    assert again == reference
    assert again.respondent == "Lillasjö kommun"


def test_a_file_emptied_after_hashing_leaves_no_verdict_on_its_old_bytes(
    remiss: Remiss, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "svar.pdf"
    shutil.copyfile(SAMPLES / "lillasjo-kommun.pdf", path)
    cache = Cache(tmp_path / "cache")
    monkeypatch.setattr(pipeline, "analyse_job", jobs.emptied_while_read)
    (emptied,) = compare([path], remiss, NEVER, cache).responses
    assert (emptied.status, emptied.failure) == (Status.ERROR, Failure.CHANGED)  # not "empty file"
    monkeypatch.undo()
    shutil.copyfile(SAMPLES / "lillasjo-kommun.pdf", path)
    (again,) = compare([path], remiss, NEVER, cache).responses
    assert (again.status, again.respondent) == (Status.OK, "Lillasjö kommun")


# --- 2: a cached analysis and the file name -----------------------------------------------------------


@pytest.fixture
def nameless(make_pdf: Callable[..., Path]) -> Path:
    """A response that names no respondent: its name and type come from the file name."""
    return make_pdf(
        "norrstad-kommun.pdf",
        [["Yttrande över betänkandet", "Vi tillstyrker förslaget om VULF.", "Med vänlig hälsning"]],
    )


def test_a_renamed_copy_is_shown_under_its_own_name_and_type(
    remiss: Remiss, nameless: Path, tmp_path: Path
) -> None:
    cache = Cache(tmp_path / "cache")
    (first,) = compare([nameless], remiss, NEVER, cache).responses
    assert (first.respondent, first.respondent_type) == ("Norrstad kommun", RespondentType.KOMMUN)
    copy = tmp_path / "bygdeföreningen.pdf"
    shutil.copyfile(nameless, copy)
    (cached,) = compare([copy], remiss, NEVER, cache).responses
    assert (cached.respondent, cached.respondent_type) == ("Bygdeföreningen", RespondentType.ORGANISATION)
    assert Path(cached.file).name == "bygdeföreningen.pdf"
    # Both names in one run, and in a run without a cache: each its own.
    for store in (cache, Cache(tmp_path / "none", enabled=False)):
        both = compare([nameless, copy], remiss, NEVER, store).responses
        assert [(r.respondent, r.respondent_type) for r in both] == [
            ("Norrstad kommun", RespondentType.KOMMUN),
            ("Bygdeföreningen", RespondentType.ORGANISATION),
        ]
        assert both[0].cells == both[1].cells == first.cells


def test_a_response_that_names_itself_is_shared_by_its_copies(remiss: Remiss, tmp_path: Path) -> None:
    for name in ("a.pdf", "b.pdf"):
        shutil.copyfile(SAMPLES / "hogfjalls-kommun.pdf", tmp_path / name)
    cache = Cache(tmp_path / "cache")
    a, b = compare([tmp_path / "a.pdf", tmp_path / "b.pdf"], remiss, NEVER, cache).responses
    assert a.respondent == b.respondent == "Högfjälls kommun"
    assert fallback_name(a.file) != fallback_name(b.file)
    assert cache.info()[0] == 2  # one Document, one Response: the name did not matter


# --- 3: the item after a worker that broke ---------------------------------------------------------


def test_the_item_after_one_that_broke_its_worker_is_read_again_by_a_fresh_one() -> None:
    outcomes = _run(jobs.poisoned, [{"poison": True}, {"n": 1}, {"n": 2}], Limits(1, 60, 0))
    assert [o["item"] for o in outcomes if isinstance(o, dict)] == [{"poison": True}, {"n": 1}, {"n": 2}]
    assert len({o["pid"] for o in outcomes if isinstance(o, dict)}) == 2


def test_an_item_that_kills_a_fresh_worker_too_is_reported_once() -> None:
    outcomes = _run(jobs.misbehave, [{"n": 0}, {"do": "crash"}, {"n": 2}], Limits(1, 60, 0))
    assert outcomes[1] == ReadError(
        Failure.CRASHED, "the parser crashed on this file (exit 3) — it may be damaged"
    )
    assert isinstance(outcomes[0], dict) and isinstance(outcomes[2], dict)


def test_a_crash_is_not_blamed_on_memory_because_the_parent_is_large() -> None:
    # Linux starts a child's peak memory at its parent's: a 300 MB parent must not make every crash
    # of its workers look like one over a 400 MB limit.
    ballast = b"\x01" * (300 * 1024 * 1024)
    outcomes = _run(jobs.misbehave, [{"do": "crash"}], Limits(1, 60, 400))
    del ballast
    assert outcomes == [
        ReadError(
            Failure.CRASHED,
            "the parser crashed on this file (exit 3) — it may be damaged, or need more than 400 MB (--max-memory)",
        )
    ]


# --- 8: pipes, devices and huge files -------------------------------------------------------------


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "remisskoll", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
    )


@POSIX
def test_a_fifo_and_a_link_to_a_device_named_pdf_are_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "rör.pdf"
    os.mkfifo(fifo)
    zero = tmp_path / "noll.pdf"
    zero.symlink_to("/dev/zero")
    done = _cli("compare", str(fifo), str(zero), "samples/lillasjo-kommun.pdf", "-f", "json", "--no-cache")
    refused = "not a regular file (a pipe, device or socket)"
    assert _rows(done.stdout) == [
        ("rör.pdf", "error", refused),
        ("noll.pdf", "error", refused),
        ("lillasjo-kommun.pdf", "ok", None),
    ]
    assert done.returncode == 1
    assert f"{fifo}: error: {refused} — give the PDF file itself\n" in done.stderr
    # In a directory too: listed and refused, not left out in silence.
    shutil.copyfile(SAMPLES / "lillasjo-kommun.pdf", tmp_path / "svar.pdf")
    done = _cli("compare", str(tmp_path), "-f", "json", "--no-cache")
    assert _rows(done.stdout) == [
        ("noll.pdf", "error", refused),
        ("rör.pdf", "error", refused),
        ("svar.pdf", "ok", None),
    ]


def test_hashing_a_huge_file_counts_against_its_time_limit(tmp_path: Path) -> None:
    huge = tmp_path / "jätte.pdf"
    with open(huge, "wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(200 * 1024**3)  # 200 GB, sparse: takes no disk, but a minute or more to hash
    started = time.monotonic()
    done = _cli(
        "compare", str(huge), "samples/lillasjo-kommun.pdf", "-f", "json", "--timeout", "1", "--no-cache"
    )
    assert time.monotonic() - started < 30
    assert _rows(done.stdout) == [
        (
            "jätte.pdf",
            "error",
            "stopped after 1 s reading the file — is it this large? raise --timeout to try longer",
        ),
        ("lillasjo-kommun.pdf", "ok", None),
    ]


# --- 9: SIGTERM and a parent that dies --------------------------------------------------------------

_PARENT = """
import sys
sys.path[:0] = [{tests!r}, {src!r}]
import jobs
from remisskoll.runtime import workers
try:
    workers.run(jobs.announce_and_sleep, {{}}, [{{"pidfile": {pidfile!r}}}], workers.Limits(1, 600, 0),
                lambda i, o: None)
except KeyboardInterrupt as exc:  # Ctrl-C, and SIGTERM as errors.Terminated
    print("terminated", file=sys.stderr)
    sys.exit(getattr(exc, "exit_code", 130))
"""


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if Path(f"/proc/{pid}/stat").exists() and Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return True  # dead, waiting for whoever adopted it to reap it
        time.sleep(0.05)
    return False


@pytest.fixture
def busy_worker(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int, Path]]:
    """A parent process whose one worker is busy for ever; its stderr goes to a file (a pipe would stay
    open as long as any worker holds it). Whatever the test leaves alive is killed afterwards."""
    pidfile, err = tmp_path / "worker.pid", tmp_path / "stderr.txt"
    script = _PARENT.format(tests=str(ROOT / "tests"), src=str(ROOT / "src"), pidfile=str(pidfile))
    with open(err, "w", encoding="utf-8") as stderr:
        parent = subprocess.Popen([sys.executable, "-c", script], stderr=stderr, text=True)
    deadline = time.monotonic() + 60
    while not (pidfile.exists() and pidfile.read_text()):
        assert time.monotonic() < deadline, "the worker never started its item"
        time.sleep(0.05)
    worker = int(pidfile.read_text())
    yield parent, worker, err
    parent.kill()
    parent.wait()
    if not _gone(worker, 0.1):
        os.kill(worker, signal.SIGKILL)


@POSIX
def test_sigterm_stops_the_workers_like_ctrl_c_without_a_traceback(
    busy_worker: tuple[subprocess.Popen[str], int, Path],
) -> None:
    parent, worker, err = busy_worker
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=30) == 143
    assert _gone(worker, 5), "the worker outlived its parent"
    assert err.read_text("utf-8") == "terminated\n"  # no BrokenPipeError, no traceback from anyone


@POSIX
def test_a_worker_dies_with_its_parent_even_when_the_parent_is_killed(
    busy_worker: tuple[subprocess.Popen[str], int, Path],
) -> None:
    parent, worker, err = busy_worker
    parent.kill()
    parent.wait(timeout=30)
    assert _gone(worker, 5), "the worker outlived its parent"
    assert err.read_text("utf-8") == ""


# --- 10: explain within the limits (the time limit: tests/test_layers.py) ------------------------------


@MEMORY_LIMIT
def test_explain_stops_a_memory_bomb_at_its_memory_limit(runner: CliRunner, tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.pdf", 1024)
    result = runner.invoke(app, ["explain", str(bomb), "--max-memory", "400", "--no-cache"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{bomb}: error: stopped: needed more than 400 MB of memory — raise --max-memory — check the file\n"
    )


# --- 17: cache entries that are valid JSON but not ours ------------------------------------------------


def _corrupt_numbers(data: Any) -> Any:
    """The entry with every page count made Infinity (JSON that Python reads, but no number we wrote)."""
    if isinstance(data, dict):
        return {
            k: float("inf") if k in ("pages", "page_count") else _corrupt_numbers(v) for k, v in data.items()
        }
    if isinstance(data, list):
        return [_corrupt_numbers(v) for v in data]
    return data


@pytest.mark.parametrize("how", ["infinity", "deep"])
def test_a_cache_entry_that_is_valid_json_but_corrupt_is_a_miss_and_removed(
    remiss: Remiss, tmp_path: Path, how: str
) -> None:
    path = SAMPLES / "lillasjo-kommun.pdf"
    cache = Cache(tmp_path / "cache")
    (reference,) = compare([path], remiss, NEVER, cache).responses
    entries = sorted(cache.directory.glob("*/*.json"))
    assert len(entries) == 2
    for entry in entries:
        data = json.loads(entry.read_text("utf-8"))
        if how == "infinity":
            text = json.dumps(_corrupt_numbers(data))
            assert "Infinity" in text
        else:
            text = f'{{"key": "{data["key"]}", "result": {"[" * 100_000 + "]" * 100_000}}}'
        entry.write_text(text, "utf-8")
    (rebuilt,) = compare([path], remiss, NEVER, cache).responses
    assert rebuilt == reference
    for entry in entries:  # removed, then written anew from what was read again
        text = entry.read_text("utf-8")
        assert "Infinity" not in text and "[[[[" not in text
    assert compare([path], remiss, NEVER, cache).responses == (reference,)


def test_a_corrupt_entry_is_removed_when_read(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    key = "ab" + "0" * 62
    target = tmp_path / "cache" / "ab" / f"{key}.json"
    target.parent.mkdir(parents=True)
    target.write_text('{"key": "' + key + '", "result": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    assert cache.get_document(key, "x.pdf") is None
    assert not target.exists()
    target.write_text(
        json.dumps({"key": key, "result": {"response": {"codec": 3, "pages": float("inf")}, "bound": None}}),
        "utf-8",
    )
    assert cache.get_response(key, "x.pdf") is None
    assert not target.exists()


# --- 18: a text bomb --------------------------------------------------------------------------------


def _text_bomb(path: Path) -> Path:
    """A one-page PDF of twelve million one-letter text objects: small on disk, huge once laid out."""
    z = zlib.compressobj(9)
    run = b"BT /F1 1 Tf 10 10 Td " + b"(x) Tj " * 200_000 + b"ET\n"
    data = b"".join(z.compress(run) for _ in range(60)) + z.flush()
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    page += b" /Resources << /Font << /F1 5 0 R >> >> >>"
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                page,
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ]
        )
    )
    return path


@MEMORY_LIMIT
@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_a_text_bomb_is_stopped_at_the_memory_limit_and_says_so(tmp_path: Path, engine: str) -> None:
    bomb = _text_bomb(tmp_path / "text.pdf")
    done = _cli(
        "compare",
        str(bomb),
        "samples/lillasjo-kommun.pdf",
        "--engine",
        engine,
        "--jobs",
        "1",
        "--max-memory",
        "400",
        "--no-cache",
        "-f",
        "json",
        "-q",
    )
    assert _rows(done.stdout) == [
        ("text.pdf", "error", "stopped: needed more than 400 MB of memory — raise --max-memory"),
        ("lillasjo-kommun.pdf", "ok", None),
    ]
    assert done.stderr.splitlines() == [
        f"{bomb}: error: stopped: needed more than 400 MB of memory — raise --max-memory — check the file",
        "remisskoll: 2 file(s), 1 read, 1 not read",
    ]
