"""Speed machinery: cache, worker processes, engines — all must give the same answers as the reference."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jobs
import pytest
from typer.testing import CliRunner

from remisskoll import pipeline
from remisskoll.cli import app
from remisskoll.errors import Failure, ReadError, Status
from remisskoll.model import ReadOptions, Remiss
from remisskoll.pipeline import compare, document_key
from remisskoll.reading.engines import run_texts
from remisskoll.reading.layout import find_gutter
from remisskoll.runtime.cache import Cache, file_digest
from remisskoll.runtime.codec import decode_document, encode_document

from conftest import SAMPLES, extract

NEVER = ReadOptions(ocr="never")


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


def _stances(stdout: str) -> list[tuple[str, dict[str, tuple[str, str, list[int]]]]]:
    data = json.loads(stdout)
    return [
        (
            r["file"],
            {
                pid: (c["stance"], c["basis"], [e["page"] for e in c["evidence"]])
                for pid, c in r["stances"].items()
            },
        )
        for r in data["responses"]
    ]


def _no_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many items the pipeline hands the worker runtime (and run them as usual)."""
    started: list[int] = []
    real = pipeline.workers.run

    def counting(job: object, settings: object, items: list[object], *rest: object, **kw: object) -> None:
        started.append(len(items))
        real(job, settings, items, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.workers, "run", counting)
    return started


def test_cache_miss_then_hit(cache: Cache, remiss: Remiss, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [SAMPLES / "norrby-kommun.pdf", SAMPLES / "region-vastland.pdf"]
    started = _no_workers(monkeypatch)
    calls: list[tuple[int, int]] = []
    first = compare(
        paths, remiss, ReadOptions(jobs=2, ocr="never"), cache, lambda n, t, _p: calls.append((n, t))
    )
    assert calls == [(1, 2), (2, 2)] and cache.info()[0] == 4  # per file: its Document and its Response
    second = compare(paths, remiss, ReadOptions(jobs=2, ocr="never"), cache)
    assert started == [2, 0]  # everything came from the cache the second time
    assert second == first


def test_corrupt_and_foreign_entries_are_rebuilt(cache: Cache, remiss: Remiss) -> None:
    path = SAMPLES / "lillasjo-kommun.pdf"
    (reference,) = compare([path], remiss, NEVER, cache).responses
    for entry in cache.directory.glob("*/*.json"):
        entry.write_text("{not json", "utf-8")
    (rebuilt,) = compare([path], remiss, NEVER, cache).responses
    assert rebuilt == reference
    key = document_key(file_digest(path), NEVER)
    entry = next(cache.directory.glob(f"*/{key}.json"))
    assert json.loads(entry.read_text("utf-8"))["result"]["codec"] == 3  # written anew
    data = json.loads(entry.read_text("utf-8"))
    data["key"] = "0" * 64  # a valid entry, but for other bytes
    entry.write_text(json.dumps(data), "utf-8")
    assert cache.get_document(key, str(path)) is None


def test_codec_round_trip_and_rejection() -> None:
    doc = extract(SAMPLES / "region-vastland.pdf")
    assert decode_document(json.loads(json.dumps(encode_document(doc))), doc.path) == doc
    err = ReadError(Failure.NO_TEXT, "no text")
    back = decode_document(encode_document(err), "x.pdf")
    assert back == err and isinstance(back, ReadError) and back.status is Status.UNREADABLE
    for bad in (
        {},
        {"codec": 2},
        {"codec": 3, "error": {"failure": "NO_SUCH_KIND", "reason": "x"}},
        {"codec": 3, "pages": [[["t", 1, 2, 3, 4, "yes"]]], "page_count": 1, "letterhead": []},
    ):
        with pytest.raises((ValueError, KeyError, TypeError)):
            decode_document(bad, "x.pdf")


def test_jobs_1_and_jobs_2_give_identical_output(runner: CliRunner, in_root: Path) -> None:
    one = runner.invoke(
        app, ["compare", "samples", "--jobs", "1", "--no-cache", "--ocr", "never", "-f", "json"]
    )
    two = runner.invoke(
        app, ["compare", "samples", "--jobs", "2", "--no-cache", "--ocr", "never", "-f", "json"]
    )
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout


def test_progress_is_off_when_stderr_is_not_a_terminal(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(
        app, ["compare", "samples/norrby-kommun.pdf", "samples/lillasjo-kommun.pdf", "-f", "json"]
    )
    assert result.stderr == "remisskoll: 2 file(s), 2 read, 0 not read\n"


def test_both_engines_give_identical_stances_on_every_sample(runner: CliRunner, in_root: Path) -> None:
    args = ["compare", "samples", "--ocr", "never", "--no-cache", "-f", "json"]
    plumber = runner.invoke(app, [*args, "--engine", "pdfplumber"])
    pdfium = runner.invoke(app, [*args, "--engine", "pdfium"])
    assert _stances(plumber.stdout) == _stances(pdfium.stdout)
    assert [r["respondent"] for r in json.loads(plumber.stdout)["responses"]] == [
        r["respondent"] for r in json.loads(pdfium.stdout)["responses"]
    ]


def test_both_engines_build_the_same_page_structure() -> None:
    for path in sorted(SAMPLES.glob("*.pdf")):
        if path.name == "skarsunds-kommun.pdf":
            continue
        a, b = extract(path, "pdfplumber"), extract(path, "pdfium")
        assert [p.text for p in a.pages] == [p.text for p in b.pages], path.name
        assert a.letterhead == b.letterhead


def _two_columns(make_pdf: Callable[..., Path], tmp_path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "spalter.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 13)
    c.drawString(70, 780, "Yttrande i två spalter")
    c.setFont("Helvetica", 10)
    for i in range(12):
        c.drawString(70, 740 - 14 * i, f"Vänster spalt rad {i} om läkare")
        c.drawString(320, 740 - 14 * i, f"Höger spalt rad {i} om avtal")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_two_column_pages_are_read_column_by_column(
    engine: str, make_pdf: Callable[..., Path], tmp_path: Path
) -> None:
    doc = extract(_two_columns(make_pdf, tmp_path), engine)
    lines = [line.text for line in doc.pages[0].lines]
    assert lines[0] == "Yttrande i två spalter"
    assert lines[1:13] == [f"Vänster spalt rad {i} om läkare" for i in range(12)]
    assert lines[13:] == [f"Höger spalt rad {i} om avtal" for i in range(12)]


def test_one_column_text_has_no_gutter() -> None:
    doc = extract(SAMPLES / "norrby-kommun.pdf")
    assert all(not line.text.startswith("Höger") for page in doc.pages for line in page.lines)
    words = [
        {"x0": 70.0 + 40 * (j % 12), "x1": 105.0 + 40 * (j % 12), "top": 100.0 + 14 * (j // 12)}
        for j in range(120)
    ]
    assert find_gutter(words, 595.0) is None


def test_cache_commands(
    runner: CliRunner, in_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    runner.invoke(
        app, ["compare", "samples/lillasjo-kommun.pdf", "samples/hogfjalls-kommun.pdf", "-f", "json"]
    )
    # per file: its extraction and its analysis
    assert runner.invoke(app, ["cache", "info"]).stdout.startswith(f"{tmp_path / 'remisskoll'}: 4 entries, ")
    assert runner.invoke(app, ["cache", "clear"]).stdout == f"{tmp_path / 'remisskoll'}: removed 4 entries\n"
    assert runner.invoke(app, ["cache", "info"]).stdout == f"{tmp_path / 'remisskoll'}: 0 entries, 0.0 MB\n"
    runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "--no-cache", "-f", "json"])
    assert runner.invoke(app, ["cache", "info"]).stdout.startswith(f"{tmp_path / 'remisskoll'}: 0 entries")


def test_identical_bytes_are_read_once_under_both_names(
    tmp_path: Path, cache: Cache, remiss: Remiss, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes((SAMPLES / "vardkraft.pdf").read_bytes())
    started = _no_workers(monkeypatch)
    a, b = compare([tmp_path / "a.pdf", tmp_path / "b.pdf"], remiss, NEVER, cache).responses
    assert started == [1]
    assert (Path(a.file).name, Path(b.file).name) == ("a.pdf", "b.pdf")
    assert a.cells == b.cells and a.status is b.status is Status.OK
    assert cache.info()[0] == 2  # one Document, one Response


def test_a_warm_run_reuses_the_analysis_without_extracting(
    cache: Cache, remiss: Remiss, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = [SAMPLES / "mellanby-kommun.pdf", SAMPLES / "region-vastland.pdf"]
    cold = compare(paths, remiss, NEVER, cache)
    started = _no_workers(monkeypatch)
    warm = compare(paths, remiss, NEVER, cache)
    assert started == [0]
    assert warm == cold
    assert [r.paragraphs for r in warm.responses] == [r.paragraphs for r in cold.responses]
    other = tmp_path / "annan.yaml"
    other.write_text(
        "remiss:\n  id: annan\n  title: Annan\n  ministry: X\nproposals:\n  - id: magnet\n    title: Magnet\n"
        "    summary: Magnet\n    area: a\n    terms: [Magnetmodellen]\n",
        "utf-8",
    )
    from remisskoll import load_proposals

    reread = compare(paths, load_proposals(other), NEVER, cache)
    assert [c.proposal for c in reread.responses[0].cells] == ["magnet"]  # not the cached nine
    assert started == [0, 0]  # analysed again from the cached Documents, here: nothing parsed


def test_workers_analyse_and_the_parent_does_not(
    cache: Cache, remiss: Remiss, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [SAMPLES / "mellanby-kommun.pdf", SAMPLES / "region-vastland.pdf"]
    expected = compare(paths, remiss, NEVER, Cache(cache.directory, enabled=False)).responses

    def not_here(*args: object) -> object:
        raise AssertionError("analysed in the parent")

    # Workers are fresh interpreters: the patch changes only this process.
    monkeypatch.setattr(pipeline, "analyse_document", not_here)
    matrix = compare(paths, remiss, ReadOptions(jobs=2, ocr="never"), cache)
    assert matrix.responses == expected


@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no-cache"])
def test_a_malformed_analysis_from_a_worker_is_an_internal_error_row(
    remiss: Remiss, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cached: bool
) -> None:
    monkeypatch.setattr(pipeline, "analyse_job", jobs.foreign_analysis)
    paths = [SAMPLES / "norrby-kommun.pdf", SAMPLES / "lillasjo-kommun.pdf"]
    cache = Cache(tmp_path / "cache", enabled=cached)
    first, second = compare(paths, remiss, NEVER, cache).responses
    assert (first.status, first.failure) == (Status.ERROR, Failure.INTERNAL)
    assert first.error == "internal error: a worker sent a malformed analysis"
    assert first.cells == ()
    assert second.failure is Failure.INTERNAL  # every file, and none of them cached as an answer
    monkeypatch.undo()
    assert compare(paths, remiss, NEVER, cache).responses[0].status is Status.OK


def test_a_bug_in_the_analysis_is_an_internal_error_and_exit_70(
    runner: CliRunner, in_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "analyse_job", jobs.analysis_with_a_bug)
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "--no-cache", "-f", "json"])
    assert result.exit_code == 70
    (row,) = json.loads(result.stdout)["responses"]
    assert (row["status"], row["error"]) == (
        "error",
        "internal error in remisskoll's analysis (RuntimeError: a bug in the rules)",
    )
    assert result.stderr.splitlines()[-1] == (
        "internal error: remisskoll 0.1.0 failed on a file; please report it"
    )


def test_engines_agree_on_hyphens_at_line_ends(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "avstavning.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    lines = [
        "Kommunen arbetar med kompetens-",  # a split word: joined
        "försörjning av sjuksköterskor i hälso-",  # a suspended compound: the hyphen stays
        "och sjukvården. Det gäller även HSL-",  # before a capital: not a join, the hyphen stays
        "Region Norr och dess vårdcentraler.",
    ]
    for i, line in enumerate(lines):
        c.drawString(70, 740 - 14 * i, line)
    c.showPage()
    c.save()
    plumber, pdfium = extract(path, "pdfplumber"), extract(path, "pdfium")
    assert [line.text for line in pdfium.pages[0].lines] == [
        "Kommunen arbetar med kompetensförsörjning",
        "av sjuksköterskor i hälso-",
        "och sjukvården. Det gäller även HSL-",
        "Region Norr och dess vårdcentraler.",
    ]
    assert [line.text for line in plumber.pages[0].lines] == [line.text for line in pdfium.pages[0].lines]


def test_a_pages_text_in_one_call_equals_asking_each_rectangle() -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(str(SAMPLES / "norrby-kommun.pdf"))
    try:
        textpage = pdf[0].get_textpage()
        left, top, right, bottom = (ctypes.c_double() for _ in range(4))
        rects = []
        for k in range(pdfium_c.FPDFText_CountRects(textpage, 0, -1)):
            pdfium_c.FPDFText_GetRect(textpage, k, left, top, right, bottom)
            middle = (top.value + bottom.value) / 2
            at = pdfium_c.FPDFText_GetCharIndexAtPos(textpage, left.value + 0.5, middle, 2.0, 2.0)
            rects.append((left.value, top.value, right.value, bottom.value, at))
        fast = [t.strip() for t in run_texts(textpage, rects)]
        # A first character not found makes it ask pdfium for each rectangle's text instead.
        slow = [t.strip() for t in run_texts(textpage, [(*r[:4], -1) for r in rects])]
        assert len(fast) == len(rects) > 10
        assert fast == slow
    finally:
        pdf.close()


def test_workers_read_the_largest_files_first_and_answer_in_input_order(
    remiss: Remiss, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = sorted(SAMPLES.glob("*.pdf"))[:4]
    orders: list[list[int]] = []
    real = pipeline.workers.run

    def recording(*args: object, **kw: object) -> None:
        orders.append(list(args[5]) if len(args) > 5 else list(kw["order"]))  # type: ignore[call-overload]
        real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.workers, "run", recording)
    matrix = compare(paths, remiss, ReadOptions(jobs=1, ocr="never"), Cache(tmp_path, enabled=False))
    assert orders == [sorted(range(len(paths)), key=lambda i: -paths[i].stat().st_size)]
    assert [Path(r.file).name for r in matrix.responses] == [p.name for p in paths]


def test_workers_cache_their_documents(remiss: Remiss, tmp_path: Path) -> None:
    paths = [SAMPLES / "norrby-kommun.pdf", SAMPLES / "vardkraft.pdf"]
    cache = Cache(tmp_path / "cache")
    compare(paths, remiss, ReadOptions(jobs=2, ocr="never"), cache)
    assert cache.info()[0] == 4  # per file: the worker's Document and the parent's Response
    for path in paths:
        cached = cache.get_document(document_key(file_digest(path), NEVER), str(path))
        assert cached == extract(path, ocr="never")


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_a_page_that_turns_to_two_columns_half_way_is_read_column_by_column(
    engine: str, tmp_path: Path
) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "halvspalt.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    wide = "Inledningen löper över hela sidans bredd som vanlig text i ett brev till departementet rad"
    for i in range(8):
        c.drawString(70, 780 - 14 * i, f"{wide} {i}")
    for i in range(10):
        c.drawString(70, 640 - 14 * i, f"Vänster spalt rad {i} om läkare")
        c.drawString(320, 640 - 14 * i, f"Höger spalt rad {i} om avtal")
    c.drawString(70, 60, "Sidfot som står långt under spalterna")
    c.showPage()
    c.save()
    lines = [line.text for line in extract(path, engine).pages[0].lines]
    assert lines[:8] == [f"{wide} {i}" for i in range(8)]
    assert lines[8:18] == [f"Vänster spalt rad {i} om läkare" for i in range(10)]
    assert lines[18:28] == [f"Höger spalt rad {i} om avtal" for i in range(10)]
    assert lines[28:] == ["Sidfot som står långt under spalterna"]
